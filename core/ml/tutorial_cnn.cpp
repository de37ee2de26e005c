#include "core/ml/tutorial_cnn.h"

#include "core/io/atomic_files.h"
#include "core/model/safetensors.h"

#include <QDir>
#include <QJsonDocument>

#include <torch/torch.h>

#include <cmath>
#include <set>

namespace mirlo::ml {

namespace {

// Keras BatchNormalization defaults: momentum 0.99 (torch counts 1 - 0.99), epsilon 1e-3.
torch::nn::BatchNorm2dOptions kerasBatchNorm(int64_t channels)
{
    return torch::nn::BatchNorm2dOptions(channels).momentum(0.01).eps(1e-3);
}

torch::Tensor activate(const torch::Tensor &x, CnnActivation a)
{
    switch (a) {
    case CnnActivation::ReLU:
        return torch::relu(x);
    case CnnActivation::Elu:
        return torch::elu(x);
    case CnnActivation::Sigmoid:
        return torch::sigmoid(x);
    case CnnActivation::Softmax:
        return torch::softmax(x, 1);
    case CnnActivation::Linear:
        break;
    }
    return x;
}

// torch's int64 BatchNorm step counter is not a Keras weight and is not saved.
bool isKerasTensor(const std::string &name)
{
    return name.find("num_batches_tracked") == std::string::npos;
}

} // namespace

// The network: one registered submodule per weighted spec layer; forward walks
// the spec. Returns logits: the last Dense layer's activation is applied by
// the caller (predict) or folded into the loss (training).
struct TutorialCnnNetImpl : torch::nn::Module {
    explicit TutorialCnnNetImpl(const TutorialCnnSpec &s) : spec(s)
    {
        std::vector<CnnLayerInfo> infos;
        QString error;
        if (!cnnLayerInfos(spec, &infos, &error))
            throw std::invalid_argument(("tutorial CNN spec: " + error).toStdString());
        int inC = 1, inFlat = 0;
        for (size_t i = 0; i < spec.layers.size(); ++i) {
            const CnnLayerSpec &l = spec.layers[i];
            torch::nn::AnyModule m;
            switch (l.kind) {
            case CnnLayerKind::FreqBatchNorm: {
                auto bn = register_module(l.name, torch::nn::BatchNorm2d(kerasBatchNorm(spec.inputBands)));
                m = torch::nn::AnyModule(bn);
                break;
            }
            case CnnLayerKind::Conv2D: {
                auto opts = torch::nn::Conv2dOptions(inC, l.units, {l.kernelH, l.kernelW});
                if (l.samePadding) // Keras "same" for odd kernels at stride 1: symmetric padding
                    opts.padding(torch::ExpandingArray<2>({l.kernelH / 2, l.kernelW / 2}));
                auto c = register_module(l.name, torch::nn::Conv2d(opts));
                m = torch::nn::AnyModule(c);
                break;
            }
            case CnnLayerKind::BatchNorm:
                if (inFlat > 0)
                    m = torch::nn::AnyModule(register_module(
                        l.name,
                        torch::nn::BatchNorm1d(torch::nn::BatchNorm1dOptions(inFlat).momentum(0.01).eps(1e-3))));
                else
                    m = torch::nn::AnyModule(register_module(l.name, torch::nn::BatchNorm2d(kerasBatchNorm(inC))));
                break;
            case CnnLayerKind::Dense:
                m = torch::nn::AnyModule(register_module(l.name, torch::nn::Linear(inFlat, l.units)));
                break;
            case CnnLayerKind::Dropout:
                m = torch::nn::AnyModule(register_module(l.name, torch::nn::Dropout(l.rate)));
                break;
            default:
                break;
            }
            modules.push_back(m);
            inC = infos[i].channels;
            if (l.kind == CnnLayerKind::Flatten || l.kind == CnnLayerKind::Dense)
                inFlat = infos[i].height;
        }
        kerasInit();
    }

    // x: (N, 1, bands, frames)
    torch::Tensor forward(torch::Tensor x)
    {
        const size_t last = spec.layers.size() - 1;
        for (size_t i = 0; i < spec.layers.size(); ++i) {
            const CnnLayerSpec &l = spec.layers[i];
            switch (l.kind) {
            case CnnLayerKind::FreqBatchNorm:
                // One statistic per mel band: bands become BatchNorm2d's channel axis.
                x = modules[i].forward(x.transpose(1, 2)).transpose(1, 2);
                break;
            case CnnLayerKind::Conv2D:
            case CnnLayerKind::Dense:
                x = modules[i].forward(x);
                if (i != last)
                    x = activate(x, l.activation);
                break;
            case CnnLayerKind::BatchNorm:
            case CnnLayerKind::Dropout:
                x = modules[i].forward(x);
                break;
            case CnnLayerKind::Activation:
                x = activate(x, l.activation);
                break;
            case CnnLayerKind::MaxPool:
                x = torch::max_pool2d(x, {l.poolH, l.poolW});
                break;
            case CnnLayerKind::Flatten:
                // Keras flattens channels-last (H, W, C); keep that order.
                x = x.permute({0, 2, 3, 1}).flatten(1);
                break;
            }
        }
        return x;
    }

    void kerasInit()
    {
        torch::NoGradGuard noGrad;
        for (auto &p : named_parameters()) {
            const std::string &n = p.key();
            const bool isWeight = n.size() > 7 && n.compare(n.size() - 7, 7, ".weight") == 0;
            if (isWeight && p.value().dim() >= 2)
                torch::nn::init::xavier_uniform_(p.value());
            else if (!isWeight)
                torch::nn::init::zeros_(p.value());
        }
    }

    TutorialCnnSpec spec;
    std::vector<torch::nn::AnyModule> modules; // per spec layer; empty for parameter-free layers
};
TORCH_MODULE(TutorialCnnNet);

struct TutorialCnn::Impl {
    explicit Impl(const TutorialCnnSpec &s) : net(s) {}
    TutorialCnnNet net;
    std::unique_ptr<torch::optim::Optimizer> optimizer;
    int64_t steps = 0;

    torch::Tensor input(const std::vector<float> &patches, int batch) const
    {
        const int64_t h = net->spec.inputBands, w = net->spec.inputFrames;
        if (batch <= 0 || int64_t(patches.size()) != batch * h * w)
            throw std::invalid_argument("tutorial CNN: expected " + std::to_string(batch) + " patches of " +
                                        std::to_string(h) + "x" + std::to_string(w) + " values, got " +
                                        std::to_string(patches.size()) + " values");
        return torch::from_blob(const_cast<float *>(patches.data()), {batch, 1, h, w}, torch::kFloat);
    }

    void makeOptimizer()
    {
        const CnnTrainingPreset &t = net->spec.training;
        if (t.optimizer == QLatin1String("adam"))
            optimizer = std::make_unique<torch::optim::Adam>(
                net->parameters(), torch::optim::AdamOptions(t.learningRate).betas({t.beta1, t.beta2}).eps(t.epsilon));
        else
            optimizer = std::make_unique<torch::optim::SGD>(
                net->parameters(), torch::optim::SGDOptions(t.learningRate).momentum(t.momentum));
    }

    std::map<std::string, torch::Tensor> kerasTensors() const
    {
        std::map<std::string, torch::Tensor> out;
        for (const auto &p : net->named_parameters())
            out[p.key()] = p.value();
        for (const auto &b : net->named_buffers())
            if (isKerasTensor(b.key()))
                out[b.key()] = b.value();
        return out;
    }
};

TutorialCnn::TutorialCnn(const TutorialCnnSpec &spec, uint64_t seed)
{
    torch::manual_seed(seed);
    d = std::make_unique<Impl>(spec);
}

TutorialCnn::~TutorialCnn() = default;
TutorialCnn::TutorialCnn(TutorialCnn &&) noexcept = default;
TutorialCnn &TutorialCnn::operator=(TutorialCnn &&) noexcept = default;

const TutorialCnnSpec &TutorialCnn::spec() const
{
    return d->net->spec;
}
int64_t TutorialCnn::stepsDone() const
{
    return d->steps;
}

int64_t TutorialCnn::parameterCount(bool includeNonTrainable) const
{
    int64_t n = 0;
    for (const auto &p : d->net->parameters())
        if (p.requires_grad() || includeNonTrainable)
            n += p.numel();
    if (includeNonTrainable)
        for (const auto &b : d->net->named_buffers())
            if (isKerasTensor(b.key()))
                n += b.value().numel();
    return n;
}

std::vector<float> TutorialCnn::predict(const std::vector<float> &patches, int batch) const
{
    torch::NoGradGuard noGrad;
    d->net->eval();
    const CnnActivation outAct = d->net->spec.layers.back().activation;
    const torch::Tensor y = activate(d->net->forward(d->input(patches, batch)), outAct).contiguous();
    return std::vector<float>(y.data_ptr<float>(), y.data_ptr<float>() + y.numel());
}

std::vector<float> TutorialCnn::inputGradient(const std::vector<float> &patches, int batch, int output, bool logit,
                                              std::vector<float> *probs) const
{
    if (output < 0 || output >= d->net->spec.outputCount())
        throw std::invalid_argument("tutorial CNN: output index " + std::to_string(output) + " out of range");
    torch::AutoGradMode grad(true);
    d->net->eval();
    torch::Tensor x = d->input(patches, batch).clone().requires_grad_(true);
    const torch::Tensor z = d->net->forward(x);
    const torch::Tensor p = activate(z, d->net->spec.layers.back().activation);
    // Patches are independent at inference, so the gradient of the batch sum is each patch's own.
    (logit ? z : p).select(1, output).sum().backward();
    if (probs) {
        const torch::Tensor pc = p.detach().contiguous();
        probs->assign(pc.data_ptr<float>(), pc.data_ptr<float>() + pc.numel());
    }
    const torch::Tensor g = x.grad().contiguous();
    return std::vector<float>(g.data_ptr<float>(), g.data_ptr<float>() + g.numel());
}

double TutorialCnn::trainStep(const std::vector<float> &patches, const std::vector<float> &targets, int batch)
{
    if (!d->optimizer)
        d->makeOptimizer();
    const int64_t c = d->net->spec.outputCount();
    if (int64_t(targets.size()) != batch * c)
        throw std::invalid_argument("tutorial CNN: expected " + std::to_string(batch * c) + " target values");
    const CnnTrainingPreset &t = d->net->spec.training;
    const double lr = t.learningRate / (1.0 + t.decay * double(d->steps));
    for (auto &g : d->optimizer->param_groups()) {
        if (t.optimizer == QLatin1String("adam"))
            // Keras adds epsilon to sqrt(v) before bias correction, torch after: scaling
            // epsilon by 1 / sqrt(1 - beta2^t) makes torch's step equal Keras'.
            static_cast<torch::optim::AdamOptions &>(g.options())
                .lr(lr)
                .eps(t.epsilon / std::sqrt(1.0 - std::pow(t.beta2, double(d->steps + 1))));
        else
            static_cast<torch::optim::SGDOptions &>(g.options()).lr(lr);
    }
    torch::GradMode::set_enabled(true);
    d->net->train();
    const torch::Tensor y = torch::from_blob(const_cast<float *>(targets.data()), {batch, c}, torch::kFloat);
    const torch::Tensor logits = d->net->forward(d->input(patches, batch));
    const torch::Tensor loss = d->net->spec.multiLabel() ? torch::binary_cross_entropy_with_logits(logits, y)
                                                         : -(y * torch::log_softmax(logits, 1)).sum(1).mean();
    d->optimizer->zero_grad();
    loss.backward();
    d->optimizer->step();
    ++d->steps;
    return loss.item<double>();
}

bool TutorialCnn::save(const QString &dir, QString *error, const QJsonObject &trainingSummary) const
{
    return save(dir, error, trainingSummary, {});
}

bool TutorialCnn::save(const QString &dir, QString *error, const QJsonObject &trainingSummary,
                       const QMap<QString, QByteArray> &extraFiles) const
{
    SafeTensorsWriter writer;
    for (const auto &kv : d->kerasTensors()) {
        const torch::Tensor t = kv.second.detach().to(torch::kFloat).contiguous();
        writer.add(kv.first, t.sizes().vec(), std::vector<float>(t.data_ptr<float>(), t.data_ptr<float>() + t.numel()));
    }
    writer.setMetadata(QStringLiteral("architecture"), d->net->spec.name);
    std::vector<std::pair<QString, QByteArray>> files{{QStringLiteral("weights.safetensors"), writer.toBytes()}};
    for (auto it = extraFiles.cbegin(); it != extraFiles.cend(); ++it)
        files.emplace_back(it.key(), it.value());
    // model.json last: a reader finding the new manifest finds the new weights too.
    files.emplace_back(QStringLiteral("model.json"),
                       QJsonDocument(tutorialCnnToJson(d->net->spec, trainingSummary)).toJson());
    return writeFilesAtomically(dir, files, error);
}

std::unique_ptr<TutorialCnn> TutorialCnn::load(const QString &dir, QString *error)
{
    TutorialCnnSpec spec;
    if (!loadTutorialCnnSpec(dir, &spec, error))
        return nullptr;
    const QString weightsPath = QDir(dir).filePath(QStringLiteral("weights.safetensors"));
    SafeTensors st;
    if (!st.load(weightsPath, error))
        return nullptr;
    auto model = std::make_unique<TutorialCnn>(spec);
    auto tensors = model->d->kerasTensors();
    std::set<std::string> expected;
    torch::NoGradGuard noGrad;
    for (const CnnTensorSpec &ts : cnnTensorSpecs(spec)) {
        expected.insert(ts.name);
        std::vector<float> values;
        if (!st.expectFloats(ts.name, ts.shape, values, error))
            return nullptr;
        auto it = tensors.find(ts.name);
        if (it == tensors.end() || it->second.numel() != int64_t(values.size())) {
            if (error)
                *error = QStringLiteral("%1: tensor '%2' does not fit the network")
                             .arg(weightsPath, QString::fromStdString(ts.name));
            return nullptr;
        }
        it->second.copy_(torch::from_blob(values.data(), it->second.sizes(), torch::kFloat));
    }
    for (const std::string &name : st.names()) {
        if (!expected.count(name)) {
            if (error)
                *error = QStringLiteral("%1: unexpected tensor '%2' for architecture '%3'")
                             .arg(weightsPath, QString::fromStdString(name), spec.name);
            return nullptr;
        }
    }
    return model;
}

int64_t parameterCount(const TutorialCnnSpec &spec, bool includeNonTrainable)
{
    return TutorialCnn(spec).parameterCount(includeNonTrainable);
}

} // namespace mirlo::ml
