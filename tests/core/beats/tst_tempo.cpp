// Tempo: median-IBI tempo, tempo curve, Hamming smoothing (numpy 'same'
// convolution semantics) and the comb-filter tempo histogram on synthetic
// clicks and on madmom's reference beat activation of sample.wav.
#include "core/beats/tempo.h"
#include "core/model/safetensors.h"
#include "synthetic_activation.h"

#include <QFile>
#include <QtTest>

#include <cmath>

using namespace mirlo;
using namespace mirlo::test;

class TstTempo : public QObject {
    Q_OBJECT

    static double hamming(int n, int len) { return 0.54 - 0.46 * std::cos(2.0 * M_PI * n / (len - 1)); }

private Q_SLOTS:
    void tempoFromBeatGrid()
    {
        std::vector<double> beats;
        for (int i = 0; i < 20; ++i)
            beats.push_back(0.3 + 0.5 * i);
        QVERIFY(std::fabs(tempoFromBeats(beats) - 120.0) < 1e-9);
        beats.insert(beats.begin() + 5, beats[4] + 0.1); // one spurious beat: median unaffected
        QVERIFY(std::fabs(tempoFromBeats(beats) - 120.0) < 1e-9);
        QCOMPARE(tempoFromBeats({}), 0.0);
        QCOMPARE(tempoFromBeats({1.0}), 0.0);
    }

    void tempoCurveFollowsStep()
    {
        std::vector<double> beats;
        double t = 0.5;
        for (int i = 0; i < 16; ++i, t += 0.6) // 100 BPM
            beats.push_back(t);
        for (int i = 0; i < 16; ++i, t += 60.0 / 140.0)
            beats.push_back(t);
        const auto curve = tempoCurve(beats, 3);
        QCOMPARE(int(curve.size()), int(beats.size()) - 1);
        QVERIFY(std::fabs(curve.front().bpm - 100.0) < 1e-6);
        QVERIFY(std::fabs(curve.back().bpm - 140.0) < 1e-6);
        QVERIFY(std::fabs(curve.front().time - 0.8) < 1e-12);
        for (size_t i = 1; i < curve.size(); ++i)
            QVERIFY(curve[i].bpm >= curve[i - 1].bpm - 1e-9); // monotonic across the step
        QVERIFY(tempoCurve({1.0}).empty());
    }

    void hammingSmoothingIsCentredConvolution()
    {
        for (int len : {9, 14}) {
            std::vector<double> x(40, 0.0);
            x[20] = 1.0;
            const auto y = smoothHamming(x, len);
            QCOMPARE(y.size(), x.size());
            const int offset = (len - 1) / 2;
            for (int k = 0; k < 40; ++k) {
                const int j = k + offset - 20;
                const double expected = (j >= 0 && j < len) ? hamming(j, len) : 0.0;
                QVERIFY(std::fabs(y[size_t(k)] - expected) < 1e-15);
            }
        }
        const std::vector<double> x{1, 2, 3};
        QCOMPARE(smoothHamming(x, 1), x);
    }

    void combHistogramFindsClickTempo()
    {
        const int frames = 3000;
        const auto act = peakActivation(frames, regularPeaks(frames, 50.0, 13.0));
        const TempoHistogram h = combFilterTempoHistogram(act);
        QCOMPARE(h.delays.front(), 24); // floor(6000 / 250)
        QCOMPARE(h.delays.back(), 150); // ceil(6000 / 40)
        const TempoEstimate e = tempoFromHistogram(h, 100.0);
        QVERIFY(e.valid());
        QVERIFY2(std::fabs(e.tempo1 - 120.0) < 1e-9, qPrintable(QString::number(e.tempo1)));
        QVERIFY(e.strength > 0.5 && e.strength <= 1.0);
        double sum = 0.0;
        for (const auto &c : e.candidates)
            sum += c.strength;
        QVERIFY(std::fabs(sum - 1.0) < 1e-12);
        for (size_t i = 1; i < e.candidates.size(); ++i)
            QVERIFY(e.candidates[i].strength <= e.candidates[i - 1].strength);
    }

    void combHistogramOtherTempi()
    {
        for (double bpm : {75.0, 100.0, 150.0}) {
            const int frames = 4000;
            const double interval = 6000.0 / bpm;
            const auto act = peakActivation(frames, regularPeaks(frames, interval, 10.0));
            const TempoEstimate e = estimateTempo(act);
            // Quantised to an integer delay: within one delay step of the true tempo.
            const double step = 6000.0 / std::floor(interval) - 6000.0 / std::ceil(interval + 1e-9);
            QVERIFY2(std::fabs(e.tempo1 - bpm) <= std::max(step, 1e-9),
                     qPrintable(QStringLiteral("%1 vs %2").arg(e.tempo1).arg(bpm)));
        }
    }

    void sampleActivationMatchesAnnotatedTempo()
    {
        SafeTensors st;
        QString error;
        QVERIFY2(
            st.load(QStringLiteral(MIRLO_SHARED_DATA "/../models/madmom/ref/sample_reference.safetensors"), &error),
            qPrintable(error));
        const TempoEstimate e = estimateTempo(st.floats("beats.activation"));
        QVERIFY(e.valid());
        // beats/sample.tempo (manual): "87.5 175 0.7". Accept either annotated tempo within 4 %.
        QFile f(QStringLiteral(MIRLO_SHARED_DATA "/beats/sample.tempo"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        double t1 = 0, t2 = 0;
        for (const QByteArray &line : f.readAll().split('\n')) {
            const QByteArray l = line.simplified();
            if (l.isEmpty() || l.startsWith('#'))
                continue;
            const auto parts = l.split(' ');
            t1 = parts.value(0).toDouble();
            t2 = parts.value(1).toDouble();
            break;
        }
        QVERIFY(t1 > 0 && t2 > 0);
        const bool near1 = std::fabs(e.tempo1 - t1) <= 0.04 * t1;
        const bool near2 = std::fabs(e.tempo1 - t2) <= 0.04 * t2;
        QVERIFY2(near1 || near2, qPrintable(QStringLiteral("tempo1 %1").arg(e.tempo1)));
        qInfo("sample.wav: tempo1 %.2f tempo2 %.2f strength %.2f", e.tempo1, e.tempo2, e.strength);
    }

    void degenerateInput()
    {
        QVERIFY(!estimateTempo({}).valid());
        QVERIFY(!estimateTempo(std::vector<float>(500, 0.0f)).valid());
        const TempoEstimate e = estimateTempo({0.5f, 0.2f});
        QVERIFY(!std::isnan(e.tempo1));
        std::vector<float> withNan(300, 0.1f);
        withNan[3] = std::nanf("");
        QVERIFY(!std::isnan(estimateTempo(withNan).tempo1));
    }
};

QTEST_GUILESS_MAIN(TstTempo)
#include "tst_tempo.moc"
