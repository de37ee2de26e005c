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

// Frames a signal the madmom way and transforms one frame at a time (FFTW
// buffers and plan of its own: use one instance per thread).
class OnsetFrameTransform {
public:
    OnsetFrameTransform(int frameSize, int sampleRate, double fps, double inputGain = 32768.0 / 32767.0);
    ~OnsetFrameTransform();
    OnsetFrameTransform(const OnsetFrameTransform &) = delete;
    OnsetFrameTransform &operator=(const OnsetFrameTransform &) = delete;

    bool isValid() const { return m_plan != nullptr; }
    double hop() const { return m_hop; }
    int bins() const { return m_frameSize / 2; }
    // Frame `frame` of mono[0, samples): bins() magnitudes and, when phase is
    // not null, bins() phases in (-pi, pi] (relative to the frame centre with
    // circularShift; exact zeros get phase 0 as numpy.angle gives).
    void transform(const float *mono, int64_t samples, int64_t frame, float *magnitude, float *phase = nullptr,
                   bool circularShift = false);
    // After transform(): |local group delay| / pi per bin as madmom's
    // complex_flux uses it, i.e. |wrap(phase[k] - phase[k+1])| / pi with the
    // last bin 0 (independent of circularShift's sign flips up to their sum).
    void localGroupDelay(bool circularShift, float *out) const;

private:
    int m_frameSize = 0;
    double m_hop = 0.0;
    std::vector<float> m_window;
    float *m_in = nullptr;
    void *m_out = nullptr; // fftwf_complex[bins + 1]
    void *m_plan = nullptr;
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
