// AnalysisCache: LRU order and capacity, type-checked lookups, keys that
// change with file size / mtime / parameters, failures not cached; and the
// cached detectors: a repeated beat request returns the identical object
// without recomputing (progress is not called again), and is much faster.
#include "core/analysis/analysis_cache.h"
#include "core/analysis/cached_analysis.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace mirlo;

class TstAnalysisCache : public QObject {
    Q_OBJECT
    const QString kSample = QStringLiteral(MIRLO_SHARED_DATA "/../models/madmom/ref/sample.wav");

private Q_SLOTS:
    void lruEvictsLeastRecentlyUsed()
    {
        AnalysisCache c(2);
        c.insert<int>(QStringLiteral("a"), std::make_shared<const int>(1));
        c.insert<int>(QStringLiteral("b"), std::make_shared<const int>(2));
        QCOMPARE(*c.find<int>(QStringLiteral("a")), 1); // a is now the most recent
        c.insert<int>(QStringLiteral("c"), std::make_shared<const int>(3));
        QCOMPARE(c.size(), size_t(2));
        QVERIFY(!c.find<int>(QStringLiteral("b")));
        QCOMPARE(*c.find<int>(QStringLiteral("a")), 1);
        QCOMPARE(*c.find<int>(QStringLiteral("c")), 3);
        // Wrong type: a miss, not a bad cast.
        QVERIFY(!c.find<double>(QStringLiteral("a")));
        c.insert<int>(QStringLiteral("a"), std::make_shared<const int>(10)); // replace
        QCOMPARE(*c.find<int>(QStringLiteral("a")), 10);
        QCOMPARE(c.size(), size_t(2));
        c.setCapacity(1);
        QCOMPARE(c.size(), size_t(1));
        QVERIFY(c.find<int>(QStringLiteral("a")));
        c.clear();
        QCOMPARE(c.size(), size_t(0));
    }

    void getOrComputeSkipsFailures()
    {
        AnalysisCache c;
        int calls = 0;
        auto fail = [&]() -> std::shared_ptr<const int> {
            ++calls;
            return nullptr;
        };
        QVERIFY(!c.getOrCompute<int>(QStringLiteral("k"), fail));
        QVERIFY(!c.getOrCompute<int>(QStringLiteral("k"), fail));
        QCOMPARE(calls, 2);
        auto ok = [&]() {
            ++calls;
            return std::make_shared<const int>(7);
        };
        QCOMPARE(*c.getOrCompute<int>(QStringLiteral("k"), ok), 7);
        QCOMPARE(*c.getOrCompute<int>(QStringLiteral("k"), ok), 7);
        QCOMPARE(calls, 3);
    }

    void keyFollowsFileAndParams()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("x.wav"));
        QVERIFY(analysisKey(path, QStringLiteral("m"), QStringLiteral("p")).isEmpty()); // missing file
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("abc");
        f.close();
        const QString k1 = analysisKey(path, QStringLiteral("m"), QStringLiteral("p"));
        QVERIFY(!k1.isEmpty());
        QCOMPARE(analysisKey(path, QStringLiteral("m"), QStringLiteral("p")), k1);
        QVERIFY(analysisKey(path, QStringLiteral("m"), QStringLiteral("q")) != k1);
        QVERIFY(analysisKey(path, QStringLiteral("n"), QStringLiteral("p")) != k1);
        // Same size, new mtime: new key.
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.setFileTime(QDateTime::currentDateTime().addSecs(-3600), QFileDevice::FileModificationTime));
        f.close();
        QVERIFY(analysisKey(path, QStringLiteral("m"), QStringLiteral("p")) != k1);
        // New size: new key.
        const QString k2 = analysisKey(path, QStringLiteral("m"), QStringLiteral("p"));
        QVERIFY(f.open(QIODevice::Append));
        f.write("d");
        f.close();
        QVERIFY(analysisKey(path, QStringLiteral("m"), QStringLiteral("p")) != k2);

        BeatDetectorParams a, b;
        QCOMPARE(paramsKey(a), paramsKey(b));
        b.dbn.maxBpm = 214.5;
        QVERIFY(paramsKey(a) != paramsKey(b));
        NeuralOnsetParams r = defaultNeuralOnsetParams(NeuralOnsetModel::Rnn);
        NeuralOnsetParams r2 = r;
        r2.peaks.threshold += 1e-9;
        QVERIFY(paramsKey(r) != paramsKey(r2));
        QVERIFY(paramsKey(r) != paramsKey(defaultNeuralOnsetParams(NeuralOnsetModel::Cnn)));
    }

    void repeatedBeatsAreInstant()
    {
        AnalysisCache c;
        BeatDetectorParams p;
        int progressCalls = 0;
        QElapsedTimer t;
        t.start();
        const auto first = cachedBeats(
            kSample, p, [&](double) { return ++progressCalls > 0; }, &c);
        const qint64 firstNs = t.nsecsElapsed();
        QVERIFY(first && first->ok());
        QCOMPARE(first->beats.size(), size_t(8));
        const int callsAfterFirst = progressCalls;
        QVERIFY(callsAfterFirst > 0);
        t.restart();
        const auto second = cachedBeats(
            kSample, p, [&](double) { return ++progressCalls > 0; }, &c);
        const qint64 secondNs = t.nsecsElapsed();
        QCOMPARE(second.get(), first.get()); // the same object
        QCOMPARE(progressCalls, callsAfterFirst);
        QVERIFY2(secondNs * 20 < firstNs, qPrintable(QStringLiteral("%1 vs %2 ns").arg(secondNs).arg(firstNs)));
        QCOMPARE(c.hits(), size_t(1));
        // Other parameters: computed anew.
        p.downbeats = true;
        const auto third = cachedBeats(kSample, p, {}, &c);
        QVERIFY(third.get() != first.get());
        QCOMPARE(third->downbeats.size(), size_t(8));
        QCOMPARE(c.size(), size_t(2));
        c.removeFile(kSample);
        QCOMPARE(c.size(), size_t(0));
    }

    void failuresAndCancelAreNotCached()
    {
        AnalysisCache c;
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("bad.wav"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not audio at all");
        f.close();
        const auto r = cachedNeuralOnsets(bad, defaultNeuralOnsetParams(NeuralOnsetModel::Rnn), {}, &c);
        QVERIFY(r && !r->ok());
        QVERIFY(r->error.contains(QStringLiteral("bad.wav")));
        QCOMPARE(c.size(), size_t(0));
        const auto cancelled = cachedNeuralOnsets(
            kSample, defaultNeuralOnsetParams(NeuralOnsetModel::Rnn), [](double) { return false; }, &c);
        QVERIFY(cancelled && cancelled->cancelled);
        QCOMPARE(c.size(), size_t(0));
        const auto onsets = cachedOnsets(kSample, defaultOnsetDetectorParams(OnsetMethod::SuperFlux), {}, &c);
        QVERIFY(onsets && onsets->ok());
        QVERIFY(!onsets->result.onsets.empty());
        QCOMPARE(cachedOnsets(kSample, defaultOnsetDetectorParams(OnsetMethod::SuperFlux), {}, &c).get(), onsets.get());
    }
};

QTEST_GUILESS_MAIN(TstAnalysisCache)
#include "tst_analysis_cache.moc"
