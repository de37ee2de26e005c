// decodeFileParallel against decodeFile on the shared test data: the samples
// (kept and streamed through onBlock), info and warnings must be identical
// for every format, mono and stereo, whether it splits the file or falls
// back; bad files behave exactly as decodeFile; cancel and progress work.
#include "core/audio/parallel_decoder.h"

#include "test_audio_util.h"

#include <QDir>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstring>

using namespace mirlo;
using namespace mirlo_test;

namespace {

bool sameBits(const std::vector<float> &a, const std::vector<float> &b)
{
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

QStringList filesIn(const QString &rel, const QStringList &suffixes)
{
    QStringList out;
    const QDir dir(sharedData(rel));
    for (const QString &name : dir.entryList(QDir::Files, QDir::Name))
        if (suffixes.contains(QFileInfo(name).suffix().toLower()))
            out << dir.filePath(name);
    return out;
}

const QStringList kAudioSuffixes = {"wav", "flac", "mp3", "ogg", "opus", "m4a", "aiff"};

// Compares the parallel decode (kept samples and streamed blocks) with decodeFile.
// Returns whether the file was split.
bool compareWithSequential(const QString &path, bool mono, int parts)
{
    DecodeOptions opt;
    opt.mono = mono;
    opt.readTags = false;
    const DecodeResult ref = decodeFile(path, opt);

    std::vector<float> streamed;
    const ParallelDecodeResult par = decodeFileParallel(
        path, opt, {},
        [&](const float *s, int64_t frames) {
            streamed.insert(streamed.end(), s, s + frames * (mono ? 1 : std::max(1, ref.audio.channels)));
            return true;
        },
        parts);
    const QByteArray what = QStringLiteral("%1 %2 parts=%3 (%4)")
                                .arg(QFileInfo(path).fileName(), mono ? "mono" : "stereo")
                                .arg(parts)
                                .arg(par.parallel ? QStringLiteral("parallel") : par.fallbackReason)
                                .toUtf8();
    if (par.ok != ref.ok || par.error != ref.error || par.warnings != ref.warnings)
        qWarning("%s: result differs: %s / %s", what.constData(), qPrintable(par.error), qPrintable(ref.error));
    [&] {
        QVERIFY2(par.ok == ref.ok, what.constData());
        QCOMPARE(par.error, ref.error);
        QCOMPARE(par.warnings, ref.warnings);
        QCOMPARE(par.audio.channels, ref.audio.channels);
        QCOMPARE(par.audio.sampleRate, ref.audio.sampleRate);
        QCOMPARE(par.info.durationSec, ref.info.durationSec);
        QCOMPARE(par.info.channels, ref.info.channels);
        QVERIFY2(sameBits(par.audio.samples, ref.audio.samples), what.constData());
        QVERIFY2(sameBits(streamed, ref.audio.samples), what.constData());
        QVERIFY2(par.parallel == par.fallbackReason.isEmpty(), what.constData());
    }();
    qInfo("%s", what.constData());
    return par.parallel;
}

} // namespace

class TstParallelDecoder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void formatsMatchSequential_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("mono");
        const QStringList files = filesIn(QStringLiteral("formats"), kAudioSuffixes);
        QVERIFY(files.size() >= 16);
        for (const QString &f : files) {
            QTest::newRow(qPrintable(QFileInfo(f).fileName() + "/mono")) << f << true;
            QTest::newRow(qPrintable(QFileInfo(f).fileName() + "/stereo")) << f << false;
        }
    }
    void formatsMatchSequential()
    {
        QFETCH(QString, path);
        QFETCH(bool, mono);
        compareWithSequential(path, mono, 2);
        if (QTest::currentTestFailed())
            return;
        // PCM, FLAC, Vorbis and MP3 decoders forget their past within a frame
        // or two: they must really split. AAC and Opus never may.
        const QString suffix = QFileInfo(path).suffix().toLower();
        DecodeOptions opt;
        opt.mono = mono;
        opt.readTags = false;
        const ParallelDecodeResult par = decodeFileParallel(path, opt, {}, {}, 2);
        if (suffix == QLatin1String("m4a") || suffix == QLatin1String("opus"))
            QVERIFY2(!par.parallel && par.fallbackReason.contains("decoder"), qPrintable(par.fallbackReason));
        else
            QVERIFY2(par.parallel, qPrintable(par.fallbackReason));
    }

    void partHooksSeeBothHalves_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("mono");
        // Vorbis music and 16-bit PCM (a different decoder and demuxer).
        const QStringList oggs = filesIn(QStringLiteral("beats"), {"ogg"});
        QVERIFY(!oggs.isEmpty());
        QTest::newRow("ogg mono") << oggs.first() << true;
        QTest::newRow("ogg stereo") << oggs.last() << false;
        const QStringList formats = filesIn(QStringLiteral("formats"), {"wav", "flac"});
        QVERIFY(!formats.isEmpty());
        QTest::newRow("pcm/flac mono") << formats.first() << true;
    }
    void partHooksSeeBothHalves()
    {
        // With PartHooks, onBlock gets part 0 plus the head of part 1, and
        // onPart1 (on part 1's thread) part 1 from its first frame: together
        // exactly decodeFile's samples; onPlan and onSpliceVerified come once.
        QFETCH(QString, path);
        QFETCH(bool, mono);
        DecodeOptions opt;
        opt.mono = mono;
        opt.readTags = false;
        const DecodeResult ref = decodeFile(path, opt);
        QVERIFY2(ref.ok, qPrintable(ref.error));
        const int ch = ref.audio.channels;
        opt.keepSamples = false;
        std::vector<float> head, tail;
        int64_t begin = -1;
        int plans = 0, verified = 0;
        PartHooks hooks;
        hooks.onPlan = [&](int64_t b) {
            begin = b;
            ++plans;
        };
        hooks.onPart1 = [&](const float *s, int64_t frames) {
            tail.insert(tail.end(), s, s + frames * ch);
            return true;
        };
        hooks.onSpliceVerified = [&] { ++verified; };
        const ParallelDecodeResult par = decodeFileParallel(
            path, opt, {},
            [&](const float *s, int64_t frames) {
                head.insert(head.end(), s, s + frames * ch);
                return true;
            },
            2, hooks);
        QVERIFY2(par.ok && par.parallel, qPrintable(par.error + par.fallbackReason));
        QCOMPARE(plans, 1);
        QCOMPARE(verified, 1);
        QCOMPARE(par.info.durationSec, ref.info.durationSec);
        const int64_t total = int64_t(ref.audio.samples.size()) / ch;
        QVERIFY(begin > 0 && begin < total);
        const int64_t headFrames = std::min(total, begin + kSplitHeadFrames);
        QCOMPARE(int64_t(head.size()) / ch, headFrames);
        QVERIFY(std::memcmp(head.data(), ref.audio.samples.data(), head.size() * sizeof(float)) == 0);
        QCOMPARE(int64_t(tail.size()) / ch, total - begin);
        QVERIFY(std::memcmp(tail.data(), ref.audio.samples.data() + begin * ch, tail.size() * sizeof(float)) == 0);
    }

    void progressFollowsTheTappedPart()
    {
        // Part 1's frames go to the tap as they are decoded: while the caller
        // waits for a slow part 1, progress climbs towards 1 (it used to stop
        // near 0.75, counting only what onBlock had received).
        const QStringList oggs = filesIn(QStringLiteral("beats"), {"ogg"});
        QVERIFY(!oggs.isEmpty());
        DecodeOptions opt;
        opt.mono = true;
        opt.readTags = false;
        opt.keepSamples = false;
        PartHooks hooks;
        hooks.onPart1 = [](const float *, int64_t) {
            QThread::usleep(300); // part 1 ends well after part 0
            return true;
        };
        std::vector<double> progress;
        const ParallelDecodeResult par = decodeFileParallel(
            oggs.first(), opt,
            [&](double f) {
                progress.push_back(f);
                return true;
            },
            [](const float *, int64_t) { return true; }, 2, hooks);
        QVERIFY2(par.ok && par.parallel, qPrintable(par.fallbackReason));
        QVERIFY(progress.size() > 2 && progress.back() == 1.0);
        QVERIFY(std::is_sorted(progress.begin(), progress.end()));
        QVERIFY2(progress[progress.size() - 2] > 0.9, qPrintable(QString::number(progress[progress.size() - 2])));
    }

    void longFilesKeptSplitOnlyUpTo20Minutes()
    {
        // 21 minutes: kept samples would peak at 1.5x the signal, so the
        // automatic choice decodes sequentially; streamed only, it splits.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("long.wav"));
        const int rate = 8000;
        std::vector<float> x(size_t(21 * 60 * rate));
        for (size_t i = 0; i < x.size(); ++i)
            x[i] = float(0.3 * std::sin(0.01 * double(i)));
        QVERIFY(writeWav16(path, x, 1, rate));
        DecodeOptions opt;
        opt.readTags = false;
        opt.keepSamples = true;
        const ParallelDecodeResult kept = decodeFileParallel(path, opt);
        QVERIFY(kept.ok);
        QVERIFY2(!kept.parallel && kept.fallbackReason.contains(QStringLiteral("too long")),
                 qPrintable(kept.fallbackReason));
        QCOMPARE(kept.audio.samples.size(), x.size());
        opt.keepSamples = false;
        int64_t streamed = 0;
        const ParallelDecodeResult split =
            decodeFileParallel(path, opt, {}, [&](const float *, int64_t n) { streamed += n; return true; });
        QVERIFY2(split.ok && split.parallel, qPrintable(split.fallbackReason));
        QCOMPARE(streamed, int64_t(x.size()));
    }

    void partHooksOnlyForTwoParts()
    {
        // Three parts, or kept samples: the hooks are never called and onBlock
        // gets the whole signal.
        const QStringList oggs = filesIn(QStringLiteral("beats"), {"ogg"});
        QVERIFY(!oggs.isEmpty());
        int calls = 0;
        PartHooks hooks;
        hooks.onPlan = [&](int64_t) { ++calls; };
        hooks.onPart1 = [&](const float *, int64_t) { ++calls; return true; };
        DecodeOptions opt;
        opt.mono = true;
        opt.readTags = false;
        const DecodeResult ref = decodeFile(oggs.first(), opt);
        for (const bool keep : {false, true}) {
            opt.keepSamples = keep;
            int64_t streamed = 0;
            const ParallelDecodeResult par = decodeFileParallel(
                oggs.first(), opt, {}, [&](const float *, int64_t frames) { streamed += frames; return true; },
                keep ? 2 : 3, hooks);
            QVERIFY(par.ok && par.parallel);
            QCOMPARE(streamed, int64_t(ref.audio.samples.size()));
        }
        QCOMPARE(calls, 0);
    }

    void partOneFailureFallsBackWithEveryFrame()
    {
        // onPart1 refusing (e.g. out of memory) stops part 1: the decode falls
        // back to sequential and onBlock receives every frame once, in order.
        const QStringList oggs = filesIn(QStringLiteral("beats"), {"ogg"});
        QVERIFY(!oggs.isEmpty());
        DecodeOptions opt;
        opt.mono = true;
        opt.readTags = false;
        const DecodeResult ref = decodeFile(oggs.first(), opt);
        opt.keepSamples = false;
        for (const int64_t refuseAfter : {int64_t(0), int64_t(200000)}) {
            int64_t seen = 0;
            bool verified = false;
            PartHooks hooks;
            hooks.onPart1 = [&](const float *, int64_t frames) {
                seen += frames;
                return seen <= refuseAfter;
            };
            hooks.onSpliceVerified = [&] { verified = true; };
            std::vector<float> streamed;
            const ParallelDecodeResult par = decodeFileParallel(
                oggs.first(), opt, {},
                [&](const float *s, int64_t frames) {
                    streamed.insert(streamed.end(), s, s + frames);
                    return true;
                },
                2, hooks);
            QVERIFY(par.ok);
            QVERIFY(!par.parallel);
            QVERIFY2(sameBits(streamed, ref.audio.samples), qPrintable(par.fallbackReason));
            // Refusing late: the splice was verified first (the head block came
            // before the fallback delivered the rest).
            QCOMPARE(verified, refuseAfter > 0);
        }
    }

    void musicOggSplits_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("parts");
        const QStringList files = filesIn(QStringLiteral("beats"), {"ogg"});
        QVERIFY(!files.isEmpty());
        QTest::newRow("auto") << files.first() << 0;
        QTest::newRow("3 parts") << files.first() << 3;
        QTest::newRow("5 parts") << files.last() << 5;
    }
    void musicOggSplits()
    {
        QFETCH(QString, path);
        QFETCH(int, parts);
        for (bool mono : {true, false}) {
            const bool split = compareWithSequential(path, mono, parts);
            if (QTest::currentTestFailed())
                return;
            QVERIFY2(split, "a 60 s Vorbis file must decode in parallel");
        }
    }

    void badFilesBehaveAsDecodeFile()
    {
        const QStringList files = filesIn(QStringLiteral("formats/bad"), kAudioSuffixes);
        QCOMPARE(files.size(), 10);
        for (const QString &f : files) {
            for (bool mono : {true, false}) {
                compareWithSequential(f, mono, 2);
                if (QTest::currentTestFailed())
                    return;
            }
        }
        const ParallelDecodeResult missing = decodeFileParallel(sharedData("formats/no_such_file.ogg"));
        QVERIFY(!missing.ok);
        QCOMPARE(missing.error, decodeFile(sharedData("formats/no_such_file.ogg")).error);
    }

    void resamplingFallsBack()
    {
        const QString path = sharedData("formats/clip_44k_s16_stereo.wav");
        DecodeOptions opt;
        opt.mono = true;
        opt.targetSampleRate = 22050;
        opt.readTags = false;
        const ParallelDecodeResult par = decodeFileParallel(path, opt, {}, {}, 2);
        QVERIFY(!par.parallel);
        QVERIFY(!par.fallbackReason.isEmpty());
        QVERIFY(sameBits(par.audio.samples, decodeFile(path, opt).audio.samples));
    }

    void progressAndCancel()
    {
        const QString path = filesIn(QStringLiteral("beats"), {"ogg"}).first();
        DecodeOptions opt;
        opt.mono = true;
        opt.keepSamples = false;
        std::vector<double> seen;
        const ParallelDecodeResult full = decodeFileParallel(path, opt, [&](double f) {
            seen.push_back(f);
            return true;
        }, {}, 2);
        QVERIFY(full.ok && full.parallel);
        QVERIFY(seen.size() > 10);
        QCOMPARE(seen.back(), 1.0);
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        QVERIFY(full.audio.samples.empty()); // keepSamples = false

        // Cancel from progress, at several points (before and after the splice).
        for (double at : {0.1, 0.4, 0.8}) {
            const ParallelDecodeResult r = decodeFileParallel(path, opt, [&](double f) { return f < at; }, {}, 2);
            QVERIFY(!r.ok);
            QVERIFY(r.cancelled);
            QVERIFY(r.error.contains("cancelled"));
        }
        // Cancel from onBlock after some frames.
        int64_t frames = 0;
        const ParallelDecodeResult r = decodeFileParallel(path, opt, {}, [&](const float *, int64_t n) {
            frames += n;
            return frames < int64_t(40 * 44100);
        }, 2);
        QVERIFY(r.cancelled && !r.ok);
        QVERIFY(frames >= int64_t(40 * 44100) && frames < int64_t(45 * 44100));
    }
};

QTEST_GUILESS_MAIN(TstParallelDecoder)
#include "tst_parallel_decoder.moc"
