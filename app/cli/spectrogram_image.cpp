#include "spectrogram_image.h"

#include "core/io/png_writer.h"

#include <algorithm>
#include <cmath>

namespace mirlo::cli {

SpectrogramImage::SpectrogramImage(const SpectrogramData &data, ColourMap map)
    : m_db(data.db), m_lut(colourLut(map))
{
    const float hi = data.maxDb;
    float lo = data.params.topDb > 0.0 ? hi - float(data.params.topDb) : data.minDb;
    m_lo = std::max(lo, data.minDb);
    // A constant matrix (digital silence) maps to the bottom of the colour map.
    m_scale = hi > m_lo ? 255.f / (hi - m_lo) : 0.f;
}

uint32_t SpectrogramImage::pixel(int x, int y) const
{
    const float v = (m_db.at(x, m_db.cols - 1 - y) - m_lo) * m_scale;
    const int index = std::isfinite(v) ? std::clamp(int(std::lround(v)), 0, 255) : 0;
    return m_lut[size_t(index)];
}

void SpectrogramImage::rgbRow(int y, uint8_t *rgb) const
{
    for (int t = 0; t < m_db.rows; ++t, rgb += 3) {
        const uint32_t argb = pixel(t, y);
        rgb[0] = uint8_t(argb >> 16);
        rgb[1] = uint8_t(argb >> 8);
        rgb[2] = uint8_t(argb);
    }
}

bool writeSpectrogramPng(const QString &path, const SpectrogramData &data, ColourMap map, QString *error)
{
    if (data.db.isEmpty()) {
        if (error)
            *error = QStringLiteral("%1: cannot write an empty spectrogram image").arg(path);
        return false;
    }
    const SpectrogramImage image(data, map);
    return writePngRgb(path, image.width(), image.height(),
                       [&image](int y, uint8_t *rgb) { image.rgbRow(y, rgb); }, error);
}

} // namespace mirlo::cli
