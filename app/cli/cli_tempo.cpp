#include "cli_tempo.h"

#include "cli_common.h"
#include "core/beats/beat_detector.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace mirlo::cli {

int runTempo(const QStringList &args)
{
    const QString command = QStringLiteral("tempo");
    const QString synopsis = QStringLiteral("[--json|--jsonl] FILE...");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Estimate the tempo of each file from madmom's beat activation (BLSTM ensemble) and print one\n"
                       "line 'tempo1<TAB>tempo2<TAB>strength<TAB>median_ibi' in BPM: the first three are madmom's\n"
                       "TempoDetector .tempo line (two strongest comb-filter tempi, tempo1's relative strength),\n"
                       "the last is 60 / median inter-beat interval of the DBN beats (all 0 when no beats are found,\n"
                       "e.g. silence). Several files: '# FILE' first."));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("JSON: one object per file (an array for several)."));
    const QCommandLineOption jsonl(QStringLiteral("jsonl"), QStringLiteral("One compact JSON object per line."));
    parser.addOption(json);
    parser.addOption(jsonl);
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Audio files."), QStringLiteral("FILE..."));
    if (const std::optional<int> done = parseOrUsage(parser, args, command, usageLine(command, synopsis)))
        return *done;
    QStringList files;
    if (!requireInputFiles(parser, command, synopsis, files))
        return kExitUsage;
    const bool asJson = parser.isSet(json) || parser.isSet(jsonl);
    BeatDetectorParams params; // beats + comb-filter tempo, madmom defaults

    int exitCode = kExitOk;
    QJsonArray all;
    for (const QString &file : files) {
        const BeatDetectionResult r = detectBeatsInFile(file, params);
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
            obj.insert(QStringLiteral("tempo1"), roundTo(r.tempo.tempo1, 3));
            obj.insert(QStringLiteral("tempo2"), roundTo(r.tempo.tempo2, 3));
            obj.insert(QStringLiteral("strength"), roundTo(r.tempo.strength, 3));
            obj.insert(QStringLiteral("median_ibi_bpm"), roundTo(r.medianIbiTempo, 3));
            QJsonArray candidates;
            for (const TempoEstimate::Candidate &c : r.tempo.candidates)
                candidates.append(QJsonArray{roundTo(c.bpm, 3), roundTo(c.strength, 3)});
            obj.insert(QStringLiteral("candidates"), candidates); // [bpm, strength], strongest first
            QJsonArray curve;
            for (const TempoPoint &p : r.tempoCurve)
                curve.append(QJsonArray{roundTo(p.time, 3), roundTo(p.bpm, 3)});
            obj.insert(QStringLiteral("curve"), curve); // [time s, bpm] per beat interval
            if (parser.isSet(jsonl))
                writeOut(QJsonDocument(obj).toJson(QJsonDocument::Compact) + '\n');
            else
                all.append(obj);
            continue;
        }
        QByteArray text;
        if (files.size() > 1)
            text += "# " + file.toUtf8() + '\n';
        text += QByteArray::number(r.tempo.tempo1, 'f', 2) + '\t' + QByteArray::number(r.tempo.tempo2, 'f', 2) + '\t' +
                QByteArray::number(r.tempo.strength, 'f', 2) + '\t' + QByteArray::number(r.medianIbiTempo, 'f', 2) +
                '\n';
        writeOut(text);
    }
    if (asJson && !parser.isSet(jsonl)) {
        writeCollectedJson(all, int(files.size()));
    }
    return exitCode;
}

} // namespace mirlo::cli
