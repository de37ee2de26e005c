// Playback from our own buffer: the PcmSource's conversion and sample-exact
// loop wrap without any device (never skipped), then the PlaybackController
// against a real QAudioSink (PulseAudio null sink; skipped without a device).
#include "ui/mainwindow/main_window.h"
#include "ui/model/track_list_model.h"
#include "ui/playback/pcm_source.h"
#include "ui/playback/playback_controller.h"
#include "ui/widgets/transport_bar.h"

#include <QElapsedTimer>
#include <QMediaDevices>
#include <QStandardPaths>
#include <QtTest>

#include <cmath>
#include <cstring>
#include <limits>

using namespace mirlo;

namespace {

// A synthetic stereo track: 440 Hz left, 660 Hz right, at half scale.
TrackPtr makeTrack(double seconds, int rate = 44100)
{
    auto t = std::make_shared<Track>();
    t->path = QStringLiteral("/synthetic/tone.wav");
    t->audio.sampleRate = rate;
    t->audio.channels = 2;
    const int64_t frames = int64_t(seconds * rate);
    t->audio.samples.resize(size_t(frames * 2));
    for (int64_t i = 0; i < frames; ++i) {
        t->audio.samples[size_t(2 * i)] = 0.5f * float(std::sin(2 * M_PI * 440.0 * double(i) / rate));
        t->audio.samples[size_t(2 * i + 1)] = 0.5f * float(std::sin(2 * M_PI * 660.0 * double(i) / rate));
    }
    t->mono = mixToMono(t->audio);
    t->pyramid = WaveformPyramid(t->mono.data(), int64_t(t->mono.size()));
    t->info.sampleRate = rate;
    t->info.channels = 2;
    return t;
}

std::vector<float> readFloats(PcmSource &source, int frames)
{
    std::vector<float> out(size_t(frames * source.outputChannels()));
    const qint64 got = source.read(reinterpret_cast<char *>(out.data()), qint64(out.size() * sizeof(float)));
    out.resize(size_t(std::max<qint64>(0, got)) / sizeof(float));
    return out;
}

bool hasDevice()
{
    return !QMediaDevices::audioOutputs().isEmpty();
}

const char *kNoDevice = "no audio output device (start a PulseAudio null sink, see docs/ENVIRONMENT.md)";

} // namespace

class TestPlayback : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("MirloTest"));
    }

    // ---- no device needed ----

    void convertFloatToInt16()
    {
        const float in[] = {0.f,
                            0.5f,
                            -0.5f,
                            1.f,
                            -1.f,
                            1.5f,
                            -2.f,
                            std::numeric_limits<float>::quiet_NaN(),
                            std::numeric_limits<float>::infinity(),
                            0.25f};
        int16_t out[10];
        convertFrames(in, 1, 10, reinterpret_cast<char *>(out), 1, PcmFormat::Int16, 1.f);
        // round(x * 32767), clipped; non-finite -> 0
        const int16_t expected[] = {0, 16384, -16384, 32767, -32767, 32767, -32767, 0, 0, 8192};
        for (int i = 0; i < 10; ++i)
            QCOMPARE(out[i], expected[i]);

        // gain applies before clipping: 0.5 * 0.5 = 0.25 -> 8192 (8191.75 rounded)
        convertFrames(in + 1, 1, 1, reinterpret_cast<char *>(out), 1, PcmFormat::Int16, 0.5f);
        QCOMPARE(out[0], int16_t(8192));
    }

    void convertChannelLayouts()
    {
        // mono -> stereo duplicates; stereo -> mono averages; float passes values through.
        const float mono[] = {0.1f, -0.2f};
        float stereo[4];
        convertFrames(mono, 1, 2, reinterpret_cast<char *>(stereo), 2, PcmFormat::Float32, 1.f);
        QCOMPARE(stereo[0], 0.1f);
        QCOMPARE(stereo[1], 0.1f);
        QCOMPARE(stereo[2], -0.2f);
        QCOMPARE(stereo[3], -0.2f);
        const float lr[] = {0.5f, 0.1f, -1.f, 0.f};
        float folded[2];
        convertFrames(lr, 2, 2, reinterpret_cast<char *>(folded), 1, PcmFormat::Float32, 1.f);
        QCOMPARE(folded[0], 0.3f);
        QCOMPARE(folded[1], -0.5f);
    }

    void sourceLoopWrapsSampleAccurately()
    {
        // A ramp whose value is its own frame index makes every read self-describing.
        auto ramp = std::make_shared<std::vector<float>>(1000);
        for (size_t i = 0; i < ramp->size(); ++i)
            (*ramp)[i] = float(i);
        PcmSource source;
        source.setSource(ramp, ramp->data(), 1000, 1, 1000);
        source.setOutputFormat(1, PcmFormat::Float32);
        QVERIFY(source.open(QIODevice::ReadOnly | QIODevice::Unbuffered));
        source.setLoop(true, 100, 150);
        source.restart(120);

        const std::vector<float> got = readFloats(source, 100);
        QCOMPARE(int(got.size()), 100);
        for (int i = 0; i < 100; ++i) {
            // 120..149, then 100..149, then 100..119
            const int expected = i < 30 ? 120 + i : 100 + (i - 30) % 50;
            QCOMPARE(got[size_t(i)], float(expected));
        }
        // The segment log maps every handed-out frame back to its source frame.
        QCOMPARE(source.frameAtCumulative(0), int64_t(120));
        QCOMPARE(source.frameAtCumulative(29), int64_t(149));
        QCOMPARE(source.frameAtCumulative(30), int64_t(100));
        QCOMPARE(source.frameAtCumulative(79), int64_t(149));
        QCOMPARE(source.frameAtCumulative(80), int64_t(100));
        QCOMPARE(source.frameAtCumulative(99), int64_t(119));
        QCOMPARE(source.cumulativeFrames(), int64_t(100));

        // Loop off: reading continues past the old region to the end, then stops.
        source.setLoop(false, 0, 0);
        const std::vector<float> rest = readFloats(source, 2000);
        QCOMPARE(int(rest.size()), 1000 - 120);
        QCOMPARE(rest.front(), 120.f);
        QCOMPARE(rest.back(), 999.f);
        QVERIFY(source.reachedEnd());
        QCOMPARE(readFloats(source, 10).size(), size_t(0));
    }

    void sourceInt16OutputAndGain()
    {
        const TrackPtr track = makeTrack(0.1);
        PcmSource source;
        source.setSource(track, track->audio.samples.data(), track->audio.frameCount(), 2, 44100);
        source.setOutputFormat(2, PcmFormat::Int16);
        source.setGain(0.5f);
        QVERIFY(source.open(QIODevice::ReadOnly | QIODevice::Unbuffered));
        QCOMPARE(source.bytesPerFrame(), 4);
        std::vector<int16_t> out(2 * 64);
        QCOMPARE(source.read(reinterpret_cast<char *>(out.data()), qint64(out.size() * 2)), qint64(out.size() * 2));
        for (size_t i = 0; i < out.size(); ++i)
            QCOMPARE(out[i], int16_t(std::lrint(track->audio.samples[i] * 0.5f * 32767.f)));
    }

    // ---- with an audio device ----

    void playAdvancesWithWallClock()
    {
        if (!hasDevice())
            QSKIP(kNoDevice);
        PlaybackController pc;
        QVERIFY(pc.hasOutputDevice());
        pc.setTrack(makeTrack(4.0));
        QSignalSpy positions(&pc, &PlaybackController::positionChanged);
        pc.play();
        QVERIFY(pc.isPlaying());
        // A fresh stream takes a moment to start sounding (the null sink: up to ~2 s).
        QTRY_VERIFY_WITH_TIMEOUT(pc.position() > 0.05, 5000);
        const double p0 = pc.position();
        QElapsedTimer wall;
        wall.start();
        QTest::qWait(500);
        const double p1 = pc.position();
        const double elapsed = wall.nsecsElapsed() * 1e-9;
        qInfo("format %d Hz %d ch %d; position %.3f -> %.3f s over %.3f s wall", pc.outputFormat().sampleRate(),
              pc.outputFormat().channelCount(), int(pc.outputFormat().sampleFormat()), p0, p1, elapsed);
        QVERIFY(p1 > p0);
        const double ratio = (p1 - p0) / elapsed;
        QVERIFY2(ratio > 0.7 && ratio < 1.3, qPrintable(QString::number(ratio)));
        QVERIFY(positions.count() >= 20); // ~60 Hz ticks during ~0.7 s

        // Positions reported by the ticks never go backwards while playing.
        double last = -1.0;
        for (const QList<QVariant> &args : positions) {
            const double p = args.at(0).toDouble();
            QVERIFY2(p >= last - 1e-9, qPrintable(QStringLiteral("%1 after %2").arg(p).arg(last)));
            last = p;
        }
    }

    void seekAndPause()
    {
        if (!hasDevice())
            QSKIP(kNoDevice);
        PlaybackController pc;
        pc.setTrack(makeTrack(4.0));
        pc.play();
        QTRY_VERIFY_WITH_TIMEOUT(pc.position() > 0.05, 5000);
        pc.seek(2.5);
        QCOMPARE(pc.position(), 2.5); // shown at once, held until the jump is heard
        QTest::qWait(300);
        const double afterSeek = pc.position();
        QVERIFY2(afterSeek >= 2.5 && afterSeek < 2.5 + 0.35, qPrintable(QString::number(afterSeek)));
        QTRY_VERIFY_WITH_TIMEOUT(pc.position() > 2.6, 2000);

        pc.pause();
        QCOMPARE(pc.state(), PlaybackController::State::Paused);
        const double paused = pc.position();
        QTest::qWait(300);
        QCOMPARE(pc.position(), paused);
        pc.play();
        QTRY_VERIFY_WITH_TIMEOUT(pc.position() > paused + 0.1, 3000);

        pc.stop();
        QCOMPARE(pc.position(), 0.0);
        // Seeking while stopped moves the start point.
        pc.seek(1.0);
        QCOMPARE(pc.position(), 1.0);
    }

    void loopStaysInsideRegion()
    {
        if (!hasDevice())
            QSKIP(kNoDevice);
        PlaybackController pc;
        pc.setTrack(makeTrack(4.0));
        pc.setSelection(1.0, 1.3);
        pc.setLoopEnabled(true);
        pc.seek(1.0);
        pc.play();
        QTRY_VERIFY_WITH_TIMEOUT(pc.position() > 1.05, 5000); // stream started
        QVector<double> seen;
        QElapsedTimer wall;
        wall.start();
        while (wall.elapsed() < 1000) {
            QTest::qWait(7);
            seen << pc.position();
        }
        const double tol = 0.005;
        double lo = 1e9, hi = -1e9;
        int wraps = 0;
        for (int i = 0; i < seen.size(); ++i) {
            lo = std::min(lo, seen[i]);
            hi = std::max(hi, seen[i]);
            QVERIFY2(seen[i] >= 1.0 - tol && seen[i] < 1.3 + tol, qPrintable(QString::number(seen[i])));
            if (i > 0 && seen[i] < seen[i - 1] - 0.1)
                ++wraps;
        }
        qInfo("loop [1.0, 1.3): %lld samples, range %.4f..%.4f, %d wraps in 1 s", qlonglong(seen.size()), lo, hi,
              wraps);
        QVERIFY2(wraps >= 2, "1 s of a 0.3 s loop wraps about 3 times");
        QVERIFY(hi > 1.2);

        // Stop returns to the selection start.
        pc.stop();
        QCOMPARE(pc.position(), 1.0);
    }

    void playsToTheEndAndStops()
    {
        if (!hasDevice())
            QSKIP(kNoDevice);
        PlaybackController pc;
        pc.setTrack(makeTrack(0.4));
        QSignalSpy states(&pc, &PlaybackController::stateChanged);
        pc.play();
        QTRY_VERIFY_WITH_TIMEOUT(pc.position() > 0.05, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(pc.state(), PlaybackController::State::Stopped, 3000);
        QCOMPARE(pc.position(), 0.0); // back to the start, ready to play again
        QCOMPARE(states.count(), 2);  // Playing, Stopped
    }

    void windowCursorFollowsPlayback()
    {
        if (!hasDevice())
            QSKIP(kNoDevice);
        MainWindow w;
        w.show();
        w.openPaths({QStringLiteral(MIRLO_SHARED_DATA "/formats/clip_44k_s16_stereo.wav")});
        QTRY_VERIFY_WITH_TIMEOUT(w.currentTrack() != nullptr, 20000);
        const QString before = w.transport()->positionText();
        QVERIFY(before.startsWith(QStringLiteral("00:00.000 / 00:05.000")));
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QTest::keyClick(&w, Qt::Key_Space); // the play / pause shortcut
        QVERIFY(w.playback()->isPlaying());
        QTRY_VERIFY_WITH_TIMEOUT(w.playback()->position() > 0.2, 5000);
        QVERIFY(w.transport()->positionText() != before);
        QCOMPARE(w.transport()->playPauseAction()->text(), QStringLiteral("Pause"));
        QVERIFY(w.transport()->positionText().startsWith(QStringLiteral("00:00.")));
        QTest::keyClick(&w, Qt::Key_Space);
        QCOMPARE(w.playback()->state(), PlaybackController::State::Paused);
        w.transport()->stopAction()->trigger();
        QCOMPARE(w.transport()->positionText(), before);
    }
};

QTEST_MAIN(TestPlayback)
#include "tst_playback.moc"
