#include "core/nn/trained_onset_model.h"

#include "core/features/madmom_features.h"
#include "core/features/madmom_signal.h"
#include "core/model/safetensors.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <cmath>

namespace mirlo {

namespace {

const QString kManifestName = QStringLiteral("model.json");
const QString kWeightsName = QStringLiteral("weights.safetensors");

bool fail(QString *error, const QString &text)
{
    if (error)
        *error = text;
    return false;
}

QJsonArray intArray(std::initializer_list<int> values)
{
    QJsonArray a;
    for (int v : values)
        a.append(v);
    return a;
}

} // namespace

QJsonObject tutorialOnsetFeatureConfig()
{
    // Everything that changes the numbers a network sees; load() demands an exact match.
    QJsonObject f;
    f.insert(QStringLiteral("name"), QStringLiteral("tutorial_p3b_multires_logfilt_diff"));
    f.insert(QStringLiteral("sample_rate"), 44100);
    f.insert(QStringLiteral("signal"), QStringLiteral("mono, int16-valued (madmom Signal)"));
    f.insert(QStringLiteral("fps"), kTutorialOnsetFps);
    f.insert(QStringLiteral("hop_size"), 441);
    f.insert(QStringLiteral("frame_sizes"), intArray({1024, 2048, 4096}));
    f.insert(QStringLiteral("window"), QStringLiteral("symmetric hann / 32767"));
    f.insert(QStringLiteral("bands_per_octave"), intArray({3, 6, 12}));
    f.insert(QStringLiteral("bands"), intArray({21, 45, 91}));
    f.insert(QStringLiteral("fmin"), 30.0);
    f.insert(QStringLiteral("fmax"), 17000.0);
    f.insert(QStringLiteral("fref"), 440.0);
    f.insert(QStringLiteral("norm_filters"), true);
    f.insert(QStringLiteral("unique_filters"), true);
    f.insert(QStringLiteral("log"), QStringLiteral("log10(mul * x + add)"));
    f.insert(QStringLiteral("mul"), 1.0);
    f.insert(QStringLiteral("add"), 1.0);
    f.insert(QStringLiteral("diff_ratio"), 0.5);
    f.insert(QStringLiteral("diff_frames"), intArray({1, 1, 2}));
    f.insert(QStringLiteral("positive_diffs"), true);
    f.insert(QStringLiteral("layout"), QStringLiteral("per frame size (ascending): [spectrum, diff]; concatenated"));
    f.insert(QStringLiteral("input_size"), kTutorialOnsetInputs);
    return f;
}

Matrix tutorialOnsetFeatures(const std::vector<float> &signal, const std::function<bool(double)> &progress)
{
    return madmomFeatures(signal, MadmomFamily::Downbeats, progress);
}

PeakPickingParams tutorialOnsetPeakPicking()
{
    PeakPickingParams p;
    p.threshold = 0.35;
    p.smooth = 0.07;
    p.preMax = 0.01;
    p.postMax = 0.01;
    p.preAvg = 0.0;
    p.postAvg = 0.0;
    p.combine = 0.03;
    return p;
}

QJsonArray tutorialOnsetLayersJson(int inputs, int hidden, int layers)
{
    QJsonArray out;
    int in = inputs;
    for (int i = 0; i < layers; ++i) {
        QJsonObject l;
        l.insert(QStringLiteral("index"), i);
        l.insert(QStringLiteral("type"), QStringLiteral("bidirectional"));
        l.insert(QStringLiteral("cell"), QStringLiteral("rnn"));
        l.insert(QStringLiteral("input_size"), in);
        l.insert(QStringLiteral("hidden_size"), hidden);
        l.insert(QStringLiteral("output_size"), 2 * hidden);
        l.insert(QStringLiteral("activation"), QStringLiteral("tanh"));
        QJsonObject tensors;
        for (const char *dir : {"fwd", "bwd"}) {
            const QString p = QStringLiteral("layers.%1.%2.").arg(i).arg(QLatin1String(dir));
            tensors.insert(p + QStringLiteral("weights"), intArray({in, hidden}));
            tensors.insert(p + QStringLiteral("bias"), intArray({hidden}));
            tensors.insert(p + QStringLiteral("recurrent_weights"), intArray({hidden, hidden}));
        }
        l.insert(QStringLiteral("tensors"), tensors);
        out.append(l);
        in = 2 * hidden;
    }
    QJsonObject d;
    d.insert(QStringLiteral("index"), layers);
    d.insert(QStringLiteral("type"), QStringLiteral("dense"));
    d.insert(QStringLiteral("input_size"), in);
    d.insert(QStringLiteral("output_size"), 1);
    d.insert(QStringLiteral("activation"), QStringLiteral("sigmoid"));
    QJsonObject tensors;
    tensors.insert(QStringLiteral("layers.%1.weights").arg(layers), intArray({in, 1}));
    tensors.insert(QStringLiteral("layers.%1.bias").arg(layers), intArray({1}));
    d.insert(QStringLiteral("tensors"), tensors);
    out.append(d);
    return out;
}

bool TrainedOnsetModel::load(const QString &folder, QString *error)
{
    m_network = nn::Network();
    const QDir dir(folder);
    if (!QFileInfo(folder).isDir())
        return fail(error, QStringLiteral("%1: not a model folder").arg(folder));
    const QString manifestPath = dir.filePath(kManifestName);
    const QString weightsPath = dir.filePath(kWeightsName);
    QJsonObject m;
    if (!nn::readJsonObject(manifestPath, &m, error))
        return false;
    auto bad = [&](const QString &what) { return fail(error, QStringLiteral("%1: %2").arg(manifestPath, what)); };
    const int version = m.value(QLatin1String("format_version")).toInt(-1);
    if (version != kTutorialOnsetFormatVersion)
        return bad(QStringLiteral("unsupported format_version %1 (expected %2)")
                       .arg(version)
                       .arg(kTutorialOnsetFormatVersion));
    const QString arch = m.value(QLatin1String("architecture")).toString();
    if (arch != QLatin1String(kTutorialOnsetArchitecture))
        return bad(
            QStringLiteral("architecture \"%1\" is not \"%2\"").arg(arch, QLatin1String(kTutorialOnsetArchitecture)));
    if (m.value(QLatin1String("fps")).toDouble() != kTutorialOnsetFps)
        return bad(QStringLiteral("fps must be %1").arg(kTutorialOnsetFps));
    const QJsonObject features = m.value(QLatin1String("features")).toObject();
    const QJsonObject expected = tutorialOnsetFeatureConfig();
    for (auto it = expected.begin(); it != expected.end(); ++it) {
        if (features.value(it.key()) != it.value())
            return bad(QStringLiteral("feature setting \"%1\" differs from the supported configuration").arg(it.key()));
    }
    // The safetensors reader names only the file; prefix the folder so the message is unambiguous.
    auto withFolder = [&] {
        if (error && !error->startsWith(weightsPath))
            *error = dir.filePath(*error);
        return false;
    };
    SafeTensors st;
    if (!st.load(weightsPath, error))
        return withFolder();
    nn::Network net;
    if (!net.load(st, m, weightsPath, error))
        return withFolder();
    if (net.inputSize() != kTutorialOnsetInputs || net.outputSize() != 1)
        return bad(QStringLiteral("layers map %1 inputs to %2 outputs (expected %3 -> 1)")
                       .arg(net.inputSize())
                       .arg(net.outputSize())
                       .arg(kTutorialOnsetInputs));
    m_peaks = tutorialOnsetPeakPicking();
    const QJsonObject pp = m.value(QLatin1String("peak_picking")).toObject();
    const double threshold = pp.value(QLatin1String("threshold")).toDouble(m_peaks.threshold);
    if (!std::isfinite(threshold) || threshold <= 0.0 || threshold >= 1.0)
        return bad(QStringLiteral("peak_picking.threshold must lie in (0, 1)"));
    m_peaks.threshold = threshold;
    m_peaks.smooth = pp.value(QLatin1String("smooth")).toDouble(m_peaks.smooth);
    m_peaks.preMax = pp.value(QLatin1String("pre_max")).toDouble(m_peaks.preMax);
    m_peaks.postMax = pp.value(QLatin1String("post_max")).toDouble(m_peaks.postMax);
    m_peaks.combine = pp.value(QLatin1String("combine")).toDouble(m_peaks.combine);
    m_network = std::move(net);
    m_manifest = m;
    m_folder = QFileInfo(folder).absoluteFilePath();
    return true;
}

QString TrainedOnsetModel::name() const
{
    const QString n = m_manifest.value(QLatin1String("name")).toString();
    return n.isEmpty() ? QFileInfo(m_folder).fileName() : n;
}

std::vector<float> TrainedOnsetModel::activation(const Matrix &features, QString *error) const
{
    if (!isLoaded()) {
        fail(error, QStringLiteral("no model loaded"));
        return {};
    }
    if (features.cols != kTutorialOnsetInputs) {
        fail(error, QStringLiteral("features have %1 columns, the model needs %2")
                        .arg(features.cols)
                        .arg(kTutorialOnsetInputs));
        return {};
    }
    if (features.rows == 0)
        return {};
    const Matrix out = m_network.forward(features);
    return std::vector<float>(out.values.begin(), out.values.end());
}

TrainedOnsetModel::Detection TrainedOnsetModel::detectSignal(const std::vector<float> &signal) const
{
    Detection d;
    const Matrix features = tutorialOnsetFeatures(signal);
    d.activation = activation(features, &d.error);
    if (!d.error.isEmpty())
        return d;
    d.onsets = pickOnsets(d.activation, fps(), m_peaks);
    d.ok = true;
    return d;
}

TrainedOnsetModel::Detection TrainedOnsetModel::detectFile(const QString &path,
                                                           const std::function<bool(double)> &progress) const
{
    Detection d;
    MadmomSignalResult sig = decodeMadmomSignal(path, progress);
    if (!sig.ok) {
        d.cancelled = sig.cancelled;
        d.error = sig.error.isEmpty() ? path + QStringLiteral(": cannot decode") : sig.error;
        return d;
    }
    d = detectSignal(sig.signal);
    if (!d.error.isEmpty())
        d.error = path + QStringLiteral(": ") + d.error;
    return d;
}

bool loadTrainedOnsetWeights(const QString &folder, std::vector<NamedTensor> &out, QString *error)
{
    TrainedOnsetModel model;
    if (!model.load(folder, error))
        return false;
    SafeTensors st;
    if (!st.load(QDir(folder).filePath(kWeightsName), error))
        return false;
    out.clear();
    for (const std::string &name : st.names())
        out.push_back({name, st.find(name)->shape, st.floats(name)});
    return true;
}

bool writeTrainedOnsetModel(const QString &folder, const QJsonObject &manifest, const std::vector<NamedTensor> &tensors,
                            QString *error)
{
    QDir dir(folder);
    if (!dir.exists() && !QDir().mkpath(folder))
        return fail(error, QStringLiteral("%1: cannot create the model folder").arg(folder));
    SafeTensorsWriter writer;
    for (const NamedTensor &t : tensors)
        writer.add(t.name, t.shape, t.values);
    writer.setMetadata(QStringLiteral("architecture"), QLatin1String(kTutorialOnsetArchitecture));
    if (!writer.save(dir.filePath(kWeightsName), error))
        return false;
    QSaveFile file(dir.filePath(kManifestName));
    if (!file.open(QIODevice::WriteOnly))
        return fail(error, QStringLiteral("%1: cannot write (%2)").arg(file.fileName(), file.errorString()));
    file.write(QJsonDocument(manifest).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return fail(error, QStringLiteral("%1: cannot write (%2)").arg(file.fileName(), file.errorString()));
    return true;
}

} // namespace mirlo
