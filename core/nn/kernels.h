#pragma once
// Numerical kernels of the network layers: a bias-initialised GEMM on packed
// weights, vectorised sigmoid / tanh, and whole-sequence recurrences of the
// tanh RNN and the peephole LSTM. Each kernel has a portable scalar version
// and an AVX2+FMA version chosen at run time (the binary stays runnable on
// any x86-64). All data are float32, row-major, one row per frame.
#include <cstddef>
#include <vector>

namespace mirlo::nn {

// A weight matrix W [k, n] (applied as x · W) plus bias [n], repacked into
// column panels so the GEMM streams it linearly: panels of 32 columns, the
// last one 16 wide when paddedCols % 32 == 16. paddedCols = n rounded up to
// 16; padding columns have zero weights and zero bias.
struct PackedWeights {
    int inputs = 0;
    int outputs = 0;
    int paddedCols = 0;
    std::vector<float> panels; // panel p: inputs x panelWidth(p), starting at panelOffset(p)
    std::vector<float> bias;   // paddedCols

    // w has `inputs` rows of `ldw` floats, of which columns [0, outputs) are used.
    void pack(const float *w, int inputs, int outputs, int ldw, const float *bias);
    int panelCount() const { return (paddedCols + 31) / 32; }
    int panelWidth(int p) const { return paddedCols - 32 * p >= 32 ? 32 : 16; }
    size_t panelOffset(int p) const { return size_t(p) * 32 * size_t(inputs); }
};

// c[r, 0..paddedCols) = a[r, 0..inputs) · W + bias for r < rows. ldc >= paddedCols.
void gemmBias(const float *a, int rows, int lda, const PackedWeights &w, float *c, int ldc);

void sigmoidInPlace(float *x, size_t n);
void tanhInPlace(float *x, size_t n);

// Recurrence of one direction of a tanh RNN with `hidden` units:
// h_t = tanh(proj[t] + h_{t-1} · R). proj rows hold x·W + b (row stride ldp >=
// recurrentCols); R is [hidden, recurrentCols] row-major, zero beyond hidden.
// reverse = run t = T-1 .. 0 (state starts at the last frame). Writes `hidden`
// floats per frame to out + t * ldo. state = h (hidden floats): read as h_{-1}
// and updated, so a long sequence can be processed in consecutive blocks.
void rnnSequence(const float *proj, int frames, int ldp, const float *recurrent, int hidden, int recurrentCols,
                 bool reverse, float *out, int ldo, float *state);

// Recurrence of one direction of a peephole LSTM. proj rows hold x·W + b for
// the gates in madmom's order (input, forget, cell, output), `hidden` columns
// each, contiguous; rows must be readable up to recurrentCols columns. R is
// [hidden, recurrentCols] with the same column layout (recurrentCols = 4 *
// hidden rounded up to 16, zero padded). peepholes = 3 vectors (input, forget,
// output) of paddedHidden floats each, paddedHidden = hidden rounded up to 8,
// zero padded. state = [h, c] (2 * hidden floats), read and updated as for
// rnnSequence. (Measured: contiguous gates beat 8-aligned gate blocks here,
// the product's FMA count dominates.)
void lstmSequence(const float *proj, int frames, int ldp, const float *recurrent, int hidden, int recurrentCols,
                  const float *peepholes, bool reverse, float *out, int ldo, float *state);

inline int paddedHidden(int hidden)
{
    return (hidden + 7) / 8 * 8;
}

// Which kernels run: the best the CPU supports, capped by setMaxKernelLevel()
// (tests cap it to compare the paths). AVX-512 is used for the GEMM only.
enum class KernelLevel { Scalar, Avx2, Avx512 };
KernelLevel kernelLevel();
void setMaxKernelLevel(KernelLevel level);
const char *kernelLevelName(KernelLevel level);
inline bool simdActive()
{
    return kernelLevel() != KernelLevel::Scalar;
}
inline void setSimdEnabled(bool enabled)
{
    setMaxKernelLevel(enabled ? KernelLevel::Avx512 : KernelLevel::Scalar);
}

namespace scalar {
void gemmBias(const float *a, int rows, int lda, const PackedWeights &w, float *c, int ldc);
void sigmoidInPlace(float *x, size_t n);
void tanhInPlace(float *x, size_t n);
void rnnSequence(const float *proj, int frames, int ldp, const float *recurrent, int hidden, int recurrentCols,
                 bool reverse, float *out, int ldo, float *state);
void lstmSequence(const float *proj, int frames, int ldp, const float *recurrent, int hidden, int recurrentCols,
                  const float *peepholes, bool reverse, float *out, int ldo, float *state);
} // namespace scalar

namespace avx2 {
bool supported();
void gemmBias(const float *a, int rows, int lda, const PackedWeights &w, float *c, int ldc);
void sigmoidInPlace(float *x, size_t n);
void tanhInPlace(float *x, size_t n);
void rnnSequence(const float *proj, int frames, int ldp, const float *recurrent, int hidden, int recurrentCols,
                 bool reverse, float *out, int ldo, float *state);
void lstmSequence(const float *proj, int frames, int ldp, const float *recurrent, int hidden, int recurrentCols,
                  const float *peepholes, bool reverse, float *out, int ldo, float *state);
} // namespace avx2

namespace avx512 {
bool supported();
void gemmBias(const float *a, int rows, int lda, const PackedWeights &w, float *c, int ldc);
} // namespace avx512

} // namespace mirlo::nn
