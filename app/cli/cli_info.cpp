#include "cli_info.h"

#include "cli_common.h"
#include "core/audio/decoder.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QThread>

#include <atomic>
#include <cmath>
#include <thread>
#include <vector>

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
    if (const std::optional<int> done = parseOrUsage(parser, args, QStringLiteral("info"), usageLine(QStringLiteral("info"), synopsis)))
        return *done;
    QStringList files;
    if (!requireInputFiles(parser, QStringLiteral("info"), synopsis, files))
        return kExitUsage;

    // Decoding without keeping samples or converting channels is the fastest
    // way to an exact duration (headers can be wrong, see truncated files).
    // Several files are decoded on all cores; output keeps the argument order.
    DecodeOptions options;
    options.keepSamples = false;
    options.readTags = true;
    std::vector<DecodeResult> results(size_t(files.size()));
    std::atomic<int> next{0};
    auto work = [&] {
        for (int i = next++; i < files.size(); i = next++)
            results[size_t(i)] = decodeFile(files[i], options);
    };
    const int threads = std::min<int>(int(files.size()), std::max(1, QThread::idealThreadCount()));
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t)
        pool.emplace_back(work);
    work();
    for (std::thread &t : pool)
        t.join();

    int exitCode = kExitOk;
    QJsonArray all;
    for (int i = 0; i < files.size(); ++i) {
        const DecodeResult &result = results[size_t(i)];
        if (!result.ok) {
            printError(result.error.isEmpty() ? files[i] + QStringLiteral(": cannot decode") : result.error);
            exitCode = kExitBadInput;
            continue;
        }
        const QJsonObject o = infoJson(files[i], result);
        if (parser.isSet(jsonl))
            writeOut(QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n');
        else
            all.append(o);
    }
    if (!parser.isSet(jsonl)) {
        writeCollectedJson(all, int(files.size()), true);
    }
    return exitCode;
}

} // namespace mirlo::cli
