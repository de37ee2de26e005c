#pragma once
// Turns a computed dB matrix into image tiles. A tile is kTileWidth pixel
// columns of one zoom level (seconds per pixel): tile i covers the time span
// [i * kTileWidth * secPerPixel, (i + 1) * kTileWidth * secPerPixel), so the
// tiles of one zoom level form a fixed grid that scrolling never invalidates.
// Columns wider than a frame take the maximum over the frames they cover;
// narrower ones show the nearest frame. Rows map the visible frequency range
// through a FrequencyMapping, taking the maximum over bands thinner than a row.
#include "core/dsp/spectrogram.h"
#include "core/render/colour_map.h"
#include "ui/render/frequency_mapping.h"

#include <QImage>

#include <atomic>
#include <memory>

namespace mirlo {

// A spectrogram ready for display: the matrix plus the level of a full-scale
// sine with the same parameters, so that levels can be shown in dBFS.
struct DisplaySpectrogram {
    SpectrogramData data;
    FrequencyMapping mapping;
    double fullScaleDb = 0.0; // dBFS = data.db value - fullScaleDb

    double durationSec() const { return data.framesPerSecond > 0 ? data.db.rows / data.framesPerSecond : 0.0; }
    // Level in dBFS at (timeSec, band), nearest frame; NaN outside the matrix.
    double levelDbfs(double timeSec, int band) const;
};
using DisplaySpectrogramPtr = std::shared_ptr<const DisplaySpectrogram>;

// Computes the display spectrogram of a mono signal (runs in a job; empty
// data when the signal is shorter than a frame or when `progress` cancels).
DisplaySpectrogramPtr computeDisplaySpectrogram(const float *mono, int64_t samples, int sampleRate,
                                                const SpectrogramParams &params,
                                                const std::function<bool(double)> &progress);

struct TileStyle {
    ColourMap colourMap = ColourMap::Viridis;
    double floorDbfs = -90.0;
    double ceilingDbfs = 0.0;
    double lowHz = 0.0, highHz = 0.0; // visible frequency range
    int height = 0;                   // lane height in pixels
    bool operator==(const TileStyle &o) const
    {
        return colourMap == o.colourMap && floorDbfs == o.floorDbfs && ceilingDbfs == o.ceilingDbfs &&
               lowHz == o.lowHz && highHz == o.highHz && height == o.height;
    }
    bool operator!=(const TileStyle &o) const { return !(*this == o); }
};

constexpr int kTileWidth = 256;

// Renders one tile; returns a null image when `cancel` becomes true meanwhile.
// Columns past the end of the matrix are transparent.
QImage renderSpectrogramTile(const DisplaySpectrogram &spec, const TileStyle &style, double secPerPixel,
                             qint64 tileIndex, const std::atomic<bool> *cancel = nullptr);

} // namespace mirlo
