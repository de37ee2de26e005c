// Beat scores against mir_eval 0.7: its own fixtures (shared/data/metrics/beat,
// all 10 keys parsed from the JSON) and cases derived by hand from the metric
// definitions (perfect, double-tempo and anti-phase estimates, edge cases).
#include "core/eval/annotations.h"
#include "core/eval/beat_metrics.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <cmath>
#include <map>

using namespace mirlo;
using namespace mirlo::eval;

class TestBeatMetrics : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void mirEvalFixtures();
    void trimming();
    void variations();
    void perfectEstimate();
    void doubleTempo();
    void antiPhase();
    void pScoreWindow();
    void emptyAndShortSequences();
    void fMeasureWindowOption();
    void informationGainDuplicateTimes();
};

namespace {

std::vector<double> readTimes(const QString &path)
{
    EventList events;
    QString error;
    if (!readEventFile(path, events, &error))
        qFatal("%s", qPrintable(error));
    return events.times;
}

// 5.0, 5.0 + step, ... (count beats)
std::vector<double> grid(double start, double step, int count)
{
    std::vector<double> v;
    for (int k = 0; k < count; ++k)
        v.push_back(start + step * k);
    return v;
}

} // namespace

void TestBeatMetrics::mirEvalFixtures()
{
    const QString dir = QStringLiteral(MIRLO_SHARED_DATA "/metrics/beat/");
    std::map<std::string, double> maxDev;
    for (int i = 0; i < 10; ++i) {
        const QString n = QStringLiteral("%1").arg(i, 2, 10, QLatin1Char('0'));
        QFile f(dir + QStringLiteral("output%1.json").arg(n));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject expected = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(expected.size(), 10);
        const BeatScores s = evaluateBeats(readTimes(dir + QStringLiteral("ref%1.txt").arg(n)),
                                           readTimes(dir + QStringLiteral("est%1.txt").arg(n)));
        const auto named = namedScores(s);
        QCOMPARE(int(named.size()), 10);
        for (const auto &kv : named) {
            const QString key = QString::fromStdString(kv.first);
            QVERIFY2(expected.contains(key), qPrintable(key));
            const double want = expected.value(key).toDouble();
            const double dev = std::abs(kv.second - want);
            maxDev[kv.first] = std::max(maxDev[kv.first], dev);
            QVERIFY2(dev <= 1e-9, qPrintable(QStringLiteral("pair %1 %2: %3 vs %4")
                                                 .arg(n, key)
                                                 .arg(kv.second, 0, 'g', 17)
                                                 .arg(want, 0, 'g', 17)));
        }
    }
    for (const auto &kv : maxDev)
        qInfo("max deviation %s: %.3g", kv.first.c_str(), kv.second);
}

void TestBeatMetrics::trimming()
{
    QCOMPARE(trimBeats({4.9, 5.0, 5.1}), (std::vector<double>{5.0, 5.1}));
    QCOMPARE(trimBeats({1.0, 2.0}), std::vector<double>{});
    // evaluateBeats trims: beats before 5 s do not count even when they are wrong.
    std::vector<double> ref = grid(5.0, 0.5, 20);
    std::vector<double> est = ref;
    est.insert(est.begin(), {1.0, 2.7, 4.2});
    QCOMPARE(evaluateBeats(ref, est).fMeasure, 1.0);
    BeatEvalOptions noTrim;
    noTrim.minBeatTime = 0.0;
    QCOMPARE(evaluateBeats(ref, est, noTrim).fMeasure, 2.0 * (20.0 / 23.0) / (20.0 / 23.0 + 1.0));
}

void TestBeatMetrics::variations()
{
    const auto v = referenceBeatVariations({1.0, 2.0, 4.0});
    QCOMPARE(int(v.size()), 5);
    QCOMPARE(v[0], (std::vector<double>{1.0, 2.0, 4.0}));           // original
    QCOMPARE(v[1], (std::vector<double>{1.5, 3.0}));                // off-beat
    QCOMPARE(v[2], (std::vector<double>{1.0, 1.5, 2.0, 3.0, 4.0})); // double
    QCOMPARE(v[3], (std::vector<double>{1.0, 4.0}));                // half, odd
    QCOMPARE(v[4], (std::vector<double>{2.0}));                     // half, even
}

void TestBeatMetrics::perfectEstimate()
{
    const std::vector<double> ref = grid(5.0, 0.5, 20);
    const BeatScores s = evaluateBeats(ref, ref);
    for (const auto &kv : namedScores(s))
        QVERIFY2(std::abs(kv.second - 1.0) < 1e-12, kv.first.c_str());
}

void TestBeatMetrics::doubleTempo()
{
    // Reference every 0.5 s (20 beats, 5.0 .. 14.5), estimate every 0.25 s (40 beats, 5.0 .. 14.75).
    const std::vector<double> ref = grid(5.0, 0.5, 20);
    const std::vector<double> est = grid(5.0, 0.25, 40);
    const BeatScores s = evaluateBeats(ref, est);
    QCOMPARE(s.fMeasure, 2.0 / 3.0); // P = 1/2, R = 1
    // Cemgil: 20 exact hits / (0.5 * (40 + 20)); best level = double tempo, 39 exact of 39.
    QCOMPARE(s.cemgil, 20.0 / 30.0);
    QCOMPARE(s.cemgilBestMetricLevel, 39.0 / (0.5 * 79.0));
    // Period 0.25 vs 0.5 fails at the correct level; at double tempo 39 of max(39, 40) beats succeed.
    QCOMPARE(s.cmlc, 0.0);
    QCOMPARE(s.cmlt, 0.0);
    QCOMPARE(s.amlc, 39.0 / 40.0);
    QCOMPARE(s.amlt, 39.0 / 40.0);
}

void TestBeatMetrics::antiPhase()
{
    // Estimate half a period late: off-beat level only. Goto's windows see an
    // estimate half an interval early for each reference (error -1): fail.
    const std::vector<double> ref = grid(5.0, 0.5, 20);
    const std::vector<double> est = grid(5.25, 0.5, 20);
    const BeatScores s = evaluateBeats(ref, est);
    QCOMPARE(s.fMeasure, 0.0);
    QCOMPARE(s.gotoScore, 0.0);
    QCOMPARE(s.cmlt, 0.0);
    QCOMPARE(s.amlt, 19.0 / 20.0); // off-beat variation has 19 beats; the last estimate has no partner
    QCOMPARE(s.amlc, 19.0 / 20.0);
    QCOMPARE(s.pScore, 0.0); // 25 cells apart, window round(0.2 * 50) = 10 cells
}

void TestBeatMetrics::pScoreWindow()
{
    const std::vector<double> ref = grid(5.0, 0.5, 20);
    QCOMPARE(pScore(ref, grid(5.03, 0.5, 20)), 1.0); // 3 cells < 10
    QCOMPARE(pScore(ref, grid(5.15, 0.5, 20)), 0.0); // 15 cells > 10
    // Denominator is the longer sequence.
    QCOMPARE(pScore(ref, grid(5.0, 0.5, 10)), 10.0 / 20.0);
}

void TestBeatMetrics::emptyAndShortSequences()
{
    const std::vector<double> ref = grid(5.0, 0.5, 20);
    for (const BeatScores &s : {evaluateBeats(ref, {}), evaluateBeats({}, ref), evaluateBeats({}, {})})
        for (const auto &kv : namedScores(s))
            QVERIFY2(kv.second == 0.0, kv.first.c_str());
    // One beat each, at the same time: matching and Cemgil work, interval-based scores are 0.
    const BeatScores one = evaluateBeats({6.0}, {6.0});
    QCOMPARE(one.fMeasure, 1.0);
    QCOMPARE(one.cemgil, 1.0); // exp(0) / (0.5 * (1 + 1))
    QCOMPARE(one.cemgilBestMetricLevel, 1.0);
    QCOMPARE(one.gotoScore, 0.0);
    QCOMPARE(one.pScore, 0.0);
    QCOMPARE(one.cmlc, 0.0);
    QCOMPARE(one.amlt, 0.0);
    QCOMPARE(one.informationGain, 0.0);
    // Everything trimmed away (all beats before 5 s) behaves like empty input.
    for (const auto &kv : namedScores(evaluateBeats(grid(1.0, 0.5, 6), grid(1.0, 0.5, 6))))
        QVERIFY2(kv.second == 0.0, kv.first.c_str());
}

void TestBeatMetrics::fMeasureWindowOption()
{
    const std::vector<double> ref = grid(5.0, 0.5, 20);
    const std::vector<double> est = grid(5.05, 0.5, 20); // 50 ms late
    QCOMPARE(evaluateBeats(ref, est).fMeasure, 1.0);     // within 70 ms
    BeatEvalOptions tight;
    tight.fMeasureWindow = 0.025;
    QCOMPARE(evaluateBeats(ref, est, tight).fMeasure, 0.0);
    // Cemgil at 50 ms: exp(-0.05^2 / (2 * 0.04^2)) per beat.
    QVERIFY(std::abs(evaluateBeats(ref, est).cemgil - std::exp(-0.0025 / 0.0032)) < 1e-12);
}

void TestBeatMetrics::informationGainDuplicateTimes()
{
    // Reference 5.5, 5.75, 5.75: both estimates are nearest to 5.75 (index 1), whose next
    // interval is 0, so every forward error is undefined (NaN in mir_eval) and its comparison
    // picks the backward entropy. Backward: every error folds to 0 (mir_eval's wrap at beat 0
    // gives interval 0.5 * (7.5 - 7.75)), one histogram bin, entropy 0, gain 1.
    QCOMPARE(informationGain({5.5, 5.75, 5.75}, {7.5, 7.75}), 1.0);
    // Both entropies undefined: mir_eval says NaN, we say 0.
    const double g = informationGain({5.0, 7.75}, {6.75, 6.75});
    QCOMPARE(g, 0.0);
}

QTEST_GUILESS_MAIN(TestBeatMetrics)
#include "tst_beat_metrics.moc"
