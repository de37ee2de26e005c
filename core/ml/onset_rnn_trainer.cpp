// The only translation unit of the onset trainer that includes torch (each
// such TU costs ~20 s to compile).
#include "core/ml/onset_rnn_trainer.h"

#include "core/eval/onset_metrics.h"
#include "core/onsets/peak_picking.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QThread>

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace mirlo::ml {

namespace {

struct OnsetNetImpl : torch::nn::Module {
    OnsetNetImpl(int inputs, int hidden, int layers)
        : rnn(torch::nn::RNNOptions(inputs, hidden)
                  .num_layers(layers)
                  .nonlinearity(torch::kTanh)
                  .bidirectional(true)
                  .batch_first(true)),
          out(2 * hidden, 1)
    {
        register_module("rnn", rnn);
        register_module("out", out);
    }
    // x [B, T, F] -> logits [B, T]
    torch::Tensor forward(const torch::Tensor &x) { return out->forward(std::get<0>(rnn->forward(x))).squeeze(-1); }
    // Padded batch: the RNN never sees the padding (as Keras' Masking layer).
    torch::Tensor forwardPadded(const torch::Tensor &x, const torch::Tensor &lengths)
    {
        namespace rnnu = torch::nn::utils::rnn;
        auto packed = rnnu::pack_padded_sequence(x, lengths, /*batch_first=*/true, /*enforce_sorted=*/false);
        auto y = std::get<0>(rnn->forward_with_packed_input(packed));
        auto padded = std::get<0>(rnnu::pad_packed_sequence(y, /*batch_first=*/true, 0.0, x.size(1)));
        return out->forward(padded).squeeze(-1);
    }
    torch::nn::RNN rnn;
    torch::nn::Linear out;
};
TORCH_MODULE(OnsetNet);

std::string suffix(int layer, bool reverse)
{
    return "_l" + std::to_string(layer) + (reverse ? "_reverse" : "");
}

std::string prefix(int layer, bool reverse)
{
    return "layers." + std::to_string(layer) + (reverse ? ".bwd." : ".fwd.");
}

// Keras SimpleRNN / Dense defaults.
void initLikeKeras(OnsetNet &net)
{
    torch::NoGradGuard noGrad;
    for (auto &p : net->named_parameters()) {
        const std::string &n = p.key();
        if (n.find("weight_ih") != std::string::npos || n == "out.weight")
            torch::nn::init::xavier_uniform_(p.value());
        else if (n.find("weight_hh") != std::string::npos)
            torch::nn::init::orthogonal_(p.value());
        else
            torch::nn::init::zeros_(p.value());
    }
}

std::vector<float> toVector(const torch::Tensor &t)
{
    const torch::Tensor c = t.detach().to(torch::kFloat).contiguous();
    return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

// torch keeps W_ih [H, in], W_hh [H, H] and two biases; the model folder keeps
// madmom's row-vector layout (x . W, h . R) and one bias.
std::vector<NamedTensor> exportWeights(OnsetNet &net, int layers)
{
    auto params = net->named_parameters();
    std::vector<NamedTensor> out;
    for (int l = 0; l < layers; ++l) {
        for (bool rev : {false, true}) {
            const torch::Tensor wih = params["rnn.weight_ih" + suffix(l, rev)];
            const torch::Tensor whh = params["rnn.weight_hh" + suffix(l, rev)];
            const torch::Tensor bias = params["rnn.bias_ih" + suffix(l, rev)] + params["rnn.bias_hh" + suffix(l, rev)];
            out.push_back({prefix(l, rev) + "weights", {wih.size(1), wih.size(0)}, toVector(wih.t())});
            out.push_back({prefix(l, rev) + "bias", {bias.size(0)}, toVector(bias)});
            out.push_back({prefix(l, rev) + "recurrent_weights", {whh.size(1), whh.size(0)}, toVector(whh.t())});
        }
    }
    const torch::Tensor w = params["out.weight"], b = params["out.bias"];
    out.push_back({"layers." + std::to_string(layers) + ".weights", {w.size(1), w.size(0)}, toVector(w.t())});
    out.push_back({"layers." + std::to_string(layers) + ".bias", {b.size(0)}, toVector(b)});
    return out;
}

const NamedTensor *findTensor(const std::vector<NamedTensor> &ts, const std::string &name)
{
    for (const NamedTensor &t : ts)
        if (t.name == name)
            return &t;
    return nullptr;
}

bool importWeights(OnsetNet &net, const std::vector<NamedTensor> &ts, int layers)
{
    torch::NoGradGuard noGrad;
    auto params = net->named_parameters();
    auto copy = [&](const std::string &name, const torch::Tensor &dst, bool transpose) {
        const NamedTensor *t = findTensor(ts, name);
        if (!t || int64_t(t->values.size()) != dst.numel())
            return false;
        torch::Tensor src = torch::from_blob(const_cast<float *>(t->values.data()), t->shape, torch::kFloat);
        const_cast<torch::Tensor &>(dst).copy_(transpose ? src.t() : src);
        return true;
    };
    for (int l = 0; l < layers; ++l) {
        for (bool rev : {false, true}) {
            if (!copy(prefix(l, rev) + "weights", params["rnn.weight_ih" + suffix(l, rev)], true) ||
                !copy(prefix(l, rev) + "recurrent_weights", params["rnn.weight_hh" + suffix(l, rev)], true) ||
                !copy(prefix(l, rev) + "bias", params["rnn.bias_ih" + suffix(l, rev)], false))
                return false;
            params["rnn.bias_hh" + suffix(l, rev)].zero_();
        }
    }
    const std::string last = "layers." + std::to_string(layers);
    return copy(last + ".weights", params["out.weight"], true) && copy(last + ".bias", params["out.bias"], false);
}

torch::Tensor featureTensor(const Matrix &m)
{
    return torch::from_blob(const_cast<float *>(m.values.data()), {1, m.rows, m.cols}, torch::kFloat);
}

// One training item: a whole file (batch 1) or a chunk of one.
struct Item {
    int example;
    int start;
    int length;
};

struct Batch {
    torch::Tensor x, y, mask, lengths;
};

Batch makeBatch(const OnsetDataset &data, const std::vector<Item> &items)
{
    int maxLen = 0;
    for (const Item &it : items)
        maxLen = std::max(maxLen, it.length);
    const int64_t b = int64_t(items.size()), f = kTutorialOnsetInputs;
    Batch batch;
    batch.x = torch::zeros({b, maxLen, f});
    batch.y = torch::zeros({b, maxLen});
    batch.mask = torch::zeros({b, maxLen});
    batch.lengths = torch::empty({b}, torch::kLong);
    for (int64_t i = 0; i < b; ++i) {
        const Item &it = items[size_t(i)];
        const OnsetExample &e = data.examples[size_t(it.example)];
        std::copy_n(e.features.row(it.start), size_t(it.length) * size_t(f), batch.x[i].data_ptr<float>());
        std::copy_n(e.targets.data() + it.start, size_t(it.length), batch.y[i].data_ptr<float>());
        batch.mask[i].narrow(0, 0, it.length).fill_(1.f);
        batch.lengths[i] = int64_t(it.length);
    }
    return batch;
}

// Deterministic shuffle (std::shuffle's algorithm is implementation-defined).
template <class T> void shuffleWith(std::vector<T> &v, std::mt19937 &rng)
{
    for (size_t i = v.size(); i > 1; --i)
        std::swap(v[i - 1], v[size_t(rng() % i)]);
}

QJsonObject paramsJson(const OnsetTrainingParams &p)
{
    QJsonObject o;
    o.insert(QStringLiteral("epochs"), p.epochs);
    o.insert(QStringLiteral("optimizer"), QStringLiteral("SGD"));
    o.insert(QStringLiteral("learning_rate"), p.learningRate);
    o.insert(QStringLiteral("momentum"), p.momentum);
    o.insert(QStringLiteral("nesterov"), false);
    o.insert(QStringLiteral("clip_value"), p.clipValue);
    o.insert(QStringLiteral("batch_size"), p.batchSize);
    o.insert(QStringLiteral("sequence_length"), p.sequenceLength);
    o.insert(QStringLiteral("loss"), QStringLiteral("binary_crossentropy"));
    o.insert(QStringLiteral("validation_fraction"), p.validationFraction);
    o.insert(QStringLiteral("seed"), double(p.seed));
    o.insert(QStringLiteral("early_stopping_patience"), p.patience);
    o.insert(QStringLiteral("early_stopping_min_delta"), p.minDelta);
    o.insert(QStringLiteral("initialisation"), QStringLiteral("glorot_uniform input, orthogonal recurrent, zero bias"));
    o.insert(QStringLiteral("eval_window"), p.evalWindow);
    if (!p.initialWeights.empty())
        o.insert(QStringLiteral("initialised_from"), p.initialisedFrom);
    return o;
}

QJsonObject buildManifest(const OnsetTrainingResult &r, const OnsetTrainingParams &p, const OnsetDataset &data)
{
    QJsonObject m;
    m.insert(QStringLiteral("format_version"), kTutorialOnsetFormatVersion);
    m.insert(QStringLiteral("architecture"), QLatin1String(kTutorialOnsetArchitecture));
    m.insert(QStringLiteral("name"),
             QStringLiteral("Onset RNN %1").arg(QDateTime::currentDateTime().toString(Qt::ISODate)));
    m.insert(QStringLiteral("created"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    m.insert(QStringLiteral("fps"), kTutorialOnsetFps);
    m.insert(QStringLiteral("features"), tutorialOnsetFeatureConfig());
    m.insert(QStringLiteral("layers"), tutorialOnsetLayersJson(kTutorialOnsetInputs, p.hidden, p.layers));
    m.insert(QStringLiteral("tensor_naming"),
             QStringLiteral("layers.{0..%1}.{fwd,bwd}.{weights [in,H], bias [H] (= torch bias_ih + bias_hh), "
                            "recurrent_weights [H,H]}; layers.%2.{weights [%3,1], bias [1]}; h_t = tanh(x_t W + b + "
                            "h_{t-1} R); row t of a layer = [fwd h_t, bwd h_t]; output = sigmoid(h W + b)")
                 .arg(p.layers - 1)
                 .arg(p.layers)
                 .arg(2 * p.hidden));
    const PeakPickingParams pp = tutorialOnsetPeakPicking();
    QJsonObject peaks;
    peaks.insert(QStringLiteral("threshold"), pp.threshold);
    peaks.insert(QStringLiteral("smooth"), pp.smooth);
    peaks.insert(QStringLiteral("pre_max"), pp.preMax);
    peaks.insert(QStringLiteral("post_max"), pp.postMax);
    peaks.insert(QStringLiteral("pre_avg"), 0.0);
    peaks.insert(QStringLiteral("post_avg"), 0.0);
    peaks.insert(QStringLiteral("combine"), pp.combine);
    m.insert(QStringLiteral("peak_picking"), peaks);

    QJsonObject training = paramsJson(p);
    training.insert(QStringLiteral("train_files"), QJsonArray::fromStringList(r.trainFiles));
    training.insert(QStringLiteral("validation_files"), QJsonArray::fromStringList(r.validationFiles));
    training.insert(QStringLiteral("files"), int(data.examples.size()));
    training.insert(QStringLiteral("frames"), data.frames());
    training.insert(QStringLiteral("onsets"), data.onsets());
    training.insert(QStringLiteral("epochs_run"), int(r.history.size()));
    training.insert(QStringLiteral("stopped_early"), r.stoppedEarly);
    training.insert(QStringLiteral("cancelled"), r.cancelled);
    training.insert(QStringLiteral("seconds"), r.seconds);
    QJsonArray history;
    for (const OnsetEpochRecord &e : r.history) {
        QJsonObject h;
        h.insert(QStringLiteral("epoch"), e.epoch);
        h.insert(QStringLiteral("loss"), e.trainLoss);
        h.insert(QStringLiteral("val_loss"), e.validationLoss);
        h.insert(QStringLiteral("val_f"), e.validationF);
        h.insert(QStringLiteral("seconds"), e.seconds);
        history.append(h);
    }
    training.insert(QStringLiteral("history"), history);
    m.insert(QStringLiteral("training"), training);
    QJsonObject metrics;
    metrics.insert(QStringLiteral("best_epoch"), r.bestEpoch);
    metrics.insert(QStringLiteral("best_val_loss"), r.bestValidationLoss);
    metrics.insert(QStringLiteral("val_f_at_best"), r.bestValidationF);
    metrics.insert(QStringLiteral("val_f_window"), p.evalWindow);
    m.insert(QStringLiteral("metrics"), metrics);
    return m;
}

} // namespace

OnsetTrainingResult trainOnsetRnn(const OnsetDataset &data, const OnsetTrainingParams &params,
                                  const OnsetTrainingCallback &callback)
{
    OnsetTrainingResult result;
    QElapsedTimer timer;
    timer.start();
    // Both settings are per thread: they must be made in the thread that trains.
    at::set_num_threads(params.threads > 0 ? params.threads : std::max(1, QThread::idealThreadCount()));
    torch::GradMode::set_enabled(true);

    const int n = int(data.examples.size());
    if (n == 0) {
        result.error = QStringLiteral("no annotated audio files to train on");
        return result;
    }
    for (const OnsetExample &e : data.examples) {
        if (e.features.cols != kTutorialOnsetInputs || e.features.rows <= 0 ||
            int(e.targets.size()) != e.features.rows) {
            result.error =
                QStringLiteral("%1: features are not %2 columns x frames").arg(e.audioPath).arg(kTutorialOnsetInputs);
            return result;
        }
    }
    if (params.epochs <= 0 || params.learningRate <= 0 || params.batchSize <= 0 || params.hidden <= 0 ||
        params.layers <= 0) {
        result.error = QStringLiteral("epochs, learning rate, batch size and network size must be positive");
        return result;
    }

    std::mt19937 rng(params.seed);
    std::vector<int> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    shuffleWith(order, rng);
    int nVal = 0;
    if (params.validationFraction > 0 && n >= 2)
        nVal = std::clamp(int(std::lround(params.validationFraction * n)), 1, n - 1);
    std::vector<int> val(order.begin(), order.begin() + nVal), train(order.begin() + nVal, order.end());
    std::sort(val.begin(), val.end());
    std::sort(train.begin(), train.end());
    for (int i : train)
        result.trainFiles << data.examples[size_t(i)].name;
    for (int i : val)
        result.validationFiles << data.examples[size_t(i)].name;

    std::vector<Item> items;
    const int chunk = params.sequenceLength > 0 ? params.sequenceLength : 6000;
    for (int i : train) {
        const int rows = data.examples[size_t(i)].features.rows;
        if (params.batchSize == 1 && params.sequenceLength <= 0) {
            items.push_back({i, 0, rows});
            continue;
        }
        for (int s = 0; s < rows; s += chunk)
            items.push_back({i, s, std::min(chunk, rows - s)});
    }
    const int steps = int((items.size() + size_t(params.batchSize) - 1) / size_t(params.batchSize));

    torch::manual_seed(params.seed);
    OnsetNet net(kTutorialOnsetInputs, params.hidden, params.layers);
    if (params.initialWeights.empty()) {
        initLikeKeras(net);
    } else if (!importWeights(net, params.initialWeights, params.layers)) {
        result.error =
            QStringLiteral("%1: the initial weights do not fit a %2-layer network of %3 units")
                .arg(params.initialisedFrom.isEmpty() ? QStringLiteral("initial weights") : params.initialisedFrom)
                .arg(params.layers)
                .arg(params.hidden);
        return result;
    }
    torch::optim::SGD optimizer(
        net->parameters(), torch::optim::SGDOptions(params.learningRate).momentum(params.momentum).nesterov(false));
    const PeakPickingParams peaks = tutorialOnsetPeakPicking();

    int wait = 0;
    double best = -1.0;
    for (int epoch = 1; epoch <= params.epochs && !result.cancelled; ++epoch) {
        const qint64 epochStart = timer.elapsed();
        shuffleWith(items, rng);
        net->train();
        double lossSum = 0.0;
        int done = 0;
        for (int s = 0; s < steps; ++s) {
            const size_t from = size_t(s) * size_t(params.batchSize);
            const std::vector<Item> part(items.begin() + long(from),
                                         items.begin() + long(std::min(items.size(), from + size_t(params.batchSize))));
            optimizer.zero_grad();
            torch::Tensor loss;
            if (part.size() == 1) {
                const Item &it = part[0];
                const OnsetExample &e = data.examples[size_t(it.example)];
                const torch::Tensor x = featureTensor(e.features).narrow(1, it.start, it.length);
                const torch::Tensor y =
                    torch::from_blob(const_cast<float *>(e.targets.data()) + it.start, {1, it.length});
                loss = torch::binary_cross_entropy_with_logits(net->forward(x), y);
            } else {
                const Batch b = makeBatch(data, part);
                const torch::Tensor perFrame = torch::binary_cross_entropy_with_logits(
                    net->forwardPadded(b.x, b.lengths), b.y, {}, {}, at::Reduction::None);
                loss = (perFrame * b.mask).sum() / b.mask.sum();
            }
            loss.backward();
            if (params.clipValue > 0)
                torch::nn::utils::clip_grad_value_(net->parameters(), params.clipValue);
            optimizer.step();
            lossSum += loss.item<double>();
            ++done;
            if (callback) {
                OnsetTrainingProgress p;
                p.epoch = epoch;
                p.epochs = params.epochs;
                p.step = s + 1;
                p.steps = steps;
                p.trainLoss = lossSum / done;
                p.seconds = timer.elapsed() / 1000.0;
                if (!callback(p)) {
                    result.cancelled = true;
                    break;
                }
            }
        }
        if (result.cancelled)
            break; // an unfinished epoch is not evaluated nor kept

        OnsetEpochRecord rec;
        rec.epoch = epoch;
        rec.trainLoss = lossSum / std::max(1, done);
        if (nVal > 0) {
            torch::NoGradGuard noGrad;
            net->eval();
            double vloss = 0.0;
            long hits = 0, estimated = 0, reference = 0;
            for (int i : val) {
                const OnsetExample &e = data.examples[size_t(i)];
                const torch::Tensor logits = net->forward(featureTensor(e.features));
                const torch::Tensor y = torch::from_blob(const_cast<float *>(e.targets.data()), {1, e.features.rows});
                vloss += torch::binary_cross_entropy_with_logits(logits, y).item<double>();
                const std::vector<float> act = toVector(torch::sigmoid(logits));
                const std::vector<double> est = pickOnsets(act, kTutorialOnsetFps, peaks);
                hits += eval::evaluateOnsets(e.onsets, est, params.evalWindow).hits;
                estimated += long(est.size());
                reference += long(e.onsets.size());
            }
            rec.validationLoss = vloss / nVal;
            const double prec = estimated ? double(hits) / estimated : 0.0;
            const double rec_ = reference ? double(hits) / reference : 0.0;
            rec.validationF = prec + rec_ > 0 ? 2 * prec * rec_ / (prec + rec_) : 0.0;
        }
        rec.seconds = (timer.elapsed() - epochStart) / 1000.0;
        result.history.push_back(rec);

        const double monitored = nVal > 0 ? rec.validationLoss : rec.trainLoss;
        if (best < 0 || monitored < best - params.minDelta) {
            best = monitored;
            result.bestEpoch = epoch;
            result.bestValidationLoss = rec.validationLoss;
            result.bestValidationF = rec.validationF;
            result.weights = exportWeights(net, params.layers);
            wait = 0;
        } else if (params.patience > 0 && ++wait >= params.patience) {
            result.stoppedEarly = true;
        }
        if (callback) {
            OnsetTrainingProgress p;
            p.epoch = epoch;
            p.epochs = params.epochs;
            p.step = steps;
            p.steps = steps;
            p.epochEnd = true;
            p.trainLoss = rec.trainLoss;
            p.validationLoss = rec.validationLoss;
            p.validationF = rec.validationF;
            p.seconds = timer.elapsed() / 1000.0;
            if (!callback(p))
                result.cancelled = true;
        }
        if (result.stoppedEarly)
            break;
    }
    result.seconds = timer.elapsed() / 1000.0;
    if (result.weights.empty()) {
        result.error = result.cancelled ? QStringLiteral("cancelled before the first epoch finished")
                                        : QStringLiteral("training produced no model");
        return result;
    }
    result.manifest = buildManifest(result, params, data);
    result.ok = true;
    return result;
}

bool saveOnsetModel(const OnsetTrainingResult &result, const QString &folder, QString *error)
{
    if (result.weights.empty() || result.manifest.isEmpty()) {
        if (error)
            *error = QStringLiteral("%1: nothing to save (no trained weights)").arg(folder);
        return false;
    }
    return writeTrainedOnsetModel(folder, result.manifest, result.weights, error);
}

std::vector<float> torchOnsetActivation(const std::vector<NamedTensor> &weights, const Matrix &features, int hidden,
                                        int layers)
{
    if (features.cols != kTutorialOnsetInputs || features.rows == 0)
        return {};
    torch::NoGradGuard noGrad;
    OnsetNet net(kTutorialOnsetInputs, hidden, layers);
    if (!importWeights(net, weights, layers))
        return {};
    net->eval();
    return toVector(torch::sigmoid(net->forward(featureTensor(features))));
}

} // namespace mirlo::ml
