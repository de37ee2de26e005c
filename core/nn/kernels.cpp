// Portable kernels and the run-time choice between them and the AVX2 ones.
#include "core/nn/kernels.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <vector>

namespace mirlo::nn {

void PackedWeights::pack(const float *w, int k, int n, int ldw, const float *b)
{
    inputs = k;
    outputs = n;
    paddedCols = (n + 15) / 16 * 16;
    panels.assign(size_t(k) * size_t(paddedCols), 0.f);
    bias.assign(size_t(paddedCols), 0.f);
    for (int p = 0; p < panelCount(); ++p) {
        const int width = panelWidth(p);
        float *panel = panels.data() + panelOffset(p);
        for (int r = 0; r < k; ++r)
            for (int j = 0; j < width && p * 32 + j < n; ++j)
                panel[size_t(r) * size_t(width) + size_t(j)] = w[size_t(r) * size_t(ldw) + size_t(p * 32 + j)];
    }
    if (b)
        std::copy(b, b + n, bias.begin());
}

namespace {
std::atomic<int> g_maxLevel{int(KernelLevel::Avx512)};
bool useAvx2()
{
    return g_maxLevel.load(std::memory_order_relaxed) >= int(KernelLevel::Avx2) && avx2::supported();
}
bool useAvx512()
{
    return g_maxLevel.load(std::memory_order_relaxed) >= int(KernelLevel::Avx512) && avx512::supported() &&
           avx2::supported();
}
} // namespace

KernelLevel kernelLevel()
{
    return useAvx512() ? KernelLevel::Avx512 : useAvx2() ? KernelLevel::Avx2 : KernelLevel::Scalar;
}
void setMaxKernelLevel(KernelLevel level)
{
    g_maxLevel.store(int(level));
}
const char *kernelLevelName(KernelLevel level)
{
    switch (level) {
    case KernelLevel::Scalar:
        return "scalar";
    case KernelLevel::Avx2:
        return "AVX2";
    case KernelLevel::Avx512:
        return "AVX-512 GEMM + AVX2";
    }
    return "";
}

void gemmBias(const float *a, int rows, int lda, const PackedWeights &w, float *c, int ldc)
{
    if (useAvx512())
        avx512::gemmBias(a, rows, lda, w, c, ldc);
    else if (useAvx2())
        avx2::gemmBias(a, rows, lda, w, c, ldc);
    else
        scalar::gemmBias(a, rows, lda, w, c, ldc);
}
void sigmoidInPlace(float *x, size_t n)
{
    useAvx2() ? avx2::sigmoidInPlace(x, n) : scalar::sigmoidInPlace(x, n);
}
void tanhInPlace(float *x, size_t n)
{
    useAvx2() ? avx2::tanhInPlace(x, n) : scalar::tanhInPlace(x, n);
}

void rnnSequence(const float *proj, int frames, int ldp, const float *recurrent, int hidden, int recurrentCols,
                 bool reverse, float *out, int ldo, float *state)
{
    if (useAvx2())
        avx2::rnnSequence(proj, frames, ldp, recurrent, hidden, recurrentCols, reverse, out, ldo, state);
    else
        scalar::rnnSequence(proj, frames, ldp, recurrent, hidden, recurrentCols, reverse, out, ldo, state);
}

void lstmSequence(const float *proj, int frames, int ldp, const float *recurrent, int hidden, int recurrentCols,
                  const float *peepholes, bool reverse, float *out, int ldo, float *state)
{
    if (useAvx2())
        avx2::lstmSequence(proj, frames, ldp, recurrent, hidden, recurrentCols, peepholes, reverse, out, ldo, state);
    else
        scalar::lstmSequence(proj, frames, ldp, recurrent, hidden, recurrentCols, peepholes, reverse, out, ldo, state);
}

namespace scalar {

void gemmBias(const float *a, int rows, int lda, const PackedWeights &w, float *c, int ldc)
{
    const int k = w.inputs;
    for (int r = 0; r < rows; ++r) {
        const float *x = a + size_t(r) * size_t(lda);
        float *y = c + size_t(r) * size_t(ldc);
        for (int p = 0; p < w.panelCount(); ++p) {
            const int width = w.panelWidth(p);
            float acc[32];
            std::copy(w.bias.begin() + p * 32, w.bias.begin() + p * 32 + width, acc);
            const float *panel = w.panels.data() + w.panelOffset(p);
            for (int i = 0; i < k; ++i)
                for (int j = 0; j < width; ++j)
                    acc[j] += x[i] * panel[size_t(i) * size_t(width) + size_t(j)];
            std::copy(acc, acc + width, y + p * 32);
        }
    }
}

void sigmoidInPlace(float *x, size_t n)
{
    for (size_t i = 0; i < n; ++i)
        x[i] = 1.f / (1.f + std::exp(-x[i]));
}

void tanhInPlace(float *x, size_t n)
{
    for (size_t i = 0; i < n; ++i)
        x[i] = std::tanh(x[i]);
}

void rnnSequence(const float *proj, int frames, int ldp, const float *recurrent, int hidden, int recurrentCols,
                 bool reverse, float *out, int ldo, float *state)
{
    std::vector<float> h(state, state + hidden), next(static_cast<size_t>(hidden));
    for (int step = 0; step < frames; ++step) {
        const int t = reverse ? frames - 1 - step : step;
        const float *p = proj + size_t(t) * size_t(ldp);
        for (int u = 0; u < hidden; ++u)
            next[size_t(u)] = p[u];
        for (int j = 0; j < hidden; ++j)
            for (int u = 0; u < hidden; ++u)
                next[size_t(u)] += h[size_t(j)] * recurrent[size_t(j) * size_t(recurrentCols) + size_t(u)];
        for (int u = 0; u < hidden; ++u)
            h[size_t(u)] = std::tanh(next[size_t(u)]);
        std::copy(h.begin(), h.end(), out + size_t(t) * size_t(ldo));
    }
    std::copy(h.begin(), h.end(), state);
}

void lstmSequence(const float *proj, int frames, int ldp, const float *recurrent, int hidden, int recurrentCols,
                  const float *peepholes, bool reverse, float *out, int ldo, float *state)
{
    const int hp = paddedHidden(hidden);
    const float *pi = peepholes, *pf = peepholes + hp, *po = peepholes + 2 * hp;
    std::vector<float> h(state, state + hidden), c(state + hidden, state + 2 * hidden), z(size_t(4 * hidden));
    auto sigmoid = [](float v) { return 1.f / (1.f + std::exp(-v)); };
    for (int step = 0; step < frames; ++step) {
        const int t = reverse ? frames - 1 - step : step;
        const float *p = proj + size_t(t) * size_t(ldp);
        std::copy(p, p + 4 * hidden, z.begin());
        for (int j = 0; j < hidden; ++j)
            for (int u = 0; u < 4 * hidden; ++u)
                z[size_t(u)] += h[size_t(j)] * recurrent[size_t(j) * size_t(recurrentCols) + size_t(u)];
        for (int u = 0; u < hidden; ++u) {
            const float i = sigmoid(z[size_t(u)] + c[size_t(u)] * pi[u]);
            const float f = sigmoid(z[size_t(hidden + u)] + c[size_t(u)] * pf[u]);
            const float g = std::tanh(z[size_t(2 * hidden + u)]);
            c[size_t(u)] = g * i + c[size_t(u)] * f;
            const float o = sigmoid(z[size_t(3 * hidden + u)] + c[size_t(u)] * po[u]);
            h[size_t(u)] = std::tanh(c[size_t(u)]) * o;
        }
        std::copy(h.begin(), h.end(), out + size_t(t) * size_t(ldo));
    }
    std::copy(h.begin(), h.end(), state);
    std::copy(c.begin(), c.end(), state + hidden);
}

} // namespace scalar
} // namespace mirlo::nn
