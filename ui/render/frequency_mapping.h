#pragma once
// The vertical axis of a spectrogram: converts frequency (Hz) to an axis
// position and back. For STFT data the position is Hz itself (a linear
// axis); for mel and log-frequency bands it is the fractional band index, so
// every band gets the same height and the Hz labels come out log-spaced.
// Band i sits at position bandPos(i); frequencies between band centres are
// interpolated linearly.
#include "core/dsp/spectrogram.h"

#include <utility>
#include <vector>

namespace mirlo {

class FrequencyMapping {
public:
    FrequencyMapping() = default;
    explicit FrequencyMapping(const SpectrogramData &data);

    bool isValid() const { return !m_bandPos.empty(); }
    bool isLinearHz() const { return m_linear; }
    int bandCount() const { return int(m_bandPos.size()); }
    double bandPos(int band) const { return m_bandPos[size_t(band)]; }
    double bandHz(int band) const { return m_bandHz[size_t(band)]; }

    double minHz() const { return m_hz.empty() ? 0.0 : m_hz.front(); }
    double maxHz() const { return m_hz.empty() ? 0.0 : m_hz.back(); }
    double hzToPos(double hz) const;
    double posToHz(double pos) const;

    // Band whose position is closest to `pos`; -1 when there are no bands.
    int nearestBand(double pos) const;
    // Bands with positions in [posLo, posHi] as [first, last); when none lies
    // inside (the interval is thinner than a band), the nearest single band.
    std::pair<int, int> bandsIn(double posLo, double posHi) const;

private:
    bool m_linear = true;
    std::vector<double> m_bandPos, m_bandHz;
    std::vector<double> m_hz, m_pos; // piecewise-linear Hz <-> position, strictly increasing
};

} // namespace mirlo
