#pragma once
// Filterbanks mapping spectrogram bins to bands: mel (Slaney / HTK, as
// librosa), logarithmic-frequency (as madmom's LogarithmicFilterbank) and Bark
// (24 bands, as rp_extract). weights is bands x bins (Matrix rows = bands).
#include "core/dsp/matrix.h"

#include <vector>

namespace mirlo {

struct Filterbank {
    Matrix weights;                // rows: bands, cols: input bins
    std::vector<double> centreHz;  // per band
    std::vector<double> lowHz;     // per band, lower edge
    std::vector<double> highHz;    // per band, upper edge

    int bandCount() const { return weights.rows; }
    int binCount() const { return weights.cols; }
    // spectrogram (frames x bins) -> (frames x bands)
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
Filterbank logFilterbank(const std::vector<double> &binFrequencies, int bandsPerOctave = 12,
                         double fminHz = 30.0, double fmaxHz = 17000.0, double frefHz = 440.0,
                         bool normalise = true, bool uniqueFilters = true);

// rp_extract's 24 Bark bands: rectangular sums of bins with f in [lower, upper).
Filterbank barkFilterbank(const std::vector<double> &binFrequencies);

} // namespace mirlo
