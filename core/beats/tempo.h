#pragma once
// Tempo from beats and from a beat activation.
// - tempoFromBeats / tempoCurve work on beat times in SECONDS and return BPM.
// - estimateTempo follows madmom's TempoEstimationProcessor ("comb" method):
//   the activation (frames at `fps`) is smoothed with a Hamming window, fed to
//   a bank of resonating comb filters y[n] = x[n] + alpha * y[n - tau], one per
//   beat interval tau (frames); at every frame the strongest filter(s) add
//   their output to the histogram bin of tau; the histogram is smoothed and
//   its peaks (BPM = 60 * fps / tau) are ranked by height.
#include <vector>

namespace mirlo {

// 60 / median inter-beat interval; 0 when there are fewer than 2 beats.
double tempoFromBeats(const std::vector<double> &beatTimes);

struct TempoPoint {
    double time = 0.0; // seconds (midpoint of the beat interval)
    double bpm = 0.0;
};
// Local tempo per beat interval: 60 / median of the `window` intervals centred
// on it (window is made odd, >= 1; fewer at the edges).
std::vector<TempoPoint> tempoCurve(const std::vector<double> &beatTimes, int window = 5);

struct TempoEstimationParams {
    double fps = 100.0;
    double minBpm = 40.0;
    double maxBpm = 250.0;
    double actSmooth = 0.14; // seconds of Hamming smoothing of the activation (0 = none)
    int histSmooth = 9;      // Hamming length (bins) for the histogram (<= 1 = none)
    double alpha = 0.79;     // comb filter feedback gain
};

struct TempoHistogram {
    std::vector<double> bins;
    std::vector<int> delays; // frames per beat, ascending
};

struct TempoEstimate {
    struct Candidate {
        double bpm = 0.0;
        double strength = 0.0; // normalised over all peaks
    };
    std::vector<Candidate> candidates; // strongest first
    // madmom .tempo line: the two strongest tempi and tempo1's share of their
    // summed strength (tempo2 = 0 and strength = 1 with a single peak).
    double tempo1 = 0.0;
    double tempo2 = 0.0;
    double strength = 0.0;
    bool valid() const { return !candidates.empty(); }
};

TempoHistogram combFilterTempoHistogram(const std::vector<float> &activation, const TempoEstimationParams &params = {});
TempoEstimate tempoFromHistogram(const TempoHistogram &histogram, double fps);
TempoEstimate estimateTempo(const std::vector<float> &activation, const TempoEstimationParams &params = {});

// Centred convolution with an unnormalised symmetric Hamming window of `length`
// samples (numpy.convolve(x, hamming(length), 'same')); length <= 1 copies x.
std::vector<double> smoothHamming(const std::vector<double> &x, int length);

} // namespace mirlo
