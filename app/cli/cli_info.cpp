#include "cli_info.h"

#include "cli_common.h"
#include "core/audio/decoder.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace mirlo::cli {

namespace {

QJsonValue textOrNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

QJsonValue positiveOrNull(int v)
{
    return v > 0 ? QJsonValue(v) : QJsonValue(QJsonValue::Null);
}

} // namespace

QJsonObject infoJson(const QString &path, const DecodeResult &result)
{
    const AudioFileInfo &info = result.info;
    QJsonObject tags;
    tags.insert(QStringLiteral("title"), textOrNull(info.title));
    tags.insert(QStringLiteral("artist"), textOrNull(info.artist));
    tags.insert(QStringLiteral("album"), textOrNull(info.album));
    tags.insert(QStringLiteral("genre"), textOrNull(info.genre));
    tags.insert(QStringLiteral("year"), positiveOrNull(info.year));
    tags.insert(QStringLiteral("track"), positiveOrNull(info.track));
    tags.insert(QStringLiteral("comment"), textOrNull(info.comment));

    QJsonObject o;
    o.insert(QStringLiteral("path"), path);
    o.insert(QStringLiteral("format"), info.container);
    o.insert(QStringLiteral("codec"), info.codec);
    o.insert(QStringLiteral("sample_rate"), info.sampleRate);
    o.insert(QStringLiteral("channels"), info.channels);
    // Microsecond resolution is plenty and keeps the output stable.
    o.insert(QStringLiteral("duration"), std::round(info.durationSec * 1e6) / 1e6);
    o.insert(QStringLiteral("bitrate_kbps"), positiveOrNull(info.bitrateKbps));
    o.insert(QStringLiteral("tags"), tags);
    o.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(result.warnings));
    return o;
}

int runInfo(const QStringList &args)
{
    const QString synopsis = QStringLiteral("[--jsonl] FILE...");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Print stream facts, duration (from decoding the whole file) and tags as JSON:\n"
                       "one object for one file, an array for several (or JSON Lines with --jsonl)."));
    const QCommandLineOption jsonl(QStringLiteral("jsonl"), QStringLiteral("One compact JSON object per line."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("JSON output (the default; accepted for symmetry)."));
    parser.addOption(jsonl);
    parser.addOption(json);
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Audio files."), QStringLiteral("FILE..."));
    bool helpShown = false;
    if (!parseArgs(parser, args, QStringLiteral("info"), helpShown)) {
        writeErr(usageLine(QStringLiteral("info"), synopsis));
        return kExitUsage;
    }
    if (helpShown)
        return kExitOk;
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty()) {
        writeErr(QStringLiteral("mirlo-cli info: no input file\n") + usageLine(QStringLiteral("info"), synopsis));
        return kExitUsage;
    }

    // Decoding without keeping samples or converting channels is the fastest
    // way to an exact duration (headers can be wrong, see truncated files).
    DecodeOptions options;
    options.keepSamples = false;
    options.readTags = true;
    int exitCode = kExitOk;
    QJsonArray all;
    for (const QString &file : files) {
        const DecodeResult result = decodeFile(file, options);
        if (!result.ok) {
            printError(result.error.isEmpty() ? file + QStringLiteral(": cannot decode") : result.error);
            exitCode = kExitBadInput;
            continue;
        }
        const QJsonObject o = infoJson(file, result);
        if (parser.isSet(jsonl))
            writeOut(QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n');
        else
            all.append(o);
    }
    if (!parser.isSet(jsonl)) {
        if (files.size() == 1 && all.size() == 1)
            writeOut(QJsonDocument(all.first().toObject()).toJson(QJsonDocument::Indented));
        else if (files.size() > 1)
            writeOut(QJsonDocument(all).toJson(QJsonDocument::Indented));
    }
    return exitCode;
}

} // namespace mirlo::cli
