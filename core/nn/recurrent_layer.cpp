#include "core/nn/recurrent_layer.h"

#include "core/model/safetensors.h"

#include <algorithm>
#include <memory>

namespace mirlo::nn {

RecurrentLayer::RecurrentLayer(const std::vector<float> &weights, const std::vector<float> &bias,
                               const std::vector<float> &recurrentWeights, int inputs, int hidden)
{
    m_w.pack(weights.data(), inputs, hidden, hidden, bias.data());
    m_recurrent.assign(size_t(hidden) * size_t(m_w.paddedCols), 0.f);
    for (int j = 0; j < hidden; ++j)
        for (int k = 0; k < hidden; ++k)
            m_recurrent[size_t(j) * size_t(m_w.paddedCols) + size_t(k)] = recurrentWeights[size_t(j * hidden + k)];
}

std::unique_ptr<RecurrentLayer> RecurrentLayer::load(const SafeTensors &st, const std::string &prefix, int inputs,
                                                     int hidden, QString *error)
{
    std::vector<float> w, b, r;
    if (!st.expectFloats(prefix + ".weights", {inputs, hidden}, w, error) ||
        !st.expectFloats(prefix + ".bias", {hidden}, b, error) ||
        !st.expectFloats(prefix + ".recurrent_weights", {hidden, hidden}, r, error))
        return nullptr;
    return std::make_unique<RecurrentLayer>(w, b, r, inputs, hidden);
}

void RecurrentLayer::run(const Matrix &input, bool reverse, float *out, int ldo) const
{
    // Blocks of frames: x·W for a block (one GEMM), then the recurrence over it
    // carrying the state. Bounded memory for long tracks, projections stay in cache.
    const int frames = input.rows, cols = m_w.paddedCols;
    if (frames == 0)
        return;
    const int block = std::min(frames, kSequenceBlock);
    const int blocks = (frames + block - 1) / block;
    const std::unique_ptr<float[]> proj(new float[size_t(block) * size_t(cols)]); // fully written by the GEMM
    std::vector<float> state(size_t(m_w.outputs), 0.f);
    for (int i = 0; i < blocks; ++i) {
        const int t0 = (reverse ? blocks - 1 - i : i) * block, n = std::min(block, frames - t0);
        gemmBias(input.row(t0), n, input.cols, m_w, proj.get(), cols);
        rnnSequence(proj.get(), n, cols, m_recurrent.data(), m_w.outputs, cols, reverse, out + size_t(t0) * size_t(ldo),
                    ldo, state.data());
    }
}

} // namespace mirlo::nn
