#pragma once
// Filterbanks mapping spectrogram bins to bands: mel (Slaney / HTK, as
// librosa), logarithmic-frequency (as madmom's LogarithmicFilterbank) and Bark
// (24 bands, as rp_extract). weights is bands x bins (Matrix rows = bands).
#include "core/dsp/matrix.h"

#include <utility>
#include <vector>

namespace mirlo {

struct Filterbank {
    Matrix weights;                // rows: bands, cols: input bins
    std::vector<double> centreHz;  // per band
    std::vector<double> lowHz;     // per band, lower edge
    std::vector<double> highHz;    // per band, upper edge
    // Per band, the bins [first, second) outside which its weights are zero, so
    // apply() only touches nonzero weights. Filled by the factory functions; call
    // updateBinRanges() after editing weights by hand (apply() copes if stale).
    std::vector<std::pair<int, int>> binRanges;

    int bandCount() const { return weights.rows; }
    int binCount() const { return weights.cols; }
    void updateBinRanges();
    // spectrogram (frames x bins) -> (frames x bands). An input with a different
    // number of columns than binCount() gives an empty matrix.
    Matrix apply(const Matrix &spectrogram) const;
};

enum class MelScale { Slaney, Htk };

double hzToMel(double hz, MelScale scale);
double melToHz(double mel, MelScale scale);

// Bin frequencies k * sampleRate / fftSize for k = 0 .. fftSize/2 (librosa's fft_frequencies).
std::vector<double> fftBinFrequencies(int fftSize, int sampleRate);

// librosa.filters.mel: bands triangles with edges equally spaced in mel
// between fminHz and fmaxHz; areaNormalise = Slaney "norm=1" (2 / (f[i+2]-f[i])).
Filterbank melFilterbank(int bands, int fftSize, int sampleRate, double fminHz, double fmaxHz,
                         MelScale scale = MelScale::Slaney, bool areaNormalise = true);

// madmom.audio.filters.LogarithmicFilterbank over the given bin frequencies
// (madmom uses frameSize/2 bins without Nyquist: k * sr / frameSize, k < frameSize/2).
// Centres fref * 2^(k / bandsPerOctave) in [fminHz, fmaxHz] snap to the nearest
// bin; each band is a triangle over three consecutive (unique) bins start,
// centre, stop with weight 0 at start and stop. centreHz/lowHz/highHz are the
// frequencies of those bins. Fewer than 3 bins give a filterbank with 0 bands.
// With uniqueFilters = false a triple spanning < 2 bins becomes a one-bin band
// (as madmom); one with centre == stop (madmom raises) keeps only its rising edge.
Filterbank logFilterbank(const std::vector<double> &binFrequencies, int bandsPerOctave = 12,
                         double fminHz = 30.0, double fmaxHz = 17000.0, double frefHz = 440.0,
                         bool normalise = true, bool uniqueFilters = true);

// rp_extract's 24 Bark bands: rectangular sums (weight 1) of bins with f in
// [lower, upper), upper edges 100 ... 15500 Hz, the first band starting at 0 Hz.
// centreHz is the middle of the band's edges.
Filterbank barkFilterbank(const std::vector<double> &binFrequencies);

} // namespace mirlo
