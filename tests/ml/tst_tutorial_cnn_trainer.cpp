// The tutorial CNN training loop on a synthetic separable problem: accuracy well
// above chance on held-out items, the best model saved and reloaded with the
// same validation loss, scaler statistics, cancel, and bad input; the tutorial
// protocol (scaler on all items, sklearn split, Keras validation_split), per-batch
// callbacks, test probabilities, and model folders that a failed save leaves intact.
#include "core/ml/tutorial_cnn_trainer.h"
#include "core/datasets/sklearn_split.h"
#include "core/model/safetensors.h"
#include "core/model/tutorial_cnn_inference.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <array>
#include <cmath>
#include <random>

using namespace mirlo;
using namespace mirlo::ml;

namespace {

// Class 1 raises the low 40 mel bands, class 0 the high 40, on N(0, 1) noise plus a per-item level.
CnnDataset syntheticData(int n, uint32_t seed)
{
    CnnDataset d;
    std::mt19937 rng(seed);
    std::normal_distribution<float> noise(0.0f, 1.0f);
    d.patches.resize(size_t(n) * 6400);
    for (int i = 0; i < n; ++i) {
        const int label = i % 2;
        d.labels.push_back({label});
        const float level = 3.0f * noise(rng);
        for (int b = 0; b < 80; ++b)
            for (int f = 0; f < 80; ++f)
                d.patches[(size_t(i) * 80 + b) * 80 + f] =
                    level + noise(rng) + (((b < 40) == (label == 1)) ? 1.0f : 0.0f);
    }
    return d;
}

TutorialCnnSpec preset(const char *name)
{
    TutorialCnnSpec s;
    tutorialCnnPreset(QString::fromLatin1(name), &s);
    return s;
}

} // namespace

class TstTutorialCnnTrainer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void learnsAndSavesBest()
    {
        QTemporaryDir tmp;
        const CnnDataset data = syntheticData(96, 3);
        TutorialCnn net(preset("instrumental_vocal"), 1);
        CnnTrainingOptions opt;
        opt.epochs = 6;
        opt.batchSize = 16;
        opt.seed = 4;
        opt.outDir = tmp.filePath(QStringLiteral("model"));
        int reports = 0;
        const CnnTrainingResult r =
            trainTutorialCnn(net, data, opt, [&](const CnnEpochReport &e) { QCOMPARE(e.epoch, ++reports); });
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(reports, 6);
        QCOMPARE(int(r.history.size()), 6);
        // Split sizes of 96 items at 10 % / 25 %, class-balanced.
        QCOMPARE(int(r.split.test.size()), 24);
        QCOMPARE(int(r.split.validation.size()), 10);
        QCOMPARE(int(r.split.train.size()), 62);
        for (const CnnEpochReport &e : r.history)
            qInfo("epoch %d: loss %.4f val_loss %.4f val_acc %.3f%s", e.epoch, e.trainLoss, e.validationLoss,
                  e.validationAccuracy, e.best ? " (best)" : "");
        qInfo("test: loss %.4f acc %.3f", r.testLoss, r.testAccuracy);
        QVERIFY(r.history.back().trainLoss < r.history.front().trainLoss);
        QVERIFY(r.testAccuracy >= 0.8); // chance is 0.5

        // The folder holds the best epoch's model: same validation loss after reloading.
        QString error;
        std::unique_ptr<TutorialCnn> best = TutorialCnn::load(opt.outDir, &error);
        QVERIFY2(best, qPrintable(error));
        SafeTensors scaler;
        QVERIFY(scaler.load(opt.outDir + QStringLiteral("/scaler.safetensors"), &error));
        const std::vector<float> mean = scaler.floats("mean"), scale = scaler.floats("scale");
        QCOMPARE(int(mean.size()), 6400);
        std::vector<float> x(data.patches.size());
        for (size_t i = 0; i < x.size(); ++i)
            x[i] = (data.patches[i] - mean[i % 6400]) / scale[i % 6400];
        double loss = 0.0, acc = 0.0;
        evaluateTutorialCnn(*best, x, data.labels, r.split.validation, &loss, &acc);
        QVERIFY(r.bestEpoch >= 1);
        QVERIFY(std::abs(loss - r.history[size_t(r.bestEpoch) - 1].validationLoss) < 1e-5);
        // The torch-free inference (raw patches, scaler applied inside) gives the same probabilities.
        std::unique_ptr<TutorialCnnInference> plain = TutorialCnnInference::load(opt.outDir, &error);
        QVERIFY2(plain, qPrintable(error));
        QVERIFY(plain->hasScaler());
        const std::vector<float> torchP = best->predict(std::vector<float>(x.begin(), x.begin() + 5 * 6400), 5);
        for (int i = 0; i < 5; ++i) {
            const std::vector<float> raw(data.patches.begin() + i * 6400, data.patches.begin() + (i + 1) * 6400);
            const std::vector<float> q = plain->predict(raw);
            QCOMPARE(int(q.size()), 1);
            QVERIFY2(std::abs(q[0] - torchP[i]) < 1e-5, qPrintable(QString::number(q[0] - torchP[i])));
        }
        double testLoss = 0.0, testAcc = 0.0;
        evaluateTutorialCnn(*best, x, data.labels, r.split.test, &testLoss, &testAcc);
        QCOMPARE(testAcc, r.testAccuracy);
        QFile manifest(opt.outDir + QStringLiteral("/model.json"));
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        const QJsonObject training =
            QJsonDocument::fromJson(manifest.readAll()).object().value(QStringLiteral("training")).toObject();
        QCOMPARE(training.value(QStringLiteral("best_epoch")).toInt(), r.bestEpoch);
        QCOMPARE(training.value(QStringLiteral("history")).toArray().size(), 6);
        QCOMPARE(training.value(QStringLiteral("test_accuracy")).toDouble(), r.testAccuracy);

        // Scaler: mean and population std of one value position over the training items.
        const int k = 17 * 80 + 5;
        double s = 0.0, s2 = 0.0;
        for (int i : r.split.train) {
            const double v = data.patches[size_t(i) * 6400 + k];
            s += v;
            s2 += v * v;
        }
        const double n = double(r.split.train.size()), m = s / n;
        QVERIFY(std::abs(mean[k] - m) < 1e-4);
        QVERIFY(std::abs(scale[k] - std::sqrt(s2 / n - m * m)) < 1e-4);
    }

    void evaluateByHand()
    {
        // A mood network with all-zero weights outputs sigmoid(0) = 0.5 everywhere: BCE ln 2,
        // and a 0.5 prediction counts as positive, so accuracy = share of positive label bits.
        QTemporaryDir tmp;
        TutorialCnn net(preset("compact_cnn_mood"));
        QVERIFY(net.save(tmp.path()));
        SafeTensors st;
        QVERIFY(st.load(tmp.filePath(QStringLiteral("weights.safetensors"))));
        SafeTensorsWriter w;
        for (const std::string &name : st.names()) {
            std::vector<float> v = st.floats(name);
            const bool var = name.find("running_var") != std::string::npos;
            std::fill(v.begin(), v.end(), var ? 1.0f : 0.0f);
            w.add(name, st.find(name)->shape, v);
        }
        QVERIFY(w.save(tmp.filePath(QStringLiteral("weights.safetensors"))));
        std::unique_ptr<TutorialCnn> zero = TutorialCnn::load(tmp.path());
        QVERIFY(zero);
        const std::vector<float> x(3 * 6400, 0.25f);
        const std::vector<std::vector<int>> labels = {{0}, {1, 2}, {}};
        double loss = 0.0, acc = 0.0;
        evaluateTutorialCnn(*zero, x, labels, {0, 1, 2}, &loss, &acc);
        QVERIFY(std::abs(loss - std::log(2.0)) < 1e-6);
        QVERIFY(std::abs(acc - 3.0 / 12.0) < 1e-9);
    }

    void cancelKeepsBest()
    {
        QTemporaryDir tmp;
        const CnnDataset data = syntheticData(40, 5);
        TutorialCnn net(preset("instrumental_vocal_b"), 2);
        CnnTrainingOptions opt;
        opt.epochs = 5;
        opt.outDir = tmp.filePath(QStringLiteral("m"));
        std::atomic_bool cancel{false};
        const CnnTrainingResult r = trainTutorialCnn(
            net, data, opt, [&](const CnnEpochReport &) { cancel = true; }, &cancel);
        QVERIFY(r.ok);
        QVERIFY(r.cancelled);
        QCOMPARE(int(r.history.size()), 1);
        QVERIFY(TutorialCnn::load(opt.outDir));
    }

    void groupsStayTogether()
    {
        CnnDataset d = syntheticData(60, 8);
        for (int i = 0; i < 60; ++i) {
            d.groups.push_back(i / 3); // 20 "files" of 3 patches, same label within a file
            d.labels[i] = {(i / 3) % 2};
        }
        TutorialCnn net(preset("instrumental_vocal_b"));
        CnnTrainingOptions opt;
        opt.epochs = 1;
        const CnnTrainingResult r = trainTutorialCnn(net, d, opt);
        QVERIFY2(r.ok, qPrintable(r.error));
        std::vector<int> subsetOf(60, -1);
        const std::vector<int> *subsets[3] = {&r.split.train, &r.split.validation, &r.split.test};
        for (int s = 0; s < 3; ++s)
            for (int i : *subsets[s])
                subsetOf[i] = s;
        for (int i = 0; i < 60; ++i) {
            QVERIFY(subsetOf[i] >= 0);
            QCOMPARE(subsetOf[i], subsetOf[i - i % 3]);
        }
        QCOMPARE(int(r.split.test.size()), 15); // 5 of 20 files
        QCOMPARE(int(r.split.validation.size()), 6);
    }

    void tutorialProtocol()
    {
        struct Case {
            const char *preset;
            int classes;
            int validation; // Keras validation_split of the 30 training items
        };
        for (const Case &k : {Case{"compact_cnn_genre", 3, 3}, Case{"instrumental_vocal_b", 2, 0}}) {
            QTemporaryDir tmp;
            TutorialCnnSpec spec = preset(k.preset);
            if (spec.outputCount() > 1) {
                spec.layers.back().units = k.classes;
                spec.labels = spec.labels.mid(0, k.classes);
            }
            CnnDataset data = syntheticData(40, 11);
            for (int i = 0; i < 40; ++i)
                data.labels[size_t(i)] = {i % k.classes};
            TutorialCnn net(spec, 3);
            CnnTrainingOptions opt;
            opt.epochs = 2;
            opt.batchSize = 8;
            opt.seed = 7;
            opt.tutorialProtocol = true;
            opt.outDir = tmp.filePath(QStringLiteral("m"));
            std::vector<std::array<int, 3>> batches;
            opt.onBatch = [&](int epoch, int batch, int of, double loss) {
                QVERIFY(std::isfinite(loss) && loss > 0.0);
                batches.push_back({epoch, batch, of});
            };
            const CnnTrainingResult r = trainTutorialCnn(net, data, opt);
            QVERIFY2(r.ok, qPrintable(r.error));

            // Split: sklearn's stratified split of the 40 items (25 % test, random_state 7), then
            // the last 10 % of sklearn's training list as validation (none for instrumental_vocal_b).
            std::vector<int> rank;
            for (const auto &l : data.labels)
                rank.push_back(spec.outputCount() == 1 ? l[0] : k.classes - 1 - l[0]);
            SklearnSplit s;
            QVERIFY(sklearnStratifiedShuffleSplit(rank, 0.25, 7, &s, nullptr));
            auto sorted = [](std::vector<int> v) {
                std::sort(v.begin(), v.end());
                return v;
            };
            QCOMPARE(int(r.split.test.size()), 10);
            QCOMPARE(r.split.test, sorted(s.test));
            QCOMPARE(int(r.split.validation.size()), k.validation);
            QCOMPARE(r.split.validation, sorted(std::vector<int>(s.train.end() - k.validation, s.train.end())));
            QCOMPARE(int(r.split.train.size()), 30 - k.validation);
            QCOMPARE(r.history.front().validationLoss < 0, k.validation == 0);
            QCOMPARE(r.bestEpoch, 2); // Keras keeps the last epoch's model
            QVERIFY(r.history[0].best && r.history[1].best);

            // onBatch after every step: ceil(train / 8) batches per epoch, counted from 1.
            const int per = (30 - k.validation + 7) / 8;
            QCOMPARE(int(batches.size()), 2 * per);
            QCOMPARE(batches.front(), (std::array<int, 3>{1, 1, per}));
            QCOMPARE(batches.back(), (std::array<int, 3>{2, per, per}));

            // Scaler fitted on all 40 items (test included), as the tutorial.
            const int pos = 33 * 80 + 61;
            double sum = 0.0, sq = 0.0;
            for (int i = 0; i < 40; ++i) {
                const double v = data.patches[size_t(i) * 6400 + pos];
                sum += v;
                sq += v * v;
            }
            QVERIFY(std::abs(r.scalerMean[pos] - sum / 40) < 1e-4);
            QVERIFY(std::abs(r.scalerScale[pos] - std::sqrt(sq / 40 - (sum / 40) * (sum / 40))) < 1e-4);

            // Test outputs of the saved model, with their labels: the accuracy follows from them.
            const int c = spec.outputCount();
            QCOMPARE(r.testProbabilities.size(), r.split.test.size() * size_t(c));
            QCOMPARE(r.testLabels.size(), r.split.test.size());
            int correct = 0;
            for (size_t i = 0; i < r.split.test.size(); ++i) {
                QCOMPARE(r.testLabels[i], data.labels[size_t(r.split.test[i])]);
                const float *p = r.testProbabilities.data() + i * size_t(c);
                const int predicted = c == 1 ? (p[0] >= 0.5f ? 1 : 0) : int(std::max_element(p, p + c) - p);
                correct += predicted == r.testLabels[i][0];
            }
            QVERIFY(std::abs(r.testAccuracy - correct / double(r.split.test.size())) < 1e-12);
            std::unique_ptr<TutorialCnn> saved = TutorialCnn::load(opt.outDir);
            QVERIFY(saved);
            std::vector<float> x(6400);
            const int first = r.split.test.front();
            for (int v = 0; v < 6400; ++v)
                x[size_t(v)] = (data.patches[size_t(first) * 6400 + v] - r.scalerMean[v]) / r.scalerScale[v];
            const std::vector<float> p = saved->predict(x, 1);
            for (int o = 0; o < c; ++o)
                QVERIFY(std::abs(p[size_t(o)] - r.testProbabilities[size_t(o)]) < 1e-6);
            QFile manifest(opt.outDir + QStringLiteral("/model.json"));
            QVERIFY(manifest.open(QIODevice::ReadOnly));
            const QJsonObject training =
                QJsonDocument::fromJson(manifest.readAll()).object().value(QStringLiteral("training")).toObject();
            QCOMPARE(training.value(QStringLiteral("protocol")).toString(), QStringLiteral("tutorial"));
            QVERIFY(QDir(opt.outDir).entryList({QStringLiteral("*.part")}, QDir::AllEntries).isEmpty());
        }
    }

    void failedSaveKeepsOldModel()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("model"));
        TutorialCnn a(preset("compact_cnn_mood"), 1);
        QString error;
        QVERIFY2(a.save(dir, &error), qPrintable(error));
        QVERIFY(QDir(dir).entryList({QStringLiteral("*.part")}, QDir::AllEntries).isEmpty());
        const CnnDataset probe = syntheticData(2, 9);
        const std::vector<float> before = a.predict(probe.patches, 2);

        // A different architecture whose model.json cannot be written (a folder blocks
        // model.json.part): the save fails and the folder still holds model A, intact.
        QVERIFY(QDir().mkpath(dir + QStringLiteral("/model.json.part")));
        TutorialCnn b(preset("instrumental_vocal_b"), 2);
        QVERIFY(!b.save(dir, &error, {}, {{QStringLiteral("scaler.safetensors"), QByteArray("new scaler")}}));
        QVERIFY2(error.contains(QStringLiteral("model.json.part")), qPrintable(error));
        QVERIFY(!QFile::exists(dir + QStringLiteral("/weights.safetensors.part")));
        QVERIFY(!QFile::exists(dir + QStringLiteral("/scaler.safetensors.part")));
        QVERIFY(!QFile::exists(dir + QStringLiteral("/scaler.safetensors")));
        std::unique_ptr<TutorialCnn> reloaded = TutorialCnn::load(dir, &error);
        QVERIFY2(reloaded, qPrintable(error));
        QCOMPARE(reloaded->spec().name, QStringLiteral("compact_cnn_mood"));
        const std::vector<float> after = reloaded->predict(probe.patches, 2);
        QCOMPARE(after, before);

        // Once the obstacle is gone the save goes through: model B, no .part files.
        QVERIFY(QDir(dir + QStringLiteral("/model.json.part")).removeRecursively());
        QVERIFY2(b.save(dir, &error), qPrintable(error));
        reloaded = TutorialCnn::load(dir, &error);
        QVERIFY2(reloaded, qPrintable(error));
        QCOMPARE(reloaded->spec().name, QStringLiteral("instrumental_vocal_b"));
        QCOMPARE(reloaded->predict(probe.patches, 2), b.predict(probe.patches, 2));
        QVERIFY(QDir(dir).entryList({QStringLiteral("*.part")}, QDir::AllEntries).isEmpty());
    }

    void badInput()
    {
        TutorialCnn net(preset("compact_cnn_genre"));
        CnnDataset d = syntheticData(10, 1);
        d.labels[3] = {8}; // only 0..7 exist
        CnnTrainingResult r = trainTutorialCnn(net, d, {});
        QVERIFY(!r.ok);
        QVERIFY2(r.error.contains(QStringLiteral("label index 8")), qPrintable(r.error));
        d = syntheticData(10, 1);
        d.patches.resize(100);
        r = trainTutorialCnn(net, d, {});
        QVERIFY(!r.ok);
        QVERIFY(!r.error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TstTutorialCnnTrainer)
#include "tst_tutorial_cnn_trainer.moc"
