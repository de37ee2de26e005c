#include "core/nn/network.h"

#include "core/model/safetensors.h"
#include "core/nn/bidirectional_layer.h"
#include "core/nn/conv_layers.h"
#include "core/nn/dense_layer.h"
#include "core/nn/lstm_layer.h"
#include "core/nn/recurrent_layer.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <thread>

namespace mirlo::nn {

bool readJsonObject(const QString &path, QJsonObject *out, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: cannot open (%2)").arg(path, file.errorString());
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!doc.isObject()) {
        if (error)
            *error = QStringLiteral("%1: not a JSON object (%2)").arg(path, parseError.errorString());
        return false;
    }
    *out = doc.object();
    return true;
}

namespace {

bool fail(QString *error, const QString &file, const QString &what)
{
    if (error)
        *error = QStringLiteral("%1: %2").arg(file, what);
    return false;
}

// Reads an F64 (or convertible) tensor with a shape check, for the batch-norm statistics.
bool expectDoubles(const SafeTensors &st, const std::string &name, const std::vector<int64_t> &shape,
                   std::vector<double> &out, const QString &file, QString *error)
{
    const TensorView *v = st.find(name);
    if (!v)
        return fail(error, file, QStringLiteral("tensor %1 is missing").arg(QString::fromStdString(name)));
    if (v->shape != shape)
        return fail(error, file, QStringLiteral("tensor %1 has the wrong shape").arg(QString::fromStdString(name)));
    out = st.doubles(name);
    return true;
}

} // namespace

bool Network::load(const SafeTensors &st, const QJsonObject &family, const QString &file, QString *error)
{
    m_layers.clear();
    const QString familyName = family.value(QLatin1String("name")).toString();
    const QJsonArray layers = family.value(QLatin1String("layers")).toArray();
    if (layers.isEmpty())
        return fail(error, file, QStringLiteral("the family JSON has no \"layers\""));
    int width = -1;              // columns of the current activation
    int bands = 0, channels = 0; // their [band][channel] meaning for conv layers
    for (const QJsonValue &value : layers) {
        const QJsonObject l = value.toObject();
        const int index = l.value(QLatin1String("index")).toInt(-1);
        const QString type = l.value(QLatin1String("type")).toString();
        const std::string prefix = "layers." + std::to_string(index);
        const QString where = QStringLiteral("layer %1 (%2) of the %3 JSON").arg(index).arg(type, familyName);
        std::unique_ptr<Layer> layer;
        if (type == QLatin1String("bidirectional") || type == QLatin1String("dense")) {
            const int in = l.value(QLatin1String("input_size")).toInt();
            if (in <= 0 || (width >= 0 && in != width))
                return fail(error, file,
                            where + QStringLiteral(": input_size %1 does not match %2").arg(in).arg(width));
            if (type == QLatin1String("dense")) {
                const int out = l.value(QLatin1String("output_size")).toInt();
                Activation act;
                if (out <= 0 || !parseActivation(l.value(QLatin1String("activation")).toString(), &act))
                    return fail(error, file, where + QStringLiteral(": bad output_size or activation"));
                layer = DenseLayer::load(st, prefix, in, out, act, error);
            } else {
                const int hidden = l.value(QLatin1String("hidden_size")).toInt();
                const QString cell = l.value(QLatin1String("cell")).toString();
                if (hidden <= 0)
                    return fail(error, file, where + QStringLiteral(": bad hidden_size"));
                std::unique_ptr<SequenceLayer> fwd, bwd;
                if (cell == QLatin1String("rnn")) {
                    fwd = RecurrentLayer::load(st, prefix + ".fwd", in, hidden, error);
                    bwd = fwd ? RecurrentLayer::load(st, prefix + ".bwd", in, hidden, error) : nullptr;
                } else if (cell == QLatin1String("lstm_peephole")) {
                    fwd = LstmLayer::load(st, prefix + ".fwd", in, hidden, error);
                    bwd = fwd ? LstmLayer::load(st, prefix + ".bwd", in, hidden, error) : nullptr;
                } else {
                    return fail(error, file, where + QStringLiteral(": unknown cell \"%1\"").arg(cell));
                }
                if (fwd && bwd)
                    layer = std::make_unique<BidirectionalLayer>(std::move(fwd), std::move(bwd));
            }
        } else if (type == QLatin1String("batch_norm")) {
            const TensorView *mean = st.find(prefix + ".mean");
            if (!mean || mean->shape.size() != 2)
                return fail(error, file,
                            QStringLiteral("tensor %1.mean is missing or not 2-D").arg(QString::fromStdString(prefix)));
            bands = int(mean->shape[0]);
            channels = int(mean->shape[1]);
            std::vector<double> m, s;
            if (!expectDoubles(st, prefix + ".mean", mean->shape, m, file, error) ||
                !expectDoubles(st, prefix + ".inv_std", mean->shape, s, file, error))
                return false;
            if (width >= 0 && width != bands * channels)
                return fail(error, file, where + QStringLiteral(": statistics do not match the input width"));
            layer = std::make_unique<BatchNormLayer>(std::move(m), std::move(s));
        } else if (type == QLatin1String("conv2d")) {
            const int in = l.value(QLatin1String("in_channels")).toInt();
            const int out = l.value(QLatin1String("out_channels")).toInt();
            const QJsonArray ks = l.value(QLatin1String("kernel_size")).toArray();
            const int kt = ks.size() == 2 ? ks[0].toInt() : 0, kf = ks.size() == 2 ? ks[1].toInt() : 0;
            if (in != channels || out <= 0 || kt <= 0 || kf <= 0 || kf > bands)
                return fail(error, file, where + QStringLiteral(": channels / kernel do not match the input"));
            std::vector<float> w, b;
            if (!st.expectFloats(prefix + ".weights", {in, out, kt, kf}, w, error) ||
                !st.expectFloats(prefix + ".bias", {out}, b, error))
                return false;
            layer = std::make_unique<Conv2dLayer>(w, b, bands, in, out, kt, kf);
            bands = bands - kf + 1;
            channels = out;
        } else if (type == QLatin1String("max_pool2d")) {
            const QJsonArray size = l.value(QLatin1String("size")).toArray();
            if (size.size() != 2 || size[0].toInt() != 1 || size[1].toInt() <= 0 || channels <= 0)
                return fail(error, file,
                            where + QStringLiteral(": only [1, n] pooling after a convolution is supported"));
            layer = std::make_unique<MaxPoolBandsLayer>(bands, channels, size[1].toInt());
            bands /= size[1].toInt();
        } else if (type == QLatin1String("stride_stack")) {
            const int block = l.value(QLatin1String("block_size")).toInt();
            if (block <= 0 || width <= 0)
                return fail(error, file, where + QStringLiteral(": bad block_size"));
            layer = std::make_unique<StrideStackLayer>(width, block);
        } else {
            return fail(error, file, where + QStringLiteral(": unknown layer type"));
        }
        if (!layer)
            return false; // the loader has set *error (file and tensor)
        width = layer->outputSize();
        m_layers.push_back(std::move(layer));
    }
    return true;
}

bool Network::loadFiles(const QString &weightsPath, const QString &jsonPath, QString *error)
{
    QJsonObject family;
    if (!readJsonObject(jsonPath, &family, error))
        return false;
    SafeTensors st;
    if (!st.load(weightsPath, error))
        return false;
    return load(st, family, weightsPath, error);
}

int Network::contextFrames() const
{
    int n = 0;
    for (const auto &l : m_layers)
        n += l->contextFrames();
    return n;
}

bool Network::isRecurrent() const
{
    return std::any_of(m_layers.begin(), m_layers.end(), [](const auto &l) { return l->isRecurrent(); });
}

Matrix Network::forwardAll(const Matrix &input, std::vector<Matrix> *layerOutputs) const
{
    Matrix x;
    const Matrix *current = &input; // no copy of the (large) input
    for (const auto &layer : m_layers) {
        x = layer->forward(*current);
        current = &x;
        if (layerOutputs)
            layerOutputs->push_back(x);
    }
    return x;
}

Matrix Network::forward(const Matrix &input, std::vector<Matrix> *layerOutputs, int threads) const
{
    if (m_layers.empty() || input.cols != inputSize())
        return Matrix();
    const int context = contextFrames();
    const int outFrames = std::max(0, input.rows - context);
    constexpr int kBlock = 128; // output frames per block
    if (layerOutputs || isRecurrent() || outFrames <= kBlock)
        return forwardAll(input, layerOutputs);

    // Local receptive field: blocks of input rows [t0, t0 + n + context) give output rows [t0, t0 + n).
    Matrix out(outFrames, outputSize());
    const int blocks = (outFrames + kBlock - 1) / kBlock;
    std::atomic<int> next{0};
    auto worker = [&] {
        for (int b = next++; b < blocks; b = next++) {
            const int t0 = b * kBlock, n = std::min(kBlock, outFrames - t0);
            Matrix chunk(n + context, input.cols);
            std::memcpy(chunk.values.data(), input.row(t0), chunk.values.size() * sizeof(float));
            const Matrix y = forwardAll(chunk, nullptr);
            std::memcpy(out.row(t0), y.values.data(), y.values.size() * sizeof(float));
        }
    };
    std::vector<std::thread> pool;
    for (int i = 1; i < std::min(threads, blocks); ++i)
        pool.emplace_back(worker);
    worker();
    for (auto &t : pool)
        t.join();
    return out;
}

} // namespace mirlo::nn
