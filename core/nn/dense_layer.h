#pragma once
// Fully connected layer y_t = act(x_t · W + b), W stored [inputs, outputs]
// (madmom's convention, a row-vector product). Softmax is taken over the
// outputs of each frame.
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

enum class Activation { Linear, Sigmoid, Tanh, Softmax };

// "sigmoid" / "tanh" / "softmax" / "linear"; false for anything else.
bool parseActivation(const QString &name, Activation *out);
// Applies the activation in place to a [rows, cols] block with row stride ld.
void applyActivation(Activation act, float *data, int rows, int cols, int ld);

class DenseLayer : public Layer {
public:
    DenseLayer(const std::vector<float> &weights, const std::vector<float> &bias, int inputs, int outputs,
               Activation act);
    // Reads <prefix>.weights [inputs, outputs] and <prefix>.bias [outputs].
    static std::unique_ptr<DenseLayer> load(const SafeTensors &st, const std::string &prefix, int inputs, int outputs,
                                            Activation act, QString *error);

    int inputSize() const override { return m_w.inputs; }
    int outputSize() const override { return m_w.outputs; }
    Matrix forward(const Matrix &input) const override;

private:
    PackedWeights m_w;
    Activation m_act;
};

} // namespace mirlo::nn
