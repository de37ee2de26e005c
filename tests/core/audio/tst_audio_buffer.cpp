// AudioBuffer bookkeeping and mixToMono (mean of channels, never above the peak).
#include "core/audio/audio_buffer.h"

#include <QtTest>

#include <cmath>

using namespace mirlo;

class TstAudioBuffer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void frameCountAndDuration()
    {
        AudioBuffer b;
        QVERIFY(b.isEmpty());
        QCOMPARE(b.frameCount(), int64_t(0));
        QCOMPARE(b.durationSec(), 0.0);
        b.sampleRate = 8000;
        b.channels = 2;
        b.samples.assign(8000 * 2 * 3, 0.0f);
        QCOMPARE(b.frameCount(), int64_t(24000));
        QCOMPARE(b.durationSec(), 3.0);
    }

    void monoIsMean()
    {
        AudioBuffer b;
        b.sampleRate = 100;
        b.channels = 3;
        b.samples = {0.3f, 0.6f, 0.9f, -1.0f, 1.0f, 0.0f, 1.0f, 1.0f, 1.0f};
        const std::vector<float> m = mixToMono(b);
        QCOMPARE(m.size(), size_t(3));
        QVERIFY(std::abs(m[0] - 0.6f) < 1e-6f);
        QVERIFY(std::abs(m[1] - 0.0f) < 1e-6f);
        QVERIFY(std::abs(m[2] - 1.0f) < 1e-6f);
    }

    void stereoNeverExceedsPeak()
    {
        // Correlated full-scale channels: a sum would reach 2.0, the mean stays at 1.0.
        AudioBuffer b;
        b.sampleRate = 1000;
        b.channels = 2;
        for (int i = 0; i < 1000; ++i) {
            const float l = float(std::sin(0.05 * i));
            const float r = float(std::sin(0.05 * i + 0.3));
            b.samples.push_back(l);
            b.samples.push_back(r);
        }
        const std::vector<float> m = mixToMono(b);
        QCOMPARE(m.size(), size_t(1000));
        for (size_t i = 0; i < m.size(); ++i) {
            const float l = b.samples[2 * i], r = b.samples[2 * i + 1];
            QVERIFY(std::abs(m[i]) <= std::max(std::abs(l), std::abs(r)) + 1e-7f);
            QVERIFY(std::abs(m[i] - 0.5f * (l + r)) < 1e-7f);
        }
    }

    void monoInputIsCopied()
    {
        AudioBuffer b;
        b.sampleRate = 10;
        b.channels = 1;
        b.samples = {0.1f, -0.2f, 0.3f};
        QVERIFY(mixToMono(b) == b.samples);
        AudioBuffer empty;
        QVERIFY(mixToMono(empty).empty());
    }
};

QTEST_GUILESS_MAIN(TstAudioBuffer)
#include "tst_audio_buffer.moc"
