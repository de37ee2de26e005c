#pragma once
// The 2-D CNN taggers of Won et al.: a stack of Conv2d (3x3, padding 1) +
// BatchNorm + ReLU + MaxPool2d blocks on the spec_bn'd dB-mel, then either a
// flatten + dense (FCN, Choi et al. 2016) or a 2-layer GRU whose last step
// feeds the dense layer (CRNN, Choi et al. 2017); sigmoid outputs. Kernels,
// paddings and pool sizes come from the manifest, shapes from the weights.
// Convolutions are im2col GEMMs on the core/nn kernels, BN folded at load.
//
// Layout: activations are [time][freq][channel] (channel innermost), i.e. a
// permutation of PyTorch's (C, F, T).
#include "core/nn/kernels.h"
#include "core/tagging/tagger_network.h"

#include <QString>

#include <memory>
#include <vector>

namespace mirlo {

class SafeTensors;
struct TaggerManifest;

// Block outputs of one chunk (after pooling), [time][freq][channel].
struct ConvStackTrace {
    struct Activation {
        int frames = 0, bands = 0, channels = 0;
        std::vector<float> values;
        float at(int c, int f, int t) const
        {
            return values[(size_t(t) * size_t(bands) + size_t(f)) * size_t(channels) + size_t(c)];
        }
    };
    std::vector<Activation> blocks;
    std::vector<float> logits;
};

class ConvStackNetwork : public TaggerNetwork {
public:
    // True for a manifest of spec_bn, layer1..N Conv2d blocks (+ optional GRU) and "dense".
    static bool matches(const TaggerManifest &manifest);
    static std::unique_ptr<ConvStackNetwork> create(const TaggerManifest &manifest, const SafeTensors &weights,
                                                    const QString &fileName, QString *error);

    void forward(const float *mel, float *probs, ConvStackTrace *trace) const;
    void forward(const float *mel, float *probs) const override { forward(mel, probs, nullptr); }

private:
    struct Block {
        int in = 0, out = 0, kh = 0, kw = 0, padF = 0, padT = 0, poolF = 1, poolT = 1;
        nn::PackedWeights w; // rows (i_time * kh + j_freq) * in + c
    };
    struct Gru {
        int in = 0, hidden = 0;
        std::vector<float> wih, whh, bih, bhh; // PyTorch layout [3 * hidden, in / hidden], gates r, z, n
    };
    int m_frames = 0, m_bands = 0, m_out = 0;
    float m_specScale = 1.f, m_specShift = 0.f;
    std::vector<Block> m_blocks;
    std::vector<Gru> m_gru;
    int m_denseIn = 0;
    std::vector<float> m_denseW, m_denseB; // [out][in]
};

} // namespace mirlo
