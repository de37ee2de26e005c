#include "core/beats/beat_state_space.h"

#include <algorithm>
#include <cmath>

namespace mirlo {

namespace {

// numpy's round: half to even (nearbyint under the default rounding mode).
double roundHalfEven(double v)
{
    return std::nearbyint(v);
}

// numpy.logspace(log2(a), log2(b), n, base=2): exponents from linspace (the last one
// is exactly the stop value), then 2^x.
std::vector<double> logspace2(double a, double b, int n)
{
    std::vector<double> out(size_t(std::max(n, 0)));
    const double start = std::log2(a);
    const double stop = std::log2(b);
    if (n == 1) {
        out[0] = std::pow(2.0, start);
        return out;
    }
    const double step = (stop - start) / double(n - 1);
    for (int i = 0; i < n; ++i) {
        const double x = (i == n - 1) ? stop : double(i) * step + start;
        out[size_t(i)] = std::pow(2.0, x);
    }
    return out;
}

} // namespace

std::vector<int> beatIntervals(double minInterval, double maxInterval, int numIntervals)
{
    std::vector<int> linear;
    const int lo = int(roundHalfEven(minInterval));
    const int hi = int(roundHalfEven(maxInterval));
    for (int i = lo; i <= hi; ++i)
        linear.push_back(i);
    if (numIntervals <= 0 || numIntervals >= int(linear.size()))
        return linear;
    // Rounding merges neighbouring log-spaced values, so ask for more until enough
    // distinct integers remain (may end with slightly more than requested).
    std::vector<int> intervals;
    for (int n = numIntervals; int(intervals.size()) < numIntervals; ++n) {
        intervals.clear();
        for (double v : logspace2(minInterval, maxInterval, n))
            intervals.push_back(int(roundHalfEven(v)));
        std::sort(intervals.begin(), intervals.end());
        intervals.erase(std::unique(intervals.begin(), intervals.end()), intervals.end());
    }
    return intervals;
}

BeatStateSpace BeatStateSpace::beat(double minInterval, double maxInterval, int numIntervals)
{
    return bar(1, minInterval, maxInterval, numIntervals);
}

BeatStateSpace BeatStateSpace::bar(int numBeats, double minInterval, double maxInterval, int numIntervals)
{
    BeatStateSpace ss;
    ss.numBeats = std::max(1, numBeats);
    ss.intervals = beatIntervals(minInterval, maxInterval, numIntervals);
    int perBeat = 0;
    for (int L : ss.intervals)
        perBeat += std::max(L, 0);
    ss.numStates = perBeat * ss.numBeats;
    ss.statePositions.reserve(size_t(ss.numStates));
    ss.stateIntervals.reserve(size_t(ss.numStates));
    ss.firstStates.assign(size_t(ss.numBeats), {});
    ss.lastStates.assign(size_t(ss.numBeats), {});
    int state = 0;
    for (int b = 0; b < ss.numBeats; ++b) {
        for (int L : ss.intervals) {
            if (L <= 0)
                continue;
            ss.firstStates[size_t(b)].push_back(state);
            ss.lastStates[size_t(b)].push_back(state + L - 1);
            // numpy.linspace(0, 1, L, endpoint=False) = k * (1/L), then + beat index.
            const double step = 1.0 / double(L);
            for (int k = 0; k < L; ++k) {
                ss.statePositions.push_back(double(k) * step + double(b));
                ss.stateIntervals.push_back(L);
            }
            state += L;
        }
    }
    return ss;
}

} // namespace mirlo
