// decodeFile / probeFile against the shared test data: durations from
// manifest.csv, alignment of lossy files with the WAV, bad-file behaviour,
// progress, cancellation, streaming and resampling.
#include "core/audio/decoder.h"

#include "test_audio_util.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <random>
#include <thread>

using namespace mirlo;
using namespace mirlo_test;

namespace {

const QStringList kAudioSuffixes = {"wav", "flac", "mp3", "ogg", "opus", "m4a", "aiff"};

DecodeResult decode(const QString &rel, DecodeOptions opt = {})
{
    opt.readTags = false;
    return decodeFile(sharedData(rel), opt);
}

std::vector<float> decodedMono(const QString &rel)
{
    DecodeOptions opt;
    opt.mono = true;
    return decode(rel, opt).audio.samples;
}

} // namespace

class TstDecoder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyFormatsFileIsInManifest()
    {
        QSet<QString> listed;
        for (const ManifestRow &r : readManifest())
            listed.insert(r.path);
        QVERIFY(listed.size() > 100);
        int audio = 0;
        QDirIterator it(sharedData(QStringLiteral("formats")), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString file = it.next();
            if (!kAudioSuffixes.contains(QFileInfo(file).suffix().toLower()))
                continue;
            ++audio;
            const QString rel = QDir(sharedData(QString())).relativeFilePath(file);
            QVERIFY2(listed.contains(rel), qPrintable(rel));
        }
        QCOMPARE(audio, 16 + 10 + 4);
    }

    void manifestDurations_data()
    {
        QTest::addColumn<QString>("rel");
        QTest::addColumn<double>("duration");
        QTest::addColumn<int>("rate");
        QTest::addColumn<int>("channels");
        int rows = 0;
        for (const ManifestRow &r : readManifest()) {
            if (!r.path.startsWith(QLatin1String("formats/")) || r.durationSec <= 0 || r.sampleRate <= 0)
                continue;
            QTest::newRow(qPrintable(r.path)) << r.path << r.durationSec << r.sampleRate << r.channels;
            ++rows;
        }
        QVERIFY(rows >= 27); // 16 clips + 4 madmom + 7 decodable bad files
    }

    void manifestDurations()
    {
        QFETCH(QString, rel);
        QFETCH(double, duration);
        QFETCH(int, rate);
        QFETCH(int, channels);
        const DecodeResult r = decode(rel);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.info.sampleRate, rate);
        QCOMPARE(r.info.channels, channels);
        QCOMPARE(r.audio.sampleRate, rate);
        QCOMPARE(r.audio.channels, channels);
        const double decodedSec = double(r.audio.frameCount()) / rate;
        QVERIFY2(std::abs(decodedSec - duration) <= 0.010,
                 qPrintable(QStringLiteral("decoded %1 s, manifest %2 s").arg(decodedSec, 0, 'f', 6).arg(duration)));
        QVERIFY(std::abs(r.info.durationSec - duration) <= 0.010);
        for (float s : r.audio.samples)
            QVERIFY(std::isfinite(s));
    }

    void pcm16MatchesIndependentReader()
    {
        std::vector<float> ref;
        int ch = 0, rate = 0;
        QVERIFY(readWav16(sharedData("formats/clip_44k_s16_stereo.wav"), ref, ch, rate));
        const DecodeResult r = decode("formats/clip_44k_s16_stereo.wav");
        QVERIFY(r.ok);
        QCOMPARE(r.audio.samples.size(), ref.size());
        for (size_t i = 0; i < ref.size(); ++i)
            QVERIFY(std::abs(r.audio.samples[i] - ref[i]) < 1e-7f);
    }

    void losslessVariantsAgree_data()
    {
        QTest::addColumn<QString>("rel");
        QTest::newRow("s24 wav") << "formats/clip_44k_s24_stereo.wav";
        QTest::newRow("f32 wav") << "formats/clip_44k_f32_stereo.wav";
        QTest::newRow("flac") << "formats/clip_44k_s16_stereo.flac";
        QTest::newRow("aiff") << "formats/clip_44k_s16_stereo.aiff";
    }

    void losslessVariantsAgree()
    {
        QFETCH(QString, rel);
        const DecodeResult ref = decode("formats/clip_44k_s16_stereo.wav");
        const DecodeResult r = decode(rel);
        QVERIFY(ref.ok && r.ok);
        QCOMPARE(r.audio.samples.size(), ref.audio.samples.size());
        float maxDiff = 0;
        for (size_t i = 0; i < ref.audio.samples.size(); ++i)
            maxDiff = std::max(maxDiff, std::abs(r.audio.samples[i] - ref.audio.samples[i]));
        QVERIFY2(maxDiff <= 1e-4f, qPrintable(QString::number(maxDiff)));
        QVERIFY(rms(r.audio.samples.data(), r.audio.samples.size()) > 0.01);
    }

    void lossyAlignedWithWav_data()
    {
        QTest::addColumn<QString>("rel");
        QTest::addColumn<QString>("ref");
        QTest::newRow("mp3") << "formats/clip_44k_stereo.mp3"
                             << "formats/clip_44k_s16_stereo.wav";
        QTest::newRow("mp3 22k mono") << "formats/clip_22k_mono.mp3"
                                      << "formats/clip_22k_s16_mono.wav";
        QTest::newRow("ogg") << "formats/clip_44k_stereo.ogg"
                             << "formats/clip_44k_s16_stereo.wav";
        QTest::newRow("m4a") << "formats/clip_44k_stereo.m4a"
                             << "formats/clip_44k_s16_stereo.wav";
        QTest::newRow("opus") << "formats/clip_48k_stereo.opus"
                              << "formats/clip_48k_s16_stereo.wav";
        QTest::newRow("madmom m4a") << "onsets/stereo_sample.m4a"
                                    << "onsets/stereo_sample.wav";
    }

    void lossyAlignedWithWav()
    {
        QFETCH(QString, rel);
        QFETCH(QString, ref);
        const std::vector<float> a = decodedMono(rel);
        const std::vector<float> b = decodedMono(ref);
        const DecodeResult info = decode(ref);
        const size_t n = size_t(info.audio.sampleRate); // first second
        QVERIFY(a.size() >= n && b.size() >= n);
        double corr = 0;
        const int lag = bestLag(a, b, n, 2000, &corr);
        QVERIFY2(std::abs(lag) <= 2, qPrintable(QStringLiteral("lag %1, corr %2").arg(lag).arg(corr)));
        QVERIFY2(corr > 0.95, qPrintable(QString::number(corr)));
    }

    void monoMixIsMeanAndNeverExceedsPeak_data()
    {
        QTest::addColumn<QString>("rel");
        QTest::newRow("wav") << "formats/clip_44k_s16_stereo.wav";
        QTest::newRow("mp3") << "formats/clip_44k_stereo.mp3";
        QTest::newRow("chirp") << "formats/madmom/stereo_chirp.wav";
    }

    void monoMixIsMeanAndNeverExceedsPeak()
    {
        QFETCH(QString, rel);
        const DecodeResult stereo = decode(rel);
        DecodeOptions opt;
        opt.mono = true;
        const DecodeResult mono = decode(rel, opt);
        QVERIFY(stereo.ok && mono.ok);
        QCOMPARE(stereo.audio.channels, 2);
        QCOMPARE(mono.audio.channels, 1);
        QCOMPARE(mono.audio.frameCount(), stereo.audio.frameCount());
        float peakStereo = 0, peakMono = 0;
        for (int64_t i = 0; i < mono.audio.frameCount(); ++i) {
            const float l = stereo.audio.samples[size_t(2 * i)], r = stereo.audio.samples[size_t(2 * i + 1)];
            const float m = mono.audio.samples[size_t(i)];
            QVERIFY(std::abs(m - 0.5f * (l + r)) <= 1e-6f);
            QVERIFY(std::abs(m) <= std::max(std::abs(l), std::abs(r)) + 1e-6f);
            peakStereo = std::max({peakStereo, std::abs(l), std::abs(r)});
            peakMono = std::max(peakMono, std::abs(m));
        }
        QVERIFY(peakMono <= peakStereo + 1e-6f);
    }

    void multichannelMonoIsMean()
    {
        // Three channels with no layout in the header (PCM format tag 1).
        QTemporaryDir dir;
        const QString path = dir.filePath("three.wav");
        std::vector<float> pcm;
        for (int i = 0; i < 4410; ++i) {
            pcm.push_back(0.9f);
            pcm.push_back(float(std::sin(0.01 * i)) * 0.6f);
            pcm.push_back(-0.3f);
        }
        QVERIFY(writeWav16(path, pcm, 3, 44100));
        DecodeOptions opt;
        opt.mono = true;
        const DecodeResult r = decodeFile(path, opt);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.info.channels, 3);
        QCOMPARE(r.audio.channels, 1);
        QCOMPARE(r.audio.frameCount(), int64_t(4410));
        for (int i = 0; i < 4410; ++i) {
            const float mean = (pcm[size_t(3 * i)] + pcm[size_t(3 * i + 1)] + pcm[size_t(3 * i + 2)]) / 3.0f;
            QVERIFY(std::abs(r.audio.samples[size_t(i)] - mean) < 1e-4f);
        }
    }

    void resampleOptionLength_data()
    {
        QTest::addColumn<int>("to");
        QTest::newRow("8k") << 8000;
        QTest::newRow("16k") << 16000;
        QTest::newRow("22.05k") << 22050;
        QTest::newRow("48k") << 48000;
    }

    void resampleOptionLength()
    {
        QFETCH(int, to);
        DecodeOptions opt;
        opt.targetSampleRate = to;
        const DecodeResult r = decode("formats/clip_44k_s16_stereo.wav", opt);
        QVERIFY(r.ok);
        QCOMPARE(r.audio.sampleRate, to);
        QCOMPARE(r.info.sampleRate, 44100);
        QCOMPARE(r.audio.channels, 2);
        const double expected = 220500.0 * to / 44100.0;
        QVERIFY2(std::abs(double(r.audio.frameCount()) - expected) <= 4,
                 qPrintable(QString::number(r.audio.frameCount())));
        QVERIFY(std::abs(r.info.durationSec - 5.0) < 1e-9); // native duration
    }

    void resampleMatchesSoxrReference()
    {
        // clip_16k_s16_mono.wav was made from the same clip with soxr.
        DecodeOptions opt;
        opt.targetSampleRate = 16000;
        opt.mono = true;
        const DecodeResult r = decode("formats/clip_44k_s16_mono.wav", opt);
        const std::vector<float> ref = decodedMono("formats/clip_16k_s16_mono.wav");
        QVERIFY(r.ok);
        double corr = 0;
        QCOMPARE(bestLag(r.audio.samples, ref, 16000 * 4, 20, &corr), 0);
        QVERIFY2(corr > 0.999, qPrintable(QString::number(corr)));
    }

    void resamplePreservesSineFrequency()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("sine.wav");
        std::vector<float> sine(44100 * 2);
        for (size_t i = 0; i < sine.size(); ++i)
            sine[i] = 0.5f * float(std::sin(2 * M_PI * 1000.0 * double(i) / 44100.0));
        QVERIFY(writeWav16(path, sine, 1, 44100));
        DecodeOptions opt;
        opt.targetSampleRate = 16000;
        const DecodeResult r = decodeFile(path, opt);
        QVERIFY(r.ok);
        QCOMPARE(r.audio.sampleRate, 16000);
        QCOMPARE(peakFrequency(r.audio.samples, 16000, 500, 2000, 5), 1000.0);
        // Amplitude kept: RMS of a 0.5 sine is 0.354.
        QVERIFY(std::abs(rms(r.audio.samples.data() + 1000, 16000) - 0.5 / std::sqrt(2.0)) < 0.005);
    }

    void progressIsMonotonicAndReachesOne()
    {
        std::vector<double> seen;
        const DecodeResult r = decodeFile(sharedData("synth/synth01_ballad_70bpm.flac"), {}, [&](double f) {
            seen.push_back(f);
            return true;
        });
        QVERIFY(r.ok);
        QVERIFY(seen.size() >= 5);
        for (size_t i = 1; i < seen.size(); ++i)
            QVERIFY(seen[i] >= seen[i - 1]);
        QVERIFY(seen.front() >= 0.0);
        QVERIFY(seen.back() >= 0.99 && seen.back() <= 1.0);
    }

    void cancelViaProgress()
    {
        const QString path = sharedData("synth/synth01_ballad_70bpm.flac");
        const DecodeResult r = decodeFile(path, {}, [](double f) { return f < 0.3; });
        QVERIFY(!r.ok);
        QVERIFY(r.cancelled);
        QCOMPARE(r.error, QStringLiteral("synth01_ballad_70bpm.flac: cancelled"));
    }

    void cancelViaBlock()
    {
        int blocks = 0;
        const DecodeResult r = decodeFile(sharedData("beats/muldjord_chaos_god_021-081s.ogg"), {}, {},
                                          [&](const float *, int64_t) { return ++blocks < 3; });
        QVERIFY(!r.ok);
        QVERIFY(r.cancelled);
        QCOMPARE(blocks, 3);
        QVERIFY(r.error.endsWith(QLatin1String(": cancelled")));
    }

    void streamingDoesNotAccumulate()
    {
        const QString rel = "formats/clip_44k_stereo.ogg";
        DecodeOptions keep;
        keep.mono = true;
        keep.targetSampleRate = 22050;
        const DecodeResult full = decode(rel, keep);
        QVERIFY(full.ok);

        DecodeOptions stream = keep;
        stream.keepSamples = false;
        std::vector<float> collected;
        int blocks = 0;
        const DecodeResult r = decodeFile(sharedData(rel), stream, {}, [&](const float *s, int64_t frames) {
            ++blocks;
            collected.insert(collected.end(), s, s + frames);
            return true;
        });
        QVERIFY(r.ok);
        QVERIFY(r.audio.samples.empty());
        QVERIFY(r.audio.samples.capacity() == 0);
        QCOMPARE(r.audio.sampleRate, 22050);
        QVERIFY(blocks >= 2);
        QCOMPARE(collected.size(), full.audio.samples.size());
        QVERIFY(collected == full.audio.samples);
    }

    void concurrentDecodesAgree()
    {
        const QStringList files = {"formats/clip_44k_stereo.mp3", "formats/clip_48k_stereo.opus",
                                   "formats/clip_44k_stereo.m4a", "formats/clip_44k_s16_stereo.flac"};
        std::vector<DecodeResult> serial, parallel(size_t(files.size()));
        for (const QString &f : files)
            serial.push_back(decode(f));
        std::vector<std::thread> threads;
        for (int i = 0; i < files.size(); ++i)
            threads.emplace_back([&, i] { parallel[size_t(i)] = decode(files[i]); });
        for (std::thread &t : threads)
            t.join();
        for (size_t i = 0; i < serial.size(); ++i) {
            QVERIFY(parallel[i].ok);
            QVERIFY(parallel[i].audio.samples == serial[i].audio.samples);
        }
    }

    void corruptedCopiesNeverCrash()
    {
        // Deterministic damage (overwritten bytes, cut files) to every codec.
        QTemporaryDir dir;
        const QStringList sources = {"clip_44k_stereo.mp3",     "clip_44k_stereo.ogg",      "clip_48k_stereo.opus",
                                     "clip_44k_stereo.m4a",     "clip_44k_s16_stereo.flac", "clip_44k_f32_stereo.wav",
                                     "clip_44k_s16_stereo.aiff"};
        std::mt19937 rng(42);
        int index = 0;
        for (const QString &name : sources) {
            QFile in(sharedData("formats/" + name));
            QVERIFY(in.open(QIODevice::ReadOnly));
            const QByteArray original = in.readAll();
            for (int variant = 0; variant < 4; ++variant) {
                QByteArray d = original;
                const int flips = variant == 0 ? 20 : variant == 1 ? 2000 : 0;
                for (int k = 0; k < flips; ++k)
                    d[int(rng() % uint32_t(d.size()))] = char(rng() & 0xFF);
                if (variant >= 2)
                    d.truncate(int(rng() % uint32_t(variant == 2 ? 2000 : d.size())));
                const QString path = dir.filePath(QStringLiteral("%1_%2").arg(index++).arg(name));
                QFile out(path);
                QVERIFY(out.open(QIODevice::WriteOnly));
                out.write(d);
                out.close();
                DecodeOptions opt;
                opt.mono = variant % 2 == 0;
                opt.targetSampleRate = variant == 1 ? 22050 : 0;
                const DecodeResult r = decodeFile(path, opt);
                QVERIFY(r.ok != !r.error.isEmpty());
                if (!r.ok)
                    QVERIFY2(r.error.startsWith(QFileInfo(path).fileName() + ": "), qPrintable(r.error));
                for (float v : r.audio.samples)
                    QVERIFY(std::isfinite(v));
                QVERIFY(probeFile(path).ok || !probeFile(path).error.isEmpty());
            }
        }
    }

    // --- formats/bad/: behaviour prescribed by shared/data/README.md ---

    void badTruncated_data()
    {
        QTest::addColumn<QString>("rel");
        QTest::addColumn<int>("frames");
        QTest::newRow("mp3") << "formats/bad/truncated.mp3" << 87599;
        QTest::newRow("flac") << "formats/bad/truncated.flac" << 64512;
    }

    void badTruncated()
    {
        QFETCH(QString, rel);
        QFETCH(int, frames);
        const DecodeResult r = decode(rel);
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY2(std::abs(r.audio.frameCount() - frames) <= 441, qPrintable(QString::number(r.audio.frameCount())));
        QVERIFY(std::abs(r.info.durationSec - double(frames) / 44100) <= 0.010); // from data, not header
        const QString all = r.warnings.join('\n');
        QVERIFY2(all.contains("truncated") && all.contains(QFileInfo(rel).fileName()), qPrintable(all));
    }

    void badErrors_data()
    {
        QTest::addColumn<QString>("rel");
        QTest::addColumn<QString>("problem");
        QTest::newRow("empty") << "formats/bad/empty.wav"
                               << "empty";
        QTest::newRow("not audio") << "formats/bad/not_audio.wav"
                                   << "not an audio file";
        QTest::newRow("corrupt header") << "formats/bad/corrupt_header.wav"
                                        << "invalid WAV header (0 channels, sample rate 0 Hz)";
        QTest::newRow("missing") << "formats/bad/does_not_exist.wav"
                                 << "file not found";
        QTest::newRow("folder") << "formats/bad"
                                << "folder";
    }

    void badErrors()
    {
        QFETCH(QString, rel);
        QFETCH(QString, problem);
        for (bool probe : {false, true}) {
            const DecodeResult r = probe ? probeFile(sharedData(rel)) : decode(rel);
            QVERIFY(!r.ok);
            QVERIFY(!r.cancelled);
            QVERIFY(r.audio.samples.empty());
            QVERIFY2(r.error.startsWith(QFileInfo(rel).fileName() + ": "), qPrintable(r.error));
            QVERIFY2(r.error.contains(problem), qPrintable(r.error));
        }
    }

    void badOversizedDataChunk()
    {
        const DecodeResult r = decode("formats/bad/oversized_data_chunk.wav");
        QVERIFY(r.ok);
        QCOMPARE(r.audio.frameCount(), int64_t(8000));
        QCOMPARE(r.audio.sampleRate, 8000);
    }

    void badWavNamedMp3()
    {
        const DecodeResult r = decode("formats/bad/wav_named_mp3.mp3");
        QVERIFY(r.ok);
        QCOMPARE(r.info.container, QStringLiteral("wav"));
        QCOMPARE(r.audio.frameCount(), int64_t(8000));
        QCOMPARE(r.audio.sampleRate, 8000);
        QCOMPARE(r.audio.channels, 1);
        QVERIFY2(r.warnings.join('\n').contains("does not match"), qPrintable(r.warnings.join('\n')));
        // Same samples as the correctly named file.
        const DecodeResult same = decode("formats/bad/oversized_data_chunk.wav");
        QVERIFY(r.audio.samples == same.audio.samples);
        QVERIFY(decode("formats/clip_44k_stereo.mp3").warnings.isEmpty());
    }

    void badShortAndSilent()
    {
        const DecodeResult s = decode("formats/bad/short_10ms.wav");
        QVERIFY(s.ok);
        QCOMPARE(s.audio.frameCount(), int64_t(441));
        QCOMPARE(peakFrequency(s.audio.samples, 44100, 100, 1000, 10), 440.0);
        const DecodeResult z = decode("formats/bad/silent_5s.wav");
        QVERIFY(z.ok);
        QCOMPARE(z.audio.frameCount(), int64_t(220500));
        for (float v : z.audio.samples)
            QCOMPARE(v, 0.0f);
    }

    void badNanFloat_data()
    {
        QTest::addColumn<bool>("mono");
        QTest::addColumn<int>("rate");
        QTest::newRow("native") << false << 0;
        QTest::newRow("resampled") << true << 16000;
    }

    void badNanFloat()
    {
        QFETCH(bool, mono);
        QFETCH(int, rate);
        DecodeOptions opt;
        opt.mono = mono;
        opt.targetSampleRate = rate;
        const DecodeResult r = decode("formats/bad/nan_float.wav", opt);
        QVERIFY(r.ok);
        for (float v : r.audio.samples)
            QVERIFY(std::isfinite(v));
        // README: NaN at 1000, 2000-2099, 22050-44099; +Inf at 3000; -Inf at 3001.
        const int expected = 1 + 100 + 22050 + 2;
        QVERIFY2(r.warnings.join('\n').contains(QString::number(expected)), qPrintable(r.warnings.join('\n')));
        if (rate == 0) {
            QCOMPARE(r.audio.frameCount(), int64_t(44100));
            QCOMPARE(r.audio.samples[1000], 0.0f);
            QCOMPARE(r.audio.samples[3000], 0.0f);
            QVERIFY(rms(r.audio.samples.data(), 1000) > 0.1); // the tone survives
            QVERIFY(rms(r.audio.samples.data() + 22050, 22050) == 0.0);
        }
    }
};

QTEST_GUILESS_MAIN(TstDecoder)
#include "tst_decoder.moc"
