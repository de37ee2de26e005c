#include "ui/render/spectrogram_tile_renderer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace mirlo {

double DisplaySpectrogram::levelDbfs(double timeSec, int band) const
{
    const Matrix &m = data.db;
    if (m.isEmpty() || band < 0 || band >= m.cols || data.framesPerSecond <= 0)
        return std::numeric_limits<double>::quiet_NaN();
    const long frame = std::lround(timeSec * data.framesPerSecond);
    if (frame < 0 || frame >= m.rows)
        return std::numeric_limits<double>::quiet_NaN();
    return double(m.at(int(frame), band)) - fullScaleDb;
}

DisplaySpectrogramPtr computeDisplaySpectrogram(const float *mono, int64_t samples, int sampleRate,
                                                const SpectrogramParams &params,
                                                const std::function<bool(double)> &progress)
{
    auto out = std::make_shared<DisplaySpectrogram>();
    out->data = computeSpectrogram(mono, samples, sampleRate, params, progress);
    out->mapping = FrequencyMapping(out->data);
    if (out->data.db.isEmpty() || sampleRate <= 0)
        return out;

    // Calibrate against a full-scale sine through the very same pipeline
    // (window gain, filterbank normalisation, dB reference), so levels read in
    // dBFS for every kind. The sine sits on an FFT bin near 1 kHz to avoid
    // scalloping loss; for mel / log bands it lands near a band centre.
    const int fft = std::max(1, params.frameSize);
    const double binHz = double(sampleRate) / fft;
    const double hz = std::max(1.0, std::round(std::min(1000.0, sampleRate / 4.0) / binHz)) * binHz;
    std::vector<float> sine(size_t(fft) * 4);
    for (size_t i = 0; i < sine.size(); ++i)
        sine[i] = float(std::sin(2.0 * M_PI * hz * double(i) / sampleRate));
    SpectrogramParams calib = params;
    calib.topDb = 0.0;
    const SpectrogramData ref = computeSpectrogram(sine.data(), int64_t(sine.size()), sampleRate, calib);
    if (!ref.db.isEmpty())
        out->fullScaleDb = *std::max_element(ref.db.values.begin(), ref.db.values.end());
    return out;
}

namespace {

constexpr float kNoValue = -std::numeric_limits<float>::infinity();

// The [first, last) band range of every pixel row, top row = highest frequency.
std::vector<std::pair<int, int>> rowBands(const FrequencyMapping &map, const TileStyle &style)
{
    std::vector<std::pair<int, int>> rows(size_t(std::max(0, style.height)));
    const double hi = map.hzToPos(style.highHz), lo = map.hzToPos(style.lowHz);
    const double perRow = (hi - lo) / std::max(1, style.height);
    for (int y = 0; y < style.height; ++y)
        rows[size_t(y)] = map.bandsIn(hi - (y + 1) * perRow, hi - y * perRow);
    return rows;
}

} // namespace

QImage renderSpectrogramTile(const DisplaySpectrogram &spec, const TileStyle &style, double secPerPixel,
                             qint64 tileIndex, const std::atomic<bool> *cancel)
{
    const Matrix &m = spec.data.db;
    if (m.isEmpty() || style.height <= 0 || secPerPixel <= 0 || spec.data.framesPerSecond <= 0 ||
        !spec.mapping.isValid())
        return {};
    QImage image(kTileWidth, style.height, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);

    const ColourLut &lut = colourLut(style.colourMap);
    const auto rows = rowBands(spec.mapping, style);
    const double fps = spec.data.framesPerSecond;
    // dB -> LUT index in one multiply-add; the offset moves the matrix values to dBFS.
    const double range = std::max(1e-6, style.ceilingDbfs - style.floorDbfs);
    const float scale = float(255.0 / range);
    const float offset = float(-(style.floorDbfs + spec.fullScaleDb) * 255.0 / range);

    std::vector<float> column(size_t(m.cols));
    const int stride = int(image.bytesPerLine() / 4);
    auto *pixels = reinterpret_cast<uint32_t *>(image.bits());
    for (int x = 0; x < kTileWidth; ++x) {
        if (cancel && cancel->load(std::memory_order_relaxed))
            return {};
        const double t0 = double(tileIndex * kTileWidth + x) * secPerPixel;
        const double t1 = t0 + secPerPixel;
        // Frame f is centred on f / fps and owns [f - 0.5, f + 0.5) / fps.
        long fa = std::lround(t0 * fps), fb = std::lround(t1 * fps);
        if (fb <= fa) {
            fa = std::lround(0.5 * (t0 + t1) * fps);
            fb = fa + 1;
        }
        fa = std::max(0L, fa);
        fb = std::min(long(m.rows), fb);
        if (fa >= fb)
            continue; // before the first or after the last frame
        std::fill(column.begin(), column.end(), kNoValue);
        for (long f = fa; f < fb; ++f) {
            const float *row = m.row(int(f));
            for (int b = 0; b < m.cols; ++b)
                if (row[b] > column[size_t(b)]) // NaN never wins, so it reads as the floor
                    column[size_t(b)] = row[b];
        }
        for (int y = 0; y < style.height; ++y) {
            float v = kNoValue;
            for (int b = rows[size_t(y)].first; b < rows[size_t(y)].second; ++b)
                v = std::max(v, column[size_t(b)]);
            const float idx = v * scale + offset; // -inf -> index 0
            const int i = idx > 255.f ? 255 : (idx > 0.f ? int(idx) : 0);
            pixels[size_t(y) * size_t(stride) + size_t(x)] = lut[size_t(i)];
        }
    }
    return image;
}

} // namespace mirlo
