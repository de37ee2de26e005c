#pragma once
// Bidirectional wrapper: the forward layer runs over t = 0 .. T-1, the
// backward one over the time-reversed input (its state starts at the last
// frame) and its outputs are put back in time order. Output row t =
// [forward h_t, backward h_t] (forward units first).
#include "core/nn/layer.h"

#include <memory>

namespace mirlo::nn {

class BidirectionalLayer : public Layer {
public:
    BidirectionalLayer(std::unique_ptr<SequenceLayer> forward, std::unique_ptr<SequenceLayer> backward);

    int inputSize() const override { return m_fwd->inputSize(); }
    int outputSize() const override { return m_fwd->hiddenSize() + m_bwd->hiddenSize(); }
    bool isRecurrent() const override { return true; }
    Matrix forward(const Matrix &input) const override;

private:
    std::unique_ptr<SequenceLayer> m_fwd, m_bwd;
};

} // namespace mirlo::nn
