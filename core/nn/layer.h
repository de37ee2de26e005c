#pragma once
// Common interface of the network layers. A layer maps a [frames, inputSize]
// float matrix to a [frames - contextFrames, outputSize] one (rows are frames
// at the network's frame rate; convolutional layers flatten [band][channel]
// into the columns).
#include "core/dsp/matrix.h"

namespace mirlo::nn {

// Frames per block in which recurrent layers compute their input projections
// (~1 MB of projections per block for an LSTM with 25 units).
constexpr int kSequenceBlock = 2048;

class Layer {
public:
    virtual ~Layer() = default;
    virtual int inputSize() const = 0;
    virtual int outputSize() const = 0;
    // Frames lost at the edges ("valid" convolution, frame stacking); 0 otherwise.
    virtual int contextFrames() const { return 0; }
    // True when an output frame depends on all input frames (recurrent layers).
    virtual bool isRecurrent() const { return false; }
    virtual Matrix forward(const Matrix &input) const = 0;
};

// One direction of a recurrent layer; run() writes hiddenSize() floats per
// frame into out + t * ldo so a bidirectional layer can interleave two of them.
class SequenceLayer : public Layer {
public:
    int outputSize() const override { return hiddenSize(); }
    bool isRecurrent() const override { return true; }
    virtual int hiddenSize() const = 0;
    virtual void run(const Matrix &input, bool reverse, float *out, int ldo) const = 0;
    Matrix forward(const Matrix &input) const override
    {
        Matrix out(input.rows, hiddenSize());
        run(input, false, out.values.data(), out.cols);
        return out;
    }
};

} // namespace mirlo::nn
