#include "core/nn/dense_layer.h"

#include "core/model/safetensors.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace mirlo::nn {

bool parseActivation(const QString &name, Activation *out)
{
    if (name == QLatin1String("sigmoid"))
        *out = Activation::Sigmoid;
    else if (name == QLatin1String("tanh"))
        *out = Activation::Tanh;
    else if (name == QLatin1String("softmax"))
        *out = Activation::Softmax;
    else if (name == QLatin1String("linear"))
        *out = Activation::Linear;
    else
        return false;
    return true;
}

void applyActivation(Activation act, float *data, int rows, int cols, int ld)
{
    for (int r = 0; r < rows; ++r) {
        float *x = data + size_t(r) * size_t(ld);
        switch (act) {
        case Activation::Linear:
            break;
        case Activation::Sigmoid:
            sigmoidInPlace(x, size_t(cols));
            break;
        case Activation::Tanh:
            tanhInPlace(x, size_t(cols));
            break;
        case Activation::Softmax: {
            // exp(x - max) / sum, as madmom (subtracting the max keeps exp finite).
            const float m = *std::max_element(x, x + cols);
            float sum = 0.f;
            for (int c = 0; c < cols; ++c) {
                x[c] = std::exp(x[c] - m);
                sum += x[c];
            }
            for (int c = 0; c < cols; ++c)
                x[c] /= sum;
            break;
        }
        }
    }
}

DenseLayer::DenseLayer(const std::vector<float> &weights, const std::vector<float> &bias, int inputs, int outputs,
                       Activation act)
    : m_act(act)
{
    m_w.pack(weights.data(), inputs, outputs, outputs, bias.data());
}

std::unique_ptr<DenseLayer> DenseLayer::load(const SafeTensors &st, const std::string &prefix, int inputs, int outputs,
                                             Activation act, QString *error)
{
    std::vector<float> w, b;
    if (!st.expectFloats(prefix + ".weights", {inputs, outputs}, w, error) ||
        !st.expectFloats(prefix + ".bias", {outputs}, b, error))
        return nullptr;
    return std::make_unique<DenseLayer>(w, b, inputs, outputs, act);
}

Matrix DenseLayer::forward(const Matrix &input) const
{
    Matrix out(input.rows, m_w.outputs);
    if (input.rows == 0)
        return out;
    if (m_w.paddedCols == m_w.outputs) {
        gemmBias(input.values.data(), input.rows, input.cols, m_w, out.values.data(), out.cols);
    } else {
        // The GEMM writes whole 16-column panels; go through a padded buffer in blocks.
        constexpr int kBlock = 512;
        std::vector<float> tmp(size_t(kBlock) * size_t(m_w.paddedCols));
        for (int r0 = 0; r0 < input.rows; r0 += kBlock) {
            const int n = std::min(kBlock, input.rows - r0);
            gemmBias(input.row(r0), n, input.cols, m_w, tmp.data(), m_w.paddedCols);
            for (int r = 0; r < n; ++r)
                std::memcpy(out.row(r0 + r), tmp.data() + size_t(r) * size_t(m_w.paddedCols),
                            size_t(m_w.outputs) * sizeof(float));
        }
    }
    applyActivation(m_act, out.values.data(), out.rows, out.cols, out.cols);
    return out;
}

} // namespace mirlo::nn
