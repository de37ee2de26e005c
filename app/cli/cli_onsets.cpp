#include "cli_onsets.h"

#include "cli_common.h"
#include "core/audio/decoder.h"
#include "core/onsets/onset_detector.h"
#include "core/nn/trained_onset_model.h"
#include "core/onsets/rnn_onset_detector.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <thread>
#include <vector>

namespace mirlo::cli {

namespace {

struct FileOutcome {
    QString error; // non-empty: failed
    QStringList warnings;
    OnsetResult result;
    PeakPickingParams peaks;
};

// Detectors other than the classic ODFs plug in here: given the file and the
// optional --threshold (NaN = the detector's default), they decode the file
// themselves (the madmom networks need madmom's own int16 44.1 kHz down-mix)
// and fill `out` (odf, fps, onsets), `peaks` (the parameters used) and the
// decoder's warnings, or return an error sentence naming the file.
using ExternalOnsetFn = bool (*)(const QString &path, double threshold, OnsetResult &out, PeakPickingParams &peaks,
                                 QStringList &warnings, QString &error);

struct ExternalOnsetMethod {
    const char *name;
    ExternalOnsetFn run;
};

template <NeuralOnsetModel Model>
bool runNeuralOnsets(const QString &path, double threshold, OnsetResult &out, PeakPickingParams &peaks,
                     QStringList &warnings, QString &error)
{
    NeuralOnsetParams params = defaultNeuralOnsetParams(Model);
    if (!std::isnan(threshold))
        params.peaks.threshold = threshold;
    peaks = params.peaks;
    NeuralOnsetResult r = detectNeuralOnsetsInFile(path, params);
    warnings = r.warnings;
    if (!r.ok()) {
        error = r.error;
        return false;
    }
    out.odf = std::move(r.activation);
    out.fps = r.fps;
    out.onsets = std::move(r.onsets);
    return true;
}

// --method model: a trained model folder (mirlo-train), loaded once before the workers start.
const TrainedOnsetModel *g_trainedModel = nullptr;

bool runTrainedOnsets(const QString &path, double threshold, OnsetResult &out, PeakPickingParams &peaks,
                      QStringList & /*warnings*/, QString &error)
{
    peaks = g_trainedModel->peakPicking();
    if (!std::isnan(threshold))
        peaks.threshold = threshold;
    TrainedOnsetModel::Detection d = g_trainedModel->detectFile(path);
    if (!d.ok) {
        error = d.error;
        return false;
    }
    out.odf = std::move(d.activation);
    out.fps = g_trainedModel->fps();
    out.onsets = std::isnan(threshold) ? std::move(d.onsets) : pickOnsets(out.odf, out.fps, peaks);
    return true;
}

const std::vector<ExternalOnsetMethod> &externalMethods()
{
    static const std::vector<ExternalOnsetMethod> methods{{"rnn", runNeuralOnsets<NeuralOnsetModel::Rnn>},
                                                          {"cnn", runNeuralOnsets<NeuralOnsetModel::Cnn>},
                                                          {"model", runTrainedOnsets}};
    return methods;
}

const ExternalOnsetMethod *findExternal(const QString &name)
{
    for (const ExternalOnsetMethod &m : externalMethods())
        if (name.compare(QLatin1String(m.name), Qt::CaseInsensitive) == 0)
            return &m;
    return nullptr;
}

QJsonObject peaksJson(const PeakPickingParams &p)
{
    QJsonObject o;
    o.insert(QStringLiteral("threshold"), p.threshold);
    o.insert(QStringLiteral("smooth"), p.smooth);
    o.insert(QStringLiteral("pre_avg"), p.preAvg);
    o.insert(QStringLiteral("post_avg"), p.postAvg);
    o.insert(QStringLiteral("pre_max"), p.preMax);
    o.insert(QStringLiteral("post_max"), p.postMax);
    o.insert(QStringLiteral("combine"), p.combine);
    o.insert(QStringLiteral("delay"), p.delay);
    return o;
}

} // namespace

int runOnsets(const QStringList &args)
{
    const QString command = QStringLiteral("onsets");
    const QString synopsis =
        QStringLiteral("[--method flux|superflux|hfc|complex|rnn|cnn|model [--model DIR]] [--threshold X] [--json|--jsonl] FILE...");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Detect onsets (madmom-style onset detection function + peak picking) and print\n"
                       "one time in seconds per line; with several files each block starts with '# FILE'."));
    const QCommandLineOption method(QStringLiteral("method"),
                                    QStringLiteral("flux (log-filtered spectral flux, tutorial P3a), superflux "
                                                   "(default), hfc (high-frequency content), complex (complex flux), rnn (madmom's "
                                                   "pretrained onset RNN ensemble), cnn (madmom's onset CNN), model (a trained model folder, --model)."),
                                    QStringLiteral("METHOD"), QStringLiteral("superflux"));
    const QCommandLineOption threshold(QStringLiteral("threshold"),
                                       QStringLiteral("Peak-picking threshold (default: the method's)."),
                                       QStringLiteral("X"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("JSON: one object per file (an array for several)."));
    const QCommandLineOption jsonl(QStringLiteral("jsonl"), QStringLiteral("One compact JSON object per line."));
    const QCommandLineOption modelDir(QStringLiteral("model"),
                                      QStringLiteral("Model folder for --method model (made by mirlo-cli train-onsets)."),
                                      QStringLiteral("DIR"));
    parser.addOption(method);
    parser.addOption(modelDir);
    parser.addOption(threshold);
    parser.addOption(json);
    parser.addOption(jsonl);
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Audio files."), QStringLiteral("FILE..."));
    if (const std::optional<int> done = parseOrUsage(parser, args, command, usageLine(command, synopsis)))
        return *done;

    const QString methodName = parser.value(method);
    OnsetMethod classic = OnsetMethod::SuperFlux;
    const ExternalOnsetMethod *external = findExternal(methodName);
    if (!external && !parseOnsetMethod(methodName, classic)) {
        writeErr(QStringLiteral("mirlo-cli onsets: unknown method '%1'\n").arg(methodName) +
                 usageLine(command, synopsis));
        return kExitUsage;
    }
    TrainedOnsetModel trainedModel;
    if (external && QLatin1String(external->name) == QLatin1String("model")) {
        if (!parser.isSet(modelDir)) {
            writeErr(QStringLiteral("mirlo-cli onsets: --method model needs --model DIR\n") + usageLine(command, synopsis));
            return kExitUsage;
        }
        QString error;
        if (!trainedModel.load(parser.value(modelDir), &error)) {
            printError(error);
            return kExitBadInput;
        }
        g_trainedModel = &trainedModel;
    }
    double thresholdValue = std::numeric_limits<double>::quiet_NaN();
    if (parser.isSet(threshold)) {
        QString error;
        if (!doubleOption(parser, QStringLiteral("threshold"), thresholdValue, error)) {
            writeErr(QStringLiteral("mirlo-cli onsets: %1\n").arg(error) + usageLine(command, synopsis));
            return kExitUsage;
        }
    }
    QStringList files;
    if (!requireInputFiles(parser, command, synopsis, files))
        return kExitUsage;

    OnsetDetectorParams params = defaultOnsetDetectorParams(classic);
    if (!std::isnan(thresholdValue))
        params.peaks.threshold = thresholdValue;

    // madmom analyses files at their native rate (hop = rate / fps).
    DecodeOptions options;
    options.mono = true;
    options.readTags = false;
    std::vector<FileOutcome> outcomes(size_t(files.size()));
    std::atomic<int> next{0};
    auto work = [&] {
        for (int i = next++; i < files.size(); i = next++) {
            FileOutcome &o = outcomes[size_t(i)];
            if (external) {
                external->run(files[i], thresholdValue, o.result, o.peaks, o.warnings, o.error);
                continue;
            }
            DecodeResult decoded = decodeFile(files[i], options);
            o.warnings = decoded.warnings;
            if (!decoded.ok) {
                o.error = decoded.error.isEmpty() ? files[i] + QStringLiteral(": cannot decode") : decoded.error;
                continue;
            }
            const AudioBuffer &audio = decoded.audio;
            o.result = detectOnsets(audio.samples.data(), audio.frameCount(), audio.sampleRate, params);
            o.peaks = params.peaks;
        }
    };
    const int threads = std::min<int>(int(files.size()), std::max(1, QThread::idealThreadCount()));
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t)
        pool.emplace_back(work);
    work();
    for (std::thread &t : pool)
        t.join();

    const bool asJson = parser.isSet(json) || parser.isSet(jsonl);
    int exitCode = kExitOk;
    QJsonArray all;
    for (int i = 0; i < files.size(); ++i) {
        const FileOutcome &o = outcomes[size_t(i)];
        for (const QString &w : o.warnings)
            printError(QStringLiteral("warning: ") + w);
        if (!o.error.isEmpty()) {
            printError(o.error);
            exitCode = kExitBadInput;
            continue;
        }
        if (asJson) {
            QJsonArray times;
            for (double t : o.result.onsets)
                times.append(std::round(t * 1e6) / 1e6);
            QJsonObject obj;
            obj.insert(QStringLiteral("path"), files[i]);
            obj.insert(QStringLiteral("method"),
                       external ? QString::fromLatin1(external->name) : onsetMethodName(classic));
            obj.insert(QStringLiteral("fps"), o.result.fps);
            obj.insert(QStringLiteral("frames"), int(o.result.odf.size()));
            obj.insert(QStringLiteral("peak_picking"), peaksJson(o.peaks));
            obj.insert(QStringLiteral("onsets"), times);
            if (parser.isSet(jsonl))
                writeOut(QJsonDocument(obj).toJson(QJsonDocument::Compact) + '\n');
            else
                all.append(obj);
            continue;
        }
        QByteArray text;
        if (files.size() > 1)
            text += "# " + files[i].toUtf8() + '\n';
        for (double t : o.result.onsets)
            text += QByteArray::number(t, 'f', 6) + '\n';
        writeOut(text);
    }
    if (asJson && !parser.isSet(jsonl)) {
        writeCollectedJson(all, int(files.size()));
    }
    return exitCode;
}

} // namespace mirlo::cli
