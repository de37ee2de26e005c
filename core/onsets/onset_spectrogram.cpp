#include "core/onsets/onset_spectrogram.h"

#include "core/dsp/parallel_rows.h"
#include "core/dsp/stft.h"
#include "core/dsp/window.h"

#include <fftw3.h>

#include <algorithm>
#include <atomic>
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

OnsetFrameTransform::OnsetFrameTransform(int frameSize, int sampleRate, double fps, double inputGain)
{
    if (frameSize < 2 || frameSize % 2 != 0 || sampleRate <= 0 || !(fps > 0.0))
        return;
    m_frameSize = frameSize;
    m_hop = double(sampleRate) / fps;
    m_window = makeWindow(WindowType::Hann, frameSize, false);
    for (float &w : m_window)
        w = float(double(w) * inputGain);
    m_in = static_cast<float *>(fftwf_malloc(sizeof(float) * size_t(frameSize)));
    auto *out = static_cast<fftwf_complex *>(fftwf_malloc(sizeof(fftwf_complex) * size_t(frameSize / 2 + 1)));
    m_out = out;
    std::lock_guard<std::mutex> lock(fftwPlannerMutex());
    m_plan = fftwf_plan_dft_r2c_1d(frameSize, m_in, out, FFTW_ESTIMATE);
}

OnsetFrameTransform::~OnsetFrameTransform()
{
    if (m_plan) {
        std::lock_guard<std::mutex> lock(fftwPlannerMutex());
        fftwf_destroy_plan(static_cast<fftwf_plan>(m_plan));
    }
    if (m_in)
        fftwf_free(m_in);
    if (m_out)
        fftwf_free(m_out);
}

void OnsetFrameTransform::transform(const float *mono, int64_t samples, int64_t frame, float *magnitude, float *phase,
                                    bool circularShift)
{
    const int n = m_frameSize;
    // int(i * hop) in madmom: truncation of a non-negative double.
    const int64_t start = int64_t(double(frame) * m_hop) - n / 2;
    const int64_t first = std::clamp<int64_t>(-start, 0, n);
    const int64_t last = std::clamp<int64_t>(samples - start, 0, n);
    std::fill(m_in, m_in + first, 0.f);
    for (int64_t k = first; k < last; ++k)
        m_in[k] = mono[start + k] * m_window[size_t(k)];
    std::fill(m_in + std::max(first, last), m_in + n, 0.f);
    fftwf_execute(static_cast<fftwf_plan>(m_plan));
    const auto *spec = static_cast<const fftwf_complex *>(m_out);
    const int bins = n / 2;
    for (int k = 0; k < bins; ++k)
        magnitude[k] = std::sqrt(spec[k][0] * spec[k][0] + spec[k][1] * spec[k][1]);
    if (!phase)
        return;
    for (int k = 0; k < bins; ++k) {
        const float re = spec[k][0], im = spec[k][1];
        if (re == 0.f && im == 0.f) {
            phase[k] = 0.f;
            continue;
        }
        // Rotating the frame by N/2 multiplies bin k by (-1)^k.
        const float sign = (circularShift && (k & 1)) ? -1.f : 1.f;
        phase[k] = std::atan2(sign * im, sign * re);
    }
}

namespace {

// |arg(re + i im)| in [0, pi] without atan2 (which was 60 % of the complex
// flux time): octant reduction and Abramowitz & Stegun 4.4.49 for atan on
// [0, 1] (|error| <= 2e-8 rad, far below float32 phase noise). Branch-free
// so the loop vectorises.
inline float absArg(float re, float im)
{
    const float ax = std::fabs(re), ay = std::fabs(im);
    const float hi = std::max(ax, ay), lo = std::min(ax, ay);
    const float z = hi > 0.f ? lo / hi : 0.f;
    const float z2 = z * z;
    float p = 0.0028662257f;
    p = p * z2 - 0.0161657367f;
    p = p * z2 + 0.0429096138f;
    p = p * z2 - 0.0752896400f;
    p = p * z2 + 0.1065626393f;
    p = p * z2 - 0.1420889944f;
    p = p * z2 + 0.1999355085f;
    p = p * z2 - 0.3333314528f;
    p = p * z2 + 1.0f;
    float a = z * p;
    a = ay > ax ? float(M_PI / 2) - a : a;
    return re < 0.f ? float(M_PI) - a : a;
}

} // namespace

void OnsetFrameTransform::localGroupDelay(bool circularShift, float *out) const
{
    const auto *x = static_cast<const fftwf_complex *>(m_out);
    const int bins = m_frameSize / 2;
    // arg(X_k * conj(X_k+1)) is the wrapped phase difference. The circular
    // shift multiplies neighbours by (-1)^k and (-1)^(k+1): the product flips
    // sign. A bin of exact zeros has phase 0 in numpy, which the product
    // cannot express, so those take the two-phase path.
    const float flip = circularShift ? -1.f : 1.f;
    const float invPi = float(1.0 / M_PI);
    for (int k = 0; k + 1 < bins; ++k) {
        const float ar = x[k][0], ai = x[k][1], br = x[k + 1][0], bi = x[k + 1][1];
        out[k] = absArg(flip * (ar * br + ai * bi), flip * (ai * br - ar * bi)) * invPi;
    }
    for (int k = 0; k + 1 < bins; ++k) {
        const bool aZero = x[k][0] == 0.f && x[k][1] == 0.f, bZero = x[k + 1][0] == 0.f && x[k + 1][1] == 0.f;
        if (!aZero && !bZero)
            continue;
        const float sa = (circularShift && (k & 1)) ? -1.f : 1.f;
        const float pa = aZero ? 0.f : std::atan2(sa * x[k][1], sa * x[k][0]);
        const float pb = bZero ? 0.f : std::atan2(-sa * x[k + 1][1], -sa * x[k + 1][0]);
        float d = std::fabs(pa - pb);
        if (d > float(M_PI))
            d = float(2.0 * M_PI) - d;
        out[k] = d * invPi;
    }
    if (bins > 0)
        out[bins - 1] = 0.f;
}

OnsetStft computeOnsetStft(const float *mono, int64_t samples, int sampleRate, const OnsetStftParams &params,
                           const std::function<bool(double)> &progress)
{
    OnsetStft out;
    {
        const OnsetFrameTransform probe(params.frameSize, sampleRate, params.fps, params.inputGain);
        if (!probe.isValid())
            return out;
        out.hop = probe.hop();
    }
    const int64_t frames = madmomFrameCount(samples, out.hop);
    const int bins = params.frameSize / 2;
    out.fps = params.fps;
    out.sampleRate = sampleRate;
    out.frameSize = params.frameSize;
    out.magnitude = Matrix(int(frames), bins);
    if (params.wantPhase)
        out.phase = Matrix(int(frames), bins);

    std::atomic<bool> cancelled{false};
    detail::parallelRanges(frames, 512, [&](int64_t a, int64_t b) {
        OnsetFrameTransform tr(params.frameSize, sampleRate, params.fps, params.inputGain);
        const int64_t step = std::max<int64_t>(1, (b - a) / 50);
        for (int64_t i = a; i < b && !cancelled; ++i) {
            tr.transform(mono, samples, i, out.magnitude.row(int(i)),
                         params.wantPhase ? out.phase.row(int(i)) : nullptr, params.circularShift);
            // Only the calling thread (range starting at 0) reports progress.
            if (a == 0 && progress && (i - a) % step == 0 && !progress(double(i - a) / double(b - a)))
                cancelled = true;
        }
    });
    if (cancelled)
        return OnsetStft{};
    return out;
}

} // namespace mirlo
