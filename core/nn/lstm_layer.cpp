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
    m_weights = std::move(w);
    m_bias = std::move(b);
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
        return st.expectFloats(p + ".weights", {inputs, hidden}, gate.weights, error)
            && st.expectFloats(p + ".bias", {hidden}, gate.bias, error)
            && st.expectFloats(p + ".recurrent_weights", {hidden, hidden}, gate.recurrentWeights, error)
            && (!peephole || st.expectFloats(p + ".peephole_weights", {hidden}, gate.peepholes, error));
    };
    LstmGate in, forget, cell, out;
    if (!readGate("input_gate", true, in) || !readGate("forget_gate", true, forget) || !readGate("cell", false, cell)
        || !readGate("output_gate", true, out))
        return nullptr;
    return std::make_unique<LstmLayer>(in, forget, cell, out, inputs, hidden);
}

void LstmLayer::run(const Matrix &input, bool reverse, float *out, int ldo) const
{
    if (input.rows == 0)
        return;
    // Uninitialised on purpose: the GEMM writes every element (saves a memset of ~13 MB per 5 minutes).
    const std::unique_ptr<float[]> proj(new float[size_t(input.rows) * size_t(m_w.paddedCols)]);
    gemmBias(input.values.data(), input.rows, input.cols, m_w, proj.get(), m_w.paddedCols);
    lstmSequence(proj.get(), input.rows, m_w.paddedCols, m_recurrent.data(), m_hidden, m_w.paddedCols,
                 m_peepholes.data(), reverse, out, ldo);
}

} // namespace mirlo::nn

namespace mirlo::nn {

PackedWeights LstmLayer::packPair(const LstmLayer &fwd, const LstmLayer &bwd)
{
    const int inputs = fwd.inputSize(), cols = 4 * fwd.m_hidden;
    std::vector<float> w(size_t(inputs) * size_t(2 * cols)), b(static_cast<size_t>(2 * cols));
    for (int r = 0; r < inputs; ++r) {
        std::copy_n(fwd.m_weights.data() + size_t(r) * size_t(cols), cols, w.data() + size_t(r) * size_t(2 * cols));
        std::copy_n(bwd.m_weights.data() + size_t(r) * size_t(cols), cols,
                    w.data() + size_t(r) * size_t(2 * cols) + size_t(cols));
    }
    std::copy(fwd.m_bias.begin(), fwd.m_bias.end(), b.begin());
    std::copy(bwd.m_bias.begin(), bwd.m_bias.end(), b.begin() + cols);
    PackedWeights pair;
    pair.pack(w.data(), inputs, 2 * cols, 2 * cols, b.data());
    return pair;
}

void LstmLayer::runPair(const LstmLayer &fwd, const LstmLayer &bwd, const PackedWeights &pair, const Matrix &input,
                        float *out, int ldo)
{
    if (input.rows == 0)
        return;
    const size_t size = size_t(input.rows) * size_t(pair.paddedCols);
    // The backward half's rows are read up to recurrentCols past their start: zeroed slack for the last one.
    const size_t slack = size_t(fwd.m_w.paddedCols);
    const std::unique_ptr<float[]> proj(new float[size + slack]);
    std::fill_n(proj.get() + size, slack, 0.f);
    gemmBias(input.values.data(), input.rows, input.cols, pair, proj.get(), pair.paddedCols);
    // The two recurrences run one after the other: interleaving them in one loop measured slower.
    lstmSequence(proj.get(), input.rows, pair.paddedCols, fwd.m_recurrent.data(), fwd.m_hidden, fwd.m_w.paddedCols,
                 fwd.m_peepholes.data(), false, out, ldo);
    lstmSequence(proj.get() + 4 * fwd.m_hidden, input.rows, pair.paddedCols, bwd.m_recurrent.data(), bwd.m_hidden,
                 bwd.m_w.paddedCols, bwd.m_peepholes.data(), true, out + fwd.m_hidden, ldo);
}

} // namespace mirlo::nn
