// The tutorial CNN input patch (TUTORIAL.md 1.6) against the numpy reference
// tests/data/cnn_mel_db_clip16k.npy (make_dsp_reference.py: peak-normalised
// clip, n_fft 2048, hop 1024, 80 Slaney mel bands, dB clipped at max - 80).
#include "core/audio/decoder.h"
#include "core/features/mel_patch.h"
#include "core/io/npy_writer.h"

#include <QtTest>

#include <cmath>

using namespace mirlo;

class TstMelPatch : public QObject {
    Q_OBJECT

    std::vector<float> m_clip;
    Matrix m_ref; // frames x bands

    // Largest |patch[b][t] - ref[t][b]| over frames [0, frames).
    double maxDiff(const std::vector<float> &patch, int patchFrames, int frames) const
    {
        double e = 0.0;
        for (int t = 0; t < frames; ++t)
            for (int b = 0; b < 80; ++b)
                e = std::max(e, std::fabs(double(patch[size_t(b) * patchFrames + t]) - m_ref.at(t, b)));
        return e;
    }

private Q_SLOTS:
    void initTestCase()
    {
        DecodeOptions o;
        o.mono = true;
        const DecodeResult r = decodeFile(QStringLiteral(MIRLO_SHARED_DATA "/formats/clip_16k_s16_mono.wav"), o);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.audio.sampleRate, 16000);
        m_clip = r.audio.samples;
        QString error;
        QVERIFY2(readNpy(QStringLiteral(MIRLO_TEST_DATA "/cnn_mel_db_clip16k.npy"), m_ref, &error), qPrintable(error));
        QCOMPARE(m_ref.cols, 80);
        QCOMPARE(m_ref.rows, int(1 + m_clip.size() / 1024)); // 79: the clip is shorter than the excerpt
    }

    void matchesNumpy()
    {
        MelPatchFeatureConfig c;
        c.patchFrames = m_ref.rows; // every frame of the short clip
        std::vector<float> patch;
        QString error;
        QVERIFY2(melPatch(m_clip.data(), int64_t(m_clip.size()), c, &patch, &error), qPrintable(error));
        QCOMPARE(int(patch.size()), 80 * m_ref.rows);
        const double e = maxDiff(patch, c.patchFrames, m_ref.rows);
        qInfo("mel patch vs numpy: max |diff| %.2e dB", e);
        QVERIFY2(e < 1e-3, qPrintable(QString::number(e))); // float32 FFT vs float64 reference
    }

    void peakNormalisedAndPadded()
    {
        // The default 80 x 80 patch of the 79-frame clip: the signal is zero-padded to 80 frames;
        // frames whose window ends before the clip's end are unchanged. Scaling the input changes
        // nothing (peak normalisation).
        std::vector<float> quiet = m_clip;
        for (float &v : quiet)
            v *= 0.3f;
        std::vector<float> patch;
        QVERIFY(melPatch(quiet.data(), int64_t(quiet.size()), MelPatchFeatureConfig{}, &patch));
        QCOMPARE(int(patch.size()), 6400);
        const int intact = int((m_clip.size() - 1024) / 1024); // t * 1024 + 1024 <= samples
        const double e = maxDiff(patch, 80, intact);
        QVERIFY2(e < 1e-3, qPrintable(QString::number(e)));
        float lo = 1e9f, hi = -1e9f;
        for (float v : patch) {
            QVERIFY(std::isfinite(v));
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
        QVERIFY(hi - lo <= 80.0f + 1e-3f);
    }

    void silenceAndBadConfig()
    {
        const std::vector<float> zeros(1000, 0.0f);
        std::vector<float> patch;
        QVERIFY(melPatch(zeros.data(), int64_t(zeros.size()), MelPatchFeatureConfig{}, &patch));
        for (float v : patch)
            QCOMPARE(v, -100.0f); // 10 log10(1e-10)
        MelPatchFeatureConfig bad;
        bad.fMaxHz = 9000.0; // above Nyquist at 16 kHz
        QString error;
        QVERIFY(!melPatch(zeros.data(), int64_t(zeros.size()), bad, &patch, &error));
        QVERIFY(!error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TstMelPatch)
#include "tst_mel_patch.moc"
