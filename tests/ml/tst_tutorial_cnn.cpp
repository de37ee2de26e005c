// The tutorial CNNs as torch networks: parameter counts against TUTORIAL.md,
// output shapes, a short training run on a separable synthetic problem, and
// the model folder round trip (identical outputs, clear errors on bad files).
#include "core/ml/tutorial_cnn.h"
#include "core/model/safetensors.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <random>

using namespace mirlo;
using namespace mirlo::ml;

namespace {

TutorialCnnSpec preset(const QString &name)
{
    TutorialCnnSpec s;
    if (!tutorialCnnPreset(name, &s))
        qFatal("unknown preset");
    return s;
}

// Class 1: the low 40 mel bands are raised by `gap`; class 0: the high 40. Plus N(0, 1) noise.
std::vector<float> separablePatches(int n, std::vector<int> &labels, uint32_t seed, float gap = 1.0f)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> noise(0.0f, 1.0f);
    std::vector<float> x(size_t(n) * 80 * 80);
    labels.resize(n);
    for (int i = 0; i < n; ++i) {
        labels[i] = i % 2;
        for (int b = 0; b < 80; ++b)
            for (int f = 0; f < 80; ++f)
                x[(size_t(i) * 80 + b) * 80 + f] = noise(rng) + (((b < 40) == (labels[i] == 1)) ? gap : 0.0f);
    }
    return x;
}

double binaryCrossEntropy(const std::vector<float> &p, const std::vector<int> &labels)
{
    double sum = 0.0;
    for (size_t i = 0; i < labels.size(); ++i)
        sum -= labels[i] ? std::log(std::max(1e-7, double(p[i]))) : std::log(std::max(1e-7, 1.0 - p[i]));
    return sum / double(labels.size());
}

} // namespace

class TstTutorialCnn : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void countsMatchTutorial_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<qint64>("total");
        QTest::addColumn<qint64>("trainable");
        // Keras "Total params" / "Trainable params" as TUTORIAL.md reports them:
        // 2.2 model A 6,230,689; 2.2 model B 1,330,097 (no BatchNorm);
        // 2.3 CompactCNN genre 107,016 (106,536 trainable), mood 106,500 (106,020 trainable).
        QTest::newRow("A") << "instrumental_vocal" << qint64(6230689) << qint64(6230689);
        QTest::newRow("B") << "instrumental_vocal_b" << qint64(1330097) << qint64(1330097);
        QTest::newRow("genre") << "compact_cnn_genre" << qint64(107016) << qint64(106536);
        QTest::newRow("mood") << "compact_cnn_mood" << qint64(106500) << qint64(106020);
    }
    void countsMatchTutorial()
    {
        QFETCH(QString, name);
        QFETCH(qint64, total);
        QFETCH(qint64, trainable);
        const TutorialCnnSpec s = preset(name);
        QCOMPARE(parameterCount(s, true), total);
        QCOMPARE(parameterCount(s, false), trainable);
        QCOMPARE(specParameterCount(s, true), total);
    }

    void outputShapes_data()
    {
        QTest::addColumn<QString>("name");
        for (const QString &n : tutorialCnnPresetNames())
            QTest::newRow(qPrintable(n)) << n;
    }
    void outputShapes()
    {
        QFETCH(QString, name);
        const TutorialCnnSpec s = preset(name);
        TutorialCnn net(s, 3);
        std::vector<int> labels;
        const int batch = 5;
        const std::vector<float> p = net.predict(separablePatches(batch, labels, 1), batch);
        const int c = s.outputCount();
        QCOMPARE(int(p.size()), batch * c);
        for (int i = 0; i < batch; ++i) {
            double sum = 0.0;
            for (int k = 0; k < c; ++k) {
                const float v = p[size_t(i) * c + k];
                QVERIFY(std::isfinite(v) && v >= 0.0f && v <= 1.0f);
                sum += v;
            }
            if (!s.multiLabel())
                QVERIFY(std::abs(sum - 1.0) < 1e-5);
        }
        QVERIFY_EXCEPTION_THROWN(net.predict(std::vector<float>(100), 1), std::invalid_argument);
    }

    // Model A with its preset (plain SGD, lr 0.01): the loss on the batch falls.
    void modelALearns()
    {
        TutorialCnn net(preset(QStringLiteral("instrumental_vocal")), 7);
        std::vector<int> labels;
        const int n = 32;
        const std::vector<float> x = separablePatches(n, labels, 11);
        std::vector<float> y(labels.begin(), labels.end());
        const double before = binaryCrossEntropy(net.predict(x, n), labels);
        double first = 0.0, last = 0.0;
        for (int step = 0; step < 20; ++step) {
            const double loss = net.trainStep(x, y, n);
            QVERIFY(std::isfinite(loss));
            (step == 0 ? first : last) = loss;
        }
        const double after = binaryCrossEntropy(net.predict(x, n), labels);
        qInfo("model A: train loss %.4f -> %.4f, eval BCE %.4f -> %.4f", first, last, before, after);
        QCOMPARE(net.stepsDone(), qint64(20));
        QVERIFY(std::abs(first - before) < 1e-4); // trainStep reports the pre-step loss, no dropout in A
        QVERIFY(after < 0.8 * before);
        // Held-out patches of the same problem are classified better than chance.
        std::vector<int> testLabels;
        const std::vector<float> p = net.predict(separablePatches(40, testLabels, 99), 40);
        int correct = 0;
        for (int i = 0; i < 40; ++i)
            correct += (p[i] >= 0.5f) == (testLabels[i] == 1);
        QVERIFY2(correct >= 36, qPrintable(QString::number(correct)));
    }

    // CompactCNN genre with its preset (Adam 0.003, decay 0.01), two of the 8 classes used.
    void compactCnnLearns()
    {
        TutorialCnn net(preset(QStringLiteral("compact_cnn_genre")), 5);
        std::vector<int> labels;
        const int n = 32;
        const std::vector<float> x = separablePatches(n, labels, 21, 0.5f);
        std::vector<float> y(size_t(n) * 8, 0.0f);
        for (int i = 0; i < n; ++i)
            y[size_t(i) * 8 + (labels[i] ? 4 : 0)] = 1.0f; // rock vs classical
        std::vector<double> losses;
        for (int step = 0; step < 15; ++step)
            losses.push_back(net.trainStep(x, y, n));
        qInfo("CompactCNN: train loss %.4f -> %.4f", losses.front(), losses.back());
        QVERIFY(losses.front() > 1.5); // about ln 8 = 2.08 at the start
        QVERIFY(losses.back() < 0.5 * losses.front());
    }

    void saveLoadIdentical()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("mood"));
        TutorialCnn net(preset(QStringLiteral("compact_cnn_mood")), 9);
        std::vector<int> labels;
        const std::vector<float> x = separablePatches(8, labels, 4);
        std::vector<float> y(8 * 4, 0.0f);
        for (int i = 0; i < 8; ++i)
            y[size_t(i) * 4 + labels[i]] = 1.0f;
        for (int step = 0; step < 3; ++step) // moves the BatchNorm moving statistics off their start
            net.trainStep(x, y, 8);
        QString error;
        QVERIFY2(net.save(dir, &error), qPrintable(error));
        std::unique_ptr<TutorialCnn> back = TutorialCnn::load(dir, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->spec().labels, net.spec().labels);
        QCOMPARE(back->parameterCount(true), qint64(106500));
        const std::vector<float> a = net.predict(x, 8), b = back->predict(x, 8);
        QCOMPARE(a.size(), b.size());
        for (size_t i = 0; i < a.size(); ++i)
            QCOMPARE(a[i], b[i]);

        // The weights file holds exactly the tensors the spec lists.
        SafeTensors st;
        QVERIFY(st.load(dir + QStringLiteral("/weights.safetensors"), &error));
        const std::vector<CnnTensorSpec> specs = cnnTensorSpecs(net.spec());
        QCOMPARE(st.names().size(), specs.size());
        for (const CnnTensorSpec &t : specs)
            QCOMPARE(st.find(t.name)->shape, t.shape);
    }

    void loadErrors()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("iv"));
        QVERIFY(TutorialCnn(preset(QStringLiteral("instrumental_vocal_b"))).save(dir));
        const QString weights = dir + QStringLiteral("/weights.safetensors");
        QString error;

        // A tensor with the wrong shape.
        {
            SafeTensors st;
            QVERIFY(st.load(weights));
            SafeTensorsWriter w;
            for (const std::string &name : st.names())
                w.add(name, name == "conv2.weight" ? std::vector<int64_t>{16, 16, 9} : st.find(name)->shape,
                      st.floats(name));
            QVERIFY(w.save(weights));
        }
        QVERIFY(!TutorialCnn::load(dir, &error));
        QVERIFY2(error.contains(QStringLiteral("conv2.weight")) &&
                     error.contains(QStringLiteral("weights.safetensors")),
                 qPrintable(error));

        // Truncated file.
        QVERIFY(TutorialCnn(preset(QStringLiteral("instrumental_vocal_b"))).save(dir));
        QFile f(weights);
        QVERIFY(f.resize(f.size() / 2));
        QVERIFY(!TutorialCnn::load(dir, &error));
        QVERIFY2(error.contains(QStringLiteral("weights.safetensors")), qPrintable(error));

        // Weights of another architecture.
        QVERIFY(TutorialCnn(preset(QStringLiteral("instrumental_vocal_b"))).save(dir));
        QVERIFY(TutorialCnn(preset(QStringLiteral("compact_cnn_mood"))).save(tmp.filePath(QStringLiteral("m"))));
        QFile::remove(weights);
        QVERIFY(QFile::copy(tmp.filePath(QStringLiteral("m/weights.safetensors")), weights));
        QVERIFY(!TutorialCnn::load(dir, &error));
        QVERIFY(!error.isEmpty());

        QVERIFY(!TutorialCnn::load(tmp.filePath(QStringLiteral("missing")), &error));
        QVERIFY2(error.contains(QStringLiteral("model.json")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TstTutorialCnn)
#include "tst_tutorial_cnn.moc"
