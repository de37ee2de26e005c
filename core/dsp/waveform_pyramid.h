#pragma once
// Min/max summaries of a signal at successively coarser resolutions, so a
// waveform of any length draws in time proportional to the pixels shown.
// Level 0 holds one (min, max) per kBaseBlock samples; each further level
// merges kFactor entries of the one below.
#include <cstdint>
#include <vector>

namespace mirlo {

struct MinMax {
    float min = 0.f;
    float max = 0.f;
};

class WaveformPyramid {
public:
    static constexpr int kBaseBlock = 64;
    static constexpr int kFactor = 4;

    WaveformPyramid() = default;
    WaveformPyramid(const float *mono, int64_t samples);

    int64_t sampleCount() const { return m_samples.size(); }
    // (min, max) of the samples in [startSample + i*samplesPerPixel, + samplesPerPixel)
    // for i in [0, pixels); pixels outside the signal get {0, 0}. Reads raw samples
    // when samplesPerPixel is small and the coarsest adequate level otherwise.
    // Sample k is taken to span [k, k + 1): pixel i covers the samples
    // floor(x0) .. ceil(x1) - 1 with x0 = startSample + i * samplesPerPixel and
    // x1 = startSample + (i + 1) * samplesPerPixel, clipped to the signal. So with
    // whole-number boundaries it is exactly [x0, x1), and when zoomed in beyond one
    // sample per pixel every pixel still shows the sample under it.
    std::vector<MinMax> query(double startSample, double samplesPerPixel, int pixels) const;

private:
    std::vector<float> m_samples;
    std::vector<std::vector<MinMax>> m_levels;
    MinMax rangeMinMax(int64_t begin, int64_t end) const;
};

} // namespace mirlo
