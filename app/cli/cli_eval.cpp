#include "cli_eval.h"

#include "cli_common.h"
#include "core/eval/annotations.h"
#include "core/eval/beat_metrics.h"
#include "core/eval/onset_metrics.h"

#include <QCommandLineParser>
#include <QLocale>

#include <string>
#include <utility>
#include <vector>

namespace mirlo::cli {

namespace {

const QString kCommand = QStringLiteral("eval");
const QString kSynopsis =
    QStringLiteral("onsets|beats --ref FILE --est FILE [--window SEC] [--min-beat-time SEC] [--json]");

using Scores = std::vector<std::pair<std::string, double>>;

bool loadEvents(const QString &path, const QString &role, std::vector<double> &times)
{
    EventList events;
    QString error;
    if (!readEventFile(path, events, &error) || !validateEventTimes(events, path, &error)) {
        printError(error);
        return false;
    }
    if (events.times.empty())
        printError(QStringLiteral("warning: %1: no %2 events (scores are 0)").arg(path, role));
    times = std::move(events.times);
    return true;
}

QByteArray formatScores(const Scores &scores, bool json)
{
    QByteArray out;
    if (json) {
        // Written by hand to keep mir_eval's key order (QJsonObject sorts keys).
        out = "{";
        for (size_t i = 0; i < scores.size(); ++i) {
            if (i > 0)
                out += ", ";
            out += '"' + QByteArray::fromStdString(scores[i].first) +
                   "\": " + QByteArray::number(scores[i].second, 'g', QLocale::FloatingPointShortest);
        }
        out += "}\n";
        return out;
    }
    for (const auto &s : scores)
        out += QByteArray::fromStdString(s.first) + ": " + QByteArray::number(s.second, 'f', 6) + '\n';
    return out;
}

} // namespace

int runEval(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Score estimated onsets or beats against a reference annotation, as mir_eval 0.7 does.\n"
        "onsets: F-measure, Precision, Recall (hits within +-window, each event matched once).\n"
        "beats: both lists trimmed to beats at or after --min-beat-time, then F-measure (+-window),\n"
        "Cemgil, Goto, P-score, CMLc/CMLt/AMLc/AMLt and Information gain.\n"
        "Files: one time per line (.onsets, .beats with positions, .txt, .csv); '#' lines are comments."));
    const QCommandLineOption ref(QStringLiteral("ref"), QStringLiteral("Reference (truth) annotation file."),
                                 QStringLiteral("FILE"));
    const QCommandLineOption est(QStringLiteral("est"), QStringLiteral("Estimated events file."),
                                 QStringLiteral("FILE"));
    const QCommandLineOption window(QStringLiteral("window"),
                                    QStringLiteral("Hit window in seconds (onsets 0.05, beats 0.07)."),
                                    QStringLiteral("SEC"));
    const QCommandLineOption minBeat(QStringLiteral("min-beat-time"),
                                     QStringLiteral("beats: ignore beats before SEC seconds (default 5)."),
                                     QStringLiteral("SEC"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("One JSON object with mir_eval's keys."));
    parser.addOptions({ref, est, window, minBeat, json});
    parser.addPositionalArgument(QStringLiteral("KIND"), QStringLiteral("onsets or beats."),
                                 QStringLiteral("onsets|beats"));
    if (const std::optional<int> done = parseOrUsage(parser, args, kCommand, usageLine(kCommand, kSynopsis)))
        return *done;

    auto usageError = [&](const QString &message) {
        writeErr(QStringLiteral("mirlo-cli eval: %1\n").arg(message) + usageLine(kCommand, kSynopsis));
        return int(kExitUsage);
    };
    const QStringList words = parser.positionalArguments();
    if (words.size() != 1 || (words[0] != QLatin1String("onsets") && words[0] != QLatin1String("beats")))
        return usageError(QStringLiteral("expected exactly one of 'onsets' or 'beats'"));
    const bool beats = words[0] == QLatin1String("beats");
    if (!parser.isSet(ref) || !parser.isSet(est))
        return usageError(QStringLiteral("--ref FILE and --est FILE are required"));

    double windowSec = beats ? 0.07 : eval::kOnsetWindowSec;
    double minBeatTime = 5.0;
    QString error;
    if (!doubleOption(parser, QStringLiteral("window"), windowSec, error) ||
        !doubleOption(parser, QStringLiteral("min-beat-time"), minBeatTime, error))
        return usageError(error);
    if (windowSec <= 0.0)
        return usageError(QStringLiteral("--window must be > 0 seconds"));
    if (parser.isSet(minBeat) && !beats)
        return usageError(QStringLiteral("--min-beat-time applies to beats only"));

    std::vector<double> refTimes, estTimes;
    if (!loadEvents(parser.value(ref), QStringLiteral("reference"), refTimes) ||
        !loadEvents(parser.value(est), QStringLiteral("estimated"), estTimes))
        return kExitBadInput;

    Scores scores;
    if (beats) {
        eval::BeatEvalOptions options;
        options.fMeasureWindow = windowSec;
        options.minBeatTime = minBeatTime;
        scores = eval::namedScores(eval::evaluateBeats(refTimes, estTimes, options));
    } else {
        const eval::OnsetScores s = eval::evaluateOnsets(refTimes, estTimes, windowSec);
        scores = {{"F-measure", s.fMeasure}, {"Precision", s.precision}, {"Recall", s.recall}};
    }
    writeOut(formatScores(scores, parser.isSet(json)));
    return kExitOk;
}

} // namespace mirlo::cli
