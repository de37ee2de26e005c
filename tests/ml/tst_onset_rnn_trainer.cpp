// Training the tutorial's onset RNN (P3b) end to end: a short run on the shared
// onset + synth files (3 synth files held out) must lower the training loss and
// beat log-filtered spectral flux (P3a) on the held-out files; the saved model
// folder must reproduce torch's activations in plain C++ (<= 1e-6); damaged or
// mismatched model folders must fail with a clear error.
#include "core/audio/decoder.h"
#include "core/eval/onset_metrics.h"
#include "core/features/madmom_features.h"
#include "core/features/madmom_signal.h"
#include "core/ml/onset_rnn_trainer.h"
#include "core/model/safetensors.h"
#include "core/nn/trained_onset_model.h"
#include "core/onsets/onset_detector.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace mirlo;
using namespace mirlo::ml;

namespace {

const QString kShared = QStringLiteral(MIRLO_SHARED_DATA);
const QStringList kHeldOut = {QStringLiteral("synth03_waltz_3-4_120bpm.flac"),
                              QStringLiteral("synth09_drums_only_150bpm.flac"),
                              QStringLiteral("synth10_jazz_swing_140bpm.flac")};

struct Pooled {
    long hits = 0, est = 0, ref = 0;
    void add(const std::vector<double> &reference, const std::vector<double> &estimated, double window)
    {
        hits += eval::evaluateOnsets(reference, estimated, window).hits;
        est += long(estimated.size());
        ref += long(reference.size());
    }
    double f() const
    {
        const double p = est ? double(hits) / est : 0.0, r = ref ? double(hits) / ref : 0.0;
        return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
    }
};

bool copyFolder(const QString &from, const QString &to)
{
    QDir().mkpath(to);
    for (const QString &name : QDir(from).entryList(QDir::Files))
        if (!QFile::copy(QDir(from).filePath(name), QDir(to).filePath(name)))
            return false;
    return true;
}

void editManifest(const QString &folder, const std::function<void(QJsonObject &)> &edit)
{
    QFile f(QDir(folder).filePath(QStringLiteral("model.json")));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QJsonObject m = QJsonDocument::fromJson(f.readAll()).object();
    f.close();
    edit(m);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(QJsonDocument(m).toJson());
}

} // namespace

class TstOnsetRnnTrainer : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_model;
    OnsetDataset m_heldOut;
    OnsetTrainingResult m_result;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QStringList warnings;
        const QStringList all =
            findAnnotatedAudio({kShared + QStringLiteral("/onsets"), kShared + QStringLiteral("/synth")}, &warnings);
        QVERIFY(warnings.isEmpty());
        // stereo_sample.{wav,flac,m4a} share one annotation: counted once, lossless preferred.
        QCOMPARE(all.filter(QStringLiteral("stereo_sample")).size(), 1);
        QVERIFY(!all.filter(QStringLiteral("stereo_sample")).first().endsWith(QLatin1String(".m4a")));
        QStringList train, held;
        for (const QString &f : all)
            (kHeldOut.contains(QFileInfo(f).fileName()) ? held : train) << f;
        QCOMPARE(held.size(), 3);
        QCOMPARE(train.size(), 10); // sample, sample_22050, stereo_sample + 7 synth

        QElapsedTimer t;
        t.start();
        const OnsetDataset data = loadOnsetDataset(train);
        QVERIFY(data.warnings.isEmpty());
        QCOMPARE(int(data.examples.size()), 10);
        for (const OnsetExample &e : data.examples) {
            QCOMPARE(e.features.cols, kTutorialOnsetInputs);
            QCOMPARE(int(e.targets.size()), e.features.rows);
            double ones = 0;
            for (float v : e.targets)
                ones += v;
            QVERIFY2(ones > 0 && ones <= double(e.onsets.size()), qPrintable(e.name));
        }
        qInfo("features of %d files in %.1f s", int(data.examples.size()), t.elapsed() / 1000.0);

        // The tutorial trains on whole files for 100 epochs; for a unit test on ten short files 4 s
        // sequences and lr 0.05 converge within a few epochs.
        OnsetTrainingParams params;
        params.epochs = 4;
        params.learningRate = 0.05;
        params.sequenceLength = 400;
        params.validationFraction = 0.1; // one file
        params.patience = 0;
        params.seed = 1;
        int steps = 0, epochEnds = 0;
        m_result = trainOnsetRnn(data, params, [&](const OnsetTrainingProgress &p) {
            if (p.epochEnd) {
                ++epochEnds;
                qInfo("epoch %d loss %.4f val_loss %.4f val_F %.3f %.1f s", p.epoch, p.trainLoss, p.validationLoss,
                      p.validationF, p.seconds);
            } else {
                ++steps;
            }
            return true;
        });
        QVERIFY2(m_result.ok, qPrintable(m_result.error));
        QCOMPARE(epochEnds, 4);
        QVERIFY(steps >= 4 * 30); // ~18000 frames / 400 per step, minus one validation file
        QCOMPARE(m_result.validationFiles.size(), 1);
        QCOMPARE(m_result.trainFiles.size(), 9);
        m_model = m_tmp.filePath(QStringLiteral("model"));
        QString error;
        QVERIFY2(saveOnsetModel(m_result, m_model, &error), qPrintable(error));
        m_heldOut = loadOnsetDataset(held);
        QCOMPARE(int(m_heldOut.examples.size()), 3);
    }

    // model.json's feature description matches what the pipeline computes:
    // 21 / 45 / 91 bands and positive differences over 1 / 1 / 2 frames.
    void featureConfigMatchesPipeline()
    {
        const QJsonObject cfg = tutorialOnsetFeatureConfig();
        const QJsonArray bands = cfg.value(QLatin1String("bands")).toArray();
        const QJsonArray sizes = cfg.value(QLatin1String("frame_sizes")).toArray();
        const QJsonArray bpo = cfg.value(QLatin1String("bands_per_octave")).toArray();
        const QJsonArray diff = cfg.value(QLatin1String("diff_frames")).toArray();
        int total = 0;
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(madmomLogBank(sizes[i].toInt(), bpo[i].toInt()).bandCount(), bands[i].toInt());
            total += 2 * bands[i].toInt();
        }
        QCOMPARE(total, kTutorialOnsetInputs);
        const Matrix &x = m_heldOut.examples.front().features;
        int offset = 0;
        for (int i = 0; i < 3; ++i) {
            const int b = bands[i].toInt(), d = diff[i].toInt();
            for (int t = 0; t < x.rows; ++t)
                for (int k = 0; k < b; ++k) {
                    const float expected = t < d ? 0.f : std::max(x.at(t, offset + k) - x.at(t - d, offset + k), 0.f);
                    QCOMPARE(x.at(t, offset + b + k), expected);
                }
            offset += 2 * b;
        }
    }

    void lossDecreases()
    {
        const auto &h = m_result.history;
        QCOMPARE(int(h.size()), 4);
        QVERIFY2(h.back().trainLoss < h.front().trainLoss,
                 qPrintable(QStringLiteral("%1 -> %2").arg(h.front().trainLoss).arg(h.back().trainLoss)));
        QVERIFY(h.back().trainLoss < 0.1);
        for (const auto &e : h) {
            QVERIFY(std::isfinite(e.trainLoss) && std::isfinite(e.validationLoss));
            QVERIFY(e.validationF >= 0.0 && e.validationF <= 1.0);
        }
        QVERIFY(m_result.bestEpoch >= 1 && m_result.bestEpoch <= 4);
        QCOMPARE(m_result.bestValidationLoss, h[size_t(m_result.bestEpoch - 1)].validationLoss);
    }

    void beatsSpectralFluxOnHeldOutFiles()
    {
        TrainedOnsetModel model;
        QString error;
        QVERIFY2(model.load(m_model, &error), qPrintable(error));
        Pooled rnn, flux, rnn50, flux50;
        DecodeOptions mono;
        mono.mono = true;
        mono.readTags = false;
        for (const OnsetExample &e : m_heldOut.examples) {
            const std::vector<float> act = model.activation(e.features, &error);
            QCOMPARE(int(act.size()), e.features.rows);
            const std::vector<double> est = pickOnsets(act, model.fps(), model.peakPicking());
            const DecodeResult decoded = decodeFile(e.audioPath, mono);
            QVERIFY(decoded.ok);
            const OnsetResult fl =
                detectOnsets(decoded.audio.samples.data(), decoded.audio.frameCount(), decoded.audio.sampleRate,
                             defaultOnsetDetectorParams(OnsetMethod::SpectralFlux));
            rnn.add(e.onsets, est, 0.025);
            flux.add(e.onsets, fl.onsets, 0.025);
            rnn50.add(e.onsets, est, 0.05);
            flux50.add(e.onsets, fl.onsets, 0.05);
            qInfo("%s: model F %.3f, flux F %.3f (25 ms)", qPrintable(e.name),
                  eval::evaluateOnsets(e.onsets, est, 0.025).fMeasure,
                  eval::evaluateOnsets(e.onsets, fl.onsets, 0.025).fMeasure);
        }
        qInfo("held-out pooled F: model %.3f / flux %.3f (25 ms); %.3f / %.3f (50 ms)", rnn.f(), flux.f(), rnn50.f(),
              flux50.f());
        QVERIFY2(rnn.f() > flux.f(), qPrintable(QStringLiteral("model %1 <= flux %2").arg(rnn.f()).arg(flux.f())));
    }

    void plainCppMatchesTorch()
    {
        TrainedOnsetModel model;
        QString error;
        QVERIFY2(model.load(m_model, &error), qPrintable(error));
        double maxDiff = 0.0;
        for (const OnsetExample &e : m_heldOut.examples) {
            const std::vector<float> cpp = model.activation(e.features);
            const std::vector<float> ref = torchOnsetActivation(m_result.weights, e.features);
            QCOMPARE(cpp.size(), ref.size());
            for (size_t i = 0; i < cpp.size(); ++i)
                maxDiff = std::max(maxDiff, double(std::abs(cpp[i] - ref[i])));
        }
        qInfo("max |C++ - torch| activation: %.3g", maxDiff);
        QVERIFY(maxDiff <= 1e-6);
        // The manifest documents the training run.
        const QJsonObject m = model.manifest();
        QCOMPARE(m.value(QLatin1String("architecture")).toString(), QStringLiteral("tutorial_onset_rnn"));
        QCOMPARE(m.value(QLatin1String("training")).toObject().value(QLatin1String("history")).toArray().size(), 4);
        QCOMPARE(m.value(QLatin1String("peak_picking")).toObject().value(QLatin1String("threshold")).toDouble(), 0.35);
    }

    // Fine-tuning starts from the saved weights: its first epoch on the held-out
    // files has a lower loss than a fresh network's (same data, order and settings).
    void fineTuneStartsFromSavedWeights()
    {
        OnsetTrainingParams p;
        p.epochs = 1;
        p.learningRate = 0.005;
        p.sequenceLength = 400;
        p.validationFraction = 0;
        const OnsetTrainingResult scratch = trainOnsetRnn(m_heldOut, p);
        QVERIFY2(scratch.ok, qPrintable(scratch.error));
        QString error;
        QVERIFY2(loadTrainedOnsetWeights(m_model, p.initialWeights, &error), qPrintable(error));
        QCOMPARE(int(p.initialWeights.size()), 3 * 2 * 3 + 2);
        p.initialisedFrom = m_model;
        const OnsetTrainingResult tuned = trainOnsetRnn(m_heldOut, p);
        QVERIFY2(tuned.ok, qPrintable(tuned.error));
        qInfo("first-epoch loss: fresh %.4f, fine-tuned %.4f", scratch.history[0].trainLoss,
              tuned.history[0].trainLoss);
        QVERIFY(tuned.history[0].trainLoss < scratch.history[0].trainLoss);
        QCOMPARE(tuned.manifest.value(QLatin1String("training"))
                     .toObject()
                     .value(QLatin1String("initialised_from"))
                     .toString(),
                 m_model);
        // Weights of another size are refused with a clear error.
        p.hidden = 20;
        const OnsetTrainingResult bad = trainOnsetRnn(m_heldOut, p);
        QVERIFY(!bad.ok);
        QVERIFY2(bad.error.contains(m_model), qPrintable(bad.error));
    }

    void cancelBeforeFirstEpoch()
    {
        OnsetDataset small;
        small.examples.push_back(m_heldOut.examples.front());
        OnsetTrainingParams p;
        p.validationFraction = 0;
        int calls = 0;
        const OnsetTrainingResult r =
            trainOnsetRnn(small, p, [&](const OnsetTrainingProgress &) { return ++calls < 1; });
        QVERIFY(r.cancelled);
        QVERIFY(!r.ok);
        QCOMPARE(calls, 1);
        QVERIFY(r.weights.empty());
        QVERIFY(!trainOnsetRnn(OnsetDataset(), p).ok);
    }

    void damagedModelFoldersFailClearly_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing folder") << "missing"
                                        << "not a model folder";
        QTest::newRow("no weights") << "noweights"
                                    << "weights.safetensors";
        QTest::newRow("truncated weights") << "truncated"
                                           << "weights.safetensors";
        QTest::newRow("bad json") << "badjson"
                                  << "not a JSON object";
        QTest::newRow("architecture") << "arch"
                                      << "architecture";
        QTest::newRow("format version") << "version"
                                        << "format_version";
        QTest::newRow("feature config") << "features"
                                        << "bands_per_octave";
        QTest::newRow("tensor shape") << "shape"
                                      << "layers.0.fwd.weights";
        QTest::newRow("threshold") << "threshold"
                                   << "threshold";
    }
    void damagedModelFoldersFailClearly()
    {
        QFETCH(QString, damage);
        QFETCH(QString, expected);
        const QString dir = m_tmp.filePath(QStringLiteral("bad_") + damage);
        if (damage != QLatin1String("missing"))
            QVERIFY(copyFolder(m_model, dir));
        const QString weights = QDir(dir).filePath(QStringLiteral("weights.safetensors"));
        if (damage == QLatin1String("noweights")) {
            QVERIFY(QFile::remove(weights));
        } else if (damage == QLatin1String("truncated")) {
            QVERIFY(QFile::resize(weights, QFileInfo(weights).size() / 2));
        } else if (damage == QLatin1String("badjson")) {
            QFile f(QDir(dir).filePath(QStringLiteral("model.json")));
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write("{ \"format_version\": 1, ");
        } else if (damage == QLatin1String("arch")) {
            editManifest(dir, [](QJsonObject &m) { m.insert(QStringLiteral("architecture"), QStringLiteral("cnn")); });
        } else if (damage == QLatin1String("version")) {
            editManifest(dir, [](QJsonObject &m) { m.insert(QStringLiteral("format_version"), 99); });
        } else if (damage == QLatin1String("features")) {
            editManifest(dir, [](QJsonObject &m) {
                QJsonObject f = m.value(QLatin1String("features")).toObject();
                f.insert(QStringLiteral("bands_per_octave"), QJsonArray{6, 6, 6});
                m.insert(QStringLiteral("features"), f);
            });
        } else if (damage == QLatin1String("shape")) {
            // Same names, first layer's input weights for 266 inputs (madmom's onset features).
            SafeTensors st;
            QVERIFY(st.load(weights));
            SafeTensorsWriter w;
            for (const std::string &name : st.names()) {
                std::vector<float> v = st.floats(name);
                std::vector<int64_t> shape = st.find(name)->shape;
                if (name == "layers.0.fwd.weights") {
                    shape = {266, 25};
                    v.resize(266 * 25);
                }
                w.add(name, shape, v);
            }
            QVERIFY(w.save(weights));
        } else if (damage == QLatin1String("threshold")) {
            editManifest(dir, [](QJsonObject &m) {
                QJsonObject p = m.value(QLatin1String("peak_picking")).toObject();
                p.insert(QStringLiteral("threshold"), 1.5);
                m.insert(QStringLiteral("peak_picking"), p);
            });
        }
        TrainedOnsetModel model;
        QString error;
        QVERIFY(!model.load(dir, &error));
        QVERIFY(!model.isLoaded());
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY2(error.contains(dir), qPrintable(error)); // names the folder / file
    }
};

QTEST_GUILESS_MAIN(TstOnsetRnnTrainer)
#include "tst_onset_rnn_trainer.moc"
