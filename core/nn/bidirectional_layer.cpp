#include "core/nn/bidirectional_layer.h"

namespace mirlo::nn {

BidirectionalLayer::BidirectionalLayer(std::unique_ptr<SequenceLayer> forward, std::unique_ptr<SequenceLayer> backward)
    : m_fwd(std::move(forward)), m_bwd(std::move(backward))
{
}

Matrix BidirectionalLayer::forward(const Matrix &input) const
{
    Matrix out(input.rows, outputSize());
    if (input.rows == 0)
        return out;
    m_fwd->run(input, false, out.values.data(), out.cols);
    m_bwd->run(input, true, out.values.data() + m_fwd->hiddenSize(), out.cols);
    return out;
}

} // namespace mirlo::nn
