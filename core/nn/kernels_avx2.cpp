// AVX2 + FMA versions of the kernels. Only the functions marked MIRLO_AVX2 use
// these instructions (no global -mavx2), so the library still runs on older
// CPUs: kernels.cpp calls in here only when avx2::supported().
//
// GEMM: 6x16 register-blocked micro kernel on 16-column weight panels, K split
// into chunks of 256 so a panel chunk (16 KB) stays in L1 while the rows pass.
// Recurrences: the h_{t-1} · R product for all gates is held in up to 16 YMM
// accumulators initialised with the precomputed x·W + b row, then the gates
// are applied 8 units at a time with a Cephes-style exp (rel. error ~1e-7).
#include "core/nn/kernels.h"

#include <cstring>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define MIRLO_AVX2 __attribute__((target("avx2,fma")))

namespace mirlo::nn::avx2 {

bool supported()
{
    static const bool ok = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return ok;
}

namespace {

MIRLO_AVX2 inline __m256 expPs(__m256 x)
{
    // exp(x) = 2^n · exp(r), r = x − n·ln2 in [−ln2/2, ln2/2]; Cephes polynomial.
    x = _mm256_min_ps(_mm256_max_ps(x, _mm256_set1_ps(-87.0f)), _mm256_set1_ps(88.0f));
    const __m256 n = _mm256_floor_ps(_mm256_fmadd_ps(x, _mm256_set1_ps(1.44269504088896341f), _mm256_set1_ps(0.5f)));
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
    __m256 y = _mm256_set1_ps(1.9875691500e-4f);
    y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(1.3981999507e-3f));
    y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(8.3334519073e-3f));
    y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(4.1665795894e-2f));
    y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(1.6666665459e-1f));
    y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(5.0000001201e-1f));
    y = _mm256_fmadd_ps(y, _mm256_mul_ps(r, r), _mm256_add_ps(r, _mm256_set1_ps(1.f)));
    const __m256i e = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvttps_epi32(n), _mm256_set1_epi32(127)), 23);
    return _mm256_mul_ps(y, _mm256_castsi256_ps(e));
}

MIRLO_AVX2 inline __m256 sigmoidPs(__m256 x)
{
    // A true division (not rcp + Newton): keeps the activations within ~1e-7 of 1/(1+exp(-x)).
    const __m256 one = _mm256_set1_ps(1.f);
    return _mm256_div_ps(one, _mm256_add_ps(one, expPs(_mm256_sub_ps(_mm256_setzero_ps(), x))));
}

MIRLO_AVX2 inline __m256 tanhPs(__m256 x)
{
    // tanh(x) = 1 − 2 / (exp(2x) + 1): absolute error ~2e-7 everywhere, saturates cleanly.
    const __m256 one = _mm256_set1_ps(1.f);
    const __m256 e = expPs(_mm256_add_ps(x, x));
    return _mm256_sub_ps(one, _mm256_div_ps(_mm256_set1_ps(2.f), _mm256_add_ps(e, one)));
}

template <int MR>
MIRLO_AVX2 void microKernel(const float *a, int lda, const float *bp, int bs, int kc, float *c, int ldc,
                            const float *init)
{
    __m256 c0[MR], c1[MR];
    for (int r = 0; r < MR; ++r) {
        const float *src = init ? init : c + size_t(r) * size_t(ldc);
        c0[r] = _mm256_loadu_ps(src);
        c1[r] = _mm256_loadu_ps(src + 8);
    }
    for (int k = 0; k < kc; ++k) {
        const __m256 b0 = _mm256_loadu_ps(bp + bs * k);
        const __m256 b1 = _mm256_loadu_ps(bp + bs * k + 8);
#pragma GCC unroll 6
        for (int r = 0; r < MR; ++r) {
            const __m256 av = _mm256_broadcast_ss(a + size_t(r) * size_t(lda) + size_t(k));
            c0[r] = _mm256_fmadd_ps(av, b0, c0[r]);
            c1[r] = _mm256_fmadd_ps(av, b1, c1[r]);
        }
    }
    for (int r = 0; r < MR; ++r) {
        _mm256_storeu_ps(c + size_t(r) * size_t(ldc), c0[r]);
        _mm256_storeu_ps(c + size_t(r) * size_t(ldc) + 8, c1[r]);
    }
}

// z[0 .. 8·NV) = p + h · R, R with 8·NV columns.
template <int NV> MIRLO_AVX2 inline void matvec(const float *p, const float *h, int hidden, const float *R, float *z)
{
    __m256 acc[NV];
#pragma GCC unroll 16
    for (int v = 0; v < NV; ++v)
        acc[v] = _mm256_loadu_ps(p + 8 * v);
    for (int j = 0; j < hidden; ++j) {
        const __m256 hj = _mm256_broadcast_ss(h + j);
        const float *row = R + size_t(j) * 8 * NV;
#pragma GCC unroll 16
        for (int v = 0; v < NV; ++v)
            acc[v] = _mm256_fmadd_ps(hj, _mm256_loadu_ps(row + 8 * v), acc[v]);
    }
#pragma GCC unroll 16
    for (int v = 0; v < NV; ++v)
        _mm256_storeu_ps(z + 8 * v, acc[v]);
}

MIRLO_AVX2 void matvecAny(const float *p, const float *h, int hidden, const float *R, int cols, float *z)
{
    std::memcpy(z, p, size_t(cols) * sizeof(float));
    for (int j = 0; j < hidden; ++j) {
        const __m256 hj = _mm256_broadcast_ss(h + j);
        const float *row = R + size_t(j) * size_t(cols);
        for (int v = 0; v < cols; v += 8)
            _mm256_storeu_ps(z + v, _mm256_fmadd_ps(hj, _mm256_loadu_ps(row + v), _mm256_loadu_ps(z + v)));
    }
}

using MatvecFn = void (*)(const float *, const float *, int, const float *, float *);

MatvecFn matvecFor(int cols)
{
    switch (cols / 8) {
    case 2:
        return matvec<2>;
    case 4:
        return matvec<4>;
    case 6:
        return matvec<6>;
    case 8:
        return matvec<8>;
    case 10:
        return matvec<10>;
    case 12:
        return matvec<12>;
    case 14:
        return matvec<14>;
    case 16:
        return matvec<16>;
    default:
        return nullptr;
    }
}

} // namespace

MIRLO_AVX2 void gemmBias(const float *a, int rows, int lda, const PackedWeights &w, float *c, int ldc)
{
    constexpr int kKc = 256, kMc = 96, kMr = 6;
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
            // Each 32-wide panel is done as two 16-column halves (row stride bs in the panel).
            for (int h = 0; h < w.paddedCols / 16; ++h) {
                const int p = h / 2, bs = w.panelWidth(p);
                const float *bp = w.panels.data() + w.panelOffset(p) + size_t(k0) * size_t(bs) + size_t(h % 2) * 16;
                const float *init = k0 == 0 ? w.bias.data() + h * 16 : nullptr;
                for (int i = i0; i < iEnd; i += kMr) {
                    const float *ai = a + size_t(i) * size_t(lda) + size_t(k0);
                    float *ci = c + size_t(i) * size_t(ldc) + size_t(h) * 16;
                    switch (iEnd - i < kMr ? iEnd - i : kMr) {
                    case 1:
                        microKernel<1>(ai, lda, bp, bs, kc, ci, ldc, init);
                        break;
                    case 2:
                        microKernel<2>(ai, lda, bp, bs, kc, ci, ldc, init);
                        break;
                    case 3:
                        microKernel<3>(ai, lda, bp, bs, kc, ci, ldc, init);
                        break;
                    case 4:
                        microKernel<4>(ai, lda, bp, bs, kc, ci, ldc, init);
                        break;
                    case 5:
                        microKernel<5>(ai, lda, bp, bs, kc, ci, ldc, init);
                        break;
                    default:
                        microKernel<6>(ai, lda, bp, bs, kc, ci, ldc, init);
                        break;
                    }
                }
            }
        }
    }
}

MIRLO_AVX2 void sigmoidInPlace(float *x, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(x + i, sigmoidPs(_mm256_loadu_ps(x + i)));
    if (i < n) {
        alignas(32) float tmp[8] = {};
        std::memcpy(tmp, x + i, (n - i) * sizeof(float));
        _mm256_store_ps(tmp, sigmoidPs(_mm256_load_ps(tmp)));
        std::memcpy(x + i, tmp, (n - i) * sizeof(float));
    }
}

MIRLO_AVX2 void tanhInPlace(float *x, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(x + i, tanhPs(_mm256_loadu_ps(x + i)));
    if (i < n) {
        alignas(32) float tmp[8] = {};
        std::memcpy(tmp, x + i, (n - i) * sizeof(float));
        _mm256_store_ps(tmp, tanhPs(_mm256_load_ps(tmp)));
        std::memcpy(x + i, tmp, (n - i) * sizeof(float));
    }
}

MIRLO_AVX2 void rnnSequence(const float *proj, int frames, int ldp, const float *recurrent, int hidden,
                            int recurrentCols, bool reverse, float *out, int ldo, float *state)
{
    const int hp = paddedHidden(hidden);
    std::vector<float> h(size_t(hp), 0.f), z(size_t(recurrentCols + hp), 0.f);
    std::memcpy(h.data(), state, size_t(hidden) * sizeof(float));
    const MatvecFn mv = matvecFor(recurrentCols);
    for (int step = 0; step < frames; ++step) {
        const int t = reverse ? frames - 1 - step : step;
        const float *p = proj + size_t(t) * size_t(ldp);
        if (mv)
            mv(p, h.data(), hidden, recurrent, z.data());
        else
            matvecAny(p, h.data(), hidden, recurrent, recurrentCols, z.data());
        for (int u = 0; u < hidden; u += 8)
            _mm256_storeu_ps(h.data() + u, tanhPs(_mm256_loadu_ps(z.data() + u)));
        for (int u = hidden; u < hp; ++u) // padding lanes must not feed later steps
            h[size_t(u)] = 0.f;
        std::memcpy(out + size_t(t) * size_t(ldo), h.data(), size_t(hidden) * sizeof(float));
    }
    std::memcpy(state, h.data(), size_t(hidden) * sizeof(float));
}

MIRLO_AVX2 void lstmSequence(const float *proj, int frames, int ldp, const float *recurrent, int hidden,
                             int recurrentCols, const float *peepholes, bool reverse, float *out, int ldo, float *state)
{
    const int hp = paddedHidden(hidden);
    const float *pi = peepholes, *pf = peepholes + hp, *po = peepholes + 2 * hp;
    std::vector<float> h(size_t(hp), 0.f), c(size_t(hp), 0.f), z(size_t(recurrentCols + hp), 0.f);
    std::memcpy(h.data(), state, size_t(hidden) * sizeof(float));
    std::memcpy(c.data(), state + hidden, size_t(hidden) * sizeof(float));
    const MatvecFn mv = matvecFor(recurrentCols);
    const int h1 = hidden, h2 = 2 * hidden, h3 = 3 * hidden;
    for (int step = 0; step < frames; ++step) {
        const int t = reverse ? frames - 1 - step : step;
        const float *p = proj + size_t(t) * size_t(ldp);
        if (mv)
            mv(p, h.data(), hidden, recurrent, z.data());
        else
            matvecAny(p, h.data(), hidden, recurrent, recurrentCols, z.data());
        const float *zp = z.data();
        for (int u = 0; u < hidden; u += 8) {
            const __m256 cPrev = _mm256_loadu_ps(c.data() + u);
            const __m256 ig = sigmoidPs(_mm256_fmadd_ps(cPrev, _mm256_loadu_ps(pi + u), _mm256_loadu_ps(zp + u)));
            const __m256 fg = sigmoidPs(_mm256_fmadd_ps(cPrev, _mm256_loadu_ps(pf + u), _mm256_loadu_ps(zp + h1 + u)));
            const __m256 g = tanhPs(_mm256_loadu_ps(zp + h2 + u));
            const __m256 cNew = _mm256_fmadd_ps(g, ig, _mm256_mul_ps(cPrev, fg));
            const __m256 og = sigmoidPs(_mm256_fmadd_ps(cNew, _mm256_loadu_ps(po + u), _mm256_loadu_ps(zp + h3 + u)));
            _mm256_storeu_ps(c.data() + u, cNew);
            _mm256_storeu_ps(h.data() + u, _mm256_mul_ps(tanhPs(cNew), og));
        }
        for (int u = hidden; u < hp; ++u) {
            c[size_t(u)] = 0.f;
            h[size_t(u)] = 0.f;
        }
        std::memcpy(out + size_t(t) * size_t(ldo), h.data(), size_t(hidden) * sizeof(float));
    }
    std::memcpy(state, h.data(), size_t(hidden) * sizeof(float));
    std::memcpy(state + hidden, c.data(), size_t(hidden) * sizeof(float));
}

} // namespace mirlo::nn::avx2

#else // not x86: the dispatcher never calls these

namespace mirlo::nn::avx2 {
bool supported()
{
    return false;
}
void gemmBias(const float *a, int rows, int lda, const PackedWeights &w, float *c, int ldc)
{
    scalar::gemmBias(a, rows, lda, w, c, ldc);
}
void sigmoidInPlace(float *x, size_t n)
{
    scalar::sigmoidInPlace(x, n);
}
void tanhInPlace(float *x, size_t n)
{
    scalar::tanhInPlace(x, n);
}
void rnnSequence(const float *proj, int frames, int ldp, const float *recurrent, int hidden, int recurrentCols,
                 bool reverse, float *out, int ldo, float *state)
{
    scalar::rnnSequence(proj, frames, ldp, recurrent, hidden, recurrentCols, reverse, out, ldo, state);
}
void lstmSequence(const float *proj, int frames, int ldp, const float *recurrent, int hidden, int recurrentCols,
                  const float *peepholes, bool reverse, float *out, int ldo, float *state)
{
    scalar::lstmSequence(proj, frames, ldp, recurrent, hidden, recurrentCols, peepholes, reverse, out, ldo, state);
}
} // namespace mirlo::nn::avx2

#endif
