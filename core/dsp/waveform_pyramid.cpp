#include "core/dsp/waveform_pyramid.h"

#include <algorithm>
#include <cmath>

namespace mirlo {

namespace {

inline void merge(MinMax &acc, const MinMax &v)
{
    acc.min = std::min(acc.min, v.min);
    acc.max = std::max(acc.max, v.max);
}

} // namespace

WaveformPyramid::WaveformPyramid(const float *mono, int64_t samples)
{
    if (!mono || samples <= 0)
        return;
    // One pass over the input: copy each base block and take its min/max while
    // it is in cache.
    m_samples.reserve(size_t(samples));
    std::vector<MinMax> level0(size_t((samples + kBaseBlock - 1) / kBaseBlock));
    for (size_t b = 0; b < level0.size(); ++b) {
        const int64_t begin = int64_t(b) * kBaseBlock;
        const int64_t end = std::min(samples, begin + kBaseBlock);
        m_samples.insert(m_samples.end(), mono + begin, mono + end);
        float lo = mono[begin], hi = mono[begin];
        for (int64_t i = begin + 1; i < end; ++i) {
            lo = std::min(lo, mono[i]);
            hi = std::max(hi, mono[i]);
        }
        level0[b] = {lo, hi};
    }
    m_levels.push_back(std::move(level0));
    while (m_levels.back().size() > 1) {
        const std::vector<MinMax> &below = m_levels.back();
        std::vector<MinMax> above((below.size() + kFactor - 1) / kFactor);
        for (size_t j = 0; j < above.size(); ++j) {
            MinMax acc = below[j * kFactor];
            const size_t end = std::min(below.size(), (j + 1) * kFactor);
            for (size_t i = j * kFactor + 1; i < end; ++i)
                merge(acc, below[i]);
            above[j] = acc;
        }
        m_levels.push_back(std::move(above));
    }
}

MinMax WaveformPyramid::rangeMinMax(int64_t begin, int64_t end) const
{
    // Caller guarantees 0 <= begin < end <= sampleCount().
    MinMax acc{m_samples[size_t(begin)], m_samples[size_t(begin)]};
    auto scanRaw = [&](int64_t a, int64_t b) {
        for (int64_t i = a; i < b; ++i) {
            acc.min = std::min(acc.min, m_samples[size_t(i)]);
            acc.max = std::max(acc.max, m_samples[size_t(i)]);
        }
    };
    // Whole base blocks inside [begin, end); the ragged ends come from raw samples.
    int64_t lo = (begin + kBaseBlock - 1) / kBaseBlock;
    int64_t hi = end / kBaseBlock;
    if (lo >= hi) {
        scanRaw(begin, end);
        return acc;
    }
    scanRaw(begin, lo * kBaseBlock);
    scanRaw(hi * kBaseBlock, end);
    // Climb while whole parent entries fit, taking the ragged entries at each level.
    for (size_t level = 0; level < m_levels.size(); ++level) {
        const std::vector<MinMax> &entries = m_levels[level];
        const int64_t parentLo = (lo + kFactor - 1) / kFactor;
        const int64_t parentHi = hi / kFactor;
        if (level + 1 == m_levels.size() || parentLo >= parentHi) {
            for (int64_t i = lo; i < hi; ++i)
                merge(acc, entries[size_t(i)]);
            break;
        }
        for (int64_t i = lo; i < parentLo * kFactor; ++i)
            merge(acc, entries[size_t(i)]);
        for (int64_t i = parentHi * kFactor; i < hi; ++i)
            merge(acc, entries[size_t(i)]);
        lo = parentLo;
        hi = parentHi;
    }
    return acc;
}

std::vector<MinMax> WaveformPyramid::query(double startSample, double samplesPerPixel, int pixels) const
{
    std::vector<MinMax> out(size_t(std::max(0, pixels)));
    const int64_t n = sampleCount();
    if (n == 0 || !(samplesPerPixel > 0.0) || !std::isfinite(startSample))
        return out;
    for (int i = 0; i < pixels; ++i) {
        const double x0 = startSample + i * samplesPerPixel;
        const double x1 = startSample + (i + 1) * samplesPerPixel;
        if (x1 <= 0.0 || x0 >= double(n))
            continue;
        const int64_t begin = std::max<int64_t>(0, int64_t(std::floor(x0)));
        const int64_t end = std::min<int64_t>(n, int64_t(std::ceil(x1)));
        if (begin < end)
            out[size_t(i)] = rangeMinMax(begin, end);
    }
    return out;
}

} // namespace mirlo
