// Resampler (libswresample): output length, frequency and amplitude of sines,
// anti-aliasing, round trip, block-wise push == one shot.
#include "core/audio/resampler.h"

#include "test_audio_util.h"

#include <QtTest>

#include <random>

using namespace mirlo;
using namespace mirlo_test;

namespace {

AudioBuffer sine(double freq, int rate, double seconds, int channels = 1, double amp = 0.5)
{
    AudioBuffer b;
    b.sampleRate = rate;
    b.channels = channels;
    const int64_t n = int64_t(seconds * rate);
    b.samples.resize(size_t(n * channels));
    for (int64_t i = 0; i < n; ++i)
        for (int c = 0; c < channels; ++c)
            b.samples[size_t(i * channels + c)] = float(amp * std::sin(2 * M_PI * freq * double(i) / rate));
    return b;
}

std::vector<float> channel(const AudioBuffer &b, int c)
{
    std::vector<float> out(size_t(b.frameCount()));
    for (int64_t i = 0; i < b.frameCount(); ++i)
        out[size_t(i)] = b.samples[size_t(i * b.channels + c)];
    return out;
}

} // namespace

class TstResampler : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void length_data()
    {
        QTest::addColumn<int>("from");
        QTest::addColumn<int>("to");
        QTest::newRow("44.1k->22.05k") << 44100 << 22050;
        QTest::newRow("44.1k->16k") << 44100 << 16000;
        QTest::newRow("44.1k->48k") << 44100 << 48000;
        QTest::newRow("8k->44.1k") << 8000 << 44100;
        QTest::newRow("96k->44.1k") << 96000 << 44100;
    }

    void length()
    {
        QFETCH(int, from);
        QFETCH(int, to);
        const AudioBuffer in = sine(440, from, 2.37, 2);
        const AudioBuffer out = Resampler::resample(in, to);
        QCOMPARE(out.sampleRate, to);
        QCOMPARE(out.channels, 2);
        const double expected = double(in.frameCount()) * to / from;
        QVERIFY2(std::abs(double(out.frameCount()) - expected) <= 3, qPrintable(QString::number(out.frameCount())));
    }

    void sameRateIsIdentity()
    {
        const AudioBuffer in = sine(440, 44100, 0.5, 2);
        const AudioBuffer out = Resampler::resample(in, 44100);
        QVERIFY(out.samples == in.samples);
    }

    void sineFrequencyAndAmplitude_data()
    {
        QTest::addColumn<double>("freq");
        QTest::addColumn<int>("from");
        QTest::addColumn<int>("to");
        QTest::newRow("1k 44.1->16k") << 1000.0 << 44100 << 16000;
        QTest::newRow("5k 44.1->22.05k") << 5000.0 << 44100 << 22050;
        QTest::newRow("3k 22.05->44.1k") << 3000.0 << 22050 << 44100;
    }

    void sineFrequencyAndAmplitude()
    {
        QFETCH(double, freq);
        QFETCH(int, from);
        QFETCH(int, to);
        const AudioBuffer out = Resampler::resample(sine(freq, from, 1.0), to);
        QCOMPARE(peakFrequency(out.samples, to, freq - 500, freq + 500, 5), freq);
        // Passband: amplitude 0.5 -> RMS 0.3536 within 0.1 dB (edges skipped).
        const size_t n = out.samples.size();
        const double level = rms(out.samples.data() + n / 10, n * 8 / 10);
        QVERIFY2(std::abs(20 * std::log10(level / (0.5 / std::sqrt(2.0)))) < 0.1, qPrintable(QString::number(level)));
        // Phase: compare with the analytic sine at the output rate (no delay).
        double maxErr = 0;
        for (size_t i = n / 10; i < n * 9 / 10; ++i)
            maxErr = std::max(maxErr, std::abs(out.samples[i] - 0.5 * std::sin(2 * M_PI * freq * double(i) / to)));
        QVERIFY2(maxErr < 0.01, qPrintable(QString::number(maxErr)));
    }

    void antiAliasing()
    {
        // 15 kHz is above the new Nyquist (11.025 kHz); unfiltered it would alias to 7.05 kHz.
        const AudioBuffer in = sine(15000, 44100, 1.0, 1, 0.5);
        const AudioBuffer out = Resampler::resample(in, 22050);
        const size_t n = out.samples.size();
        const double inLevel = rms(in.samples.data(), in.samples.size());
        const double outLevel = rms(out.samples.data() + n / 10, n * 8 / 10);
        const double attenuationDb = 20 * std::log10(inLevel / std::max(outLevel, 1e-12));
        QVERIFY2(attenuationDb > 40, qPrintable(QString::number(attenuationDb)));
    }

    void roundTrip()
    {
        // Band-limited noise-like mix of sines well below 11 kHz survives 44.1 -> 22.05 -> 44.1.
        AudioBuffer in = sine(440, 44100, 1.0);
        const AudioBuffer b = sine(2500, 44100, 1.0, 1, 0.3), c = sine(7000, 44100, 1.0, 1, 0.1);
        for (size_t i = 0; i < in.samples.size(); ++i)
            in.samples[i] += b.samples[i] + c.samples[i];
        const AudioBuffer back = Resampler::resample(Resampler::resample(in, 22050), 44100);
        QVERIFY(std::abs(back.frameCount() - in.frameCount()) <= 4);
        double maxErr = 0;
        for (size_t i = 2000; i < in.samples.size() - 2000; ++i)
            maxErr = std::max(maxErr, double(std::abs(back.samples[i] - in.samples[i])));
        QVERIFY2(maxErr < 0.01, qPrintable(QString::number(maxErr)));
    }

    void pushInBlocksEqualsOneShot()
    {
        const AudioBuffer in = sine(1234, 44100, 1.5, 2);
        const AudioBuffer once = Resampler::resample(in, 16000);
        Resampler r(2, 44100, 16000);
        std::vector<float> blocks;
        std::mt19937 rng(7);
        int64_t pos = 0;
        while (pos < in.frameCount()) {
            const int64_t n =
                std::min<int64_t>(std::uniform_int_distribution<int>(1, 5000)(rng), in.frameCount() - pos);
            r.push(in.samples.data() + pos * 2, n, blocks);
            pos += n;
        }
        r.flush(blocks);
        QCOMPARE(blocks.size(), once.samples.size());
        for (size_t i = 0; i < blocks.size(); ++i)
            QVERIFY(std::abs(blocks[i] - once.samples[i]) < 1e-5f);
    }

    void channelsStayIndependent()
    {
        AudioBuffer in = sine(1000, 44100, 0.5, 2);
        for (int64_t i = 0; i < in.frameCount(); ++i)
            in.samples[size_t(2 * i + 1)] = 0.0f; // right channel silent
        const AudioBuffer out = Resampler::resample(in, 22050);
        const std::vector<float> left = channel(out, 0), right = channel(out, 1);
        QVERIFY(rms(left.data(), left.size()) > 0.3);
        QVERIFY(rms(right.data(), right.size()) < 1e-6);
    }
};

QTEST_GUILESS_MAIN(TstResampler)
#include "tst_resampler.moc"
