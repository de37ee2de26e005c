#include "cli_classify.h"

#include "cli_common.h"
#include "core/audio/decoder.h"
#include "core/features/mel_patch.h"
#include "core/model/tutorial_cnn_inference.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <numeric>

namespace mirlo::cli {

int runClassify(const QStringList &args)
{
    const QString command = QStringLiteral("classify");
    const QString synopsis = QStringLiteral("--model DIR [--json] FILE...");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Classify each file with a tutorial CNN model folder (written by 'mirlo-cli train'): the mel patch of the\n"
        "file's start as the folder's model.json prescribes, then 'label<TAB>probability' lines, highest first.\n"
        "Several files: '# FILE' first."));
    const QCommandLineOption model(QStringLiteral("model"), QStringLiteral("Model folder."), QStringLiteral("DIR"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("JSON: {\"file\", \"probabilities\": {label: p}} per file."));
    parser.addOption(model);
    parser.addOption(json);
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Audio files."), QStringLiteral("FILE..."));
    if (const std::optional<int> done = parseOrUsage(parser, args, command, usageLine(command, synopsis)))
        return *done;
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty() || !parser.isSet(model)) {
        writeErr(QStringLiteral("mirlo-cli classify: need --model DIR and at least one FILE\n") +
                 usageLine(command, synopsis));
        return kExitUsage;
    }
    QString error;
    const std::unique_ptr<TutorialCnnInference> net = TutorialCnnInference::load(parser.value(model), &error);
    if (!net) {
        printError(error);
        return kExitBadInput;
    }
    const TutorialCnnSpec &spec = net->spec();
    int exitCode = kExitOk;
    QJsonArray all;
    for (const QString &file : files) {
        DecodeOptions o;
        o.mono = true;
        o.targetSampleRate = spec.features.sampleRate;
        const DecodeResult r = decodeFile(file, o);
        std::vector<float> patch;
        if (!r.ok || !melPatch(r.audio.samples.data(), r.audio.frameCount(), spec.features, &patch, &error)) {
            printError(r.ok ? QStringLiteral("%1: %2").arg(file, error) : r.error);
            exitCode = kExitBadInput;
            continue;
        }
        const std::vector<float> p = net->predict(patch);
        std::vector<int> order(p.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return p[a] > p[b]; });
        if (parser.isSet(json)) {
            QJsonObject probs;
            for (size_t k = 0; k < p.size(); ++k)
                probs[spec.labels.value(int(k))] = double(p[k]);
            all.append(QJsonObject{{QStringLiteral("file"), file}, {QStringLiteral("probabilities"), probs}});
            continue;
        }
        QString text;
        if (files.size() > 1)
            text += QStringLiteral("# %1\n").arg(file);
        for (int k : order)
            text += QStringLiteral("%1\t%2\n").arg(spec.labels.value(k)).arg(double(p[size_t(k)]), 0, 'f', 4);
        writeOut(text.toUtf8());
    }
    if (parser.isSet(json))
        writeOut(QJsonDocument(all.size() == 1 ? QJsonDocument(all.at(0).toObject()) : QJsonDocument(all))
                     .toJson(QJsonDocument::Indented));
    return exitCode;
}

} // namespace mirlo::cli
