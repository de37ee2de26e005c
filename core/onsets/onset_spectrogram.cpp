#include "core/onsets/onset_spectrogram.h"

#include "core/dsp/stft.h"
#include "core/dsp/window.h"

#include <fftw3.h>

#include <algorithm>
#include <cmath>
#include <mutex>

namespace mirlo {

int64_t madmomFrameCount(int64_t samples, double hop)
{
    if (samples <= 0 || !(hop > 0.0))
        return 0;
    return int64_t(std::ceil(double(samples) / hop));
}

int diffFramesFor(double diffRatio, double hop, int frameSize)
{
    if (frameSize <= 0 || !(hop > 0.0))
        return 1;
    const std::vector<float> w = makeWindow(WindowType::Hann, frameSize, false);
    const float peak = *std::max_element(w.begin(), w.end());
    int sample = 0; // np.argmax of an all-false mask is 0
    for (int n = 0; n < frameSize; ++n) {
        if (double(w[size_t(n)]) > diffRatio * double(peak)) {
            sample = n;
            break;
        }
    }
    const double diffSamples = frameSize / 2.0 - sample;
    // Python's round() rounds halves to even, as nearbyint does by default.
    return std::max(1, int(std::nearbyint(diffSamples / hop)));
}

OnsetStft computeOnsetStft(const float *mono, int64_t samples, int sampleRate, const OnsetStftParams &params,
                           const std::function<bool(double)> &progress)
{
    OnsetStft out;
    const int n = params.frameSize;
    if (n < 2 || n % 2 != 0 || sampleRate <= 0 || !(params.fps > 0.0))
        return out;
    const double hop = double(sampleRate) / params.fps;
    const int64_t frames = madmomFrameCount(samples, hop);
    const int bins = n / 2;
    out.fps = params.fps;
    out.hop = hop;
    out.sampleRate = sampleRate;
    out.frameSize = n;
    out.magnitude = Matrix(int(frames), bins);
    if (params.wantPhase)
        out.phase = Matrix(int(frames), bins);
    if (frames == 0)
        return out;

    std::vector<float> window = makeWindow(WindowType::Hann, n, false);
    for (float &w : window)
        w = float(double(w) * params.inputGain);

    float *in = static_cast<float *>(fftwf_malloc(sizeof(float) * size_t(n)));
    fftwf_complex *spec = static_cast<fftwf_complex *>(fftwf_malloc(sizeof(fftwf_complex) * size_t(bins + 1)));
    fftwf_plan plan = nullptr;
    {
        std::lock_guard<std::mutex> lock(fftwPlannerMutex());
        plan = fftwf_plan_dft_r2c_1d(n, in, spec, FFTW_ESTIMATE);
    }
    const int64_t progressStep = std::max<int64_t>(1, frames / 50);
    bool cancelled = false;
    for (int64_t i = 0; i < frames; ++i) {
        // int(i * hop) in madmom: truncation of a non-negative double.
        const int64_t centre = int64_t(double(i) * hop);
        const int64_t start = centre - n / 2;
        for (int k = 0; k < n; ++k) {
            const int64_t s = start + k;
            in[k] = (s >= 0 && s < samples) ? mono[s] * window[size_t(k)] : 0.f;
        }
        fftwf_execute(plan);
        float *mag = out.magnitude.row(int(i));
        for (int k = 0; k < bins; ++k)
            mag[k] = std::hypot(spec[k][0], spec[k][1]);
        if (params.wantPhase) {
            float *ph = out.phase.row(int(i));
            for (int k = 0; k < bins; ++k) {
                // Rotating the frame by N/2 multiplies bin k by (-1)^k.
                const float sign = (params.circularShift && (k & 1)) ? -1.f : 1.f;
                ph[k] = std::atan2(sign * spec[k][1], sign * spec[k][0]);
            }
        }
        if (progress && (i % progressStep) == 0 && !progress(double(i) / double(frames))) {
            cancelled = true;
            break;
        }
    }
    {
        std::lock_guard<std::mutex> lock(fftwPlannerMutex());
        fftwf_destroy_plan(plan);
    }
    fftwf_free(in);
    fftwf_free(spec);
    if (cancelled)
        return OnsetStft{};
    return out;
}

} // namespace mirlo
