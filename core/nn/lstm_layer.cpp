#include "core/nn/lstm_layer.h"

#include "core/model/safetensors.h"

#include <algorithm>
#include <memory>

namespace mirlo::nn {

LstmLayer::LstmLayer(const LstmGate &input, const LstmGate &forget, const LstmGate &cell, const LstmGate &output,
                     int inputs, int hidden)
    : m_hidden(hidden)
{
    const LstmGate *gates[4] = {&input, &forget, &cell, &output}; // madmom's gate order
    const int cols = 4 * hidden;
    std::vector<float> w(size_t(inputs) * size_t(cols)), b(static_cast<size_t>(cols));
    for (int g = 0; g < 4; ++g)
        for (int u = 0; u < hidden; ++u) {
            b[size_t(g * hidden + u)] = gates[g]->bias[size_t(u)];
            for (int r = 0; r < inputs; ++r)
                w[size_t(r) * size_t(cols) + size_t(g * hidden + u)] = gates[g]->weights[size_t(r * hidden + u)];
        }
    m_w.pack(w.data(), inputs, cols, cols, b.data());
    m_recurrent.assign(size_t(hidden) * size_t(m_w.paddedCols), 0.f);
    for (int g = 0; g < 4; ++g)
        for (int j = 0; j < hidden; ++j)
            for (int u = 0; u < hidden; ++u)
                m_recurrent[size_t(j) * size_t(m_w.paddedCols) + size_t(g * hidden + u)] =
                    gates[g]->recurrentWeights[size_t(j * hidden + u)];
    const int hp = paddedHidden(hidden);
    m_peepholes.assign(size_t(3 * hp), 0.f);
    const LstmGate *peep[3] = {&input, &forget, &output};
    for (int g = 0; g < 3; ++g)
        for (int u = 0; u < hidden && u < int(peep[g]->peepholes.size()); ++u)
            m_peepholes[size_t(g * hp + u)] = peep[g]->peepholes[size_t(u)];
}

std::unique_ptr<LstmLayer> LstmLayer::load(const SafeTensors &st, const std::string &prefix, int inputs, int hidden,
                                           QString *error)
{
    auto readGate = [&](const char *name, bool peephole, LstmGate &gate) {
        const std::string p = prefix + "." + name;
        return st.expectFloats(p + ".weights", {inputs, hidden}, gate.weights, error) &&
               st.expectFloats(p + ".bias", {hidden}, gate.bias, error) &&
               st.expectFloats(p + ".recurrent_weights", {hidden, hidden}, gate.recurrentWeights, error) &&
               (!peephole || st.expectFloats(p + ".peephole_weights", {hidden}, gate.peepholes, error));
    };
    LstmGate in, forget, cell, out;
    if (!readGate("input_gate", true, in) || !readGate("forget_gate", true, forget) || !readGate("cell", false, cell) ||
        !readGate("output_gate", true, out))
        return nullptr;
    return std::make_unique<LstmLayer>(in, forget, cell, out, inputs, hidden);
}

void LstmLayer::run(const Matrix &input, bool reverse, float *out, int ldo) const
{
    // As RecurrentLayer::run: per block of frames one GEMM for all four gates, then the recurrence.
    const int frames = input.rows, cols = m_w.paddedCols;
    if (frames == 0)
        return;
    const int block = std::min(frames, kSequenceBlock);
    const int blocks = (frames + block - 1) / block;
    const std::unique_ptr<float[]> proj(new float[size_t(block) * size_t(cols)]); // fully written by the GEMM
    std::vector<float> state(size_t(2 * m_hidden), 0.f);
    for (int i = 0; i < blocks; ++i) {
        const int t0 = (reverse ? blocks - 1 - i : i) * block, n = std::min(block, frames - t0);
        gemmBias(input.row(t0), n, input.cols, m_w, proj.get(), cols);
        lstmSequence(proj.get(), n, cols, m_recurrent.data(), m_hidden, cols, m_peepholes.data(), reverse,
                     out + size_t(t0) * size_t(ldo), ldo, state.data());
    }
}

} // namespace mirlo::nn
