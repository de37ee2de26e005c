#pragma once
// madmom's framing and STFT magnitude at 100 frames per second: frame i is
// centred on sample 441 * i and covers [441 i - N/2, 441 i + N/2) (zeros
// outside the signal), num_frames = ceil(samples / 441); window = symmetric
// Hann (numpy.hanning) / 32767; |X[k]| for k = 0 .. N/2 - 1 (no Nyquist bin).
// The FFT runs in float64 as madmom's, the spectrum is rounded to complex64
// and its magnitude taken in float32 like numpy's abs of complex64.
// Units: frames (100 per second) and samples at 44.1 kHz.
#include "core/dsp/matrix.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace mirlo {

constexpr double kMadmomHopSize = 441.0; // samples, 100 fps at 44.1 kHz

int64_t madmomFrameCount(int64_t samples);
// numpy.hanning(frameSize) / 32767 (float64), madmom's STFT window.
std::vector<double> madmomWindow(int frameSize);
// madmom's diff_frames: first window sample above diffRatio * max, distance to
// the centre in hops, Python-rounded, at least 1.
int madmomDiffFrames(int frameSize, double diffRatio);

// One frame size. Not thread-safe per object (owns its buffers): give every
// thread its own; the FFTW plan behind it is shared and created once per size.
class MadmomStft {
public:
    explicit MadmomStft(int frameSize);
    ~MadmomStft();
    MadmomStft(const MadmomStft &) = delete;
    MadmomStft &operator=(const MadmomStft &) = delete;

    int frameSize() const { return m_frameSize; }
    int binCount() const { return m_frameSize / 2; }
    // |STFT| of frame `frame` of the int16-valued signal into out[binCount()].
    void magnitude(const float *signal, int64_t samples, int64_t frame, float *out);
    // Rows [firstFrame, firstFrame + count) clipped to madmomFrameCount(samples).
    Matrix magnitudes(const std::vector<float> &signal, int64_t firstFrame, int64_t count);

private:
    int m_frameSize;
    std::vector<double> m_window;
    struct Buffers;
    std::unique_ptr<Buffers> m;
};

} // namespace mirlo
