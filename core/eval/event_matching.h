#pragma once
// Matching of reference and estimated event times (seconds) within a
// tolerance window, as mir_eval.util.match_events does it: an estimate and a
// reference may pair when ref >= est - window and ref <= est + window, every
// event pairs at most once, and the pairing is a MAXIMUM bipartite matching
// (Hopcroft-Karp), not a greedy one, so hit counts agree with mir_eval.
#include <utility>
#include <vector>

namespace mirlo::eval {

// Pairs (reference index, estimate index) of one maximum matching, sorted by
// reference index. Inputs need not be sorted.
std::vector<std::pair<int, int>> matchEvents(const std::vector<double> &reference, const std::vector<double> &estimated,
                                             double window);

// Weighted F-measure (1 + b^2) P R / (b^2 P + R); 0 when P and R are both 0.
double fMeasure(double precision, double recall, double beta = 1.0);

// Sum in numpy's pairwise order (np.sum / np.mean of a float64 array), so
// reductions round like mir_eval's.
double numpySum(const double *values, long count);

} // namespace mirlo::eval
