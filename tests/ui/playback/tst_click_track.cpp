// Click track mixed into playback: PcmSource read directly (no device) on
// silent and tonal tracks, checking where clicks start (first non-zero
// sample), how many there are, loop wraps, seeks, volume and the disabled
// path; then one PlaybackController run against a real sink (skipped without
// a PulseAudio null sink, like tst_playback).
#include "ui/playback/click_track.h"
#include "ui/playback/pcm_source.h"
#include "ui/playback/playback_controller.h"

#include <QElapsedTimer>
#include <QMediaDevices>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest>

#include <atomic>
#include <cmath>
#include <cstring>
#include <map>
#include <random>
#include <thread>

using namespace mirlo;

namespace {

constexpr int kRate = 44100;

struct Buffer {
    std::shared_ptr<std::vector<float>> samples;
    int channels = 1;
    int64_t frames() const { return int64_t(samples->size()) / channels; }
};

Buffer silence(double seconds, int channels = 1)
{
    Buffer b;
    b.channels = channels;
    b.samples = std::make_shared<std::vector<float>>(size_t(std::llround(seconds * kRate)) * size_t(channels), 0.f);
    return b;
}

Buffer tones(double seconds)
{
    Buffer b = silence(seconds, 2);
    for (int64_t i = 0; i < b.frames(); ++i) {
        (*b.samples)[size_t(2 * i)] = 0.5f * float(std::sin(2 * M_PI * 440.0 * double(i) / kRate));
        (*b.samples)[size_t(2 * i + 1)] = 0.4f * float(std::sin(2 * M_PI * 330.0 * double(i) / kRate));
    }
    return b;
}

void attach(PcmSource &source, const Buffer &b, int outChannels = 1, PcmFormat format = PcmFormat::Float32)
{
    source.setSource(b.samples, b.samples->data(), b.frames(), b.channels, kRate);
    source.setOutputFormat(outChannels, format);
    QVERIFY(source.open(QIODevice::ReadOnly | QIODevice::Unbuffered));
}

// Reads `frames` frames in blocks of `block` frames (as a sink would).
QByteArray readBytes(PcmSource &source, int64_t frames, int64_t block)
{
    QByteArray out;
    const int bpf = source.bytesPerFrame();
    while (int64_t(out.size()) < frames * bpf) {
        const int64_t n = std::min(block, frames - int64_t(out.size()) / bpf);
        const QByteArray got = source.read(n * bpf);
        if (got.isEmpty())
            break;
        out += got;
    }
    return out;
}

std::vector<float> readFloats(PcmSource &source, int64_t frames, int64_t block)
{
    const QByteArray bytes = readBytes(source, frames, block);
    std::vector<float> out(size_t(bytes.size()) / sizeof(float));
    std::memcpy(out.data(), bytes.constData(), out.size() * sizeof(float));
    return out;
}

// Indices where a click starts: a non-zero sample after at least `gap` zeros (or at the start).
std::vector<int64_t> clickStarts(const std::vector<float> &x, int gap = 8)
{
    std::vector<int64_t> starts;
    int zeros = gap;
    for (size_t i = 0; i < x.size(); ++i) {
        if (x[i] != 0.f) {
            if (zeros >= gap)
                starts.push_back(int64_t(i));
            zeros = 0;
        } else {
            ++zeros;
        }
    }
    return starts;
}

int64_t frameOf(double sec)
{
    return std::llround(sec * kRate);
}

int signChanges(const std::vector<float> &x)
{
    int n = 0;
    for (size_t i = 1; i < x.size(); ++i)
        n += (x[i - 1] < 0.f) != (x[i] < 0.f);
    return n;
}

bool hasDevice()
{
    return !QMediaDevices::audioOutputs().isEmpty();
}

} // namespace

class TestClickTrack : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void clickSounds()
    {
        const double levels[3] = {0.5, 0.6, 0.4};
        const double lengths[3] = {0.020, 0.020, 0.010};
        for (int k = 0; k < 3; ++k) {
            const std::vector<float> s = renderClickSound(ClickKind(k), kRate);
            QCOMPARE(int64_t(s.size()), frameOf(lengths[k]));
            QVERIFY(s.front() != 0.f);
            float peak = 0.f;
            for (float v : s) {
                QVERIFY(std::isfinite(v));
                QVERIFY(v != 0.f); // no gaps inside a click: run detection below relies on it
                peak = std::max(peak, std::abs(v));
            }
            QVERIFY(std::abs(peak - levels[k]) < 1e-6);
            QVERIFY2(std::abs(s.back()) < 0.02 * peak, "ends near zero");
        }
        // Pitch from zero crossings: 2 per period over 20 ms -> 60 (1.5 kHz) and 100 (2.5 kHz).
        QVERIFY(std::abs(signChanges(renderClickSound(ClickKind::Beat, kRate)) - 60) <= 2);
        QVERIFY(std::abs(signChanges(renderClickSound(ClickKind::Downbeat, kRate)) - 100) <= 2);
        // Noise: far more sign changes than a 1.5 kHz tone in 10 ms (15).
        QVERIFY(signChanges(renderClickSound(ClickKind::Onset, kRate)) > 100);
    }

    void clicksStartAtTheEventSample()
    {
        const Buffer b = silence(2.0);
        PcmSource source;
        attach(source, b);
        // Times that are not multiples of a block, one exactly on a block edge (333 * 100 frames).
        const std::vector<double> beats = {0.0, 0.123457, 1.5};
        const std::vector<double> downbeats = {0.5, 33300.0 / kRate};
        const std::vector<double> onsets = {0.2501, 1.9999};
        source.setClickEvents(beats, downbeats, onsets);
        source.setClicksEnabled(true);
        source.setClickGain(1.f);
        QCOMPARE(source.clickEventCount(), 7);
        const std::vector<float> out = readFloats(source, b.frames(), 333);
        QCOMPARE(int64_t(out.size()), b.frames());

        std::vector<int64_t> expected;
        for (const auto *list : {&beats, &downbeats, &onsets})
            for (double t : *list)
                expected.push_back(frameOf(t));
        std::sort(expected.begin(), expected.end());
        const std::vector<int64_t> starts = clickStarts(out);
        QCOMPARE(starts, expected);
        QCOMPARE(source.clicksTriggered(), int64_t(7));
        // The very first sample of each click is the sound's first sample.
        QCOMPARE(out[size_t(frameOf(0.5))], renderClickSound(ClickKind::Downbeat, kRate)[0]);
        QCOMPARE(out[size_t(frameOf(0.123457))], renderClickSound(ClickKind::Beat, kRate)[0]);
        QCOMPARE(out[size_t(frameOf(0.2501))], renderClickSound(ClickKind::Onset, kRate)[0]);
        // The onset 0.1 ms before the end is cut by the end of the track, the rest is whole.
        const std::vector<float> beat = renderClickSound(ClickKind::Beat, kRate);
        for (size_t i = 0; i < beat.size(); ++i)
            QCOMPARE(out[size_t(frameOf(1.5)) + i], beat[i]);
        QCOMPARE(out[size_t(frameOf(1.5)) + beat.size()], 0.f);
    }

    void countOverARegionEqualsEventCount()
    {
        const Buffer b = silence(10.0);
        PcmSource source;
        attach(source, b);
        std::mt19937 rng(7);
        std::uniform_real_distribution<double> gap(0.025, 0.3); // longer than a click
        std::vector<double> onsets;
        for (double t = 0.05; t < 9.9; t += gap(rng))
            onsets.push_back(t);
        source.setClickEvents({}, {}, onsets);
        source.setClicksEnabled(true);
        const std::vector<float> out = readFloats(source, b.frames(), 1024);
        const std::vector<int64_t> starts = clickStarts(out);
        QCOMPARE(starts.size(), onsets.size());
        for (size_t i = 0; i < onsets.size(); ++i)
            QCOMPARE(starts[i], frameOf(onsets[i]));
        // A region [3 s, 6 s): as many click starts as events in it.
        const auto inRegion = [](double t) { return t >= 3.0 && t < 6.0; };
        const auto events = std::count_if(onsets.begin(), onsets.end(), inRegion);
        const auto clicks =
            std::count_if(starts.begin(), starts.end(), [&](int64_t f) { return inRegion(double(f) / kRate); });
        QCOMPARE(clicks, events);
        qInfo("%d onsets in 10 s, %lld in [3, 6) s", int(onsets.size()), qlonglong(events));
    }

    void clickContinuesIntoTheNextBlock()
    {
        const Buffer b = silence(0.5);
        const std::vector<double> beats = {997.0 / kRate}; // 3 frames before the first block edge
        PcmSource whole, blocks;
        attach(whole, b);
        attach(blocks, b);
        for (PcmSource *s : {&whole, &blocks}) {
            s->setClickEvents(beats, {}, {});
            s->setClicksEnabled(true);
        }
        const std::vector<float> a = readFloats(whole, b.frames(), b.frames());
        const std::vector<float> c = readFloats(blocks, b.frames(), 1000);
        QCOMPARE(a.size(), c.size());
        QVERIFY(a == c);
        const std::vector<float> beat = renderClickSound(ClickKind::Beat, kRate);
        QVERIFY(c[996] == 0.f);
        for (size_t i = 0; i < beat.size(); ++i)
            QCOMPARE(c[997 + i] / whole.clickGain(), beat[i] * 1.f); // 3 frames, then 879 in the next block
        QCOMPARE(c[997 + beat.size()], 0.f);
    }

    void loopWrapRetriggers()
    {
        const Buffer b = silence(1.0);
        PcmSource source;
        attach(source, b);
        const int64_t from = frameOf(0.1), to = frameOf(0.4), length = to - from;
        // One on the loop start, one inside, one whose 20 ms tail crosses the wrap.
        const std::vector<double> beats = {0.1, 0.2, 0.39};
        source.setClickEvents(beats, {}, {});
        source.setClicksEnabled(true);
        source.setClickGain(1.f);
        source.setLoop(true, from, to);
        source.restart(from);
        const int cycles = 3;
        const std::vector<float> out = readFloats(source, cycles * length, 777);
        QCOMPARE(int64_t(out.size()), cycles * length);
        QCOMPARE(source.clicksTriggered(), int64_t(3 * cycles));

        // Expected: each cycle places every click at (event - from) in output
        // order; a tail running past the cycle end goes on in the next cycle.
        const std::vector<float> beat = renderClickSound(ClickKind::Beat, kRate);
        std::vector<float> expected(out.size(), 0.f);
        for (int c = 0; c < cycles; ++c)
            for (double t : beats)
                for (size_t i = 0; i < beat.size(); ++i) {
                    const int64_t at = c * length + (frameOf(t) - from) + int64_t(i);
                    if (at < int64_t(expected.size()))
                        expected[size_t(at)] += beat[i];
                }
        for (size_t i = 0; i < out.size(); ++i)
            QVERIFY2(std::abs(out[i] - expected[i]) < 1e-7, qPrintable(QString::number(i)));
        // The tail of the 0.39 s click sounds right after the wrap, on top of the 0.1 s click.
        const int64_t tail = frameOf(0.39) - from + int64_t(beat.size()) - length; // frames after the wrap
        QVERIFY(tail > 0);
        QVERIFY(std::abs(out[size_t(length)] - (beat[0] + beat[size_t(to - frameOf(0.39))])) < 1e-7);
    }

    void seekTriggersAtTheTarget()
    {
        const Buffer b = silence(2.0);
        PcmSource source;
        attach(source, b);
        source.setClickEvents({0.5, 1.5}, {}, {});
        source.setClicksEnabled(true);
        std::vector<float> first = readFloats(source, 1000, 1000); // nothing yet
        QVERIFY(clickStarts(first).empty());
        source.requestSeek(frameOf(1.5) - 10);
        std::vector<float> after = readFloats(source, 2000, 512);
        QCOMPARE(clickStarts(after), std::vector<int64_t>{10});
        // Seeking exactly onto an event sounds it at the first sample read.
        source.requestSeek(frameOf(0.5));
        after = readFloats(source, 100, 100);
        QVERIFY(after[0] != 0.f);
        QCOMPARE(source.clicksTriggered(), int64_t(2));
    }

    void volumeScalesClicks()
    {
        const Buffer b = silence(1.0);
        const std::vector<double> beats = {0.1, 0.3}, downbeats = {0.5}, onsets = {0.7};
        std::vector<float> out[3];
        const float gains[3] = {1.f, 0.25f, 1.f};
        const float master[3] = {1.f, 1.f, 0.5f};
        for (int k = 0; k < 3; ++k) {
            PcmSource source;
            attach(source, b);
            source.setClickEvents(beats, downbeats, onsets);
            source.setClicksEnabled(true);
            source.setClickGain(gains[k]);
            source.setGain(master[k]);
            out[k] = readFloats(source, b.frames(), 4096);
        }
        float peak = 0.f;
        for (size_t i = 0; i < out[0].size(); ++i) {
            peak = std::max(peak, std::abs(out[0][i]));
            QCOMPARE(out[1][i], out[0][i] * 0.25f); // powers of two: exact
            QCOMPARE(out[2][i], out[0][i] * 0.5f);  // the track volume scales the clicks too
        }
        QVERIFY(std::abs(peak - 0.6f) < 1e-6); // the downbeat's level at click volume 1
    }

    void disabledIsBitIdenticalToThePlainTrack()
    {
        const Buffer b = tones(1.0);
        for (PcmFormat format : {PcmFormat::Float32, PcmFormat::Int16}) {
            PcmSource plain, off;
            attach(plain, b, 2, format);
            attach(off, b, 2, format);
            off.setClickEvents({0.1, 0.2, 0.3}, {0.4}, {0.25, 0.5});
            off.setClicksEnabled(false);
            off.setClickGain(1.f);
            const QByteArray a = readBytes(plain, b.frames(), 1000);
            const QByteArray c = readBytes(off, b.frames(), 1000);
            QCOMPARE(a.size(), int(b.frames() * plain.bytesPerFrame()));
            QVERIFY(a == c);
            QCOMPARE(off.clicksTriggered(), int64_t(0));
        }
        // Enabled without any event: also unchanged.
        PcmSource plain, empty;
        attach(plain, b, 2);
        attach(empty, b, 2);
        empty.setClicksEnabled(true);
        QVERIFY(readBytes(plain, b.frames(), 999) == readBytes(empty, b.frames(), 999));
    }

    void clicksAddToTheMusic()
    {
        const Buffer b = tones(0.5);
        PcmSource plain, mixed;
        attach(plain, b, 2);
        attach(mixed, b, 2);
        mixed.setClickEvents({0.25}, {}, {});
        mixed.setClicksEnabled(true);
        mixed.setClickGain(0.5f);
        const std::vector<float> a = readFloats(plain, b.frames(), 512);
        const std::vector<float> c = readFloats(mixed, b.frames(), 512);
        const std::vector<float> beat = renderClickSound(ClickKind::Beat, kRate);
        const int64_t at = frameOf(0.25);
        for (int64_t f = 0; f < b.frames(); ++f) {
            const float click = f >= at && f < at + int64_t(beat.size()) ? 0.5f * beat[size_t(f - at)] : 0.f;
            for (int ch = 0; ch < 2; ++ch) {
                const size_t i = size_t(2 * f + ch);
                if (click == 0.f)
                    QCOMPARE(c[i], a[i]); // untouched outside the click
                else
                    QVERIFY(std::abs((c[i] - a[i]) - click) < 1e-6);
            }
        }
    }

    void beatsUnderDownbeatsMerge()
    {
        const std::vector<ClickEvent> e = buildClickEvents({0.5, 1.0, 1.5}, {1.004, 2.0}, {1.0, -1.0}, kRate);
        // 0.5 beat, 1.0 onset, 1.004 downbeat (the 1.0 beat merged into it), 1.5 beat, 2.0 downbeat.
        QCOMPARE(int(e.size()), 5);
        QCOMPARE(e[1].frame, frameOf(1.0));
        QVERIFY(e[1].kind == ClickKind::Onset);
        QCOMPARE(e[2].frame, frameOf(1.004));
        QVERIFY(e[2].kind == ClickKind::Downbeat);
        QVERIFY(e[3].kind == ClickKind::Beat);
        QVERIFY(buildClickEvents({std::nan(""), 1.0}, {}, {}, kRate).size() == 1);
    }

    void republishingWhileReading()
    {
        // The GUI thread swaps event sets while the reader pulls: no crash, clicks keep coming.
        const Buffer b = silence(1.0);
        PcmSource source;
        attach(source, b);
        source.setLoop(true, 0, b.frames());
        source.setClicksEnabled(true);
        source.setClickEvents({0.05}, {}, {});
        std::atomic<bool> stop{false};
        std::atomic<int64_t> frames{0};
        std::thread reader([&]() {
            std::vector<char> buf(size_t(256 * source.bytesPerFrame()));
            while (!stop.load()) {
                const qint64 got = source.read(buf.data(), qint64(buf.size()));
                frames.fetch_add(got / source.bytesPerFrame());
            }
        });
        for (int i = 0; i < 3000; ++i) {
            std::vector<double> beats;
            for (int k = 0; k < 1 + i % 50; ++k)
                beats.push_back(0.01 + 0.019 * k);
            source.setClickEvents(beats, {0.99}, {});
        }
        while (frames.load() < 3 * b.frames())
            QThread::msleep(5);
        stop.store(true);
        reader.join();
        QVERIFY(source.clicksTriggered() > 3);
    }

    void mixingCost()
    {
        // 60 s of stereo music with dense clicks (beats every 0.5 s, onsets every
        // 0.1 s), read in 1024-frame blocks: prints the cost of mixing per block.
        const Buffer b = tones(60.0);
        std::vector<double> beats, onsets;
        for (double t = 0.0; t < 60.0; t += 0.5)
            beats.push_back(t);
        for (double t = 0.05; t < 60.0; t += 0.1)
            onsets.push_back(t);
        double ms[2] = {0, 0};
        for (int on = 0; on < 2; ++on) {
            PcmSource source;
            attach(source, b, 2);
            source.setClickEvents(beats, {}, onsets);
            source.setClicksEnabled(on == 1);
            std::vector<char> block(size_t(1024 * source.bytesPerFrame()));
            QElapsedTimer timer;
            timer.start();
            int64_t frames = 0;
            for (qint64 got; (got = source.read(block.data(), qint64(block.size()))) > 0;)
                frames += got / source.bytesPerFrame();
            ms[on] = double(timer.nsecsElapsed()) * 1e-6;
            QCOMPARE(frames, b.frames());
            QCOMPARE(source.clicksTriggered(), on ? int64_t(beats.size() + onsets.size()) : int64_t(0));
        }
        qInfo("60 s stereo in 1024-frame blocks: %.1f ms plain, %.1f ms with %d clicks (%.2f us per block)", ms[0],
              ms[1], int(beats.size() + onsets.size()), ms[1] * 1e3 / (double(b.frames()) / 1024));
    }

    void controllerSettings()
    {
        PlaybackController pc;
        QSignalSpy spy(&pc, &PlaybackController::clickSettingsChanged);
        QVERIFY(!pc.clicksEnabled());
        QCOMPARE(pc.clickVolume(), 0.5);
        pc.setClicksEnabled(true);
        pc.setClickVolume(2.0);
        QCOMPARE(pc.clickVolume(), 1.0);
        pc.setClickVolume(1.0); // unchanged: no signal
        QCOMPARE(spy.count(), 2);
        QVERIFY(pc.source()->clicksEnabled());
        QCOMPARE(pc.source()->clickGain(), 1.f);
        pc.setClickTrack({0.5}, {}, {});
        QVERIFY(pc.hasClickTrack());
        pc.setTrack(nullptr);
        QVERIFY(!pc.hasClickTrack());
        QVERIFY(pc.clicksEnabled());
    }

    // ---- with an audio device ----

    void clicksPlayThroughTheSink()
    {
        if (!hasDevice())
            QSKIP("no audio output device (start a PulseAudio null sink, see docs/ENVIRONMENT.md)");
        auto t = std::make_shared<Track>();
        t->path = QStringLiteral("/synthetic/silence.wav");
        t->audio.sampleRate = kRate;
        t->audio.channels = 1;
        t->audio.samples.assign(size_t(3 * kRate), 0.f);
        t->mono = t->audio.samples;
        PlaybackController pc;
        pc.setTrack(t);
        std::vector<double> beats;
        for (double s = 0.1; s < 3.0; s += 0.1)
            beats.push_back(s);
        pc.setClickTrack(beats, {}, {});
        pc.setClicksEnabled(true);
        pc.setClickVolume(0.3);
        pc.play();
        QTRY_VERIFY_WITH_TIMEOUT(pc.position() > 0.8, 6000);
        // Everything handed to the sink up to 0.8 s held 7 clicks (0.1 .. 0.7 s).
        const int64_t played = pc.source()->clicksTriggered();
        qInfo("clicks handed to the sink at %.3f s: %lld", pc.position(), qlonglong(played));
        QVERIFY(played >= 7);
        QVERIFY(played <= 29);
        pc.setClicksEnabled(false);
        QTest::qWait(300); // the sink's buffer (0.1 s) drains: later reads are click-free
        const int64_t frozen = pc.source()->clicksTriggered();
        QTest::qWait(400);
        QCOMPARE(pc.source()->clicksTriggered(), frozen);
        pc.stop();
    }

    void clicksReachTheDeviceSampleExactly()
    {
        // Records the default sink's monitor while a silent track with a click
        // every 0.1 s plays: the clicks heard are 4410 frames apart, exactly.
        if (!hasDevice())
            QSKIP("no audio output device (start a PulseAudio null sink, see docs/ENVIRONMENT.md)");
        const QString parec = QStandardPaths::findExecutable(QStringLiteral("parec"));
        if (parec.isEmpty())
            QSKIP("parec (pulseaudio-utils) not found");
        QProcess rec;
        rec.start(parec, {QStringLiteral("--device=@DEFAULT_MONITOR@"), QStringLiteral("--raw"),
                          QStringLiteral("--format=float32le"), QStringLiteral("--rate=44100"),
                          QStringLiteral("--channels=1"), QStringLiteral("--latency-msec=250")});
        if (!rec.waitForStarted(3000))
            QSKIP("parec did not start");
        QTest::qWait(300);

        auto t = std::make_shared<Track>();
        t->path = QStringLiteral("/synthetic/silence.wav");
        t->audio.sampleRate = kRate;
        t->audio.channels = 1;
        t->audio.samples.assign(size_t(2 * kRate), 0.f);
        PlaybackController pc;
        pc.setTrack(t);
        std::vector<double> beats;
        for (int k = 1; k < 20; ++k)
            beats.push_back(0.1 * k);
        pc.setClickTrack(beats, {}, {});
        pc.setClicksEnabled(true);
        pc.setClickVolume(0.5);
        QSignalSpy states(&pc, &PlaybackController::stateChanged);
        pc.play();
        QTRY_COMPARE_WITH_TIMEOUT(pc.state(), PlaybackController::State::Stopped, 10000);
        QTest::qWait(300);
        rec.terminate();
        rec.waitForFinished(3000);
        const QByteArray raw = rec.readAllStandardOutput();
        std::vector<float> heard(size_t(raw.size()) / sizeof(float));
        std::memcpy(heard.data(), raw.constData(), heard.size() * sizeof(float));
        // Recorded at the monitor's format and converted back: keep clearly audible samples only.
        for (float &v : heard)
            v = std::abs(v) > 1e-3f ? v : 0.f;
        const std::vector<int64_t> starts = clickStarts(heard, 200);
        std::map<int64_t, int> histogram;
        QStringList intervals;
        for (size_t i = 1; i < starts.size(); ++i) {
            ++histogram[starts[i] - starts[i - 1]];
            intervals << QString::number(starts[i] - starts[i - 1]);
        }
        const int exact = histogram.count(4410) ? histogram[4410] : 0;
        qInfo("recorded %.2f s, %d clicks, %d of %d intervals exactly 4410 frames: %s", double(heard.size()) / kRate,
              int(starts.size()), exact, int(starts.size()) - 1, qPrintable(intervals.join(QLatin1Char(' '))));
        QCOMPARE(int(starts.size()), int(beats.size()));
        // When the sink's feed runs late (a loaded machine), PulseAudio skips
        // the frames that arrive behind its read pointer: those intervals come
        // out a few ms short. Every other interval is exact, and exact is by
        // far the most common value.
        int mostCommon = 0;
        for (const auto &[interval, count] : histogram)
            if (interval != 4410)
                mostCommon = std::max(mostCommon, count);
        QVERIFY2(exact > mostCommon && exact * 3 >= int(starts.size()) - 1, "clicks 4410 frames apart");
    }
};

QTEST_MAIN(TestClickTrack)
#include "tst_click_track.moc"
