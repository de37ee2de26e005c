#include "cli_model_info.h"

#include "cli_common.h"
#include "core/model/safetensors.h"
#include "core/model/tutorial_cnn_spec.h"
#include "core/tagging/tagger_manifest.h"
#include "core/tagging/tagger_model.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace mirlo::cli {

namespace {

// Keras prints counts with thousands separators: 107,016.
QString grouped(int64_t n)
{
    QString digits = QString::number(n < 0 ? -n : n);
    for (int i = digits.size() - 3; i > 0; i -= 3)
        digits.insert(i, QLatin1Char(','));
    return n < 0 ? QLatin1Char('-') + digits : digits;
}

QString shapeText(const CnnLayerInfo &i, bool flat)
{
    return flat ? QString::number(i.height) : QStringLiteral("%1x%2x%3").arg(i.height).arg(i.width).arg(i.channels);
}

QString layerConfig(const CnnLayerSpec &l)
{
    switch (l.kind) {
    case CnnLayerKind::FreqBatchNorm:
        return QStringLiteral("per mel band");
    case CnnLayerKind::Conv2D:
        return QStringLiteral("%1 %2x%3 %4 %5")
            .arg(l.units)
            .arg(l.kernelH)
            .arg(l.kernelW)
            .arg(l.samePadding ? QStringLiteral("same") : QStringLiteral("valid"),
                 QString::fromLatin1(cnnActivationName(l.activation)));
    case CnnLayerKind::MaxPool:
        return QStringLiteral("(%1,%2)").arg(l.poolH).arg(l.poolW);
    case CnnLayerKind::Dropout:
        return QString::number(l.rate);
    case CnnLayerKind::Dense:
        return QStringLiteral("%1 %2").arg(l.units).arg(QString::fromLatin1(cnnActivationName(l.activation)));
    case CnnLayerKind::Activation:
        return QString::fromLatin1(cnnActivationName(l.activation));
    default:
        return {};
    }
}

// Sum of the weights file's tensor sizes, after checking every name and shape
// against the architecture; -1 + *error on a mismatch.
int64_t checkWeights(const TutorialCnnSpec &spec, const QString &path, QString *error)
{
    SafeTensors st;
    if (!st.load(path, error))
        return -1;
    int64_t total = 0;
    const std::vector<CnnTensorSpec> specs = cnnTensorSpecs(spec);
    for (const CnnTensorSpec &t : specs) {
        const TensorView *v = st.find(t.name);
        if (!v || v->shape != t.shape) {
            *error = QStringLiteral("%1: tensor '%2' is %3 for architecture '%4'")
                         .arg(path, QString::fromStdString(t.name),
                              v ? QStringLiteral("of a different shape") : QStringLiteral("missing"), spec.name);
            return -1;
        }
        total += v->elementCount();
    }
    if (st.names().size() != specs.size()) {
        *error = QStringLiteral("%1: %2 tensors, the architecture has %3")
                     .arg(path)
                     .arg(st.names().size())
                     .arg(specs.size());
        return -1;
    }
    return total;
}

int printTutorialCnn(const TutorialCnnSpec &spec, const QString &source, int64_t weightValues, bool json)
{
    std::vector<CnnLayerInfo> infos;
    QString error;
    if (!cnnLayerInfos(spec, &infos, &error)) {
        printError(QStringLiteral("%1: %2").arg(source, error));
        return kExitBadInput;
    }
    const int64_t total = specParameterCount(spec, true), trainable = specParameterCount(spec, false);
    if (json) {
        QJsonObject o = tutorialCnnToJson(spec);
        QJsonArray rows;
        bool flat = false;
        for (size_t i = 0; i < infos.size(); ++i) {
            flat = flat || spec.layers[i].kind == CnnLayerKind::Flatten;
            QJsonObject r;
            r[QStringLiteral("name")] = QString::fromStdString(spec.layers[i].name);
            r[QStringLiteral("output")] = shapeText(infos[i], flat);
            r[QStringLiteral("params")] = double(infos[i].trainable + infos[i].nonTrainable);
            r[QStringLiteral("trainable")] = double(infos[i].trainable);
            rows.append(r);
        }
        o[QStringLiteral("summary")] = rows;
        o[QStringLiteral("source")] = source;
        if (weightValues >= 0)
            o[QStringLiteral("weight_values")] = double(weightValues);
        writeOut(QJsonDocument(o).toJson(QJsonDocument::Indented));
        return kExitOk;
    }
    QString t;
    t += QStringLiteral("Architecture: %1 (tutorial_cnn)\n").arg(spec.name);
    t += QStringLiteral("Source: %1\n").arg(source);
    if (!spec.description.isEmpty())
        t += QStringLiteral("Description: %1\n").arg(spec.description);
    t +=
        QStringLiteral("Input: %1x%2x1 (mel bands x frames x channels)\n\n").arg(spec.inputBands).arg(spec.inputFrames);
    t += QStringLiteral("%1 %2 %3 %4 %5\n")
             .arg(QStringLiteral("Layer").leftJustified(10), QStringLiteral("Type").leftJustified(16),
                  QStringLiteral("Config").leftJustified(20), QStringLiteral("Output").leftJustified(10),
                  QStringLiteral("Params"));
    bool flat = false;
    for (size_t i = 0; i < infos.size(); ++i) {
        const CnnLayerSpec &l = spec.layers[i];
        flat = flat || l.kind == CnnLayerKind::Flatten;
        const int64_t p = infos[i].trainable + infos[i].nonTrainable;
        QString params = grouped(p);
        if (infos[i].nonTrainable > 0)
            params += QStringLiteral(" (%1 trainable)").arg(grouped(infos[i].trainable));
        t += QStringLiteral("%1 %2 %3 %4 %5\n")
                 .arg(QString::fromStdString(l.name).leftJustified(10),
                      QString::fromLatin1(cnnLayerKindName(l.kind)).leftJustified(16), layerConfig(l).leftJustified(20),
                      shapeText(infos[i], flat).leftJustified(10), params);
    }
    t += QStringLiteral("\nTotal params: %1\nTrainable params: %2\nNon-trainable params: %3\n")
             .arg(grouped(total), grouped(trainable), grouped(total - trainable));
    if (weightValues >= 0)
        t +=
            QStringLiteral("Weights file: %1 values, every tensor name and shape matches\n").arg(grouped(weightValues));
    const MelPatchFeatureConfig &f = spec.features;
    t += QStringLiteral("\nFeatures: mel patches, %1 Hz mono%2, first %3 samples; STFT n_fft %4 hop %5 (%6, %7); "
                        "power %8; %9 mel bands %10-%11 Hz (%12 scale, %13 norm); dB ref %14, floor max-%15 dB; "
                        "%16x%17 patch; standardise: %18\n")
             .arg(f.sampleRate)
             .arg(f.peakNormalise ? QStringLiteral(", peak-normalised") : QString())
             .arg(f.excerptSamples)
             .arg(f.nFft)
             .arg(f.hopSamples)
             .arg(f.window, f.center ? QStringLiteral("centred") : QStringLiteral("not centred"))
             .arg(f.power)
             .arg(f.nMels)
             .arg(f.fMinHz)
             .arg(f.fMaxHz)
             .arg(f.melScale, f.melNorm)
             .arg(f.dbRef)
             .arg(f.topDb)
             .arg(f.nMels)
             .arg(f.patchFrames)
             .arg(f.standardise);
    t += QStringLiteral("Output: %1 x %2\n")
             .arg(spec.outputCount())
             .arg(spec.multiLabel() ? QStringLiteral("sigmoid") : QStringLiteral("softmax"));
    t += QStringLiteral("Labels (%1): %2\n").arg(spec.labels.size()).arg(spec.labels.join(QStringLiteral(", ")));
    const CnnTrainingPreset &tr = spec.training;
    t += QStringLiteral("Training preset: %1 lr %2%3 decay %4, %5, batch %6, %7 epochs, validation split %8\n")
             .arg(tr.optimizer)
             .arg(tr.learningRate)
             .arg(tr.optimizer == QLatin1String("adam")
                      ? QStringLiteral(" beta %1/%2 eps %3").arg(tr.beta1).arg(tr.beta2).arg(tr.epsilon)
                      : QStringLiteral(" momentum %1").arg(tr.momentum))
             .arg(tr.decay)
             .arg(tr.loss)
             .arg(tr.batchSize)
             .arg(tr.epochs)
             .arg(tr.validationSplit);
    writeOut(t.toUtf8());
    return kExitOk;
}

// A pretrained tagger folder: its manifest, tensor count and tag names.
int printTagger(const QString &dir, bool json)
{
    const QString path = QDir(dir).filePath(QStringLiteral("model.json"));
    QFile file(path);
    TaggerManifest m;
    QString error;
    if (!file.open(QIODevice::ReadOnly) || !parseTaggerManifest(file.readAll(), path, &m, &error)) {
        printError(error.isEmpty() ? QStringLiteral("%1: cannot open").arg(path) : error);
        return kExitBadInput;
    }
    int64_t total = 0;
    for (const auto &kv : m.tensorShapes) {
        int64_t n = 1;
        for (int64_t d : kv.second)
            n *= d;
        total += n;
    }
    if (json) {
        QJsonObject o;
        o[QStringLiteral("name")] = m.name;
        o[QStringLiteral("family")] = QStringLiteral("pretrained_tagger");
        o[QStringLiteral("layers")] = QJsonArray::fromStringList(m.layerNames);
        o[QStringLiteral("tensor_values")] = double(total);
        o[QStringLiteral("labels")] = QJsonArray::fromStringList(m.tags);
        writeOut(QJsonDocument(o).toJson(QJsonDocument::Indented));
        return kExitOk;
    }
    QString t = QStringLiteral("Architecture: %1 (pretrained tagger)\nSource: %2\n").arg(m.name, dir);
    if (!m.description.isEmpty())
        t += QStringLiteral("Description: %1\n").arg(m.description);
    t += QStringLiteral("Layers: %1\n").arg(m.layerNames.join(QStringLiteral(", ")));
    t += QStringLiteral("Tensors: %1 (%2 values, including BatchNorm running statistics)\n")
             .arg(m.tensorShapes.size())
             .arg(grouped(total));
    t += QStringLiteral("Features: %1 Hz, n_fft %2 hop %3, %4 mel bands, %5 frames per chunk\n")
             .arg(m.sampleRate)
             .arg(m.nFft)
             .arg(m.hopLength)
             .arg(m.nMels)
             .arg(m.melFrames);
    t += QStringLiteral("Labels (%1): %2\n").arg(m.tags.size()).arg(m.tags.join(QStringLiteral(", ")));
    writeOut(t.toUtf8());
    return kExitOk;
}

} // namespace

int runModelInfo(const QStringList &args)
{
    const QString command = QStringLiteral("model-info");
    const QString synopsis = QStringLiteral("[--json] DIR|PRESET");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral(
            "Describe a model: a model folder (model.json + weights.safetensors) or one of the tutorial CNN\n"
            "presets (%1). Parameter counts are Keras' \"Total params\" (BatchNorm moving mean and\n"
            "variance included) split into trainable and non-trainable.")
            .arg(tutorialCnnPresetNames().join(QStringLiteral(", "))));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print model.json plus a per-layer summary."));
    parser.addOption(json);
    parser.addPositionalArgument(QStringLiteral("MODEL"), QStringLiteral("Model folder or preset name."),
                                 QStringLiteral("DIR|PRESET"));
    if (const std::optional<int> done = parseOrUsage(parser, args, command, usageLine(command, synopsis)))
        return *done;
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 1) {
        writeErr(QStringLiteral("mirlo-cli model-info: expected one model folder or preset name\n") +
                 usageLine(command, synopsis));
        return kExitUsage;
    }
    const QString arg = pos.first();
    TutorialCnnSpec spec;
    if (!QFileInfo(arg).isDir() && tutorialCnnPreset(arg, &spec))
        return printTutorialCnn(spec, QStringLiteral("preset"), -1, parser.isSet(json));

    QString dir = arg;
    if (!QFileInfo(dir).isDir() && TaggerModel::builtinModelNames().contains(arg))
        dir = TaggerModel::resolveModel(arg);
    if (!QFileInfo(dir).isDir()) {
        printError(QStringLiteral("%1: neither a model folder nor a preset (%2)")
                       .arg(arg, tutorialCnnPresetNames().join(QStringLiteral(", "))));
        return kExitBadInput;
    }
    const QString manifestPath = QDir(dir).filePath(QStringLiteral("model.json"));
    QFile f(manifestPath);
    if (!f.open(QIODevice::ReadOnly)) {
        printError(QStringLiteral("%1: cannot open (%2)").arg(manifestPath, f.errorString()));
        return kExitBadInput;
    }
    const QByteArray bytes = f.readAll();
    const QJsonObject root = QJsonDocument::fromJson(bytes).object();
    if (root.value(QStringLiteral("architecture")).toObject().value(QStringLiteral("family")).toString() !=
            QLatin1String("tutorial_cnn") &&
        root.contains(QStringLiteral("tensors")) && root.contains(QStringLiteral("track_inference")))
        return printTagger(dir, parser.isSet(json));
    QString error;
    if (!tutorialCnnFromJson(bytes, manifestPath, &spec, &error)) {
        printError(error);
        return kExitBadInput;
    }
    const int64_t values = checkWeights(spec, QDir(dir).filePath(QStringLiteral("weights.safetensors")), &error);
    if (values < 0) {
        printError(error);
        return kExitBadInput;
    }
    return printTutorialCnn(spec, dir, values, parser.isSet(json));
}

} // namespace mirlo::cli
