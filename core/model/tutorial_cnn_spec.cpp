#include "core/model/tutorial_cnn_spec.h"

namespace mirlo {

namespace {

struct KindName {
    CnnLayerKind kind;
    const char *name;
};
const KindName kKindNames[] = {
    {CnnLayerKind::FreqBatchNorm, "freq_batch_norm"},
    {CnnLayerKind::Conv2D, "conv2d"},
    {CnnLayerKind::BatchNorm, "batch_norm"},
    {CnnLayerKind::Activation, "activation"},
    {CnnLayerKind::MaxPool, "max_pool"},
    {CnnLayerKind::Flatten, "flatten"},
    {CnnLayerKind::Dropout, "dropout"},
    {CnnLayerKind::Dense, "dense"},
};

struct ActName {
    CnnActivation act;
    const char *name;
};
const ActName kActNames[] = {
    {CnnActivation::Linear, "linear"},   {CnnActivation::ReLU, "relu"},       {CnnActivation::Elu, "elu"},
    {CnnActivation::Sigmoid, "sigmoid"}, {CnnActivation::Softmax, "softmax"},
};

CnnLayerSpec conv(const char *name, int filters, bool same)
{
    CnnLayerSpec l;
    l.kind = CnnLayerKind::Conv2D;
    l.name = name;
    l.units = filters;
    l.samePadding = same;
    return l;
}
CnnLayerSpec pool(const char *name, int h, int w)
{
    CnnLayerSpec l;
    l.kind = CnnLayerKind::MaxPool;
    l.name = name;
    l.poolH = h;
    l.poolW = w;
    return l;
}
CnnLayerSpec simple(CnnLayerKind kind, const char *name)
{
    CnnLayerSpec l;
    l.kind = kind;
    l.name = name;
    return l;
}
CnnLayerSpec act(const char *name, CnnActivation a)
{
    CnnLayerSpec l = simple(CnnLayerKind::Activation, name);
    l.activation = a;
    return l;
}
CnnLayerSpec dense(const char *name, int units, CnnActivation a)
{
    CnnLayerSpec l = simple(CnnLayerKind::Dense, name);
    l.units = units;
    l.activation = a;
    return l;
}
CnnLayerSpec dropout(const char *name, double rate)
{
    CnnLayerSpec l = simple(CnnLayerKind::Dropout, name);
    l.rate = rate;
    return l;
}

// TUTORIAL 2.3: CompactCNN with 3 blocks [32, 64, 64], batch norm, ELU, pools
// from the n_mels >= 72 row, dense 128 ReLU, dropout 0.2, Adam(0.003, decay 0.01).
void compactCnn(TutorialCnnSpec *s, int outputs, CnnActivation outAct)
{
    const int filters[3] = {32, 64, 64};
    const int pools[3][2] = {{2, 4}, {3, 4}, {2, 5}};
    s->layers.push_back(simple(CnnLayerKind::FreqBatchNorm, "bn_0_freq"));
    for (int b = 0; b < 3; ++b) {
        const std::string n = std::to_string(b + 1);
        s->layers.push_back(conv(("conv" + n).c_str(), filters[b], true));
        s->layers.push_back(simple(CnnLayerKind::BatchNorm, ("bn" + n).c_str()));
        s->layers.push_back(act(("elu" + n).c_str(), CnnActivation::Elu));
        s->layers.push_back(pool(("pool" + n).c_str(), pools[b][0], pools[b][1]));
    }
    s->layers.push_back(simple(CnnLayerKind::Flatten, "flatten"));
    s->layers.push_back(dropout("dropout", 0.2));
    s->layers.push_back(dense("dense1", 128, CnnActivation::ReLU));
    s->layers.push_back(dense("output", outputs, outAct));
    s->training.optimizer = QStringLiteral("adam");
    s->training.learningRate = 0.003;
    s->training.beta1 = 0.9;
    s->training.beta2 = 0.999;
    s->training.epsilon = 1e-7;
    s->training.decay = 0.01;
    s->training.batchSize = 32;
    s->training.epochs = 10;
    s->training.validationSplit = 0.1;
}

} // namespace

const char *cnnLayerKindName(CnnLayerKind kind)
{
    for (const KindName &k : kKindNames)
        if (k.kind == kind)
            return k.name;
    return "?";
}

const char *cnnActivationName(CnnActivation a)
{
    for (const ActName &k : kActNames)
        if (k.act == a)
            return k.name;
    return "?";
}

bool parseCnnLayerKind(const QString &name, CnnLayerKind *out)
{
    for (const KindName &k : kKindNames)
        if (name == QLatin1String(k.name)) {
            *out = k.kind;
            return true;
        }
    return false;
}

bool parseCnnActivation(const QString &name, CnnActivation *out)
{
    for (const ActName &k : kActNames)
        if (name == QLatin1String(k.name)) {
            *out = k.act;
            return true;
        }
    return false;
}

int TutorialCnnSpec::outputCount() const
{
    for (auto it = layers.rbegin(); it != layers.rend(); ++it)
        if (it->kind == CnnLayerKind::Dense)
            return it->units;
    return 0;
}

bool TutorialCnnSpec::multiLabel() const
{
    for (auto it = layers.rbegin(); it != layers.rend(); ++it)
        if (it->kind == CnnLayerKind::Dense)
            return it->activation != CnnActivation::Softmax;
    return true;
}

QStringList tutorialCnnPresetNames()
{
    return {QStringLiteral("instrumental_vocal"), QStringLiteral("instrumental_vocal_b"),
            QStringLiteral("compact_cnn_genre"), QStringLiteral("compact_cnn_mood")};
}

bool tutorialCnnPreset(const QString &name, TutorialCnnSpec *out)
{
    TutorialCnnSpec s;
    s.name = name;
    if (name == QLatin1String("instrumental_vocal") || name == QLatin1String("instrumental_vocal_b")) {
        const bool b = name.endsWith(QLatin1String("_b"));
        s.description = b ? QStringLiteral("TUTORIAL 2.2 model B: 2 x (conv 16 3x3 valid, max-pool 2x2), "
                                           "dense 256 linear, dense 1 sigmoid")
                          : QStringLiteral("TUTORIAL 2.2 model A: conv 16 3x3 valid (no activation), "
                                           "max-pool 2x2, dense 256 sigmoid, dense 1 sigmoid");
        s.layers.push_back(conv("conv1", 16, false));
        s.layers.push_back(pool("pool1", 2, 2));
        if (b) {
            s.layers.push_back(conv("conv2", 16, false));
            s.layers.push_back(pool("pool2", 2, 2));
        }
        s.layers.push_back(simple(CnnLayerKind::Flatten, "flatten"));
        s.layers.push_back(dense("dense1", 256, b ? CnnActivation::Linear : CnnActivation::Sigmoid));
        s.layers.push_back(dense("output", 1, CnnActivation::Sigmoid));
        s.labels = {QStringLiteral("instrumental")}; // 1 = instrumental, 0 = vocal (TUTORIAL 2.2)
        // Keras SGD() defaults: lr 0.01, no momentum, no decay; batch 32, 10 epochs.
        s.training = CnnTrainingPreset{};
    } else if (name == QLatin1String("compact_cnn_genre")) {
        s.description = QStringLiteral("TUTORIAL 2.3/2.4 CompactCNN, 8 genres, softmax");
        compactCnn(&s, 8, CnnActivation::Softmax);
        s.labels = {QStringLiteral("classical"), QStringLiteral("country"), QStringLiteral("jazz"),
                    QStringLiteral("pop"),       QStringLiteral("rock"),    QStringLiteral("techno"),
                    QStringLiteral("blues"),     QStringLiteral("dance")};
        s.training.loss = QStringLiteral("categorical_crossentropy");
    } else if (name == QLatin1String("compact_cnn_mood")) {
        s.description = QStringLiteral("TUTORIAL 2.3/2.5 CompactCNN, 4 mood tags, sigmoid");
        compactCnn(&s, 4, CnnActivation::Sigmoid);
        s.labels = {QStringLiteral("loud"), QStringLiteral("quiet"), QStringLiteral("soft"), QStringLiteral("strange")};
        s.training.loss = QStringLiteral("binary_crossentropy");
    } else {
        return false;
    }
    *out = s;
    return true;
}

bool cnnLayerInfos(const TutorialCnnSpec &spec, std::vector<CnnLayerInfo> *out, QString *error)
{
    auto fail = [&](const CnnLayerSpec &l, const QString &why) {
        if (error)
            *error = QStringLiteral("layer '%1': %2").arg(QString::fromStdString(l.name), why);
        return false;
    };
    out->clear();
    int h = spec.inputBands, w = spec.inputFrames, c = 1;
    bool flat = false;
    if (h <= 0 || w <= 0) {
        if (error)
            *error = QStringLiteral("input shape %1x%2 is empty").arg(h).arg(w);
        return false;
    }
    for (const CnnLayerSpec &l : spec.layers) {
        CnnLayerInfo info;
        switch (l.kind) {
        case CnnLayerKind::FreqBatchNorm:
            if (flat)
                return fail(l, QStringLiteral("needs a 2-D input"));
            // One gamma/beta/mean/var per mel band (Keras BatchNormalization(axis=1)).
            info.trainable = 2LL * h;
            info.nonTrainable = 2LL * h;
            break;
        case CnnLayerKind::Conv2D:
            if (flat || l.units <= 0 || l.kernelH <= 0 || l.kernelW <= 0)
                return fail(l, QStringLiteral("invalid convolution"));
            info.trainable = int64_t(l.kernelH) * l.kernelW * c * l.units + l.units;
            if (!l.samePadding) {
                h -= l.kernelH - 1;
                w -= l.kernelW - 1;
            }
            c = l.units;
            break;
        case CnnLayerKind::BatchNorm:
            info.trainable = 2LL * (flat ? h : c);
            info.nonTrainable = info.trainable;
            break;
        case CnnLayerKind::MaxPool:
            if (flat || l.poolH <= 0 || l.poolW <= 0)
                return fail(l, QStringLiteral("invalid pooling"));
            h /= l.poolH;
            w /= l.poolW;
            break;
        case CnnLayerKind::Flatten:
            h = h * w * c;
            w = c = 1;
            flat = true;
            break;
        case CnnLayerKind::Dense:
            if (!flat || l.units <= 0)
                return fail(l, QStringLiteral("dense layer needs a flattened input"));
            info.trainable = int64_t(h) * l.units + l.units;
            h = l.units;
            break;
        case CnnLayerKind::Activation:
        case CnnLayerKind::Dropout:
            break;
        }
        if (h <= 0 || w <= 0)
            return fail(l, QStringLiteral("output shape %1x%2 is empty").arg(h).arg(w));
        info.height = h;
        info.width = w;
        info.channels = c;
        out->push_back(info);
    }
    if (!flat || spec.layers.empty() || spec.layers.back().kind != CnnLayerKind::Dense) {
        if (error)
            *error = QStringLiteral("the last layer must be a dense output layer");
        return false;
    }
    return true;
}

int64_t specParameterCount(const TutorialCnnSpec &spec, bool includeNonTrainable)
{
    std::vector<CnnLayerInfo> infos;
    if (!cnnLayerInfos(spec, &infos))
        return -1;
    int64_t total = 0;
    for (const CnnLayerInfo &i : infos)
        total += i.trainable + (includeNonTrainable ? i.nonTrainable : 0);
    return total;
}

std::vector<CnnTensorSpec> cnnTensorSpecs(const TutorialCnnSpec &spec)
{
    std::vector<CnnTensorSpec> out;
    std::vector<CnnLayerInfo> infos;
    if (!cnnLayerInfos(spec, &infos))
        return out;
    int inC = 1, inFlat = 0;
    for (size_t i = 0; i < spec.layers.size(); ++i) {
        const CnnLayerSpec &l = spec.layers[i];
        const std::string p = l.name + ".";
        auto bn = [&](int64_t n) {
            out.push_back({p + "weight", {n}, true});
            out.push_back({p + "bias", {n}, true});
            out.push_back({p + "running_mean", {n}, false});
            out.push_back({p + "running_var", {n}, false});
        };
        switch (l.kind) {
        case CnnLayerKind::FreqBatchNorm:
            bn(spec.inputBands);
            break;
        case CnnLayerKind::Conv2D:
            out.push_back({p + "weight", {l.units, inC, l.kernelH, l.kernelW}, true});
            out.push_back({p + "bias", {l.units}, true});
            break;
        case CnnLayerKind::BatchNorm:
            bn(inFlat > 0 ? inFlat : inC); // after Flatten: one per unit
            break;
        case CnnLayerKind::Dense:
            out.push_back({p + "weight", {l.units, inFlat}, true});
            out.push_back({p + "bias", {l.units}, true});
            break;
        default:
            break;
        }
        inC = infos[i].channels;
        if (l.kind == CnnLayerKind::Flatten || l.kind == CnnLayerKind::Dense)
            inFlat = infos[i].height;
    }
    return out;
}

} // namespace mirlo
