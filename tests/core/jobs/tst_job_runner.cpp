// JobRunner: results, progress, cancel and failure reach the receiver's thread.
#include "core/jobs/job_runner.h"

#include <QSignalSpy>
#include <QtTest>

#include <atomic>
#include <thread>

using namespace mirlo;

class TstJobRunner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void deliversResultOnReceiverThread()
    {
        JobRunner runner;
        QObject receiver;
        int result = 0;
        QThread *deliveredOn = nullptr;
        QThread *ranOn = nullptr;
        QSignalSpy finished(&runner, &JobRunner::jobFinished);
        runner.run<int>(QStringLiteral("sum"), [&](JobContext &) {
            ranOn = QThread::currentThread();
            int s = 0;
            for (int i = 1; i <= 100; ++i) s += i;
            return s;
        }, &receiver, [&](int r) { result = r; deliveredOn = QThread::currentThread(); });
        QTRY_COMPARE(result, 5050);
        QCOMPARE(deliveredOn, QThread::currentThread());
        QVERIFY(ranOn != QThread::currentThread());
        QCOMPARE(finished.count(), 1);
    }

    void reportsThrottledProgress()
    {
        JobRunner runner;
        QObject receiver;
        QSignalSpy progress(&runner, &JobRunner::jobProgress);
        bool done = false;
        runner.run<int>(QStringLiteral("progress"), [](JobContext &ctx) {
            for (int i = 0; i <= 1000; ++i) {
                ctx.setProgress(i / 1000.0);
                std::this_thread::sleep_for(std::chrono::microseconds(200));
            }
            return 0;
        }, &receiver, [&](int) { done = true; });
        QTRY_VERIFY(done);
        // ~0.2 s of work at <= 20 reports/s: far fewer than 1001 calls, but some.
        QVERIFY(progress.count() >= 2);
        QVERIFY(progress.count() <= 12);
        QCOMPARE(progress.last().at(1).toDouble(), 1.0);
    }

    void cancelStopsWorkAndSkipsDelivery()
    {
        JobRunner runner;
        QObject receiver;
        QSignalSpy cancelled(&runner, &JobRunner::jobCancelled);
        std::atomic<bool> started{false};
        std::atomic<int> iterations{0};
        bool delivered = false;
        const JobId id = runner.run<int>(QStringLiteral("endless"), [&](JobContext &ctx) {
            started = true;
            while (ctx.setProgress(0.5)) {
                ++iterations;
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
            return 1;
        }, &receiver, [&](int) { delivered = true; });
        QTRY_VERIFY(started.load());
        QCOMPARE(runner.activeCount(), 1);
        runner.cancel(id);
        QTRY_COMPARE(cancelled.count(), 1);
        QCOMPARE(cancelled.first().at(0).toULongLong(), id);
        QTest::qWait(20);
        QVERIFY(!delivered);
        QCOMPARE(runner.activeCount(), 0);
    }

    void failureCarriesMessage()
    {
        JobRunner runner;
        QObject receiver;
        QString message;
        QSignalSpy failed(&runner, &JobRunner::jobFailed);
        runner.run<int>(QStringLiteral("fails"), [](JobContext &) -> int {
            throw JobFailure{QStringLiteral("song.wav: not an audio file")};
        }, &receiver, [](int) { QFAIL("must not finish"); }, [&](QString m) { message = m; });
        QTRY_COMPARE(message, QStringLiteral("song.wav: not an audio file"));
        QCOMPARE(failed.count(), 1);
    }

    void resultDroppedWhenReceiverGone()
    {
        JobRunner runner;
        auto *receiver = new QObject;
        std::atomic<bool> release{false};
        bool delivered = false;
        runner.run<int>(QStringLiteral("late"), [&](JobContext &) {
            while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
            return 7;
        }, receiver, [&](int) { delivered = true; });
        delete receiver;
        release = true;
        QVERIFY(runner.waitForDone(5000));
        QTest::qWait(20);
        QVERIFY(!delivered);
    }
};

QTEST_GUILESS_MAIN(TstJobRunner)
#include "tst_job_runner.moc"
