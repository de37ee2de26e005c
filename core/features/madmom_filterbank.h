#pragma once
// madmom's filterbanks (LogarithmicFilterbank, MelFilterbank), rebuilt
// operation by operation so the float32 weights equal madmom's bit for bit.
// Stored banded like filterbanks.safetensors: band b has nonzero weights only
// at FFT bins [start[b], stop[b]), kept at values[offset[b] ...]. Bins are
// madmom's: k * sampleRate / frameSize for k < frameSize / 2 (no Nyquist bin).
// apply() accumulates each band in float32 in ascending bin order, as the
// reference BLAS sgemm behind madmom's np.dot does.
#include <vector>

namespace mirlo {

struct MadmomFilterbank {
    int numBins = 0; // frameSize / 2
    std::vector<int> start, stop;
    std::vector<int> offset; // into values, per band
    std::vector<float> values;

    int bandCount() const { return int(start.size()); }
    int frameSize() const { return 2 * numBins; }
    // magnitude: numBins values; out: bandCount() values.
    void apply(const float *magnitude, float *out) const;
    // The same for kLanes frames at once (bit-identical per frame):
    // magnitudes numBins x kLanes (bin-major), out bandCount() x kLanes.
    static constexpr int kLanes = 8;
    void applyLanes(const float *magnitudes, float *out) const;
    // Dense weight, 0 outside the band's range.
    float weight(int bin, int band) const;
};

// np.fft.fftfreq(frameSize, 1 / sampleRate)[:frameSize / 2], rounding included.
std::vector<double> madmomBinFrequencies(int frameSize, int sampleRate = 44100);

// LogarithmicFilterbank(fmin 30, fmax 17000, fref 440, norm_filters, unique_filters).
MadmomFilterbank madmomLogFilterbank(int frameSize, int bandsPerOctave, double fminHz = 30.0, double fmaxHz = 17000.0,
                                     double frefHz = 440.0, int sampleRate = 44100);

// MelFilterbank(num_bands, fmin, fmax, norm_filters = true, unique_filters = false),
// mel(f) = 1127.01048 * ln(1 + f / 700).
MadmomFilterbank madmomMelFilterbank(int frameSize, int bands = 80, double fminHz = 27.5, double fmaxHz = 16000.0,
                                     int sampleRate = 44100);

} // namespace mirlo
