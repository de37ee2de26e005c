#include "core/nn/conv_layers.h"

#include "core/nn/dense_layer.h"

#include <algorithm>
#include <cstring>

namespace mirlo::nn {

BatchNormLayer::BatchNormLayer(std::vector<double> mean, std::vector<double> invStd)
    : m_mean(std::move(mean)), m_invStd(std::move(invStd))
{
}

Matrix BatchNormLayer::forward(const Matrix &input) const
{
    Matrix out(input.rows, input.cols);
    const size_t n = m_mean.size();
    for (int t = 0; t < input.rows; ++t) {
        const float *x = input.row(t);
        float *y = out.row(t);
        for (size_t k = 0; k < n; ++k)
            y[k] = float((double(x[k]) - m_mean[k]) * m_invStd[k]);
    }
    return out;
}

Conv2dLayer::Conv2dLayer(const std::vector<float> &weights, const std::vector<float> &bias, int bands, int inChannels,
                         int outChannels, int kernelTime, int kernelBands)
    : m_bands(bands), m_in(inChannels), m_out(outChannels), m_kt(kernelTime), m_kf(kernelBands)
{
    // Flip the kernel once here so the forward pass is a plain correlation (a GEMM).
    const int k = m_kt * m_kf * m_in;
    std::vector<float> w(size_t(k) * size_t(m_out));
    for (int i = 0; i < m_kt; ++i)
        for (int j = 0; j < m_kf; ++j)
            for (int c = 0; c < m_in; ++c)
                for (int o = 0; o < m_out; ++o) {
                    const size_t src =
                        ((size_t(c) * size_t(m_out) + size_t(o)) * size_t(m_kt) + size_t(m_kt - 1 - i)) * size_t(m_kf) +
                        size_t(m_kf - 1 - j);
                    w[size_t((i * m_kf + j) * m_in + c) * size_t(m_out) + size_t(o)] = weights[src];
                }
    m_w.pack(w.data(), k, m_out, m_out, bias.data());
}

Matrix Conv2dLayer::forward(const Matrix &input) const
{
    const int outFrames = std::max(0, input.rows - m_kt + 1);
    const int fo = outBands();
    Matrix out(outFrames, fo * m_out);
    const int k = m_w.inputs;
    const int rowLen = m_kf * m_in; // one kernel row of the patch is contiguous in the input frame
    constexpr int kChunk = 16;      // output frames per im2col block (keeps it in L2)
    std::vector<float> patches(size_t(kChunk) * size_t(fo) * size_t(k));
    std::vector<float> result(size_t(kChunk) * size_t(fo) * size_t(m_w.paddedCols));
    for (int t0 = 0; t0 < outFrames; t0 += kChunk) {
        const int n = std::min(kChunk, outFrames - t0);
        for (int t = 0; t < n; ++t)
            for (int f = 0; f < fo; ++f) {
                float *p = patches.data() + (size_t(t) * size_t(fo) + size_t(f)) * size_t(k);
                for (int i = 0; i < m_kt; ++i)
                    std::memcpy(p + size_t(i * rowLen), input.row(t0 + t + i) + size_t(f * m_in),
                                size_t(rowLen) * sizeof(float));
            }
        gemmBias(patches.data(), n * fo, k, m_w, result.data(), m_w.paddedCols);
        for (int r = 0; r < n * fo; ++r)
            std::memcpy(out.row(t0) + size_t(r) * size_t(m_out), result.data() + size_t(r) * size_t(m_w.paddedCols),
                        size_t(m_out) * sizeof(float));
    }
    applyActivation(Activation::Tanh, out.values.data(), 1, int(out.values.size()), 0);
    return out;
}

Matrix MaxPoolBandsLayer::forward(const Matrix &input) const
{
    const int groups = m_bands / m_size;
    Matrix out(input.rows, groups * m_channels);
    for (int t = 0; t < input.rows; ++t) {
        const float *x = input.row(t);
        float *y = out.row(t);
        for (int g = 0; g < groups; ++g)
            for (int c = 0; c < m_channels; ++c) {
                float m = x[(g * m_size) * m_channels + c];
                for (int s = 1; s < m_size; ++s)
                    m = std::max(m, x[(g * m_size + s) * m_channels + c]);
                y[g * m_channels + c] = m;
            }
    }
    return out;
}

Matrix StrideStackLayer::forward(const Matrix &input) const
{
    const int frames = std::max(0, input.rows - m_block + 1);
    Matrix out(frames, outputSize());
    // Rows are contiguous, so block frames starting at t are one contiguous run.
    for (int t = 0; t < frames; ++t)
        std::memcpy(out.row(t), input.row(t), size_t(outputSize()) * sizeof(float));
    return out;
}

} // namespace mirlo::nn
