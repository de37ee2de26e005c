// model.json of a tutorial CNN folder: writes and validates the manifest
// (format version, architecture, feature recipe, labels, training preset).
#include "core/model/tutorial_cnn_spec.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace mirlo {

namespace {

QJsonObject layerToJson(const CnnLayerSpec &l)
{
    QJsonObject o;
    o[QStringLiteral("name")] = QString::fromStdString(l.name);
    o[QStringLiteral("type")] = QString::fromLatin1(cnnLayerKindName(l.kind));
    switch (l.kind) {
    case CnnLayerKind::Conv2D:
        o[QStringLiteral("filters")] = l.units;
        o[QStringLiteral("kernel")] = QJsonArray{l.kernelH, l.kernelW};
        o[QStringLiteral("padding")] = l.samePadding ? QStringLiteral("same") : QStringLiteral("valid");
        o[QStringLiteral("activation")] = QString::fromLatin1(cnnActivationName(l.activation));
        break;
    case CnnLayerKind::Dense:
        o[QStringLiteral("units")] = l.units;
        o[QStringLiteral("activation")] = QString::fromLatin1(cnnActivationName(l.activation));
        break;
    case CnnLayerKind::Activation:
        o[QStringLiteral("activation")] = QString::fromLatin1(cnnActivationName(l.activation));
        break;
    case CnnLayerKind::MaxPool:
        o[QStringLiteral("pool")] = QJsonArray{l.poolH, l.poolW};
        break;
    case CnnLayerKind::Dropout:
        o[QStringLiteral("rate")] = l.rate;
        break;
    default:
        break;
    }
    return o;
}

bool layerFromJson(const QJsonObject &o, CnnLayerSpec *l, QString *why)
{
    l->name = o.value(QStringLiteral("name")).toString().toStdString();
    if (l->name.empty() || l->name.find('.') != std::string::npos) {
        *why = QStringLiteral("a layer has a missing or invalid \"name\"");
        return false;
    }
    const QString type = o.value(QStringLiteral("type")).toString();
    if (!parseCnnLayerKind(type, &l->kind)) {
        *why = QStringLiteral("layer '%1' has unknown type '%2'").arg(QString::fromStdString(l->name), type);
        return false;
    }
    const QString act = o.value(QStringLiteral("activation")).toString(QStringLiteral("linear"));
    if (!parseCnnActivation(act, &l->activation)) {
        *why = QStringLiteral("layer '%1' has unknown activation '%2'").arg(QString::fromStdString(l->name), act);
        return false;
    }
    l->units =
        o.value(o.contains(QStringLiteral("filters")) ? QStringLiteral("filters") : QStringLiteral("units")).toInt(0);
    const QJsonArray k = o.value(QStringLiteral("kernel")).toArray();
    if (k.size() == 2) {
        l->kernelH = k.at(0).toInt();
        l->kernelW = k.at(1).toInt();
    }
    l->samePadding = o.value(QStringLiteral("padding")).toString() == QLatin1String("same");
    const QJsonArray p = o.value(QStringLiteral("pool")).toArray();
    if (p.size() == 2) {
        l->poolH = p.at(0).toInt();
        l->poolW = p.at(1).toInt();
    }
    l->rate = o.value(QStringLiteral("rate")).toDouble(0.0);
    if (l->rate < 0.0 || l->rate >= 1.0) {
        *why = QStringLiteral("layer '%1' has dropout rate outside [0, 1)").arg(QString::fromStdString(l->name));
        return false;
    }
    return true;
}

QJsonObject featuresToJson(const MelPatchFeatureConfig &f)
{
    QJsonObject o;
    o[QStringLiteral("type")] = QStringLiteral("mel_patch");
    o[QStringLiteral("sample_rate")] = f.sampleRate;
    o[QStringLiteral("peak_normalise")] = f.peakNormalise;
    o[QStringLiteral("excerpt_samples")] = f.excerptSamples;
    o[QStringLiteral("n_fft")] = f.nFft;
    o[QStringLiteral("hop_length")] = f.hopSamples;
    o[QStringLiteral("window")] = f.window;
    o[QStringLiteral("center")] = f.center;
    o[QStringLiteral("power")] = f.power;
    o[QStringLiteral("n_mels")] = f.nMels;
    o[QStringLiteral("fmin")] = f.fMinHz;
    o[QStringLiteral("fmax")] = f.fMaxHz;
    o[QStringLiteral("mel_scale")] = f.melScale;
    o[QStringLiteral("mel_norm")] = f.melNorm;
    o[QStringLiteral("db_ref")] = f.dbRef;
    o[QStringLiteral("db_amin")] = f.dbAmin;
    o[QStringLiteral("top_db")] = f.topDb;
    o[QStringLiteral("patch_frames")] = f.patchFrames;
    o[QStringLiteral("standardise")] = f.standardise;
    return o;
}

void featuresFromJson(const QJsonObject &o, MelPatchFeatureConfig *f)
{
    f->sampleRate = o.value(QStringLiteral("sample_rate")).toInt(f->sampleRate);
    f->peakNormalise = o.value(QStringLiteral("peak_normalise")).toBool(f->peakNormalise);
    f->excerptSamples = o.value(QStringLiteral("excerpt_samples")).toInt(f->excerptSamples);
    f->nFft = o.value(QStringLiteral("n_fft")).toInt(f->nFft);
    f->hopSamples = o.value(QStringLiteral("hop_length")).toInt(f->hopSamples);
    f->window = o.value(QStringLiteral("window")).toString(f->window);
    f->center = o.value(QStringLiteral("center")).toBool(f->center);
    f->power = o.value(QStringLiteral("power")).toDouble(f->power);
    f->nMels = o.value(QStringLiteral("n_mels")).toInt(f->nMels);
    f->fMinHz = o.value(QStringLiteral("fmin")).toDouble(f->fMinHz);
    f->fMaxHz = o.value(QStringLiteral("fmax")).toDouble(f->fMaxHz);
    f->melScale = o.value(QStringLiteral("mel_scale")).toString(f->melScale);
    f->melNorm = o.value(QStringLiteral("mel_norm")).toString(f->melNorm);
    f->dbRef = o.value(QStringLiteral("db_ref")).toDouble(f->dbRef);
    f->dbAmin = o.value(QStringLiteral("db_amin")).toDouble(f->dbAmin);
    f->topDb = o.value(QStringLiteral("top_db")).toDouble(f->topDb);
    f->patchFrames = o.value(QStringLiteral("patch_frames")).toInt(f->patchFrames);
    f->standardise = o.value(QStringLiteral("standardise")).toString(f->standardise);
}

QJsonObject trainingToJson(const CnnTrainingPreset &t)
{
    QJsonObject o;
    o[QStringLiteral("optimizer")] = t.optimizer;
    o[QStringLiteral("learning_rate")] = t.learningRate;
    o[QStringLiteral("momentum")] = t.momentum;
    o[QStringLiteral("beta_1")] = t.beta1;
    o[QStringLiteral("beta_2")] = t.beta2;
    o[QStringLiteral("epsilon")] = t.epsilon;
    o[QStringLiteral("decay")] = t.decay;
    o[QStringLiteral("batch_size")] = t.batchSize;
    o[QStringLiteral("epochs")] = t.epochs;
    o[QStringLiteral("validation_split")] = t.validationSplit;
    o[QStringLiteral("loss")] = t.loss;
    return o;
}

void trainingFromJson(const QJsonObject &o, CnnTrainingPreset *t)
{
    t->optimizer = o.value(QStringLiteral("optimizer")).toString(t->optimizer);
    t->learningRate = o.value(QStringLiteral("learning_rate")).toDouble(t->learningRate);
    t->momentum = o.value(QStringLiteral("momentum")).toDouble(t->momentum);
    t->beta1 = o.value(QStringLiteral("beta_1")).toDouble(t->beta1);
    t->beta2 = o.value(QStringLiteral("beta_2")).toDouble(t->beta2);
    t->epsilon = o.value(QStringLiteral("epsilon")).toDouble(t->epsilon);
    t->decay = o.value(QStringLiteral("decay")).toDouble(t->decay);
    t->batchSize = o.value(QStringLiteral("batch_size")).toInt(t->batchSize);
    t->epochs = o.value(QStringLiteral("epochs")).toInt(t->epochs);
    t->validationSplit = o.value(QStringLiteral("validation_split")).toDouble(t->validationSplit);
    t->loss = o.value(QStringLiteral("loss")).toString(t->loss);
}

} // namespace

QJsonObject melPatchFeaturesToJson(const MelPatchFeatureConfig &config)
{
    return featuresToJson(config);
}

QJsonObject tutorialCnnToJson(const TutorialCnnSpec &spec, const QJsonObject &trainingSummary)
{
    QJsonObject arch;
    arch[QStringLiteral("name")] = spec.name;
    arch[QStringLiteral("family")] = QStringLiteral("tutorial_cnn");
    arch[QStringLiteral("description")] = spec.description;
    arch[QStringLiteral("input")] = QJsonArray{spec.inputBands, spec.inputFrames, 1};
    arch[QStringLiteral("input_layout")] = QStringLiteral("NCHW, H = mel bands (low to high), W = frames");
    QJsonArray layers;
    for (const CnnLayerSpec &l : spec.layers)
        layers.append(layerToJson(l));
    arch[QStringLiteral("layers")] = layers;
    arch[QStringLiteral("parameters_total")] = double(specParameterCount(spec, true));
    arch[QStringLiteral("parameters_trainable")] = double(specParameterCount(spec, false));

    QJsonObject tensors;
    for (const CnnTensorSpec &t : cnnTensorSpecs(spec)) {
        QJsonArray shape;
        for (int64_t d : t.shape)
            shape.append(double(d));
        tensors[QString::fromStdString(t.name)] = shape;
    }

    QJsonObject root;
    root[QStringLiteral("format_version")] = kTutorialCnnFormatVersion;
    root[QStringLiteral("architecture")] = arch;
    root[QStringLiteral("features")] = featuresToJson(spec.features);
    root[QStringLiteral("labels")] = QJsonArray::fromStringList(spec.labels);
    if (spec.outputCount() == 1 && !spec.negativeLabel.isEmpty())
        root[QStringLiteral("negative_label")] = spec.negativeLabel;
    root[QStringLiteral("output")] = spec.multiLabel() ? QStringLiteral("sigmoid") : QStringLiteral("softmax");
    root[QStringLiteral("training_preset")] = trainingToJson(spec.training);
    root[QStringLiteral("tensors")] = tensors;
    if (!trainingSummary.isEmpty())
        root[QStringLiteral("training")] = trainingSummary;
    return root;
}

bool tutorialCnnFromJson(const QByteArray &json, const QString &fileName, TutorialCnnSpec *out, QString *error)
{
    auto fail = [&](const QString &why) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(fileName, why);
        return false;
    };
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (doc.isNull() || !doc.isObject())
        return fail(QStringLiteral("not a JSON object (%1)").arg(pe.errorString()));
    const QJsonObject root = doc.object();
    const int version = root.value(QStringLiteral("format_version")).toInt(-1);
    if (version != kTutorialCnnFormatVersion)
        return fail(
            QStringLiteral("unsupported format_version %1 (expected %2)").arg(version).arg(kTutorialCnnFormatVersion));
    const QJsonObject arch = root.value(QStringLiteral("architecture")).toObject();
    if (arch.value(QStringLiteral("family")).toString() != QLatin1String("tutorial_cnn"))
        return fail(QStringLiteral("architecture.family is not \"tutorial_cnn\""));

    TutorialCnnSpec s;
    s.name = arch.value(QStringLiteral("name")).toString();
    s.description = arch.value(QStringLiteral("description")).toString();
    const QJsonArray input = arch.value(QStringLiteral("input")).toArray();
    if (input.size() != 3 || input.at(2).toInt() != 1)
        return fail(QStringLiteral("architecture.input must be [bands, frames, 1]"));
    s.inputBands = input.at(0).toInt();
    s.inputFrames = input.at(1).toInt();
    const QJsonArray layers = arch.value(QStringLiteral("layers")).toArray();
    if (layers.isEmpty())
        return fail(QStringLiteral("architecture.layers is missing or empty"));
    for (const QJsonValue &v : layers) {
        CnnLayerSpec l;
        QString why;
        if (!layerFromJson(v.toObject(), &l, &why))
            return fail(why);
        s.layers.push_back(l);
    }
    QString why;
    std::vector<CnnLayerInfo> infos;
    if (!cnnLayerInfos(s, &infos, &why))
        return fail(why);
    for (const QJsonValue &v : root.value(QStringLiteral("labels")).toArray())
        s.labels.append(v.toString());
    if (s.labels.size() != s.outputCount())
        return fail(QStringLiteral("%1 labels for %2 outputs").arg(s.labels.size()).arg(s.outputCount()));
    if (s.outputCount() == 1)
        s.negativeLabel = root.value(QStringLiteral("negative_label")).toString();
    featuresFromJson(root.value(QStringLiteral("features")).toObject(), &s.features);
    if (s.features.nMels != s.inputBands || s.features.patchFrames != s.inputFrames)
        return fail(QStringLiteral("feature patch %1x%2 does not match the network input %3x%4")
                        .arg(s.features.nMels)
                        .arg(s.features.patchFrames)
                        .arg(s.inputBands)
                        .arg(s.inputFrames));
    trainingFromJson(root.value(QStringLiteral("training_preset")).toObject(), &s.training);
    *out = s;
    return true;
}

bool loadTutorialCnnSpec(const QString &dir, TutorialCnnSpec *out, QString *error)
{
    const QString path = QDir(dir).filePath(QStringLiteral("model.json"));
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: cannot open (%2)").arg(path, f.errorString());
        return false;
    }
    return tutorialCnnFromJson(f.readAll(), path, out, error);
}

} // namespace mirlo
