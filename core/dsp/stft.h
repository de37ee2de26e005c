#pragma once
// Short-time Fourier transform with FFTW (single precision).
// Frame t covers samples [t*hop - (center ? frameSize/2 : 0), ... + frameSize).
// With center, the signal is padded by frameSize/2 on both sides (reflect or
// zeros) and frameCount = 1 + n / hop (librosa; 0 for an empty signal); without,
// 1 + (n - frameSize) / hop (0 when n < frameSize). Reflect padding of a signal
// shorter than the pad repeats the reflection as numpy.pad(mode='reflect') does.
// fftSize > frameSize zero-pads every windowed frame at its end (magnitudes equal
// librosa's win_length < n_fft; only the phase differs). Output rows are frames,
// columns fftSize/2 + 1 bins.
// Planning is serialised under a global mutex; execution is thread-safe, so one
// Stft may be used from several threads at once.
#include "core/dsp/matrix.h"
#include "core/dsp/window.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>

namespace mirlo {

// Guards FFTW's planner (fftwf_plan_* and fftwf_destroy_plan are not
// thread-safe). Anyone in the process who plans with FFTW must hold it.
std::mutex &fftwPlannerMutex();

enum class PadMode { Reflect, Zeros };
enum class SpectrumValue { Magnitude, Power };

struct StftParams {
    int frameSize = 2048;
    int hopSize = 512;
    int fftSize = 0; // 0 = frameSize; larger zero-pads each frame
    WindowType window = WindowType::Hann;
    bool periodicWindow = true;
    bool center = true;
    PadMode pad = PadMode::Reflect;
};

class Stft {
public:
    explicit Stft(const StftParams &params);
    ~Stft();
    Stft(const Stft &) = delete;
    Stft &operator=(const Stft &) = delete;

    const StftParams &params() const { return m_params; }
    // False when frameSize or hopSize is not positive (or FFTW could not plan):
    // such a transform has no frames and transformFrame writes a single 0.
    bool isValid() const;
    int fftSize() const;
    int binCount() const { return fftSize() / 2 + 1; }
    int64_t frameCount(int64_t signalSamples) const;
    double binFrequencyHz(int bin, int sampleRate) const { return double(bin) * sampleRate / fftSize(); }

    // One frame of frameSize samples (not yet windowed) -> binCount values.
    void transformFrame(const float *frame, float *out, SpectrumValue value) const;
    // Whole signal. progress(fraction) returning false cancels (result is then empty).
    Matrix compute(const float *signal, int64_t samples, SpectrumValue value,
                   const std::function<bool(double)> &progress = {}) const;
    // Frames [firstFrame, firstFrame + count) of the whole signal's framing (row 0 =
    // frame firstFrame), clipped to frameCount(samples); lets callers work through
    // a long signal in blocks without holding its whole spectrogram.
    Matrix computeFrames(const float *signal, int64_t samples, int64_t firstFrame, int64_t count,
                         SpectrumValue value, const std::function<bool(double)> &progress = {}) const;

private:
    StftParams m_params;
    struct Impl;
    std::unique_ptr<Impl> m;
};

} // namespace mirlo
