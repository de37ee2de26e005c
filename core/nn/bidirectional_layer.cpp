#include "core/nn/bidirectional_layer.h"

#include "core/nn/lstm_layer.h"

namespace mirlo::nn {

BidirectionalLayer::BidirectionalLayer(std::unique_ptr<SequenceLayer> forward, std::unique_ptr<SequenceLayer> backward)
    : m_fwd(std::move(forward)), m_bwd(std::move(backward))
{
    const auto *f = dynamic_cast<const LstmLayer *>(m_fwd.get());
    const auto *b = dynamic_cast<const LstmLayer *>(m_bwd.get());
    if (f && b && f->inputSize() == b->inputSize() && f->hiddenSize() == b->hiddenSize()) {
        m_lstmPair = true;
        m_pair = LstmLayer::packPair(*f, *b);
    }
}

Matrix BidirectionalLayer::forward(const Matrix &input) const
{
    Matrix out(input.rows, outputSize());
    if (input.rows == 0)
        return out;
    if (m_lstmPair) {
        LstmLayer::runPair(static_cast<const LstmLayer &>(*m_fwd), static_cast<const LstmLayer &>(*m_bwd), m_pair, input,
                           out.values.data(), out.cols);
        return out;
    }
    m_fwd->run(input, false, out.values.data(), out.cols);
    m_bwd->run(input, true, out.values.data() + m_fwd->hiddenSize(), out.cols);
    return out;
}

} // namespace mirlo::nn
