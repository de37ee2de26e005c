// Musicnn in libtorch, mirroring core/tagging/musicnn_network.cpp (which the
// parity test compares against): spec_bn; vertical branches Conv2d (no
// frequency padding, "same" time padding) + BN + ReLU + max over frequency;
// temporal branches on the frequency mean, Conv1d + BN + ReLU; three Conv1d +
// BN + ReLU back-end blocks, residual from the second on; max and mean over
// time of [front, res1, res2, res3]; dense1 + BN + ReLU, dense2. BatchNorm in
// inference form (running statistics, eps 1e-5), no BN folding, so the graph
// is the original PyTorch one - except in the vertical branches, where BN is
// folded into the convolution (as the C++ tagger does) and the convolution's
// input gradient is one conv_transpose2d (libtorch's own CPU backward of this
// 67x7 / 38x7 single-channel convolution is ~10x slower).
#include "core/ml/tag_saliency.h"

#include "core/ml/saliency_backend.h"

#include "core/ml/torch_weights.h"
#include "core/model/safetensors.h"
#include "core/tagging/musicnn_network.h"
#include "core/tagging/tagger_model.h"

#include <torch/torch.h>

namespace mirlo::ml {

namespace {


struct Conv {
    torch::Tensor weight, bias;
    int pad = 0; // time padding: (k - 1) / 2, the manifest's (TaggerModel validated it)
};

// conv2d (stride 1, time padding only) whose backward gives the input gradient alone
// (the weights are constants here) as the transposed convolution.
struct VerticalConv : torch::autograd::Function<VerticalConv> {
    static torch::Tensor forward(torch::autograd::AutogradContext *ctx, const torch::Tensor &x,
                                 const torch::Tensor &w, const torch::Tensor &b, int64_t pad)
    {
        ctx->save_for_backward({w});
        ctx->saved_data["pad"] = pad;
        return torch::conv2d(x, w, b, 1, torch::IntArrayRef{0, pad});
    }
    static torch::autograd::tensor_list backward(torch::autograd::AutogradContext *ctx,
                                                 torch::autograd::tensor_list grad)
    {
        const torch::Tensor w = ctx->get_saved_variables()[0];
        const int64_t pad = ctx->saved_data["pad"].toInt();
        return {torch::conv_transpose2d(grad[0], w, {}, 1, torch::IntArrayRef{0, pad}), torch::Tensor(),
                torch::Tensor(), torch::Tensor()};
    }
};

} // namespace

struct MusicnnTorch::Impl {
    std::unique_ptr<TaggerModel> model; // C++ front end (melDb), manifest
    InferenceBatchNorm specBn;
    std::vector<Conv> vertical; // BN folded into weight and bias
    std::vector<std::pair<Conv, InferenceBatchNorm>> temporal, blocks;
    torch::Tensor dense1W, dense1B, dense2W, dense2B;
    InferenceBatchNorm bn;
    std::vector<double> bandHz;

    // x: (B, T, F) dB mel -> (B, outputs) logits.
    torch::Tensor logits(const torch::Tensor &mel) const
    {
        const torch::Tensor x = specBn(mel.transpose(1, 2).unsqueeze(1)); // (B, 1, F, T)
        std::vector<torch::Tensor> front;
        for (const Conv &c : vertical) {
            // BN folded; ReLU after the max over frequency (equal: ReLU is monotonic).
            const torch::Tensor y = VerticalConv::apply(x, c.weight, c.bias, int64_t(c.pad));
            front.push_back(torch::relu(std::get<0>(y.max(2)))); // (B, C, T)
        }
        const torch::Tensor bandMean = x.mean(2); // (B, 1, T)
        for (const auto &[c, b] : temporal)
            front.push_back(torch::relu(b(torch::conv1d(bandMean, c.weight, c.bias, 1, c.pad))));
        std::vector<torch::Tensor> all{torch::cat(front, 1)};
        for (size_t i = 0; i < blocks.size(); ++i) {
            const auto &[c, b] = blocks[i];
            torch::Tensor y = torch::relu(b(torch::conv1d(all.back(), c.weight, c.bias, 1, c.pad)));
            if (i > 0)
                y = y + all.back();
            all.push_back(y);
        }
        const torch::Tensor cat = torch::cat(all, 1); // (B, 753, T)
        const torch::Tensor pooled = torch::cat({cat.amax(2), cat.mean(2)}, 1);
        const torch::Tensor h = torch::relu(bn(torch::linear(pooled, dense1W, dense1B)));
        return torch::linear(h, dense2W, dense2B);
    }

    torch::Tensor input(const std::vector<float> &mel, int batch) const
    {
        const int64_t t = model->manifest().melFrames, f = model->manifest().nMels;
        if (batch <= 0 || int64_t(mel.size()) != batch * t * f)
            throw std::invalid_argument("musicnn: expected " + std::to_string(batch) + " x " + std::to_string(t) +
                                        " x " + std::to_string(f) + " mel values, got " + std::to_string(mel.size()));
        return torch::from_blob(const_cast<float *>(mel.data()), {batch, t, f}, torch::kFloat).clone();
    }
};

MusicnnTorch::MusicnnTorch() : d(std::make_unique<Impl>()) {}
MusicnnTorch::~MusicnnTorch() = default;

std::unique_ptr<MusicnnTorch> MusicnnTorch::load(const QString &modelNameOrFolder, QString *error)
{
    const QString folder = TaggerModel::resolveModel(modelNameOrFolder);
    auto net = std::unique_ptr<MusicnnTorch>(new MusicnnTorch);
    net->d->model = TaggerModel::load(folder, error); // validates every tensor's name and shape
    if (!net->d->model)
        return nullptr;
    const TaggerManifest &m = net->d->model->manifest();
    if (!MusicnnNetwork::matches(m)) {
        if (error)
            *error = QStringLiteral("%1: not a Musicnn model (\"%2\")").arg(folder, m.name);
        return nullptr;
    }
    SafeTensors st;
    if (!st.load(net->d->model->folder() + QStringLiteral("/weights.safetensors"), error))
        return nullptr;
    auto tensor = [&](const std::string &name) { return loadTensor(st, name); };
    auto bn = [&](const std::string &prefix) { return loadBatchNorm(st, prefix); };
    auto conv = [&](const std::string &p) {
        Conv c{tensor(p + ".conv.weight"), tensor(p + ".conv.bias"), 0};
        c.pad = int((c.weight.size(-1) - 1) / 2);
        return c;
    };
    net->d->bandHz = filterbankCentresHz(st.floats(m.filterbankTensor.toStdString()), m.nMels, m.sampleRate, m.nFft);
    try {
        Impl &i = *net->d;
        i.specBn = bn("spec_bn");
        for (int k = 0; m.layerNames.contains(QStringLiteral("layers.%1").arg(k)); ++k) {
            const std::string p = "layers." + std::to_string(k);
            Conv c = conv(p);
            const InferenceBatchNorm b = bn(p + ".bn");
            if (c.weight.dim() == 4) {
                // y = (conv + bias - mean) * gamma / sqrt(var + eps) + beta, in double as the C++ tagger.
                const torch::Tensor scale = b.weight.to(torch::kDouble) / (b.var.to(torch::kDouble) + InferenceBatchNorm::kEps).sqrt();
                c.weight = (c.weight.to(torch::kDouble) * scale.view({-1, 1, 1, 1})).to(torch::kFloat);
                c.bias = ((c.bias.to(torch::kDouble) - b.mean.to(torch::kDouble)) * scale + b.bias.to(torch::kDouble))
                             .to(torch::kFloat);
                i.vertical.push_back(c);
            } else {
                i.temporal.emplace_back(c, b);
            }
        }
        for (int k = 1; k <= 3; ++k) {
            const std::string p = "layer" + std::to_string(k);
            i.blocks.emplace_back(conv(p), bn(p + ".bn"));
        }
        i.dense1W = tensor("dense1.weight");
        i.dense1B = tensor("dense1.bias");
        i.bn = bn("bn");
        i.dense2W = tensor("dense2.weight");
        i.dense2B = tensor("dense2.bias");
    } catch (const std::exception &e) {
        if (error)
            *error = QStringLiteral("%1: cannot build the torch network (%2)").arg(folder, QString::fromUtf8(e.what()));
        return nullptr;
    }
    return net;
}

int MusicnnTorch::frames() const
{
    return d->model->manifest().melFrames;
}
int MusicnnTorch::bands() const
{
    return d->model->manifest().nMels;
}
int MusicnnTorch::outputs() const
{
    return int(d->model->tags().size());
}
const QStringList &MusicnnTorch::tags() const
{
    return d->model->tags();
}
int MusicnnTorch::sampleRate() const
{
    return d->model->sampleRate();
}
int MusicnnTorch::chunkSamples() const
{
    return d->model->chunkSamples();
}
int MusicnnTorch::hopLength() const
{
    return d->model->manifest().hopLength;
}

std::vector<double> MusicnnTorch::bandHz() const
{
    return d->bandHz;
}

std::vector<float> MusicnnTorch::melDb(const float *chunk) const
{
    return d->model->melDb(chunk).values;
}

std::vector<float> MusicnnTorch::predict(const std::vector<float> &mel, int batch) const
{
    torch::NoGradGuard noGrad;
    const torch::Tensor p = torch::sigmoid(d->logits(d->input(mel, batch))).contiguous();
    return std::vector<float>(p.data_ptr<float>(), p.data_ptr<float>() + p.numel());
}

std::vector<float> MusicnnTorch::inputGradient(const std::vector<float> &mel, int batch, int tag,
                                               SaliencyTarget target, std::vector<float> *probs) const
{
    if (tag < 0 || tag >= outputs())
        throw std::invalid_argument("musicnn: tag index " + std::to_string(tag) + " out of range");
    torch::AutoGradMode grad(true);
    torch::Tensor x = d->input(mel, batch).requires_grad_(true);
    return sigmoidTaggerInputGradient(x, d->logits(x), tag, target == SaliencyTarget::Logit, probs);
}

} // namespace mirlo::ml
