#pragma once
// The displayable spectrograms (STFT / mel / log-frequency) of a mono signal:
// one call from parameters to a dB matrix with the frequency of every row.
// Used by the GUI's spectrogram view and by `mirlo-cli spectrogram`.
#include "core/dsp/matrix.h"
#include "core/dsp/stft.h"

#include <QString>

#include <functional>
#include <vector>

namespace mirlo {

enum class SpectrogramKind { Stft, Mel, LogFrequency };

QString kindName(SpectrogramKind kind);                     // "stft", "mel", "logfreq"
bool parseKind(const QString &name, SpectrogramKind &kind); // inverse of kindName

struct SpectrogramParams {
    SpectrogramKind kind = SpectrogramKind::Stft;
    int frameSize = 2048;
    int hopSize = 512;
    WindowType window = WindowType::Hann;
    int melBands = 128;       // Mel
    int bandsPerOctave = 12;  // LogFrequency
    double fminHz = 0.0;      // Mel / LogFrequency (LogFrequency uses max(fmin, 30))
    double fmaxHz = 0.0;      // 0 = Nyquist (LogFrequency: min(fmax, 17000))
    double topDb = 100.0;     // floor relative to the maximum; <= 0: no floor
    bool operator==(const SpectrogramParams &o) const;
    bool operator!=(const SpectrogramParams &o) const { return !(*this == o); }
};

struct SpectrogramData {
    Matrix db;                    // frames x bands, power in dB (ref 1.0)
    std::vector<double> bandHz;   // centre frequency of every column
    std::vector<double> bandLowHz, bandHighHz; // column edges (for drawing a frequency axis):
                                  // stft: bin centre -/+ half a bin, clamped to [0, Nyquist];
                                  // mel: the triangle's outer edges; logfreq: its start/stop bins
    double framesPerSecond = 0.0; // sampleRate / hopSize
    int sampleRate = 0;
    SpectrogramParams params;
    float minDb = 0.f, maxDb = 0.f;
};

struct Filterbank;

// The bands of a spectrogram kind over an STFT of fftSize (fftSize/2 + 1 bins):
// fills fb (left empty for Stft) and the band axis of `axis` (bandHz,
// bandLowHz, bandHighHz). Returns false when the parameters give no bands.
// Shared by computeSpectrogram and StreamingSpectrogram.
bool spectrogramBands(const SpectrogramParams &params, int sampleRate, int fftSize, Filterbank &fb,
                      SpectrogramData &axis);

// Frames are centred as librosa (center=True, periodic window, frame t at
// sample t * hopSize, 1 + samples / hopSize frames), so any non-empty signal
// gives at least one frame: a signal shorter than one frame (e.g. a 10 ms
// file) is not an error. Padding is reflect when samples > frameSize / 2 (as
// librosa) and zeros for shorter signals. Levels are 10 * log10(max(power,
// 1e-10)) clipped to maxDb - topDb, so silence gives -100 dB everywhere, never
// NaN. Returns empty data (db.isEmpty()) when cancelled, for an empty signal,
// for invalid parameters, or when the band layout is empty (e.g. logfreq with
// too few bins between fmin and fmax). progress runs on the calling thread.
SpectrogramData computeSpectrogram(const float *mono, int64_t samples, int sampleRate,
                                   const SpectrogramParams &params,
                                   const std::function<bool(double)> &progress = {});

} // namespace mirlo
