// Onset F-measure / precision / recall against mir_eval 0.7: its own test
// fixtures (shared/data/metrics/onset, expected scores parsed from the JSON)
// and small cases worked out by hand.
#include "core/eval/annotations.h"
#include "core/eval/event_matching.h"
#include "core/eval/onset_metrics.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <cmath>

using namespace mirlo;
using namespace mirlo::eval;

class TestOnsetMetrics : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void mirEvalFixtures();
    void oneOutsideWindow();
    void window25ms();
    void maximumNotGreedyMatching();
    void eachReferenceMatchedOnce();
    void emptyInputs();
    void windowBoundaryAsMirEval();
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

QJsonObject readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open %s", qPrintable(path));
    return QJsonDocument::fromJson(f.readAll()).object();
}

} // namespace

void TestOnsetMetrics::mirEvalFixtures()
{
    const QString dir = QStringLiteral(MIRLO_SHARED_DATA "/metrics/onset/");
    double maxDev[3] = {0, 0, 0};
    const char *keys[3] = {"F-measure", "Precision", "Recall"};
    for (int i = 0; i < 10; ++i) {
        const QString n = QStringLiteral("%1").arg(i, 2, 10, QLatin1Char('0'));
        const QJsonObject expected = readJson(dir + QStringLiteral("output%1.json").arg(n));
        QCOMPARE(expected.size(), 3);
        const OnsetScores s = evaluateOnsets(readTimes(dir + QStringLiteral("ref%1.txt").arg(n)),
                                             readTimes(dir + QStringLiteral("est%1.txt").arg(n)));
        const double got[3] = {s.fMeasure, s.precision, s.recall};
        for (int k = 0; k < 3; ++k) {
            QVERIFY2(expected.contains(QLatin1String(keys[k])), keys[k]);
            const double dev = std::abs(got[k] - expected.value(QLatin1String(keys[k])).toDouble());
            maxDev[k] = std::max(maxDev[k], dev);
            QVERIFY2(dev <= 1e-9, qPrintable(QStringLiteral("pair %1 %2: %3 vs %4")
                                                 .arg(n, QLatin1String(keys[k]))
                                                 .arg(got[k], 0, 'g', 17)
                                                 .arg(expected.value(QLatin1String(keys[k])).toDouble(), 0, 'g', 17)));
        }
    }
    for (int k = 0; k < 3; ++k)
        qInfo("max deviation %s: %.3g", keys[k], maxDev[k]);
}

void TestOnsetMetrics::oneOutsideWindow()
{
    // Two estimates 20 and 40 ms off (hits), one 200 ms off (miss): 2 of 3 either way.
    const OnsetScores s = evaluateOnsets({1.0, 2.0, 3.0}, {1.02, 2.04, 3.2});
    QCOMPARE(s.hits, 2);
    QCOMPARE(s.precision, 2.0 / 3.0);
    QCOMPARE(s.recall, 2.0 / 3.0);
    QCOMPARE(s.fMeasure, 2.0 / 3.0);
}

void TestOnsetMetrics::window25ms()
{
    const std::vector<double> ref{1.0, 2.0, 3.0};
    const std::vector<double> est{1.02, 2.04, 3.0};
    QCOMPARE(evaluateOnsets(ref, est).fMeasure, 1.0);      // all within 50 ms
    const OnsetScores s = evaluateOnsets(ref, est, 0.025); // 40 ms off is a miss now
    QCOMPARE(s.hits, 2);
    QCOMPARE(s.fMeasure, 2.0 / 3.0);
    QCOMPARE(evaluateOnsets(ref, est, 0.01).hits, 1);
}

void TestOnsetMetrics::maximumNotGreedyMatching()
{
    // Estimate 1.04 is nearest to reference 1.06 but may also take 1.00; 1.10
    // can only take 1.06. Greedy nearest-first pairing finds 1 hit, the maximum matching 2.
    const OnsetScores s = evaluateOnsets({1.00, 1.06}, {1.04, 1.10});
    QCOMPARE(s.hits, 2);
    QCOMPARE(s.fMeasure, 1.0);
    const auto pairs = matchEvents({1.00, 1.06}, {1.04, 1.10}, 0.05);
    QCOMPARE(int(pairs.size()), 2);
    QCOMPARE(pairs[0], std::make_pair(0, 0));
    QCOMPARE(pairs[1], std::make_pair(1, 1));

    // A longer chain where every estimate's only alternative is its right neighbour.
    std::vector<double> ref, est;
    for (int k = 0; k < 50; ++k) {
        ref.push_back(1.0 + 0.06 * k);
        est.push_back(1.0 + 0.06 * k + 0.04); // within 50 ms of ref k (40 ms) and ref k+1 (20 ms)
    }
    QCOMPARE(evaluateOnsets(ref, est).hits, 50);
}

void TestOnsetMetrics::eachReferenceMatchedOnce()
{
    const OnsetScores s = evaluateOnsets({1.0}, {0.99, 1.01});
    QCOMPARE(s.hits, 1);
    QCOMPARE(s.precision, 0.5);
    QCOMPARE(s.recall, 1.0);
    QCOMPARE(s.fMeasure, 2.0 / 3.0); // 2 * 0.5 * 1 / 1.5
}

void TestOnsetMetrics::emptyInputs()
{
    for (const OnsetScores &s : {evaluateOnsets({}, {1.0}), evaluateOnsets({1.0}, {}), evaluateOnsets({}, {})}) {
        QCOMPARE(s.fMeasure, 0.0);
        QCOMPARE(s.precision, 0.0);
        QCOMPARE(s.recall, 0.0);
    }
    // No hit at all: P = R = 0 gives F = 0, not NaN.
    const OnsetScores none = evaluateOnsets({1.0}, {2.0});
    QCOMPARE(none.fMeasure, 0.0);
}

void TestOnsetMetrics::windowBoundaryAsMirEval()
{
    // mir_eval's hit test is ref >= est - w and ref <= est + w (both ends closed).
    QCOMPARE(evaluateOnsets({1.0}, {1.5}, 0.5).hits, 1);
    QCOMPARE(evaluateOnsets({1.5}, {1.0}, 0.5).hits, 1);
    QCOMPARE(evaluateOnsets({1.0}, {1.5}, 0.25).hits, 0);
}

QTEST_GUILESS_MAIN(TestOnsetMetrics)
#include "tst_onset_metrics.moc"
