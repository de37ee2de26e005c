#pragma once
// The madmom front end used by the classic onset detection functions: framing
// with a possibly fractional hop, symmetric Hann window, FFT, the first N/2
// bins (no Nyquist). Frame i is centred on sample floor(i * hop) where
// hop = sampleRate / fps (madmom's FramedSignal with origin 0: frame i covers
// [floor(i*hop) - N/2, ... + N), samples outside the signal are 0) and there
// are ceil(samples / hop) frames. Units: rows are frames (fps per second),
// columns FFT bins k with frequency k * sampleRate / frameSize.
#include "core/dsp/matrix.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace mirlo {

struct OnsetStftParams {
    int frameSize = 2048;
    double fps = 100.0;
    // madmom reads WAV as int16 and folds 1/32767 into the window; our samples
    // are int16 / 32768, so 32768/32767 makes the magnitudes equal madmom's.
    double inputGain = 32768.0 / 32767.0;
    bool wantPhase = false;
    // Phase relative to the frame centre (madmom's circular_shift=True).
    bool circularShift = false;
};

struct OnsetStft {
    Matrix magnitude; // frames x frameSize/2
    Matrix phase;     // same shape when wantPhase, radians in (-pi, pi]; else empty
    double fps = 0.0;
    double hop = 0.0; // samples, may be fractional
    int sampleRate = 0;
    int frameSize = 0;
};

// madmom's frame count: ceil(samples / hop); 0 for an empty signal.
int64_t madmomFrameCount(int64_t samples, double hop);

// madmom's _diff_frames: the first sample of the symmetric Hann window above
// diffRatio * max, d = max(1, round((N/2 - sample) / hop)) (round half to even).
int diffFramesFor(double diffRatio, double hop, int frameSize);

// progress(fraction) returning false cancels; the result is then empty (fps 0).
OnsetStft computeOnsetStft(const float *mono, int64_t samples, int sampleRate, const OnsetStftParams &params,
                           const std::function<bool(double)> &progress = {});

} // namespace mirlo
