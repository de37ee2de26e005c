#pragma once
// Beat tracking scores as mir_eval.beat (0.7), reproducing its algorithms and
// edge cases (empty sequences, fewer than two beats, the metric-level
// variations, Goto's track slicing, the P-score impulse trains at 100 Hz,
// information gain's histogram). All times in seconds, sorted ascending
// (check with validateEventTimes first). evaluateBeats() trims both sequences
// to beats at or after minBeatTime (5 s) like mir_eval.beat.evaluate; the
// single metric functions do not trim.
#include <string>
#include <utility>
#include <vector>

namespace mirlo::eval {

struct BeatEvalOptions {
    double minBeatTime = 5.0;     // trim_beats
    double fMeasureWindow = 0.07; // +- seconds
    double cemgilSigma = 0.04;    // seconds
    double gotoThreshold = 0.35;  // beat error, fraction of the inter-beat interval
    double gotoMu = 0.2;
    double gotoSigma = 0.2;
    double pScoreThreshold = 0.2; // fraction of the median reference inter-beat interval
    double continuityPhaseThreshold = 0.175;
    double continuityPeriodThreshold = 0.175;
    int informationGainBins = 41;
};

struct BeatScores {
    double fMeasure = 0.0;
    double cemgil = 0.0;
    double cemgilBestMetricLevel = 0.0;
    double gotoScore = 0.0;
    double pScore = 0.0;
    double cmlc = 0.0; // Correct Metric Level Continuous
    double cmlt = 0.0; // Correct Metric Level Total
    double amlc = 0.0; // Any Metric Level Continuous
    double amlt = 0.0; // Any Metric Level Total
    double informationGain = 0.0;
};

struct CemgilScores {
    double cemgil = 0.0;
    double bestMetricLevel = 0.0;
};

struct ContinuityScores {
    double cmlc = 0.0;
    double cmlt = 0.0;
    double amlc = 0.0;
    double amlt = 0.0;
};

// Beats at or after minBeatTime.
std::vector<double> trimBeats(const std::vector<double> &beats, double minBeatTime = 5.0);

// mir_eval's _get_reference_beat_variations, in its order: original, off-beat
// (midpoints), double tempo, half tempo odd (beats 0, 2, ...), half tempo even (1, 3, ...).
std::vector<std::vector<double>> referenceBeatVariations(const std::vector<double> &reference);

double beatFMeasure(const std::vector<double> &reference, const std::vector<double> &estimated, double window = 0.07);
CemgilScores cemgil(const std::vector<double> &reference, const std::vector<double> &estimated, double sigma = 0.04);
double gotoScore(const std::vector<double> &reference, const std::vector<double> &estimated, double threshold = 0.35,
                 double mu = 0.2, double sigma = 0.2);
double pScore(const std::vector<double> &reference, const std::vector<double> &estimated, double threshold = 0.2);
ContinuityScores continuity(const std::vector<double> &reference, const std::vector<double> &estimated,
                            double phaseThreshold = 0.175, double periodThreshold = 0.175);
double informationGain(const std::vector<double> &reference, const std::vector<double> &estimated, int bins = 41);

BeatScores evaluateBeats(const std::vector<double> &reference, const std::vector<double> &estimated,
                         const BeatEvalOptions &options = {});

// (mir_eval key, value) in mir_eval.beat.evaluate's order, e.g. ("F-measure", 0.62).
std::vector<std::pair<std::string, double>> namedScores(const BeatScores &scores);

} // namespace mirlo::eval
