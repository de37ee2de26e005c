#include "core/features/madmom_stft.h"

#include "core/dsp/stft.h" // fftwPlannerMutex

#include <fftw3.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>

#if defined(__x86_64__)
#include <immintrin.h>
#define MIRLO_HAS_X86_SIMD 1
#endif

namespace mirlo {

namespace {

// One double-precision r2c plan per size for the whole process, executed with
// fftw_execute_dft_r2c on each caller's own (fftw_malloc-aligned) buffers.
fftw_plan sharedPlan(int n)
{
    static std::map<int, fftw_plan> plans; // guarded by fftwPlannerMutex(); lives until exit
    std::lock_guard<std::mutex> lock(fftwPlannerMutex());
    auto it = plans.find(n);
    if (it != plans.end())
        return it->second;
    double *in = fftw_alloc_real(size_t(n));
    fftw_complex *out = fftw_alloc_complex(size_t(n / 2 + 1));
    fftw_plan plan = fftw_plan_dft_r2c_1d(n, in, out, FFTW_ESTIMATE);
    fftw_free(in);
    fftw_free(out);
    plans[n] = plan;
    return plan;
}

// in = double(samples) * window; np.multiply(int16 frame, float64 window).
__attribute__((target_clones("avx2", "default"))) void windowSamples(const float *samples, const double *window,
                                                                     double *in, int64_t count)
{
    for (int64_t j = 0; j < count; ++j)
        in[j] = double(samples[j]) * window[j];
}

// |complex64(c[k])| for k < bins as numpy's abs of complex64 (glibc hypotf):
// float32(sqrt(re^2 + im^2)) evaluated in float64 from the float32 parts.
void magnitudesScalar(const double *c, float *out, int bins)
{
    for (int k = 0; k < bins; ++k) {
        const double re = double(float(c[2 * k])), im = double(float(c[2 * k + 1]));
        out[k] = float(std::sqrt(re * re + im * im));
    }
}

#if MIRLO_HAS_X86_SIMD
// The same with packed square roots (std::sqrt stays scalar because of errno,
// and its cost would exceed the FFT's). Plain SSE2: the x86-64 baseline.
void magnitudesSse2(const double *c, float *out, int bins)
{
    int k = 0;
    for (; k + 2 <= bins; k += 2) {
        __m128d a = _mm_loadu_pd(c + 2 * k);     // re0 im0
        __m128d b = _mm_loadu_pd(c + 2 * k + 2); // re1 im1
        a = _mm_cvtps_pd(_mm_cvtpd_ps(a));       // complex128 -> complex64
        b = _mm_cvtps_pd(_mm_cvtpd_ps(b));
        a = _mm_mul_pd(a, a);
        b = _mm_mul_pd(b, b);
        const __m128d sum = _mm_add_pd(_mm_unpacklo_pd(a, b), _mm_unpackhi_pd(a, b));
        _mm_storel_pi(reinterpret_cast<__m64 *>(out + k), _mm_cvtpd_ps(_mm_sqrt_pd(sum)));
    }
    magnitudesScalar(c + 2 * k, out + k, bins - k);
}

// AVX2 without FMA (no contraction: every product and sum rounds as above).
__attribute__((target("avx2"))) void magnitudesAvx2(const double *c, float *out, int bins)
{
    int k = 0;
    for (; k + 4 <= bins; k += 4) {
        __m256d a = _mm256_loadu_pd(c + 2 * k);     // re0 im0 re1 im1
        __m256d b = _mm256_loadu_pd(c + 2 * k + 4); // re2 im2 re3 im3
        a = _mm256_cvtps_pd(_mm256_cvtpd_ps(a));
        b = _mm256_cvtps_pd(_mm256_cvtpd_ps(b));
        a = _mm256_mul_pd(a, a);
        b = _mm256_mul_pd(b, b);
        // hadd gives bins 0 2 1 3; reorder to 0 1 2 3.
        const __m256d sum = _mm256_permute4x64_pd(_mm256_hadd_pd(a, b), 0xD8);
        _mm_storeu_ps(out + k, _mm256_cvtpd_ps(_mm256_sqrt_pd(sum)));
    }
    magnitudesScalar(c + 2 * k, out + k, bins - k);
}
#endif

void complexMagnitudes(const double *c, float *out, int bins)
{
#if MIRLO_HAS_X86_SIMD
    static const bool avx2 = __builtin_cpu_supports("avx2");
    if (avx2)
        magnitudesAvx2(c, out, bins);
    else
        magnitudesSse2(c, out, bins);
#else
    magnitudesScalar(c, out, bins);
#endif
}

} // namespace

int64_t madmomFrameCount(int64_t samples)
{
    if (samples <= 0)
        return 0;
    return int64_t(std::ceil(double(samples) / kMadmomHopSize));
}

std::vector<double> madmomWindow(int frameSize)
{
    // numpy.hanning: n = arange(1 - M, M, 2); 0.5 + 0.5 * cos(pi * n / (M - 1)).
    std::vector<double> w(size_t(std::max(frameSize, 0)));
    if (frameSize == 1)
        w[0] = 1.0;
    for (int j = 0; frameSize > 1 && j < frameSize; ++j) {
        const double n = double(1 - frameSize + 2 * j);
        w[size_t(j)] = 0.5 + 0.5 * std::cos(M_PI * n / double(frameSize - 1));
    }
    for (double &v : w)
        v /= 32767.0;
    return w;
}

int madmomDiffFrames(int frameSize, double diffRatio)
{
    const auto w = madmomWindow(frameSize);
    if (w.empty())
        return 1;
    const double threshold = diffRatio * *std::max_element(w.begin(), w.end());
    int sample = 0; // numpy argmax of an all-false mask is 0
    for (int n = 0; n < frameSize; ++n) {
        if (w[size_t(n)] > threshold) {
            sample = n;
            break;
        }
    }
    const double diffSamples = frameSize / 2.0 - sample;
    const double frames = std::nearbyint(diffSamples / kMadmomHopSize); // Python round: half to even
    return std::max(1, int(frames));
}

struct MadmomStft::Buffers {
    double *in = nullptr;
    fftw_complex *out = nullptr;
    fftw_plan plan = nullptr;
    ~Buffers()
    {
        fftw_free(in);
        fftw_free(out);
    }
};

MadmomStft::MadmomStft(int frameSize)
    : m_frameSize(std::max(frameSize - frameSize % 2, 2)), m_window(madmomWindow(m_frameSize)),
      m(std::make_unique<Buffers>())
{
    m->in = fftw_alloc_real(size_t(m_frameSize));
    m->out = fftw_alloc_complex(size_t(m_frameSize / 2 + 1));
    m->plan = sharedPlan(m_frameSize);
}

MadmomStft::~MadmomStft() = default;

void MadmomStft::magnitude(const float *signal, int64_t samples, int64_t frame, float *out)
{
    const int n = m_frameSize;
    // madmom: ref = int(frame * 441.0), start = ref - N // 2.
    const int64_t start = int64_t(double(frame) * kMadmomHopSize) - n / 2;
    const int64_t lo = std::clamp<int64_t>(-start, 0, n);
    const int64_t hi = std::clamp<int64_t>(samples - start, lo, n);
    double *in = m->in;
    const double *w = m_window.data();
    std::fill(in, in + lo, 0.0);
    windowSamples(signal + (start + lo), w + lo, in + lo, hi - lo);
    std::fill(in + hi, in + n, 0.0);
    fftw_execute_dft_r2c(m->plan, in, m->out);

    // complex128 -> complex64, then numpy's abs of complex64.
    complexMagnitudes(reinterpret_cast<const double *>(m->out), out, n / 2);
}

Matrix MadmomStft::magnitudes(const std::vector<float> &signal, int64_t firstFrame, int64_t count)
{
    const int64_t total = madmomFrameCount(int64_t(signal.size()));
    firstFrame = std::clamp<int64_t>(firstFrame, 0, total);
    count = std::clamp<int64_t>(count, 0, total - firstFrame);
    Matrix result(int(count), binCount());
    for (int64_t i = 0; i < count; ++i)
        magnitude(signal.data(), int64_t(signal.size()), firstFrame + i, result.row(int(i)));
    return result;
}

} // namespace mirlo
