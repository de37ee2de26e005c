#include "core/dsp/real_spectrum.h"

#include "core/dsp/stft.h"

#include <cmath>
#include <mutex>
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define MIRLO_HAVE_AVX_PASS 1
#endif

namespace mirlo {

namespace {

// With z = FFT_m(x[2j] + i x[2j+1]) (m = n/2) and w = exp(-2 pi i k / n):
//   E = (z[k] + conj z[m-k]) / 2, O = (z[k] - conj z[m-k]) / 2i,
//   X[k] = E + w O, X[m-k] = conj(E - w O).
// One step gives the power of both bins k and m - k. The vector pass below
// performs exactly these operations in this order (no fused multiply-add),
// so both give the same bits.
inline void powerPair(const float *z, int m, int k, const float *twRe, const float *twIm, float *p)
{
    const float ar = z[2 * k], ai = z[2 * k + 1];
    const float br = z[2 * (m - k)], bi = -z[2 * (m - k) + 1];
    const float er = 0.5f * (ar + br), ei = 0.5f * (ai + bi);
    const float dr = 0.5f * (ar - br), di = 0.5f * (ai - bi);
    const float orr = di, oi = -dr; // O = D / i
    const float wr = twRe[2 * k], wi = twIm[2 * k];
    const float wor = wr * orr - wi * oi, woi = wr * oi + wi * orr;
    const float xr = er + wor, xi = ei + woi, yr = er - wor, yi = ei - woi;
    p[k] = xr * xr + xi * xi;
    p[m - k] = yr * yr + yi * yi;
}

#if defined(MIRLO_HAVE_AVX_PASS)
// Steps k .. k + 3 at once; returns the first k not done.
__attribute__((target("avx"))) int powerPairsAvx(const float *z, int m, const float *twRe, const float *twIm,
                                                 float *p)
{
    const __m256 half = _mm256_set1_ps(0.5f);
    const __m256 oddSign = _mm256_castsi256_ps(_mm256_set_epi32(int(0x80000000), 0, int(0x80000000), 0,
                                                                int(0x80000000), 0, int(0x80000000), 0));
    int k = 1;
    for (; k + 3 <= m / 2; k += 4) {
        const __m256 a = _mm256_loadu_ps(z + 2 * k);
        __m256 b = _mm256_loadu_ps(z + 2 * (m - k - 3)); // z[m-k-3 .. m-k]
        b = _mm256_permute2f128_ps(b, b, 0x01);
        b = _mm256_shuffle_ps(b, b, _MM_SHUFFLE(1, 0, 3, 2)); // z[m-k .. m-k-3]
        b = _mm256_xor_ps(b, oddSign);                        // conjugated
        const __m256 e = _mm256_mul_ps(half, _mm256_add_ps(a, b));
        const __m256 d = _mm256_mul_ps(half, _mm256_sub_ps(a, b));
        const __m256 o = _mm256_xor_ps(_mm256_shuffle_ps(d, d, _MM_SHUFFLE(2, 3, 0, 1)), oddSign); // (di, -dr)
        const __m256 oSwap = _mm256_shuffle_ps(o, o, _MM_SHUFFLE(2, 3, 0, 1));
        const __m256 wo = _mm256_addsub_ps(_mm256_mul_ps(_mm256_loadu_ps(twRe + 2 * k), o),
                                           _mm256_mul_ps(_mm256_loadu_ps(twIm + 2 * k), oSwap));
        const __m256 x = _mm256_add_ps(e, wo), y = _mm256_sub_ps(e, wo);
        // (xr^2 + xi^2) per bin: pairs of [P(k) P(k+1) Q(k) Q(k+1) | P(k+2) P(k+3) Q(k+2) Q(k+3)].
        const __m256 h = _mm256_hadd_ps(_mm256_mul_ps(x, x), _mm256_mul_ps(y, y));
        const __m128 lo = _mm256_castps256_ps128(h), hi = _mm256_extractf128_ps(h, 1);
        _mm_storeu_ps(p + k, _mm_movelh_ps(lo, hi));
        const __m128 q = _mm_movehl_ps(hi, lo);
        _mm_storeu_ps(p + m - k - 3, _mm_shuffle_ps(q, q, _MM_SHUFFLE(0, 1, 2, 3)));
    }
    return k;
}

bool haveAvx()
{
    static const bool ok = __builtin_cpu_supports("avx");
    return ok;
}
#endif

} // namespace

RealSpectrum::RealSpectrum(int n, bool vectorPass) : m_n(n), m_vectorPass(vectorPass)
{
    if (n <= 0)
        return;
    float *in = static_cast<float *>(fftwf_malloc(sizeof(float) * size_t(n)));
    fftwf_complex *out = static_cast<fftwf_complex *>(fftwf_malloc(sizeof(fftwf_complex) * size_t(n / 2 + 1)));
    if (in && out) {
        m_halfComplex = n % 2 == 0 && n >= 4;
        std::lock_guard<std::mutex> lock(fftwPlannerMutex());
        m_plan = m_halfComplex
                     ? fftwf_plan_dft_1d(n / 2, reinterpret_cast<fftwf_complex *>(in), out, FFTW_FORWARD, FFTW_ESTIMATE)
                     : fftwf_plan_dft_r2c_1d(n, in, out, FFTW_ESTIMATE);
    }
    fftwf_free(in);
    fftwf_free(out);
    if (m_halfComplex) {
        const int steps = n / 4 + 4;
        m_twRe.resize(size_t(2 * steps));
        m_twIm.resize(size_t(2 * steps));
        for (int k = 0; k < steps; ++k) {
            const double angle = -2.0 * M_PI * double(k) / double(n);
            m_twRe[size_t(2 * k)] = m_twRe[size_t(2 * k + 1)] = float(std::cos(angle));
            m_twIm[size_t(2 * k)] = m_twIm[size_t(2 * k + 1)] = float(std::sin(angle));
        }
    }
}

RealSpectrum::~RealSpectrum()
{
    if (m_plan) {
        std::lock_guard<std::mutex> lock(fftwPlannerMutex());
        fftwf_destroy_plan(m_plan);
    }
}

void RealSpectrum::power(float *in, fftwf_complex *work, float *out) const
{
    if (!m_halfComplex) {
        fftwf_execute_dft_r2c(m_plan, in, work);
        for (int k = 0; k < binCount(); ++k)
            out[k] = work[k][0] * work[k][0] + work[k][1] * work[k][1];
        return;
    }
    fftwf_execute_dft(m_plan, reinterpret_cast<fftwf_complex *>(in), work);
    const int m = m_n / 2;
    const float *z = &work[0][0];
    // Bins 0 and m (DC and Nyquist) are real: z0.re +- z0.im.
    const float dc = z[0] + z[1], nyquist = z[0] - z[1];
    out[0] = dc * dc;
    out[m] = nyquist * nyquist;
    int k = 1;
#if defined(MIRLO_HAVE_AVX_PASS)
    if (m_vectorPass && haveAvx())
        k = powerPairsAvx(z, m, m_twRe.data(), m_twIm.data(), out);
#endif
    for (; k <= m / 2; ++k)
        powerPair(z, m, k, m_twRe.data(), m_twIm.data(), out);
}

void RealSpectrum::magnitude(float *in, fftwf_complex *work, float *out) const
{
    power(in, work, out);
    for (int k = 0; k < binCount(); ++k)
        out[k] = std::sqrt(out[k]);
}

} // namespace mirlo
