#include "core/dsp/numpy_log.h"

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#if defined(__x86_64__)
#include <immintrin.h>
#define MIRLO_NUMPY_LOG_AVX2 1
#endif

namespace mirlo {

namespace {

// numpy/core/src/common/npy_simd_data.h (NPY_COEFF_{P,Q}{0..5}_LOGf) and npy_math.h.
constexpr float kP0 = 0.000000000000000000000e+00f, kP1 = 9.999999999999998702752e-01f,
                kP2 = 2.112677543073053063722e+00f, kP3 = 1.480000633576506585156e+00f,
                kP4 = 3.808837741388407920751e-01f, kP5 = 2.589979117907922693523e-02f;
constexpr float kQ0 = 1.000000000000000000000e+00f, kQ1 = 2.612677543073109236779e+00f,
                kQ2 = 2.453006071784736363091e+00f, kQ3 = 9.864942958519418960339e-01f,
                kQ4 = 1.546476374983906719538e-01f, kQ5 = 5.875095403124574342950e-03f;
constexpr float kLogE2 = 0.693147180559945309417232121458176568f;
constexpr float kSqrt1_2 = 0.707106781186547524400844362104849039f;

float scalarLog(float v)
{
    if (std::isnan(v))
        return v;
    if (v < 0.f)
        return std::numeric_limits<float>::quiet_NaN();
    if (v == 0.f)
        return -std::numeric_limits<float>::infinity();
    if (std::isinf(v))
        return v;
    // v = x * 2^e with x in [0.5, 1); frexp splits subnormals exactly like
    // AVX512F getmant/getexp, and normals like the bit manipulation of the AVX2 path.
    int exponent = 0;
    float x = std::frexp(v, &exponent);
    float e = float(exponent);
    if (x <= kSqrt1_2) {
        x = x + x;
        e = e - 1.f;
    }
    x = x - 1.f;
    float num = std::fma(kP5, x, kP4);
    num = std::fma(num, x, kP3);
    num = std::fma(num, x, kP2);
    num = std::fma(num, x, kP1);
    num = std::fma(num, x, kP0);
    float den = std::fma(kQ5, x, kQ4);
    den = std::fma(den, x, kQ3);
    den = std::fma(den, x, kQ2);
    den = std::fma(den, x, kQ1);
    den = std::fma(den, x, kQ0);
    return std::fma(e, kLogE2, num / den);
}

#if MIRLO_NUMPY_LOG_AVX2
// Same steps, eight lanes (numpy's fma_* kernel). Only explicit FMAs: there is
// no separate multiply that the compiler could contract differently.
__attribute__((target("avx2,fma"))) size_t avx2Log(const float *in, float *out, size_t count)
{
    const __m256 one = _mm256_set1_ps(1.f), sqrt1_2 = _mm256_set1_ps(kSqrt1_2);
    const __m256 fltMin = _mm256_set1_ps(FLT_MIN), fltMax = _mm256_set1_ps(FLT_MAX);
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        const __m256 v = _mm256_loadu_ps(in + i);
        const __m256 normal = _mm256_and_ps(_mm256_cmp_ps(v, fltMin, _CMP_GE_OQ), _mm256_cmp_ps(v, fltMax, _CMP_LE_OQ));
        if (_mm256_movemask_ps(normal) != 0xff) {
            for (size_t j = i; j < i + 8; ++j)
                out[j] = scalarLog(in[j]);
            continue;
        }
        const __m256i bits = _mm256_castps_si256(v);
        __m256 e = _mm256_cvtepi32_ps(_mm256_sub_epi32(_mm256_srli_epi32(bits, 23), _mm256_set1_epi32(126)));
        __m256 x = _mm256_castsi256_ps(
            _mm256_or_si256(_mm256_and_si256(bits, _mm256_set1_epi32(0x007fffff)), _mm256_set1_epi32(0x3f000000)));
        const __m256 small = _mm256_cmp_ps(x, sqrt1_2, _CMP_LE_OQ);
        x = _mm256_blendv_ps(x, _mm256_add_ps(x, x), small);
        e = _mm256_blendv_ps(e, _mm256_sub_ps(e, one), small);
        x = _mm256_sub_ps(x, one);
        __m256 num = _mm256_fmadd_ps(_mm256_set1_ps(kP5), x, _mm256_set1_ps(kP4));
        num = _mm256_fmadd_ps(num, x, _mm256_set1_ps(kP3));
        num = _mm256_fmadd_ps(num, x, _mm256_set1_ps(kP2));
        num = _mm256_fmadd_ps(num, x, _mm256_set1_ps(kP1));
        num = _mm256_fmadd_ps(num, x, _mm256_set1_ps(kP0));
        __m256 den = _mm256_fmadd_ps(_mm256_set1_ps(kQ5), x, _mm256_set1_ps(kQ4));
        den = _mm256_fmadd_ps(den, x, _mm256_set1_ps(kQ3));
        den = _mm256_fmadd_ps(den, x, _mm256_set1_ps(kQ2));
        den = _mm256_fmadd_ps(den, x, _mm256_set1_ps(kQ1));
        den = _mm256_fmadd_ps(den, x, _mm256_set1_ps(kQ0));
        const __m256 r = _mm256_fmadd_ps(e, _mm256_set1_ps(kLogE2), _mm256_div_ps(num, den));
        _mm256_storeu_ps(out + i, r);
    }
    return i;
}
#endif

} // namespace

float numpyLogf(float x)
{
    return scalarLog(x);
}

void numpyLogFloat(const float *in, float *out, size_t count)
{
    size_t i = 0;
#if MIRLO_NUMPY_LOG_AVX2
    static const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    if (avx2)
        i = avx2Log(in, out, count);
#endif
    for (; i < count; ++i)
        out[i] = scalarLog(in[i]);
}

} // namespace mirlo
