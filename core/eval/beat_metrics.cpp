#include "core/eval/beat_metrics.h"

#include "core/eval/event_matching.h"

#include <algorithm>
#include <cmath>

namespace mirlo::eval {

namespace {

// Python slice bounds (negative index counts from the end, clamped).
void pythonSliceBounds(long size, long &start, long &stop)
{
    if (start < 0)
        start += size;
    if (stop < 0)
        stop += size;
    start = std::clamp(start, 0L, size);
    stop = std::clamp(stop, start, size);
}

} // namespace

std::vector<double> trimBeats(const std::vector<double> &beats, double minBeatTime)
{
    std::vector<double> out;
    for (double b : beats)
        if (b >= minBeatTime)
            out.push_back(b);
    return out;
}

std::vector<std::vector<double>> referenceBeatVariations(const std::vector<double> &ref)
{
    const size_t n = ref.size();
    // Double tempo: np.interp at half indices, i.e. slope * 0.5 + left value.
    std::vector<double> doubled;
    for (size_t k = 0; n > 0 && k + 1 < 2 * n; ++k) {
        const size_t j = k / 2;
        doubled.push_back(k % 2 == 0 ? ref[j] : (ref[j + 1] - ref[j]) * 0.5 + ref[j]);
    }
    std::vector<double> offbeat, halfOdd, halfEven;
    for (size_t k = 1; k < doubled.size(); k += 2)
        offbeat.push_back(doubled[k]);
    for (size_t k = 0; k < n; ++k)
        (k % 2 == 0 ? halfOdd : halfEven).push_back(ref[k]);
    return {ref, offbeat, doubled, halfOdd, halfEven};
}

double beatFMeasure(const std::vector<double> &reference, const std::vector<double> &estimated, double window)
{
    if (reference.empty() || estimated.empty())
        return 0.0;
    const double hits = double(matchEvents(reference, estimated, window).size());
    return fMeasure(hits / double(estimated.size()), hits / double(reference.size()));
}

CemgilScores cemgil(const std::vector<double> &reference, const std::vector<double> &estimated, double sigma)
{
    CemgilScores s;
    if (reference.empty() || estimated.empty())
        return s;
    const double denominator = 2.0 * (sigma * sigma);
    bool first = true;
    for (const std::vector<double> &variation : referenceBeatVariations(reference)) {
        double accuracy = 0.0;
        for (double beat : variation) {
            double diff = std::abs(beat - estimated[0]);
            for (double e : estimated)
                diff = std::min(diff, std::abs(beat - e));
            accuracy += std::exp(-(diff * diff) / denominator);
        }
        accuracy /= 0.5 * double(estimated.size() + variation.size());
        if (first)
            s.cemgil = s.bestMetricLevel = accuracy;
        else
            s.bestMetricLevel = std::max(s.bestMetricLevel, accuracy);
        first = false;
    }
    return s;
}

double gotoScore(const std::vector<double> &ref, const std::vector<double> &est, double threshold, double mu,
                 double sigma)
{
    if (ref.empty() || est.empty())
        return 0.0;
    const long n = long(ref.size());
    std::vector<double> beatError(size_t(n), 1.0);
    for (long i = 1; i + 1 < n; ++i) {
        const double previousInterval = 0.5 * (ref[i] - ref[i - 1]);
        const double windowMin = ref[i] - previousInterval;
        const double nextInterval = 0.5 * (ref[i + 1] - ref[i]);
        const double windowMax = ref[i] + nextInterval;
        int count = 0;
        double inWindow = 0.0;
        for (double e : est)
            if (e >= windowMin && e < windowMax) {
                ++count;
                inWindow = e;
            }
        if (count == 1) {
            const double offset = inWindow - ref[i];
            beatError[i] = offset < 0 ? offset / previousInterval : offset / nextInterval;
        }
    }
    std::vector<long> incorrect;
    for (long i = 0; i < n; ++i)
        if (std::abs(beatError[i]) > threshold)
            incorrect.push_back(i);

    // mir_eval's slices, quirks included: with fewer than 3 incorrect beats the
    // track is beat_error[first+1 : last-1]; otherwise the longest run between
    // incorrect beats, both ends included.
    bool candidate = false;
    long start = 0, stop = 0;
    if (incorrect.size() < 3) {
        start = incorrect.front() + 1;
        stop = incorrect.back() - 1;
        candidate = true;
    } else {
        long trackLen = 0, trackStart = 0;
        for (size_t k = 0; k + 1 < incorrect.size(); ++k) {
            const long d = incorrect[k + 1] - incorrect[k];
            if (d > trackLen) {
                trackLen = d;
                trackStart = long(k);
            }
        }
        if (double(trackLen - 1) > 0.25 * double(n - 2)) {
            candidate = true;
            start = incorrect[size_t(trackStart)];
            stop = incorrect[size_t(trackStart) + 1] + 1;
        }
    }
    if (!candidate)
        return 0.0;
    pythonSliceBounds(n, start, stop);
    const long count = stop - start;
    // Mean of an empty track or std (ddof=1) of one value is NaN in numpy: no pass.
    if (count < 2)
        return 0.0;
    std::vector<double> track(beatError.begin() + start, beatError.begin() + stop);
    std::vector<double> absolute(track.size());
    std::transform(track.begin(), track.end(), absolute.begin(), [](double v) { return std::abs(v); });
    const double meanAbs = numpySum(absolute.data(), count) / double(count);
    const double mean = numpySum(track.data(), count) / double(count);
    std::vector<double> squares(track.size());
    std::transform(track.begin(), track.end(), squares.begin(), [mean](double v) { return (v - mean) * (v - mean); });
    const double stdDev = std::sqrt(numpySum(squares.data(), count) / double(count - 1));
    return (meanAbs < mu && stdDev < sigma) ? 1.0 : 0.0;
}

double pScore(const std::vector<double> &ref, const std::vector<double> &est, double threshold)
{
    if (ref.size() <= 1 || est.size() <= 1)
        return 0.0;
    constexpr int kRate = 100; // impulse trains at 10 ms
    const double offset =
        std::min(*std::min_element(est.begin(), est.end()), *std::min_element(ref.begin(), ref.end()));
    double maxTime = 0.0;
    for (double t : ref)
        maxTime = std::max(maxTime, t - offset);
    for (double t : est)
        maxTime = std::max(maxTime, t - offset);
    const long endPoint = long(std::ceil(maxTime));
    const long trainLength = endPoint * kRate + 1;
    auto impulses = [&](const std::vector<double> &beats) {
        std::vector<long> idx;
        for (double t : beats)
            idx.push_back(std::min(long(std::ceil((t - offset) * kRate)), trainLength - 1));
        std::sort(idx.begin(), idx.end());
        idx.erase(std::unique(idx.begin(), idx.end()), idx.end());
        return idx;
    };
    const std::vector<long> refIdx = impulses(ref);
    const std::vector<long> estIdx = impulses(est);
    if (refIdx.size() < 2)
        return 0.0; // all reference beats in one 10 ms cell: no interval (numpy: NaN median)
    std::vector<long> intervals;
    for (size_t k = 0; k + 1 < refIdx.size(); ++k)
        intervals.push_back(refIdx[k + 1] - refIdx[k]);
    std::sort(intervals.begin(), intervals.end());
    const size_t m = intervals.size();
    const double median =
        m % 2 ? double(intervals[m / 2]) : (double(intervals[m / 2 - 1]) + double(intervals[m / 2])) / 2.0;
    const long window = long(std::nearbyint(threshold * median)); // np.round: half to even
    // Sum of the cross-correlation over lags -window..window = number of
    // (reference, estimate) impulse pairs at most `window` cells apart.
    long pairs = 0;
    for (long e : estIdx) {
        const auto lo = std::lower_bound(refIdx.begin(), refIdx.end(), e - window);
        const auto hi = std::upper_bound(refIdx.begin(), refIdx.end(), e + window);
        pairs += long(hi - lo);
    }
    return double(pairs) / double(std::max(est.size(), ref.size()));
}

BeatScores evaluateBeats(const std::vector<double> &reference, const std::vector<double> &estimated,
                         const BeatEvalOptions &o)
{
    const std::vector<double> ref = trimBeats(reference, o.minBeatTime);
    const std::vector<double> est = trimBeats(estimated, o.minBeatTime);
    BeatScores s;
    s.fMeasure = beatFMeasure(ref, est, o.fMeasureWindow);
    const CemgilScores c = cemgil(ref, est, o.cemgilSigma);
    s.cemgil = c.cemgil;
    s.cemgilBestMetricLevel = c.bestMetricLevel;
    s.gotoScore = gotoScore(ref, est, o.gotoThreshold, o.gotoMu, o.gotoSigma);
    s.pScore = pScore(ref, est, o.pScoreThreshold);
    const ContinuityScores cont = continuity(ref, est, o.continuityPhaseThreshold, o.continuityPeriodThreshold);
    s.cmlc = cont.cmlc;
    s.cmlt = cont.cmlt;
    s.amlc = cont.amlc;
    s.amlt = cont.amlt;
    s.informationGain = informationGain(ref, est, o.informationGainBins);
    return s;
}

std::vector<std::pair<std::string, double>> namedScores(const BeatScores &s)
{
    return {{"F-measure", s.fMeasure},
            {"Cemgil", s.cemgil},
            {"Cemgil Best Metric Level", s.cemgilBestMetricLevel},
            {"Goto", s.gotoScore},
            {"P-score", s.pScore},
            {"Correct Metric Level Continuous", s.cmlc},
            {"Correct Metric Level Total", s.cmlt},
            {"Any Metric Level Continuous", s.amlc},
            {"Any Metric Level Total", s.amlt},
            {"Information gain", s.informationGain}};
}

} // namespace mirlo::eval
