// Evidence for issue 5 "a short training run ... reaches validation accuracy
// clearly above chance and the saved model reloads to identical outputs", from
// audio files through the whole pipeline: class folders -> adaptTutorialCnnSpec
// -> extractCnnFeatures (3 patches per file, FeatureCache) -> trainTutorialCnn
// (stratified file split, best model by validation loss) -> model folder ->
// TutorialCnn::load and the torch-free TutorialCnnInference. (With
// tutorialProtocol, which keeps the last epoch's model as Keras does, CompactCNN's
// Adam at lr 0.003 on 5 batches per epoch is erratic here: test accuracy
// 0.56-1.0 over seeds 0-3, so the evidence uses the best-epoch protocol.)
//
// Asserted on synthetic classes generated here (the 20 shared vocal /
// instrumental clips are too few for a stable number: 5 test files; measured
// 0.40-0.93 test accuracy over seeds, printed by realClipsMeasured, not asserted).
// "tones": sequences of harmonic notes (random pitch 150-900 Hz, 5 partials);
// "noise": band-pass noise bursts with the same timing, envelope and level
// distributions; both classes over the same background noise and each mixed
// with quieter events of the other kind (-10 dB, half the time), so neither
// loudness, envelope nor mere energy in a band tells them apart.
//
// Chance: the classes are balanced (32 files each), so guessing gives 0.5 on the
// stratified test split of 16 files (48 patches) and on the 6 validation files. Bounds: test
// accuracy >= 0.8 and best-epoch validation accuracy >= 0.75. Patches of one file are
// correlated, so count files: 13 of 16 right by chance has p = 0.011 under
// guessing (binomial), so passing is not luck.
#include "../core/audio/test_audio_util.h"
#include "core/features/cnn_feature_set.h"
#include "core/features/feature_cache.h"
#include "core/ml/torch_runtime.h"
#include "core/ml/tutorial_cnn_trainer.h"
#include "core/model/tutorial_cnn_adapt.h"
#include "core/model/tutorial_cnn_inference.h"

#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>
#include <random>

using namespace mirlo;
using namespace mirlo::ml;

namespace {

constexpr int kRate = 16000;
constexpr int kClipSamples = 16 * kRate; // 3 patches of 80 * 1024 samples
constexpr int kFilesPerClass = 32;

// One event of `dur` seconds: attack 10 ms, exponential decay.
void addEvent(std::vector<float> &x, std::mt19937 &rng, bool tonal, double start, double dur, double amp)
{
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::normal_distribution<double> g(0.0, 1.0);
    const int s0 = int(start * kRate), n = std::min(int(dur * kRate), int(x.size()) - s0);
    if (n <= 0)
        return;
    std::vector<double> partials;
    double f0 = 0.0, y1 = 0.0, y2 = 0.0, a1 = 0.0, a2 = 0.0;
    if (tonal) {
        f0 = 150.0 * std::pow(6.0, u(rng)); // log-uniform 150-900 Hz
        for (int k = 1; k <= 5; ++k)
            partials.push_back((0.5 + 0.5 * u(rng)) / k);
    } else {
        // Two-pole resonator (pole radius 0.92, ~400 Hz wide) centred 300-3000 Hz.
        const double fc = 300.0 * std::pow(10.0, u(rng)), r = 0.92;
        a1 = 2.0 * r * std::cos(2.0 * M_PI * fc / kRate);
        a2 = -r * r;
    }
    const double decay = 3.0 / dur;
    std::vector<float> e(size_t(n), 0.0f);
    double rms = 0.0;
    for (int i = 0; i < n; ++i) {
        const double t = double(i) / kRate;
        double v = 0.0;
        if (tonal) {
            for (size_t k = 0; k < partials.size(); ++k)
                if (f0 * double(k + 1) < 7500.0)
                    v += partials[k] * std::sin(2.0 * M_PI * f0 * double(k + 1) * t);
        } else {
            v = g(rng) + a1 * y1 + a2 * y2;
            y2 = y1;
            y1 = v;
        }
        e[size_t(i)] = float(v);
        rms += v * v;
    }
    rms = std::sqrt(rms / n);
    for (int i = 0; i < n; ++i) {
        const double t = double(i) / kRate;
        const double env = std::min(1.0, t / 0.01) * std::exp(-decay * t);
        x[size_t(s0 + i)] += float(amp * env * e[size_t(i)] / std::max(rms, 1e-9));
    }
}

std::vector<float> synthClip(bool tonal, uint32_t seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::normal_distribution<double> g(0.0, 1.0);
    std::vector<float> x(kClipSamples);
    double lp = 0.0; // background: low-passed white noise
    for (float &v : x) {
        lp = 0.9 * lp + 0.1 * g(rng);
        v = float(0.02 * lp);
    }
    for (double t = 0.3 * u(rng); t < 16.0;) {
        const double dur = 0.15 + 0.45 * u(rng), amp = 0.1 + 0.2 * u(rng);
        addEvent(x, rng, tonal, t, dur, amp);
        if (u(rng) < 0.5)
            addEvent(x, rng, !tonal, t + dur * u(rng), 0.15 + 0.45 * u(rng), amp * 0.316);
        t += dur + 0.05 + 0.35 * u(rng);
    }
    return x;
}

} // namespace

class TstTutorialCnnTrainingData : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_synth;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        configureTorchThreads(0);
        m_synth = m_tmp.filePath(QStringLiteral("synth"));
        for (const char *cls : {"noise", "tones"}) {
            const QString dir = m_synth + QLatin1Char('/') + QLatin1String(cls);
            QVERIFY(QDir().mkpath(dir));
            for (int i = 0; i < kFilesPerClass; ++i) {
                const bool tonal = cls[0] == 't';
                const std::vector<float> x = synthClip(tonal, uint32_t(1000 * tonal + i));
                QVERIFY(mirlo_test::writeWav16(QStringLiteral("%1/%2_%3.wav").arg(dir, QLatin1String(cls)).arg(i), x,
                                               1, kRate));
            }
        }
    }

    void syntheticClassesLearnable()
    {
        Dataset data;
        QString error;
        QVERIFY2(datasetFromFolder(m_synth, data, &error), qPrintable(error));
        QCOMPARE(data.items.size(), size_t(2 * kFilesPerClass));
        // CompactCNN (TUTORIAL.md 2.3) with a 2-way softmax; its preset has Keras' validation_split 0.1.
        TutorialCnnSpec spec;
        QVERIFY(tutorialCnnPreset(QStringLiteral("compact_cnn_genre"), &spec));
        QVERIFY2(adaptTutorialCnnSpec(spec, data, &error), qPrintable(error));
        QCOMPARE(spec.labels, (QStringList{QStringLiteral("noise"), QStringLiteral("tones")}));

        const FeatureCache cache(m_tmp.filePath(QStringLiteral("cache")));
        CnnFeatureOptions fo;
        fo.patchesPerFile = 3;
        fo.cache = &cache;
        QElapsedTimer timer;
        timer.start();
        const CnnFeatureSet first = extractCnnFeatures(data, spec.features, fo);
        const qint64 extractMs = timer.restart();
        QVERIFY2(first.ok, qPrintable(first.error));
        QCOMPARE(first.count(), 3 * 2 * kFilesPerClass);
        QCOMPARE(first.cacheMisses, 2 * kFilesPerClass);
        const CnnFeatureSet second = extractCnnFeatures(data, spec.features, fo);
        const qint64 cachedMs = timer.elapsed();
        QCOMPARE(second.cacheHits, 2 * kFilesPerClass); // the second run is served from the cache
        QCOMPARE(second.cacheMisses, 0);
        QVERIFY(std::memcmp(second.patches.data(), first.patches.data(), first.patches.size() * sizeof(float)) == 0);
        qInfo("features of %d files: %lld ms extracted, %lld ms from the cache", int(data.items.size()), extractMs,
              cachedMs);

        const CnnDataset d = toCnnDataset(CnnFeatureSet(second));
        QTemporaryDir out;
        CnnTrainingOptions opt;
        opt.epochs = 6;
        opt.seed = uint64_t(qEnvironmentVariableIntValue("MIRLO_TEST_SEED"));
        opt.outDir = out.filePath(QStringLiteral("model"));
        TutorialCnn net(spec, opt.seed);
        timer.restart();
        const CnnTrainingResult r = trainTutorialCnn(net, d, opt, [](const CnnEpochReport &e) {
            qInfo("epoch %d: loss %.4f val_loss %.4f val_acc %.3f%s", e.epoch, e.trainLoss, e.validationLoss,
                  e.validationAccuracy, e.best ? " (saved)" : "");
        });
        QVERIFY2(r.ok, qPrintable(r.error));
        qInfo("seed %d: test accuracy %.3f (%d patches), best epoch %d, %lld ms training", int(opt.seed),
              r.testAccuracy, int(r.split.test.size()), r.bestEpoch, timer.elapsed());
        // 64 files: 16 test files (25 %), 6 validation files (10 %), whole files per subset.
        QCOMPARE(int(r.split.test.size()), 3 * 16);
        QCOMPARE(int(r.split.validation.size()), 3 * 6);
        const double bestVal = r.history[size_t(r.bestEpoch) - 1].validationAccuracy;
        QVERIFY2(bestVal >= 0.75, qPrintable(QString::number(bestVal)));
        QVERIFY2(r.testAccuracy >= 0.8, qPrintable(QString::number(r.testAccuracy)));

        // The saved model reloads to the same outputs, with torch and in plain C++ (raw
        // patches: TutorialCnnInference applies the saved scaler itself).
        std::unique_ptr<TutorialCnn> torchModel = TutorialCnn::load(opt.outDir, &error);
        QVERIFY2(torchModel, qPrintable(error));
        std::unique_ptr<TutorialCnnInference> plain = TutorialCnnInference::load(opt.outDir, &error);
        QVERIFY2(plain, qPrintable(error));
        double maxTorch = 0.0, maxPlain = 0.0;
        for (size_t i = 0; i < r.split.test.size(); ++i) {
            const size_t item = size_t(r.split.test[i]);
            const std::vector<float> raw(d.patches.begin() + item * 6400, d.patches.begin() + (item + 1) * 6400);
            std::vector<float> z(6400);
            for (int k = 0; k < 6400; ++k)
                z[size_t(k)] = (raw[size_t(k)] - r.scalerMean[size_t(k)]) / r.scalerScale[size_t(k)];
            const std::vector<float> pt = torchModel->predict(z, 1), pp = plain->predict(raw);
            QCOMPARE(pp.size(), size_t(2));
            for (int o = 0; o < 2; ++o) {
                const double ref = r.testProbabilities[i * 2 + size_t(o)];
                maxTorch = std::max(maxTorch, std::abs(pt[size_t(o)] - ref));
                maxPlain = std::max(maxPlain, std::abs(pp[size_t(o)] - ref));
            }
        }
        qInfo("reload: max |difference| torch %.2g, plain C++ %.2g", maxTorch, maxPlain);
        QVERIFY(maxTorch <= 1e-5);
        QVERIFY(maxPlain <= 1e-5);
    }

    void realClipsMeasured()
    {
        // The shared clips (10 vocal, 10 instrumental, 3 patches each), tutorial model B
        // (binary sigmoid, "instrumental" = 1): printed for the record, not asserted.
        Dataset data;
        QString error;
        QVERIFY2(loadDataset(QStringLiteral(MIRLO_SHARED_DATA "/labels.csv"), data, &error), qPrintable(error));
        TutorialCnnSpec spec;
        QVERIFY(tutorialCnnPreset(QStringLiteral("instrumental_vocal_b"), &spec));
        QVERIFY(adaptTutorialCnnSpec(spec, data, &error));
        QCOMPARE(spec.labels, QStringList{QStringLiteral("instrumental")});
        const FeatureCache cache(m_tmp.filePath(QStringLiteral("cache")));
        CnnFeatureOptions fo;
        fo.patchesPerFile = 3;
        fo.cache = &cache;
        CnnFeatureSet f = extractCnnFeatures(data, spec.features, fo);
        QVERIFY2(f.ok, qPrintable(f.error));
        QCOMPARE(f.count(), 60);
        const CnnDataset d = toCnnDataset(std::move(f));
        CnnTrainingOptions opt;
        opt.seed = uint64_t(qEnvironmentVariableIntValue("MIRLO_TEST_SEED"));
        TutorialCnn net(spec, opt.seed);
        const CnnTrainingResult r = trainTutorialCnn(net, d, opt);
        QVERIFY2(r.ok, qPrintable(r.error));
        qInfo("shared clips, model B, seed %d: test accuracy %.3f on %d patches of %d files", int(opt.seed),
              r.testAccuracy, int(r.split.test.size()), int(r.split.test.size()) / 3);
        QCOMPARE(r.testProbabilities.size(), r.split.test.size());
    }
};

QTEST_GUILESS_MAIN(TstTutorialCnnTrainingData)
#include "tst_tutorial_cnn_training_data.moc"
