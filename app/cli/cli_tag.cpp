#include "cli_tag.h"

#include "cli_common.h"
#include "core/model/tutorial_cnn_inference.h"
#include "core/tagging/cached_tagging.h"
#include "core/tagging/tagger_model.h"
#include "core/tagging/track_tagger.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace mirlo::cli {

int runTag(const QStringList &args)
{
    const QString command = QStringLiteral("tag");
    const QString synopsis = QStringLiteral("[--model NAME|DIR] [--top K] [--json] FILE...");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Tag each file with a pretrained MagnaTagATune tagger and print 'tag<TAB>probability' lines,\n"
                       "highest first. The track probability is the mean over the model's chunks (musicnn: 16\n"
                       "chunks of 3 s spread over the track); audio is mixed to mono and resampled with\n"
                       "resampy's kaiser_best to the model's rate, as in training. A tutorial CNN folder (mirlo-cli train)\n"
                       "is applied to consecutive 5.12 s mel patches, averaged. Several files: '# FILE' first."));
    const QCommandLineOption model(
        QStringLiteral("model"),
        QStringLiteral("Built-in model name (%1; default %2) or a model folder "
                       "(model.json + weights.safetensors: a tagger or a tutorial CNN).")
            .arg(TaggerModel::builtinModelNames().join(QStringLiteral(", ")), TaggerModel::defaultModelName()),
        QStringLiteral("NAME|DIR"), TaggerModel::defaultModelName());
    const QCommandLineOption top(QStringLiteral("top"),
                                 QStringLiteral("Number of tags to print (default 10, 0 = all)."), QStringLiteral("K"),
                                 QStringLiteral("10"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("JSON: one object per file (an array for several) with the top tags "
                                                 "and the chunk start times."));
    parser.addOption(model);
    parser.addOption(top);
    parser.addOption(json);
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Audio files."), QStringLiteral("FILE..."));
    if (const std::optional<int> done = parseOrUsage(parser, args, command, usageLine(command, synopsis)))
        return *done;
    QStringList files;
    if (!requireInputFiles(parser, command, synopsis, files))
        return kExitUsage;
    int topK = 10;
    QString error;
    if (!intOption(parser, QStringLiteral("top"), 0, topK, error)) {
        writeErr(QStringLiteral("mirlo-cli tag: %1\n").arg(error) + usageLine(command, synopsis));
        return kExitUsage;
    }

    // A built-in or folder MTAT tagger, or a tutorial CNN folder (mirlo-cli train).
    const std::shared_ptr<const SharedClassifier> classifier = sharedClassifier(parser.value(model), &error);
    if (!classifier) {
        printError(error);
        return kExitBadInput;
    }
    const QString modelName = classifier->tagger ? classifier->tagger->manifest().name
                                                 : classifier->tutorialCnn->spec().name;
    const int labelCount = int(classifier->labels().size());
    const int shown = topK == 0 ? labelCount : std::min(topK, labelCount);

    int exitCode = kExitOk;
    QJsonArray all;
    for (const QString &file : files) {
        const std::shared_ptr<const TrackTags> tagged = cachedTrackTags(file, classifier);
        const TrackTags &r = *tagged;
        for (const QString &w : r.warnings)
            printError(QStringLiteral("warning: %1: %2").arg(file, w));
        if (!r.ok) {
            printError(r.error);
            exitCode = kExitBadInput;
            continue;
        }
        const auto ranked = rankTags(r.track);
        if (parser.isSet(json)) {
            QJsonObject obj;
            obj.insert(QStringLiteral("path"), file);
            obj.insert(QStringLiteral("model"), modelName);
            QJsonArray tags;
            for (int i = 0; i < std::min(shown, int(ranked.size())); ++i)
                tags.append(QJsonArray{r.tags.at(ranked[size_t(i)].first), double(ranked[size_t(i)].second)});
            obj.insert(QStringLiteral("tags"), tags); // [tag, probability], highest first
            QJsonArray starts;
            for (int64_t s : r.chunkStarts)
                starts.append(double(s) / classifier->sampleRate());
            obj.insert(QStringLiteral("chunk_starts_sec"), starts);
            obj.insert(QStringLiteral("chunk_sec"), double(classifier->chunkSamples()) / classifier->sampleRate());
            all.append(obj);
            continue;
        }
        QByteArray text;
        if (files.size() > 1)
            text += "# " + file.toUtf8() + '\n';
        for (int i = 0; i < std::min(shown, int(ranked.size())); ++i)
            text += r.tags.at(ranked[size_t(i)].first).toUtf8() + '\t' +
                    QByteArray::number(double(ranked[size_t(i)].second), 'f', 4) + '\n';
        writeOut(text);
    }
    if (parser.isSet(json)) {
        writeCollectedJson(all, int(files.size()));
    }
    return exitCode;
}

} // namespace mirlo::cli
