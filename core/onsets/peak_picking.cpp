#include "core/onsets/peak_picking.h"

#include <algorithm>
#include <cmath>

namespace mirlo {

namespace {

// numpy.round: halves to even (nearbyint in the default rounding mode).
int secondsToFrames(double seconds, double fps)
{
    if (!(seconds > 0.0))
        return 0;
    return int(std::nearbyint(seconds * fps));
}

} // namespace

std::vector<float> smoothActivation(const std::vector<float> &odf, int length)
{
    if (length <= 1 || odf.empty())
        return odf;
    std::vector<double> kernel(static_cast<size_t>(length));
    for (int n = 0; n < length; ++n)
        kernel[size_t(n)] = 0.54 - 0.46 * std::cos(2.0 * M_PI * n / (length - 1));
    // numpy.convolve(a, v, 'same'): out[j] = sum_m a[j + (K-1)/2 - m] * v[m].
    const int n = int(odf.size());
    const int offset = (length - 1) / 2;
    std::vector<float> out(odf.size());
    for (int j = 0; j < n; ++j) {
        double s = 0.0;
        for (int m = 0; m < length; ++m) {
            const int i = j + offset - m;
            if (i >= 0 && i < n)
                s += double(odf[size_t(i)]) * kernel[size_t(m)];
        }
        out[size_t(j)] = float(s);
    }
    return out;
}

std::vector<int> pickPeakFrames(const std::vector<float> &odf, float threshold, int smooth, int preAvg, int postAvg,
                                int preMax, int postMax)
{
    const std::vector<float> a = smoothActivation(odf, smooth);
    const int n = int(a.size());
    preAvg = std::max(0, preAvg);
    postAvg = std::max(0, postAvg);
    preMax = std::max(0, preMax);
    postMax = std::max(0, postMax);

    // Moving average (scipy uniform_filter, mode 'constant'): a running sum
    // over [t - preAvg, t + postAvg] divided by the full window length.
    std::vector<float> detections(size_t(n), 0.f);
    const int avgLength = preAvg + postAvg + 1;
    if (avgLength > 1) {
        std::vector<double> prefix(size_t(n) + 1, 0.0);
        for (int t = 0; t < n; ++t)
            prefix[size_t(t) + 1] = prefix[size_t(t)] + a[size_t(t)];
        for (int t = 0; t < n; ++t) {
            const int lo = std::max(0, t - preAvg), hi = std::min(n - 1, t + postAvg);
            const float avg = float((prefix[size_t(hi) + 1] - prefix[size_t(lo)]) / avgLength);
            if (a[size_t(t)] >= avg + threshold)
                detections[size_t(t)] = a[size_t(t)];
        }
    } else {
        for (int t = 0; t < n; ++t)
            if (a[size_t(t)] >= threshold)
                detections[size_t(t)] = a[size_t(t)];
    }

    // Local maximum over [t - preMax, t + postMax] with zeros outside.
    std::vector<int> peaks;
    for (int t = 0; t < n; ++t) {
        const float v = detections[size_t(t)];
        if (v == 0.f)
            continue;
        float m = v;
        if (preMax + postMax > 0) {
            const int lo = t - preMax, hi = t + postMax;
            if (lo < 0 || hi >= n)
                m = std::max(m, 0.f); // the zero padding takes part in the maximum
            for (int u = std::max(0, lo); u <= std::min(n - 1, hi); ++u)
                m = std::max(m, detections[size_t(u)]);
        }
        if (v == m)
            peaks.push_back(t);
    }
    return peaks;
}

std::vector<double> combineOnsets(const std::vector<double> &times, double combine)
{
    if (times.size() <= 1 || !(combine > 0.0))
        return times;
    // madmom adds 1e-12 "otherwise we end up in floating point hell".
    const double delta = combine + 1e-12;
    std::vector<double> kept;
    kept.push_back(times.front());
    for (size_t i = 1; i < times.size(); ++i)
        if (times[i] - kept.back() > delta)
            kept.push_back(times[i]);
    return kept;
}

std::vector<double> pickOnsets(const std::vector<float> &odf, double fps, const PeakPickingParams &params)
{
    if (odf.empty() || !(fps > 0.0))
        return {};
    const std::vector<int> frames =
        pickPeakFrames(odf, float(params.threshold), secondsToFrames(params.smooth, fps),
                       secondsToFrames(params.preAvg, fps), secondsToFrames(params.postAvg, fps),
                       secondsToFrames(params.preMax, fps), secondsToFrames(params.postMax, fps));
    std::vector<double> times;
    times.reserve(frames.size());
    for (int f : frames)
        times.push_back(double(f) / fps + params.delay);
    return combineOnsets(times, params.combine);
}

} // namespace mirlo
