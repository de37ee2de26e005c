#pragma once
// madmom's OnsetPeakPickingProcessor (offline), shared by every onset
// detector that turns an activation / onset detection function into times.
// All window lengths are in seconds and become frames with round(x * fps)
// (halves to even, as numpy). Steps:
//   1. smooth: 'same' convolution with an UNnormalised Hamming window of
//      round(smooth * fps) frames (0 or 1 = none), zeros outside;
//   2. moving average over [t - preAvg, t + postAvg] frames (zeros outside,
//      divided by the full window length) when preAvg + postAvg > 0, else 0;
//   3. keep a[t] where a[t] >= average[t] + threshold, else 0;
//   4. peaks: kept values that equal the maximum over [t - preMax, t + postMax]
//      (zeros outside) and are nonzero;
//   5. time = t / fps + delay;
//   6. combine: drop a time that is <= combine after the last kept time.
#include <vector>

namespace mirlo {

struct PeakPickingParams {
    double threshold = 0.5;
    double smooth = 0.0;   // seconds
    double preAvg = 0.0;   // seconds
    double postAvg = 0.0;  // seconds
    double preMax = 0.0;   // seconds
    double postMax = 0.0;  // seconds
    double combine = 0.03; // seconds
    double delay = 0.0;    // seconds added to every time
};

// Onset times in seconds, ascending. Empty for an empty odf or fps <= 0.
std::vector<double> pickOnsets(const std::vector<float> &odf, double fps, const PeakPickingParams &params);

// The frame indices of step 4 (before conversion to times and combining);
// windows already in frames. Exposed for tests and for frame-based callers.
std::vector<int> pickPeakFrames(const std::vector<float> &odf, float threshold, int smooth, int preAvg, int postAvg,
                                int preMax, int postMax);

// Step 1 alone: 'same' convolution with the unnormalised Hamming window of
// `length` frames (returns the input unchanged for length <= 1).
std::vector<float> smoothActivation(const std::vector<float> &odf, int length);

// madmom combine_events(..., 'left') on ascending times.
std::vector<double> combineOnsets(const std::vector<double> &times, double combine);

} // namespace mirlo
