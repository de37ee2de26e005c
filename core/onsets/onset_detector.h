#pragma once
// One call from mono samples to onset times for the classic detectors:
// onset detection function (onset_functions.h) + madmom peak picking
// (peak_picking.h). Each method carries the peak-picking defaults of the
// tutorial / madmom. Times are in seconds; odf has one value per frame at fps.
#include "core/onsets/onset_functions.h"
#include "core/onsets/peak_picking.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace mirlo {

struct OnsetDetectorParams {
    OnsetMethod method = OnsetMethod::SuperFlux;
    OnsetFunctionParams odf;
    PeakPickingParams peaks;
};

// The defaults of a method:
//  flux      (TUTORIAL 5.2): threshold 1.25, pre_avg 0.15 s, post_avg 0,
//            pre_max 0.01 s, post_max 0.05 s, no smoothing, no combining
//  superflux (madmom SuperFlux program): threshold 1.1, pre_max 0.01 s,
//            post_max 0.05 s, pre_avg 0.15 s, post_avg 0, combine 0.03 s
//  complex   (madmom ComplexFlux program): as superflux with threshold 0.25
//  hfc       threshold 0.7 (tuned on the shared annotated test data), pre_avg
//            0.15 s, pre/post max 0.01/0.05 s, combine 0.03 s
OnsetDetectorParams defaultOnsetDetectorParams(OnsetMethod method);

struct OnsetResult {
    std::vector<float> odf;
    double fps = 0.0;
    std::vector<double> onsets; // seconds, ascending
    bool cancelled = false;
};

OnsetResult detectOnsets(const float *mono, int64_t samples, int sampleRate, const OnsetDetectorParams &params,
                         const std::function<bool(double)> &progress = {});

} // namespace mirlo
