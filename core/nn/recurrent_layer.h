#pragma once
// One direction of a tanh recurrent layer (madmom RecurrentLayer):
// h_t = tanh(x_t · W + b + h_{t-1} · R), h_{-1} = 0. W [inputs, hidden],
// R [hidden, hidden] (R[j, k] connects previous unit j to unit k).
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

class RecurrentLayer : public SequenceLayer {
public:
    RecurrentLayer(const std::vector<float> &weights, const std::vector<float> &bias,
                   const std::vector<float> &recurrentWeights, int inputs, int hidden);
    // Reads <prefix>.weights, .bias, .recurrent_weights.
    static std::unique_ptr<RecurrentLayer> load(const SafeTensors &st, const std::string &prefix, int inputs,
                                                int hidden, QString *error);

    int inputSize() const override { return m_w.inputs; }
    int hiddenSize() const override { return m_w.outputs; }
    void run(const Matrix &input, bool reverse, float *out, int ldo) const override;

private:
    PackedWeights m_w;
    std::vector<float> m_recurrent; // [hidden, m_w.paddedCols], zero padded
};

} // namespace mirlo::nn
