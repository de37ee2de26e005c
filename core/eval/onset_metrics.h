#pragma once
// Onset detection scores as mir_eval.onset (0.7): an estimated onset is a hit
// when it lies within +-window seconds of a reference onset, each reference and
// each estimate counted at most once (maximum matching). Times in seconds.
#include <vector>

namespace mirlo::eval {

constexpr double kOnsetWindowSec = 0.05;

struct OnsetScores {
    double fMeasure = 0.0;
    double precision = 0.0; // hits / estimates
    double recall = 0.0;    // hits / references
    int hits = 0;
};

// Empty reference or estimate -> all scores 0 (mir_eval's convention).
OnsetScores evaluateOnsets(const std::vector<double> &reference, const std::vector<double> &estimated,
                           double window = kOnsetWindowSec);

} // namespace mirlo::eval
