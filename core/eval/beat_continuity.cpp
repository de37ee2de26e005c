// Continuity (CMLc/CMLt/AMLc/AMLt) and information gain of mir_eval.beat,
// split from beat_metrics.cpp to keep files small.
#include "core/eval/beat_metrics.h"

#include "core/eval/event_matching.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mirlo::eval {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// np.argmin(np.abs(x - values)): the first index of the smallest distance.
size_t nearestIndex(const std::vector<double> &values, double x)
{
    size_t best = 0;
    double bestDiff = std::abs(x - values[0]);
    for (size_t i = 1; i < values.size(); ++i) {
        const double d = std::abs(x - values[i]);
        if (d < bestDiff) {
            bestDiff = d;
            best = i;
        }
    }
    return best;
}

// values[i] with Python's negative-index wrap (i = -1 is the last element).
double wrapped(const std::vector<double> &values, long i)
{
    return values[size_t(i < 0 ? i + long(values.size()) : i)];
}

// np.mod(a, b) for floats: the result takes the sign of b.
double numpyMod(double a, double b)
{
    double mod = std::fmod(a, b);
    if (mod != 0.0) {
        if ((b < 0) != (mod < 0))
            mod += b;
    } else {
        mod = std::copysign(0.0, b);
    }
    return mod;
}

// Beat error of each estimate relative to the local reference inter-beat
// interval, folded into (-0.5, 0.5], then the entropy of its histogram.
double beatErrorEntropy(const std::vector<double> &ref, const std::vector<double> &est, int bins)
{
    const long nr = long(ref.size());
    std::vector<double> errors;
    errors.reserve(est.size());
    for (double e : est) {
        const long c = long(nearestIndex(ref, e));
        const double absoluteError = e - ref[size_t(c)];
        double interval;
        // As mir_eval: the last beat uses the previous interval; an early
        // estimate uses the previous interval (wrapping round at beat 0, so
        // the "interval" is then negative), a late one the next interval.
        if (c == nr - 1)
            interval = 0.5 * (ref[size_t(nr - 1)] - ref[size_t(nr - 2)]);
        else if (absoluteError < 0)
            interval = 0.5 * (ref[size_t(c)] - wrapped(ref, c - 1));
        else
            interval = 0.5 * (ref[size_t(c + 1)] - ref[size_t(c)]);
        const double error = 0.5 * absoluteError / interval;
        errors.push_back(numpyMod(error + 0.5, -1.0) + 0.5);
    }
    // np.linspace(-0.5, 0.5, bins + 1) and np.histogram (last bin closed).
    std::vector<double> edges(size_t(bins) + 1);
    const double step = 1.0 / double(bins);
    for (int k = 0; k <= bins; ++k)
        edges[size_t(k)] = double(k) * step + -0.5;
    edges.back() = 0.5;
    std::vector<double> counts(size_t(bins), 0.0);
    double total = 0.0;
    for (double x : errors) {
        if (!(x >= edges.front() && x <= edges.back()))
            continue; // NaN (duplicate reference times) falls outside like in numpy
        long k = long(std::upper_bound(edges.begin(), edges.end(), x) - edges.begin()) - 1;
        k = std::min(k, long(bins) - 1);
        counts[size_t(k)] += 1.0;
        total += 1.0;
    }
    if (total == 0.0) // every error undefined (duplicate times): numpy's 0/0 histogram
        return std::numeric_limits<double>::quiet_NaN();
    std::vector<double> terms(static_cast<size_t>(bins));
    for (int k = 0; k < bins; ++k) {
        double p = counts[size_t(k)] / total;
        if (p == 0.0)
            p = 1.0;
        terms[size_t(k)] = p * std::log2(p);
    }
    return -numpySum(terms.data(), bins);
}

} // namespace

ContinuityScores continuity(const std::vector<double> &reference, const std::vector<double> &est, double phaseThreshold,
                            double periodThreshold)
{
    ContinuityScores s;
    if (reference.size() <= 1 || est.size() <= 1)
        return s;
    const long ne = long(est.size());
    bool first = true;
    for (const std::vector<double> &ref : referenceBeatVariations(reference)) {
        const long nr = long(ref.size());
        // mir_eval sizes both arrays by the longer sequence, so missing
        // estimates count as failures.
        const long annotations = std::max(nr, ne);
        std::vector<char> used(size_t(annotations), 0);
        std::vector<char> success(size_t(annotations), 0);
        for (long m = 0; m < ne; ++m) {
            const long nearest = long(nearestIndex(ref, est[size_t(m)]));
            const double minDiff = std::abs(est[size_t(m)] - ref[size_t(nearest)]);
            if (used[size_t(nearest)])
                continue;
            double phase, period;
            if (m == 0 || nearest == 0) {
                const double refInterval = nearest + 1 < nr ? ref[size_t(nearest + 1)] - ref[size_t(nearest)]
                                                            : ref[size_t(nearest)] - wrapped(ref, nearest - 1);
                const double estInterval =
                    m + 1 < ne ? est[size_t(m + 1)] - est[size_t(m)] : est[size_t(m)] - est[size_t(m - 1)];
                if (refInterval == 0) {
                    phase = minDiff == 0 ? 1.0 : kInf;
                    period = estInterval == 0 ? 0.0 : kInf;
                } else {
                    phase = std::abs(minDiff / refInterval);
                    period = std::abs(1.0 - estInterval / refInterval);
                }
            } else {
                const double refInterval = ref[size_t(nearest)] - ref[size_t(nearest - 1)];
                phase = std::abs(minDiff / refInterval);
                period = std::abs(1.0 - (est[size_t(m)] - est[size_t(m - 1)]) / refInterval);
            }
            if (phase < phaseThreshold && period < periodThreshold) {
                used[size_t(nearest)] = 1;
                success[size_t(m)] = 1;
            }
        }
        // Longest run of successes; the sequence is padded with a failure at both ends.
        long longest = 0, run = 0, hits = 0;
        for (char ok : success) {
            run = ok ? run + 1 : 0;
            hits += ok ? 1 : 0;
            longest = std::max(longest, run);
        }
        const double continuous = double(longest) / (1.0 * double(annotations));
        const double total = double(hits) / (1.0 * double(annotations));
        if (first) {
            s.cmlc = s.amlc = continuous;
            s.cmlt = s.amlt = total;
        } else {
            s.amlc = std::max(s.amlc, continuous);
            s.amlt = std::max(s.amlt, total);
        }
        first = false;
    }
    return s;
}

double informationGain(const std::vector<double> &reference, const std::vector<double> &estimated, int bins)
{
    if (reference.size() <= 1 || estimated.size() <= 1 || bins < 1)
        return 0.0;
    const double forward = beatErrorEntropy(reference, estimated, bins);
    const double backward = beatErrorEntropy(estimated, reference, bins);
    const double norm = std::log2(double(bins));
    // The comparison as in mir_eval, so an undefined (NaN) forward entropy
    // selects the backward one. mir_eval returns NaN when the chosen entropy is
    // undefined; we report 0 (no information) instead.
    const double gain = forward > backward ? (norm - forward) / norm : (norm - backward) / norm;
    return std::isnan(gain) ? 0.0 : gain;
}

} // namespace mirlo::eval
