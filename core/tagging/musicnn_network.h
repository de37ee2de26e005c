#pragma once
// Musicnn (Pons et al., PyTorch re-implementation of Won et al.) for one
// chunk's dB-mel spectrogram: spec_bn, five front-end branches (two vertical
// Conv2d + max over frequency, three temporal Conv1d on the frequency mean),
// three residual Conv1d back-end blocks, max+mean pooling over time, dense,
// BN, ReLU, dense, sigmoid. Plain C++ on the core/nn GEMM (BatchNorms are
// folded into the preceding conv / dense weights at load).
//
// Layout: the input is time-major, melFrames rows of nMels floats (row t =
// frame t, column 0 = lowest mel band). Activations in MusicnnTrace are
// time-major too ([T][channels]), i.e. the transpose of PyTorch's (C, T).
#include "core/dsp/matrix.h"
#include "core/nn/kernels.h"
#include "core/tagging/tagger_network.h"

#include <QString>

#include <memory>
#include <vector>

namespace mirlo {

class SafeTensors;
struct TaggerManifest;

// Intermediate activations of one chunk (for parity tests and debugging).
struct MusicnnTrace {
    Matrix frontend;                 // [T][561]
    Matrix res1, res2, res3;         // [T][64]
    std::vector<float> pooled;       // [max (753), mean (753)]
    std::vector<float> dense1BnRelu; // 200
    std::vector<float> logits;       // 50
};

class MusicnnNetwork : public TaggerNetwork {
public:
    // True when the manifest's layer names are Musicnn's.
    static bool matches(const TaggerManifest &manifest);
    // Builds the network from the weights; shapes must agree with the
    // manifest. nullptr + *error naming the tensor on a mismatch.
    static std::unique_ptr<MusicnnNetwork> create(const TaggerManifest &manifest, const SafeTensors &weights,
                                                  const QString &fileName, QString *error);

    int frames() const { return m_frames; }
    int bands() const { return m_bands; }
    int outputs() const { return m_out; }

    // mel: frames() x bands() dB values (time-major). Writes outputs()
    // sigmoid probabilities. Thread-safe (no shared scratch).
    void forward(const float *mel, float *probs, MusicnnTrace *trace) const;
    void forward(const float *mel, float *probs) const override { forward(mel, probs, nullptr); }

private:
    struct Vertical {
        int kh = 0, kw = 0, pad = 0, channels = 0;
        nn::PackedWeights w; // rows j * kh + i
    };
    struct Temporal {
        int k = 0, pad = 0, channels = 0;
        std::vector<float> w, b; // w[o * k + i], BN folded
    };
    struct Block {
        int k = 0, pad = 0, in = 0, out = 0;
        nn::PackedWeights w; // rows j * in + c
    };

    int m_frames = 0, m_bands = 0, m_out = 0;
    float m_specScale = 1.f, m_specShift = 0.f; // spec_bn: x * scale + shift
    std::vector<Vertical> m_vertical;
    std::vector<Temporal> m_temporal;
    std::vector<Block> m_blocks;
    int m_frontChannels = 0;
    nn::PackedWeights m_dense1, m_dense2; // dense1 with bn folded
};

} // namespace mirlo
