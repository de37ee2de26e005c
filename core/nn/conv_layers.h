#pragma once
// Layers of madmom's onset CNN. A frame's [band][channel] values are
// flattened into one matrix row (index band * channels + channel), so the
// input [T, 80, 3] is a Matrix of T rows and 240 columns.
#include "core/nn/kernels.h"
#include "core/nn/layer.h"

#include <vector>

namespace mirlo::nn {

// out = float((double(x) - mean) * invStd), statistics in float64 as in madmom.
class BatchNormLayer : public Layer {
public:
    BatchNormLayer(std::vector<double> mean, std::vector<double> invStd);
    int inputSize() const override { return int(m_mean.size()); }
    int outputSize() const override { return int(m_mean.size()); }
    Matrix forward(const Matrix &input) const override;

private:
    std::vector<double> m_mean, m_invStd;
};

// "Valid" 2-D true convolution (kernel flipped, as scipy.ndimage.convolve) over
// (time, band) with tanh: out[t,f,o] = tanh(b[o] + Σ_c Σ_i Σ_j x[t+i, f+j, c] · W[c, o, kt-1-i, kf-1-j]).
// weights layout [inChannels, outChannels, kernelTime, kernelBands] (madmom).
class Conv2dLayer : public Layer {
public:
    Conv2dLayer(const std::vector<float> &weights, const std::vector<float> &bias, int bands, int inChannels,
                int outChannels, int kernelTime, int kernelBands);
    int inputSize() const override { return m_bands * m_in; }
    int outputSize() const override { return outBands() * m_out; }
    int contextFrames() const override { return m_kt - 1; }
    int outBands() const { return m_bands - m_kf + 1; }
    Matrix forward(const Matrix &input) const override;

private:
    int m_bands, m_in, m_out, m_kt, m_kf;
    PackedWeights m_w; // [kt * kf * inChannels, outChannels], rows ordered (i, j, c)
};

// Max over non-overlapping groups of `size` bands; trailing bands are dropped.
class MaxPoolBandsLayer : public Layer {
public:
    MaxPoolBandsLayer(int bands, int channels, int size) : m_bands(bands), m_channels(channels), m_size(size) {}
    int inputSize() const override { return m_bands * m_channels; }
    int outputSize() const override { return m_bands / m_size * m_channels; }
    Matrix forward(const Matrix &input) const override;

private:
    int m_bands, m_channels, m_size;
};

// out[t] = concat(x[t], ..., x[t + block - 1]).
class StrideStackLayer : public Layer {
public:
    StrideStackLayer(int frameSize, int block) : m_frameSize(frameSize), m_block(block) {}
    int inputSize() const override { return m_frameSize; }
    int outputSize() const override { return m_frameSize * m_block; }
    int contextFrames() const override { return m_block - 1; }
    Matrix forward(const Matrix &input) const override;

private:
    int m_frameSize, m_block;
};

} // namespace mirlo::nn
