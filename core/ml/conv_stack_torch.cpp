// Saliency backend for the FCN / CRNN taggers (core/tagging/conv_stack_network):
// the same network in libtorch, built from the manifest (each block's conv
// padding and max-pool kernel) and the weights: spec_bn; Conv2d + BatchNorm
// (inference) + ReLU + MaxPool2d (floor) blocks; then FCN: flatten (1 x 1) +
// dense, or CRNN: the (B, C, 1, T') sequence through a unidirectional GRU
// (PyTorch gate order r, z, n; zero initial state), the top layer's last step
// + dense. The C++ front end (TaggerModel::melDb) makes the input.
#include "core/ml/saliency_backend.h"

#include "core/ml/torch_weights.h"
#include "core/model/safetensors.h"
#include "core/tagging/tagger_manifest.h"
#include "core/tagging/tagger_model.h"

#include <QJsonArray>
#include <QJsonObject>

#include <torch/torch.h>

namespace mirlo::ml {

namespace {


struct Block {
    torch::Tensor weight, bias;
    InferenceBatchNorm bn;
    int64_t padF = 0, padT = 0, poolF = 1, poolT = 1;
};

struct GruLayer {
    torch::Tensor wih, whh, bih, bhh;
};

QJsonObject findLayer(const TaggerManifest &m, const QString &name)
{
    for (const QJsonValue &l : m.layers)
        if (l.toObject().value(QStringLiteral("name")).toString() == name)
            return l.toObject();
    return {};
}

class ConvStackBackend : public SaliencyBackend {
public:
    QStringList tags() const override { return m_model->tags(); }
    int sampleRate() const override { return m_model->sampleRate(); }
    int chunkSamples() const override { return m_model->chunkSamples(); }
    int hopSamples() const override { return m_model->manifest().hopLength; }
    int framesPerChunk() const override { return m_model->manifest().melFrames; }
    int bands() const override { return m_model->manifest().nMels; }
    std::vector<double> bandHz() const override { return m_bandHz; }
    std::vector<float> features(const float *start, int64_t available) const override
    {
        return m_model->melDb(paddedChunk(start, available, chunkSamples()).data()).values;
    }

    torch::Tensor logits(const torch::Tensor &mel) const
    {
        torch::Tensor x = m_specBn(mel.transpose(1, 2).unsqueeze(1)); // (B, 1, F, T)
        for (const Block &b : m_blocks) {
            x = torch::relu(b.bn(torch::conv2d(x, b.weight, b.bias, 1, torch::IntArrayRef{b.padF, b.padT})));
            x = torch::max_pool2d(x, {b.poolF, b.poolT});
        }
        if (m_gru.empty())
            return torch::linear(x.flatten(1), m_denseW, m_denseB);
        torch::Tensor seq = x.squeeze(2).permute({0, 2, 1}); // (B, T', C)
        for (const GruLayer &g : m_gru) {
            const int64_t H = g.whh.size(1);
            const torch::Tensor gi = torch::linear(seq, g.wih, g.bih); // (B, T', 3H), all steps at once
            torch::Tensor h = torch::zeros({seq.size(0), H});
            std::vector<torch::Tensor> outs;
            for (int64_t t = 0; t < seq.size(1); ++t) {
                const torch::Tensor it = gi.select(1, t), ht = torch::linear(h, g.whh, g.bhh);
                const torch::Tensor r = torch::sigmoid(it.narrow(1, 0, H) + ht.narrow(1, 0, H));
                const torch::Tensor z = torch::sigmoid(it.narrow(1, H, H) + ht.narrow(1, H, H));
                const torch::Tensor n = torch::tanh(it.narrow(1, 2 * H, H) + r * ht.narrow(1, 2 * H, H));
                h = (1 - z) * n + z * h;
                outs.push_back(h);
            }
            seq = torch::stack(outs, 1);
        }
        return torch::linear(seq.select(1, seq.size(1) - 1), m_denseW, m_denseB);
    }

    std::vector<float> gradient(const std::vector<float> &mel, int batch, int tag, SaliencyTarget target,
                                std::vector<float> *probs) const override
    {
        const int64_t t = framesPerChunk(), f = bands();
        if (batch <= 0 || int64_t(mel.size()) != batch * t * f || tag < 0 || tag >= tags().size())
            throw std::invalid_argument("conv-stack tagger: bad input size or tag index");
        torch::AutoGradMode grad(true);
        torch::Tensor x = torch::from_blob(const_cast<float *>(mel.data()), {batch, t, f}, torch::kFloat)
                              .clone()
                              .requires_grad_(true);
        return sigmoidTaggerInputGradient(x, logits(x), tag, target == SaliencyTarget::Logit, probs);
    }

    std::unique_ptr<TaggerModel> m_model;
    std::vector<double> m_bandHz;
    InferenceBatchNorm m_specBn;
    std::vector<Block> m_blocks;
    std::vector<GruLayer> m_gru;
    torch::Tensor m_denseW, m_denseB;
};

} // namespace

std::unique_ptr<SaliencyBackend> makeConvStackSaliencyBackend(const QString &folder, QString *error)
{
    auto b = std::make_unique<ConvStackBackend>();
    b->m_model = TaggerModel::load(folder, error); // validates every tensor's name and shape
    if (!b->m_model)
        return nullptr;
    const TaggerManifest &m = b->m_model->manifest();
    SafeTensors st;
    if (!st.load(b->m_model->folder() + QStringLiteral("/weights.safetensors"), error))
        return nullptr;
    auto tensor = [&](const std::string &name) { return loadTensor(st, name); };
    auto bn = [&](const std::string &prefix) { return loadBatchNorm(st, prefix); };
    auto pair = [](const QJsonValue &v, int64_t fallback) {
        const QJsonArray a = v.toArray();
        return a.size() == 2 ? std::pair<int64_t, int64_t>(a[0].toInt(), a[1].toInt())
                             : std::pair<int64_t, int64_t>(fallback, fallback);
    };
    try {
        b->m_specBn = bn("spec_bn");
        for (int i = 1;; ++i) {
            const QString name = QStringLiteral("layer%1").arg(i);
            const QJsonObject layer = findLayer(m, name);
            if (!layer.contains(QStringLiteral("conv")))
                break;
            const std::string p = name.toStdString();
            Block blk{tensor(p + ".conv.weight"), tensor(p + ".conv.bias"), bn(p + ".bn")};
            std::tie(blk.padF, blk.padT) =
                pair(layer.value(QStringLiteral("conv")).toObject().value(QStringLiteral("padding")), 0);
            std::tie(blk.poolF, blk.poolT) =
                pair(layer.value(QStringLiteral("maxpool")).toObject().value(QStringLiteral("kernel")), 1);
            b->m_blocks.push_back(blk);
        }
        const QString gruName = QStringLiteral("layer%1").arg(b->m_blocks.size() + 1);
        const QJsonObject gru = findLayer(m, gruName);
        if (gru.value(QStringLiteral("op")).toString() == QLatin1String("GRU"))
            for (int l = 0; l < gru.value(QStringLiteral("num_layers")).toInt(); ++l) {
                const std::string p = gruName.toStdString(), s = "_l" + std::to_string(l);
                b->m_gru.push_back({tensor(p + ".weight_ih" + s), tensor(p + ".weight_hh" + s),
                                    tensor(p + ".bias_ih" + s), tensor(p + ".bias_hh" + s)});
            }
        b->m_denseW = tensor("dense.weight");
        b->m_denseB = tensor("dense.bias");
    } catch (const std::exception &e) {
        if (error)
            *error = QStringLiteral("%1: cannot build the torch network (%2)").arg(folder, QString::fromUtf8(e.what()));
        return nullptr;
    }
    b->m_bandHz = filterbankCentresHz(st.floats(m.filterbankTensor.toStdString()), m.nMels, m.sampleRate, m.nFft);
    return b;
}

} // namespace mirlo::ml
