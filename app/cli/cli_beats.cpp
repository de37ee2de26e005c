#include "cli_beats.h"

#include "cli_common.h"
#include "core/beats/beat_detector.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace mirlo::cli {

int runBeats(const QStringList &args)
{
    const QString command = QStringLiteral("beats");
    const QString synopsis =
        QStringLiteral("[--downbeats] [--min-bpm X] [--max-bpm X] [--json|--jsonl] [--progress] FILE...");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Track beats with madmom's pretrained BLSTM ensemble and DBN (DBNBeatTracker) and print one\n"
        "time in seconds per line; --downbeats uses the downbeat network and bar DBN (3 and 4 beats\n"
        "per bar) and prints 'time<TAB>position' (1 = downbeat). Several files: '# FILE' before each block."));
    const QCommandLineOption downbeats(QStringLiteral("downbeats"),
                                       QStringLiteral("Beats with their position in the bar (DBNDownBeatTracker)."));
    const QCommandLineOption minBpm(QStringLiteral("min-bpm"), QStringLiteral("Slowest tempo (default 55)."),
                                    QStringLiteral("BPM"));
    const QCommandLineOption maxBpm(QStringLiteral("max-bpm"), QStringLiteral("Fastest tempo (default 215)."),
                                    QStringLiteral("BPM"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("JSON: one object per file (an array for several)."));
    const QCommandLineOption jsonl(QStringLiteral("jsonl"), QStringLiteral("One compact JSON object per line."));
    const QCommandLineOption progressOpt(QStringLiteral("progress"),
                                         QStringLiteral("Show progress on stderr (default only on a terminal)."));
    for (const QCommandLineOption &o : {downbeats, minBpm, maxBpm, json, jsonl, progressOpt})
        parser.addOption(o);
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Audio files."), QStringLiteral("FILE..."));
    if (const std::optional<int> done = parseOrUsage(parser, args, command, usageLine(command, synopsis)))
        return *done;

    BeatDetectorParams params;
    params.tempo = false;
    double lo = params.dbn.minBpm, hi = params.dbn.maxBpm;
    QString error;
    if ((parser.isSet(minBpm) && !doubleOption(parser, QStringLiteral("min-bpm"), lo, error)) ||
        (parser.isSet(maxBpm) && !doubleOption(parser, QStringLiteral("max-bpm"), hi, error))) {
        writeErr(QStringLiteral("mirlo-cli beats: %1\n").arg(error) + usageLine(command, synopsis));
        return kExitUsage;
    }
    // The shortest beat interval must be at least one frame and shorter than the longest.
    if (!(lo > 0) || !(hi > lo) || !std::isfinite(hi) || hi > 6000.0) {
        writeErr(QStringLiteral("mirlo-cli beats: need 0 < --min-bpm < --max-bpm <= 6000 (got %1 and %2)\n")
                     .arg(lo)
                     .arg(hi) +
                 usageLine(command, synopsis));
        return kExitUsage;
    }
    params.setBpmRange(lo, hi);
    const bool withDownbeats = parser.isSet(downbeats);
    params.beats = !withDownbeats;
    params.downbeats = withDownbeats;

    QStringList files;
    if (!requireInputFiles(parser, command, synopsis, files))
        return kExitUsage;
    const bool showProgress = parser.isSet(progressOpt) || stderrIsTerminal();
    const bool asJson = parser.isSet(json) || parser.isSet(jsonl);

    int exitCode = kExitOk;
    QJsonArray all;
    // One file at a time: the network ensemble already uses every core.
    for (const QString &file : files) {
        int lastPercent = -1;
        std::function<bool(double)> progress;
        if (showProgress)
            progress = [&](double f) {
                const int percent = int(f * 100.0);
                if (percent != lastPercent) {
                    lastPercent = percent;
                    writeErr(QStringLiteral("\rmirlo-cli: %1: %2%").arg(QFileInfo(file).fileName()).arg(percent));
                }
                return true;
            };
        const BeatDetectionResult r = detectBeatsInFile(file, params, progress);
        if (lastPercent >= 0)
            writeErr(QStringLiteral("\n"));
        for (const QString &w : r.warnings)
            printError(QStringLiteral("warning: ") + w);
        if (!r.ok()) {
            printError(r.error);
            exitCode = kExitBadInput;
            continue;
        }
        if (asJson) {
            QJsonObject obj;
            obj.insert(QStringLiteral("path"), file);
            obj.insert(QStringLiteral("fps"), r.fps);
            obj.insert(QStringLiteral("min_bpm"), lo);
            obj.insert(QStringLiteral("max_bpm"), hi);
            QJsonArray beats;
            for (double t : r.beats)
                beats.append(roundTo(t, 6));
            obj.insert(QStringLiteral("beats"), beats);
            obj.insert(QStringLiteral("tempo_bpm"), roundTo(r.medianIbiTempo, 6));
            if (withDownbeats) {
                QJsonArray events;
                for (const DownbeatEvent &e : r.downbeats)
                    events.append(QJsonArray{roundTo(e.time, 6), e.beatNumber});
                obj.insert(QStringLiteral("downbeats"), events); // [time, position]
                obj.insert(QStringLiteral("beats_per_bar"), r.beatsPerBar);
            }
            if (parser.isSet(jsonl))
                writeOut(QJsonDocument(obj).toJson(QJsonDocument::Compact) + '\n');
            else
                all.append(obj);
            continue;
        }
        QByteArray text;
        if (files.size() > 1)
            text += "# " + file.toUtf8() + '\n';
        if (withDownbeats) {
            for (const DownbeatEvent &e : r.downbeats)
                text += QByteArray::number(e.time, 'f', 6) + '\t' + QByteArray::number(e.beatNumber) + '\n';
        } else {
            for (double t : r.beats)
                text += QByteArray::number(t, 'f', 6) + '\n';
        }
        writeOut(text);
    }
    if (asJson && !parser.isSet(jsonl)) {
        writeCollectedJson(all, int(files.size()));
    }
    return exitCode;
}

} // namespace mirlo::cli
