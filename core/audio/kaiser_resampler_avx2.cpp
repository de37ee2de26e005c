// AVX2+FMA dot product of kaiserResample. Only this function is compiled for
// these instructions (no global -mavx2), so the library still runs on older
// CPUs: kaiser::dot calls in here only when avx2::supported().
#include "core/audio/kaiser_plan.h"

#include <immintrin.h>

#define MIRLO_AVX2 __attribute__((target("avx2,fma")))

namespace mirlo::kaiser::avx2 {

bool supported()
{
    static const bool ok = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return ok;
}

// Double accumulation (the weights are resampy's doubles; float32 sums would
// add up to ~5e-7 of rounding on top of resampy's own). Four accumulators
// hide the FMA latency; taps is a multiple of 16.
MIRLO_AVX2 double dot(const double *w, const float *x, int taps)
{
    __m256d a0 = _mm256_setzero_pd();
    __m256d a1 = _mm256_setzero_pd();
    __m256d a2 = _mm256_setzero_pd();
    __m256d a3 = _mm256_setzero_pd();
    for (int j = 0; j < taps; j += 16) {
        const __m256 xa = _mm256_loadu_ps(x + j);
        const __m256 xb = _mm256_loadu_ps(x + j + 8);
        a0 = _mm256_fmadd_pd(_mm256_loadu_pd(w + j), _mm256_cvtps_pd(_mm256_castps256_ps128(xa)), a0);
        a1 = _mm256_fmadd_pd(_mm256_loadu_pd(w + j + 4), _mm256_cvtps_pd(_mm256_extractf128_ps(xa, 1)), a1);
        a2 = _mm256_fmadd_pd(_mm256_loadu_pd(w + j + 8), _mm256_cvtps_pd(_mm256_castps256_ps128(xb)), a2);
        a3 = _mm256_fmadd_pd(_mm256_loadu_pd(w + j + 12), _mm256_cvtps_pd(_mm256_extractf128_ps(xb, 1)), a3);
    }
    const __m256d s = _mm256_add_pd(_mm256_add_pd(a0, a1), _mm256_add_pd(a2, a3));
    const __m128d h = _mm_add_pd(_mm256_castpd256_pd128(s), _mm256_extractf128_pd(s, 1));
    return _mm_cvtsd_f64(_mm_add_sd(h, _mm_unpackhi_pd(h, h)));
}

} // namespace mirlo::kaiser::avx2
