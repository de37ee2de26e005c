#include "spectrogram_image.h"

#include <algorithm>
#include <cmath>

namespace mirlo::cli {

QImage spectrogramImage(const SpectrogramData &data, ColourMap map)
{
    const Matrix &db = data.db;
    if (db.isEmpty())
        return {};
    QImage image(db.rows, db.cols, QImage::Format_RGB32);
    if (image.isNull())
        return {}; // too large to allocate
    const ColourLut &lut = colourLut(map);
    const float hi = data.maxDb;
    float lo = data.params.topDb > 0.0 ? hi - float(data.params.topDb) : data.minDb;
    lo = std::max(lo, data.minDb);
    // A constant matrix (digital silence) maps to the bottom of the colour map.
    const float scale = hi > lo ? 255.f / (hi - lo) : 0.f;
    for (int y = 0; y < db.cols; ++y) {
        const int band = db.cols - 1 - y;
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int t = 0; t < db.rows; ++t) {
            const float v = (db.at(t, band) - lo) * scale;
            const int index = std::isfinite(v) ? std::clamp(int(std::lround(v)), 0, 255) : 0;
            line[t] = lut[size_t(index)];
        }
    }
    return image;
}

} // namespace mirlo::cli
