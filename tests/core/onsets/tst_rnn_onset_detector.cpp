// The neural onset detectors end to end from ref/sample.wav against madmom's
// OnsetDetector / CNNOnsetDetector output (sample_reference.safetensors):
// activations within 1e-5, onset times identical; plus defaults, cancel,
// empty input and a broken file.
#include "core/features/madmom_signal.h"
#include "core/model/safetensors.h"
#include "core/onsets/rnn_onset_detector.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace mirlo;

class TstRnnOnsetDetector : public QObject {
    Q_OBJECT
    const QString kRefDir = QStringLiteral(MIRLO_SHARED_DATA "/../models/madmom/ref");
    SafeTensors m_ref;
    std::vector<float> m_signal;

    void checkModel(NeuralOnsetModel model, const char *actName, const char *timesName)
    {
        const NeuralOnsetResult r =
            detectNeuralOnsetsInFile(kRefDir + QStringLiteral("/sample.wav"), defaultNeuralOnsetParams(model));
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.fps, 100.0);
        const std::vector<float> ref = m_ref.floats(actName);
        QCOMPARE(r.activation.size(), ref.size());
        double maxDiff = 0;
        for (size_t i = 0; i < ref.size(); ++i)
            maxDiff = std::max(maxDiff, double(std::abs(r.activation[i] - ref[i])));
        QVERIFY2(maxDiff <= 1e-5, qPrintable(QStringLiteral("max |diff| %1").arg(maxDiff)));
        const std::vector<double> times = m_ref.doubles(timesName);
        QCOMPARE(r.onsets.size(), times.size());
        for (size_t i = 0; i < times.size(); ++i)
            QCOMPARE(r.onsets[i], times[i]); // frame / 100 on both sides: identical
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_ref.load(kRefDir + QStringLiteral("/sample_reference.safetensors"), &error), qPrintable(error));
        MadmomSignalResult s = decodeMadmomSignal(kRefDir + QStringLiteral("/sample.wav"));
        QVERIFY2(s.ok, qPrintable(s.error));
        m_signal = std::move(s.signal);
    }

    void defaultsAreMadmoms()
    {
        const NeuralOnsetParams rnn = defaultNeuralOnsetParams(NeuralOnsetModel::Rnn);
        QCOMPARE(rnn.peaks.threshold, 0.35);
        QCOMPARE(rnn.peaks.smooth, 0.07);
        QCOMPARE(rnn.peaks.preMax, 0.01);
        QCOMPARE(rnn.peaks.postMax, 0.01);
        QCOMPARE(rnn.peaks.combine, 0.03);
        QCOMPARE(rnn.peaks.preAvg + rnn.peaks.postAvg, 0.0);
        const NeuralOnsetParams cnn = defaultNeuralOnsetParams(NeuralOnsetModel::Cnn);
        QCOMPARE(cnn.peaks.threshold, 0.54);
        QCOMPARE(cnn.peaks.smooth, 0.05);
    }

    void rnnMatchesMadmom() { checkModel(NeuralOnsetModel::Rnn, "onsets.activation", "onsets.onset_times"); }
    void cnnMatchesMadmom() { checkModel(NeuralOnsetModel::Cnn, "onsets_cnn.activation", "onsets_cnn.onset_times"); }

    void thresholdChangesOnsets()
    {
        NeuralOnsetParams p = defaultNeuralOnsetParams(NeuralOnsetModel::Rnn);
        p.peaks.threshold = 0.99; // stricter than madmom: weaker onsets disappear
        const NeuralOnsetResult strict = detectNeuralOnsets(m_signal, p);
        QVERIFY(strict.ok());
        QVERIFY(strict.onsets.size() < m_ref.doubles("onsets.onset_times").size());
    }

    void progressIsMonotoneAndCancels()
    {
        double last = -1;
        bool monotone = true;
        const NeuralOnsetResult r =
            detectNeuralOnsets(m_signal, defaultNeuralOnsetParams(NeuralOnsetModel::Rnn), [&](double f) {
                monotone = monotone && f >= last && f <= 1.0;
                last = f;
                return true;
            });
        QVERIFY(r.ok());
        QVERIFY(monotone);
        QCOMPARE(last, 1.0);
        int calls = 0;
        const NeuralOnsetResult c = detectNeuralOnsets(m_signal, defaultNeuralOnsetParams(NeuralOnsetModel::Cnn),
                                                       [&](double) { return ++calls < 2; });
        QVERIFY(c.cancelled);
        QVERIFY(c.error.isEmpty());
        QVERIFY(c.onsets.empty());
    }

    void emptyAndBrokenInput()
    {
        const NeuralOnsetResult e = detectNeuralOnsets({}, defaultNeuralOnsetParams(NeuralOnsetModel::Rnn));
        QVERIFY(e.ok());
        QVERIFY(e.onsets.empty());
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("broken.wav"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("RIFF\x10\x00\x00\x00WAVEjunkjunkjunk", 20);
        f.close();
        const NeuralOnsetResult b = detectNeuralOnsetsInFile(bad, defaultNeuralOnsetParams(NeuralOnsetModel::Rnn));
        QVERIFY(!b.ok());
        QVERIFY2(b.error.contains(QStringLiteral("broken.wav")), qPrintable(b.error));
    }
};

QTEST_GUILESS_MAIN(TstRnnOnsetDetector)
#include "tst_rnn_onset_detector.moc"
