#include "core/beats/tempo.h"

#include <algorithm>
#include <cmath>

namespace mirlo {

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

} // namespace

double tempoFromBeats(const std::vector<double> &beatTimes)
{
    if (beatTimes.size() < 2)
        return 0.0;
    std::vector<double> ibi;
    for (size_t i = 1; i < beatTimes.size(); ++i)
        ibi.push_back(beatTimes[i] - beatTimes[i - 1]);
    const double m = median(ibi);
    return m > 0.0 ? 60.0 / m : 0.0;
}

std::vector<TempoPoint> tempoCurve(const std::vector<double> &beatTimes, int window)
{
    std::vector<TempoPoint> out;
    if (beatTimes.size() < 2)
        return out;
    window = std::max(1, window | 1);
    const int half = window / 2;
    const int n = int(beatTimes.size()) - 1; // number of intervals
    for (int i = 0; i < n; ++i) {
        std::vector<double> ibi;
        for (int k = std::max(0, i - half); k <= std::min(n - 1, i + half); ++k)
            ibi.push_back(beatTimes[size_t(k) + 1] - beatTimes[size_t(k)]);
        const double m = median(ibi);
        out.push_back({0.5 * (beatTimes[size_t(i)] + beatTimes[size_t(i) + 1]), m > 0.0 ? 60.0 / m : 0.0});
    }
    return out;
}

std::vector<double> smoothHamming(const std::vector<double> &x, int length)
{
    if (length <= 1 || x.empty())
        return x;
    std::vector<double> w(static_cast<size_t>(length));
    for (int i = 0; i < length; ++i)
        w[size_t(i)] = 0.54 - 0.46 * std::cos(2.0 * M_PI * i / double(length - 1));
    const int n = int(x.size());
    const int offset = (length - 1) / 2; // where numpy's 'same' slice starts in the full convolution
    std::vector<double> y(size_t(n), 0.0);
    for (int k = 0; k < n; ++k) {
        const int full = k + offset;
        double acc = 0.0;
        for (int j = std::max(0, full - length + 1); j <= std::min(n - 1, full); ++j)
            acc += x[size_t(j)] * w[size_t(full - j)];
        y[size_t(k)] = acc;
    }
    return y;
}

TempoHistogram combFilterTempoHistogram(const std::vector<float> &activation, const TempoEstimationParams &p)
{
    TempoHistogram h;
    if (!(p.fps > 0.0) || !(p.minBpm > 0.0) || !(p.maxBpm >= p.minBpm))
        return h;
    const int minTau = std::max(1, int(std::floor(60.0 * p.fps / p.maxBpm)));
    const int maxTau = std::max(minTau, int(std::ceil(60.0 * p.fps / p.minBpm)));
    std::vector<double> x(activation.begin(), activation.end());
    for (double &v : x)
        if (!std::isfinite(v))
            v = 0.0;
    x = smoothHamming(x, int(std::lround(p.fps * p.actSmooth)));

    const int numTaus = maxTau - minTau + 1;
    for (int tau = minTau; tau <= maxTau; ++tau)
        h.delays.push_back(tau);
    h.bins.assign(size_t(numTaus), 0.0);
    // One ring buffer of length tau per filter holds its last tau outputs.
    std::vector<std::vector<double>> ring(static_cast<size_t>(numTaus));
    for (int k = 0; k < numTaus; ++k)
        ring[size_t(k)].assign(size_t(minTau + k), 0.0);
    std::vector<double> y(static_cast<size_t>(numTaus));
    for (size_t n = 0; n < x.size(); ++n) {
        double best = -HUGE_VAL;
        for (int k = 0; k < numTaus; ++k) {
            const int tau = minTau + k;
            double &slot = ring[size_t(k)][n % size_t(tau)]; // holds y[n - tau] (0 before the start)
            const double v = x[n] + p.alpha * slot;
            slot = v;
            y[size_t(k)] = v;
            best = std::max(best, v);
        }
        // Every filter reaching the frame's maximum votes with its output.
        for (int k = 0; k < numTaus; ++k)
            if (y[size_t(k)] == best)
                h.bins[size_t(k)] += y[size_t(k)];
    }
    h.bins = smoothHamming(h.bins, p.histSmooth);
    return h;
}

TempoEstimate tempoFromHistogram(const TempoHistogram &h, double fps)
{
    TempoEstimate e;
    const int n = int(h.bins.size());
    if (n == 0)
        return e;
    // Strict local maxima, wrapping at the ends (scipy argrelmax mode='wrap').
    std::vector<int> peaks;
    for (int i = 0; i < n; ++i) {
        const double v = h.bins[size_t(i)];
        if (v > h.bins[size_t((i + n - 1) % n)] && v > h.bins[size_t((i + 1) % n)])
            peaks.push_back(i);
    }
    if (peaks.empty()) {
        // A flat histogram has no peak: madmom falls back to the middle bin.
        bool allZero = std::all_of(h.bins.begin(), h.bins.end(), [](double v) { return v == 0.0; });
        if (allZero)
            return e;
        peaks.push_back(n / 2);
    }
    std::stable_sort(peaks.begin(), peaks.end(), [&](int a, int b) { return h.bins[size_t(a)] > h.bins[size_t(b)]; });
    double sum = 0.0;
    for (int i : peaks)
        sum += h.bins[size_t(i)];
    for (int i : peaks)
        e.candidates.push_back({60.0 * fps / double(h.delays[size_t(i)]),
                                peaks.size() == 1 || sum <= 0.0 ? 1.0 : h.bins[size_t(i)] / sum});
    e.tempo1 = e.candidates[0].bpm;
    if (e.candidates.size() == 1) {
        e.strength = 1.0;
    } else {
        e.tempo2 = e.candidates[1].bpm;
        e.strength = e.candidates[0].strength / (e.candidates[0].strength + e.candidates[1].strength);
    }
    return e;
}

TempoEstimate estimateTempo(const std::vector<float> &activation, const TempoEstimationParams &params)
{
    return tempoFromHistogram(combFilterTempoHistogram(activation, params), params.fps);
}

} // namespace mirlo
