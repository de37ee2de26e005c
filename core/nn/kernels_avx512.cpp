// AVX-512 GEMM (the only kernel that gains from 512-bit vectors here: on
// Zen 4 it halves the loads and uops per FMA, 2-3x the AVX2 kernel's speed).
// 12 rows x 32 columns of accumulators (24 ZMM registers); the 16-wide tail
// panel uses 12 x 16. Only called when avx512::supported().
#include "core/nn/kernels.h"

#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define MIRLO_AVX512 __attribute__((target("avx512f")))

namespace mirlo::nn::avx512 {

bool supported()
{
    static const bool ok = __builtin_cpu_supports("avx512f");
    return ok;
}

namespace {

template <int MR, int NV>
MIRLO_AVX512 void microKernel(const float *a, int lda, const float *bp, int kc, float *c, int ldc, const float *init)
{
    __m512 acc[MR][NV];
    for (int r = 0; r < MR; ++r)
        for (int v = 0; v < NV; ++v)
            acc[r][v] = _mm512_loadu_ps((init ? init : c + size_t(r) * size_t(ldc)) + 16 * v);
    for (int k = 0; k < kc; ++k) {
        __m512 b[NV];
        for (int v = 0; v < NV; ++v)
            b[v] = _mm512_loadu_ps(bp + size_t(k) * 16 * NV + 16 * v);
#pragma GCC unroll 12
        for (int r = 0; r < MR; ++r) {
            const __m512 av = _mm512_set1_ps(a[size_t(r) * size_t(lda) + size_t(k)]);
            for (int v = 0; v < NV; ++v)
                acc[r][v] = _mm512_fmadd_ps(av, b[v], acc[r][v]);
        }
    }
    for (int r = 0; r < MR; ++r)
        for (int v = 0; v < NV; ++v)
            _mm512_storeu_ps(c + size_t(r) * size_t(ldc) + 16 * v, acc[r][v]);
}

using KernelFn = void (*)(const float *, int, const float *, int, float *, int, const float *);

template <int NV> KernelFn kernelFor(int rows)
{
    switch (rows) {
    case 1:
        return microKernel<1, NV>;
    case 2:
        return microKernel<2, NV>;
    case 3:
        return microKernel<3, NV>;
    case 4:
        return microKernel<4, NV>;
    case 5:
        return microKernel<5, NV>;
    case 6:
        return microKernel<6, NV>;
    case 7:
        return microKernel<7, NV>;
    case 8:
        return microKernel<8, NV>;
    case 9:
        return microKernel<9, NV>;
    case 10:
        return microKernel<10, NV>;
    case 11:
        return microKernel<11, NV>;
    default:
        return microKernel<12, NV>;
    }
}

} // namespace

void gemmBias(const float *a, int rows, int lda, const PackedWeights &w, float *c, int ldc)
{
    constexpr int kKc = 256, kMc = 96, kMr = 12;
    const int k = w.inputs;
    if (k == 0) {
        for (int r = 0; r < rows; ++r)
            std::memcpy(c + size_t(r) * size_t(ldc), w.bias.data(), size_t(w.paddedCols) * sizeof(float));
        return;
    }
    for (int k0 = 0; k0 < k; k0 += kKc) {
        const int kc = k - k0 < kKc ? k - k0 : kKc;
        for (int i0 = 0; i0 < rows; i0 += kMc) {
            const int iEnd = rows - i0 < kMc ? rows : i0 + kMc;
            for (int p = 0; p < w.panelCount(); ++p) {
                const int width = w.panelWidth(p);
                const float *bp = w.panels.data() + w.panelOffset(p) + size_t(k0) * size_t(width);
                const float *init = k0 == 0 ? w.bias.data() + p * 32 : nullptr;
                for (int i = i0; i < iEnd; i += kMr) {
                    const int mr = iEnd - i < kMr ? iEnd - i : kMr;
                    const KernelFn fn = width == 32 ? kernelFor<2>(mr) : kernelFor<1>(mr);
                    fn(a + size_t(i) * size_t(lda) + size_t(k0), lda, bp, kc,
                       c + size_t(i) * size_t(ldc) + size_t(p) * 32, ldc, init);
                }
            }
        }
    }
}

} // namespace mirlo::nn::avx512

#else

namespace mirlo::nn::avx512 {
bool supported()
{
    return false;
}
void gemmBias(const float *a, int rows, int lda, const PackedWeights &w, float *c, int ldc)
{
    scalar::gemmBias(a, rows, lda, w, c, ldc);
}
} // namespace mirlo::nn::avx512

#endif
