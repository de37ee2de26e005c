#pragma once
// Sparse HMM transition model in CSR form, indexed by DESTINATION state:
// the predecessors of state s are states[pointers[s] .. pointers[s+1]) in
// ascending order, with natural-log probabilities logProbabilities[...]
// (float64). Built like madmom's BeatTransitionModel / BarTransitionModel:
// inside a beat the position advances with probability 1; at beat
// boundaries the last state of interval i (previous beat) jumps to the
// first state of interval j with p = exp(-lambda * |L_j / L_i - 1|),
// values <= 2.220446e-16 dropped, each origin row normalised to sum 1.
#include "core/beats/beat_state_space.h"

#include <cstdint>
#include <vector>

namespace mirlo {

struct TransitionModel {
    std::vector<int32_t> states;          // predecessor state per entry
    std::vector<int32_t> pointers;        // numStates + 1
    std::vector<double> logProbabilities; // per entry

    int numStates() const { return pointers.empty() ? 0 : int(pointers.size()) - 1; }
    int numTransitions() const { return int(states.size()); }

    static TransitionModel fromStateSpace(const BeatStateSpace &space, double transitionLambda);
};

// Dense tempo transition matrix [from][to] (row-major, from.size() x to.size()),
// exponential in the interval ratio, thresholded at machine epsilon and
// row-normalised. A row whose entries are all dropped stays all zero.
std::vector<double> exponentialTransition(const std::vector<int> &fromIntervals, const std::vector<int> &toIntervals,
                                          double transitionLambda);

} // namespace mirlo
