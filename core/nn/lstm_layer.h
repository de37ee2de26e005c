#pragma once
// One direction of madmom's LSTM layer with peepholes:
//   i = σ(x·Wi + bi + c_{t-1}*pi + h_{t-1}·Ri)   f = σ(x·Wf + bf + c_{t-1}*pf + h_{t-1}·Rf)
//   g = tanh(x·Wc + bc + h_{t-1}·Rc)             c_t = g*i + c_{t-1}*f
//   o = σ(x·Wo + bo + c_t*po + h_{t-1}·Ro)       h_t = tanh(c_t)*o
// (the output gate's peephole sees the NEW cell state; the cell input has none).
// The four gates are packed side by side so x·W is one GEMM for all of them.
#include "core/nn/kernels.h"
#include "core/nn/layer.h"

#include <QString>

#include <memory>
#include <string>
#include <vector>

namespace mirlo {
class SafeTensors;
}

namespace mirlo::nn {

struct LstmGate {
    std::vector<float> weights;          // [inputs, hidden]
    std::vector<float> bias;             // [hidden]
    std::vector<float> recurrentWeights; // [hidden, hidden]
    std::vector<float> peepholes;        // [hidden]; empty for the cell input
};

class LstmLayer : public SequenceLayer {
public:
    LstmLayer(const LstmGate &input, const LstmGate &forget, const LstmGate &cell, const LstmGate &output, int inputs,
              int hidden);
    // Reads <prefix>.{input_gate,forget_gate,output_gate}.{weights,bias,recurrent_weights,peephole_weights}
    // and <prefix>.cell.{weights,bias,recurrent_weights}.
    static std::unique_ptr<LstmLayer> load(const SafeTensors &st, const std::string &prefix, int inputs, int hidden,
                                           QString *error);

    int inputSize() const override { return m_w.inputs; }
    int hiddenSize() const override { return m_hidden; }
    void run(const Matrix &input, bool reverse, float *out, int ldo) const override;

private:
    int m_hidden = 0;
    PackedWeights m_w;              // [inputs, 4*hidden]: input, forget, cell, output
    std::vector<float> m_recurrent; // [hidden, m_w.paddedCols]
    std::vector<float> m_peepholes; // 3 x paddedHidden: input, forget, output
};

} // namespace mirlo::nn
