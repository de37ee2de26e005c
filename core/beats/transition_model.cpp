#include "core/beats/transition_model.h"

#include <cmath>
#include <limits>

namespace mirlo {

std::vector<double> exponentialTransition(const std::vector<int> &fromIntervals, const std::vector<int> &toIntervals,
                                          double transitionLambda)
{
    const size_t nf = fromIntervals.size();
    const size_t nt = toIntervals.size();
    std::vector<double> prob(nf * nt, 0.0);
    // numpy.spacing(1): values at or below it are treated as impossible.
    const double threshold = std::numeric_limits<double>::epsilon();
    for (size_t i = 0; i < nf; ++i) {
        double *row = prob.data() + i * nt;
        double sum = 0.0;
        for (size_t j = 0; j < nt; ++j) {
            const double ratio = double(toIntervals[j]) / double(fromIntervals[i]);
            double p = std::exp(-transitionLambda * std::fabs(ratio - 1.0));
            if (p <= threshold)
                p = 0.0;
            row[j] = p;
            sum += p;
        }
        if (sum > 0.0)
            for (size_t j = 0; j < nt; ++j)
                row[j] /= sum;
    }
    return prob;
}

TransitionModel TransitionModel::fromStateSpace(const BeatStateSpace &space, double transitionLambda)
{
    const int n = space.numStates;
    const int ni = space.numIntervals();
    // Which (beat, interval) starts at a state: -1 for states inside a beat.
    std::vector<int32_t> firstIndex(size_t(n), -1);
    for (int b = 0; b < space.numBeats; ++b)
        for (int i = 0; i < ni; ++i)
            firstIndex[size_t(space.firstStates[size_t(b)][size_t(i)])] = b * ni + i;

    // Every beat uses the same intervals, so one tempo matrix serves all boundaries.
    const std::vector<double> prob = exponentialTransition(space.intervals, space.intervals, transitionLambda);

    TransitionModel tm;
    tm.pointers.reserve(size_t(n) + 1);
    tm.pointers.push_back(0);
    for (int s = 0; s < n; ++s) {
        const int fi = firstIndex[size_t(s)];
        if (fi < 0) {
            tm.states.push_back(s - 1);
            tm.logProbabilities.push_back(0.0); // log(1)
        } else {
            const int beat = fi / ni;
            const int j = fi % ni;
            const int prevBeat = (beat + space.numBeats - 1) % space.numBeats;
            // Last states of the previous beat ascend with the interval index,
            // so the CSR row comes out sorted.
            for (int i = 0; i < ni; ++i) {
                const double p = prob[size_t(i) * size_t(ni) + size_t(j)];
                if (p != 0.0) {
                    tm.states.push_back(space.lastStates[size_t(prevBeat)][size_t(i)]);
                    tm.logProbabilities.push_back(std::log(p));
                }
            }
        }
        tm.pointers.push_back(int32_t(tm.states.size()));
    }
    return tm;
}

} // namespace mirlo
