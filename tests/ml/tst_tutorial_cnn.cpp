// The tutorial CNNs as torch networks: parameter counts against TUTORIAL.md,
// output shapes, a short training run on a separable synthetic problem, and
// the model folder round trip (identical outputs, clear errors on bad files).
#include "core/ml/tutorial_cnn.h"
#include "core/model/safetensors.h"
#include "core/model/tutorial_cnn_inference.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "../core/model/tutorial_parameter_counts.h"

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

// Plain C++ forward pass of a CompactCNN in inference mode, written from TUTORIAL.md 2.3 and
// Keras semantics (BatchNorm axis = mel band for bn_0_freq, channel otherwise, eps 1e-3; "same"
// 3x3 convolutions; floor max-pooling; channels-last flatten), independent of torch.
struct RefNet {
    const SafeTensors &w;
    std::vector<float> t(const std::string &n) const { return w.floats(n); }

    // x: C x H x W
    void bn(std::vector<float> &x, int c, int h, int wd, const std::string &n, bool perBand) const
    {
        const auto g = t(n + ".weight"), b = t(n + ".bias"), m = t(n + ".running_mean"), v = t(n + ".running_var");
        for (int ci = 0; ci < c; ++ci)
            for (int y = 0; y < h; ++y)
                for (int xi = 0; xi < wd; ++xi) {
                    const int k = perBand ? y : ci;
                    float &e = x[(size_t(ci) * h + y) * wd + xi];
                    e = float((e - m[k]) / std::sqrt(double(v[k]) + 1e-3) * g[k] + b[k]);
                }
    }
    std::vector<float> conv(const std::vector<float> &x, int cin, int h, int wd, int cout, const std::string &n) const
    {
        const auto k = t(n + ".weight"), b = t(n + ".bias");
        std::vector<float> y(size_t(cout) * h * wd);
        for (int o = 0; o < cout; ++o)
            for (int r = 0; r < h; ++r)
                for (int c = 0; c < wd; ++c) {
                    double acc = b[o];
                    for (int i = 0; i < cin; ++i)
                        for (int dr = -1; dr <= 1; ++dr)
                            for (int dc = -1; dc <= 1; ++dc) {
                                const int rr = r + dr, cc = c + dc;
                                if (rr >= 0 && rr < h && cc >= 0 && cc < wd)
                                    acc += double(k[((size_t(o) * cin + i) * 3 + dr + 1) * 3 + dc + 1]) *
                                           x[(size_t(i) * h + rr) * wd + cc];
                            }
                    y[(size_t(o) * h + r) * wd + c] = float(acc);
                }
        return y;
    }
    static std::vector<float> eluPool(const std::vector<float> &x, int c, int h, int wd, int ph, int pw)
    {
        const int oh = h / ph, ow = wd / pw;
        std::vector<float> y(size_t(c) * oh * ow);
        for (int ci = 0; ci < c; ++ci)
            for (int r = 0; r < oh; ++r)
                for (int cc = 0; cc < ow; ++cc) {
                    float m = -INFINITY;
                    for (int a = 0; a < ph; ++a)
                        for (int b = 0; b < pw; ++b) {
                            const float v = x[(size_t(ci) * h + r * ph + a) * wd + cc * pw + b];
                            m = std::max(m, v > 0 ? v : std::expm1(v));
                        }
                    y[(size_t(ci) * oh + r) * ow + cc] = m;
                }
        return y;
    }
    std::vector<double> forward(const float *patch, int classes) const
    {
        std::vector<float> x(patch, patch + 6400);
        bn(x, 1, 80, 80, "bn_0_freq", true);
        int c = 1, h = 80, wd = 80;
        const int filters[3] = {32, 64, 64}, pools[3][2] = {{2, 4}, {3, 4}, {2, 5}};
        for (int blk = 0; blk < 3; ++blk) {
            const std::string n = std::to_string(blk + 1);
            x = conv(x, c, h, wd, filters[blk], "conv" + n);
            c = filters[blk];
            bn(x, c, h, wd, "bn" + n, false);
            x = eluPool(x, c, h, wd, pools[blk][0], pools[blk][1]);
            h /= pools[blk][0];
            wd /= pools[blk][1];
        }
        std::vector<float> flat; // Keras order: (h, w, c)
        for (int r = 0; r < h; ++r)
            for (int cc = 0; cc < wd; ++cc)
                for (int ci = 0; ci < c; ++ci)
                    flat.push_back(x[(size_t(ci) * h + r) * wd + cc]);
        auto dense = [&](const std::vector<float> &in, const std::string &n, int units) {
            const auto k = t(n + ".weight"), b = t(n + ".bias");
            std::vector<double> out(units);
            for (int u = 0; u < units; ++u) {
                double acc = b[u];
                for (size_t i = 0; i < in.size(); ++i)
                    acc += double(k[size_t(u) * in.size() + i]) * in[i];
                out[u] = acc;
            }
            return out;
        };
        std::vector<double> hid = dense(flat, "dense1", 128);
        std::vector<float> hidf(128);
        for (int i = 0; i < 128; ++i)
            hidf[i] = float(std::max(0.0, hid[i]));
        std::vector<double> logits = dense(hidf, "output", classes);
        const double mx = *std::max_element(logits.begin(), logits.end());
        double sum = 0.0;
        for (double &l : logits)
            sum += (l = std::exp(l - mx));
        for (double &l : logits)
            l /= sum;
        return logits;
    }
};

} // namespace

class TstTutorialCnn : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Keras "Total params" / "Trainable params" as TUTORIAL.md reports them, counted on the torch module.
    void countsMatchTutorial_data()
    {
        mirlo::test::addTutorialParameterCountRows();
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

    // Torch forward == the plain reference above, with random BatchNorm statistics so that the
    // per-band axis of bn_0_freq and the flatten order matter.
    void compactCnnMatchesPlainReference()
    {
        QTemporaryDir tmp;
        QVERIFY(TutorialCnn(preset(QStringLiteral("compact_cnn_genre")), 13).save(tmp.path()));
        const QString wpath = tmp.filePath(QStringLiteral("weights.safetensors"));
        SafeTensors st;
        QVERIFY(st.load(wpath));
        std::mt19937 rng(2);
        std::uniform_real_distribution<float> u(0.5f, 1.5f), n(-0.5f, 0.5f);
        SafeTensorsWriter w;
        for (const std::string &name : st.names()) {
            std::vector<float> v = st.floats(name);
            if (name.rfind("bn", 0) == 0)
                for (float &e : v)
                    e = name.find("var") != std::string::npos || name.find("weight") != std::string::npos ? u(rng)
                                                                                                          : n(rng);
            w.add(name, st.find(name)->shape, v);
        }
        QVERIFY(w.save(wpath));
        std::unique_ptr<TutorialCnn> net = TutorialCnn::load(tmp.path());
        QVERIFY(net);
        SafeTensors weights;
        QVERIFY(weights.load(wpath));
        std::vector<int> labels;
        const std::vector<float> x = separablePatches(2, labels, 17);
        const std::vector<float> p = net->predict(x, 2);
        const RefNet ref{weights};
        double maxErr = 0.0;
        for (int i = 0; i < 2; ++i) {
            const std::vector<double> q = ref.forward(x.data() + size_t(i) * 6400, 8);
            for (int k = 0; k < 8; ++k)
                maxErr = std::max(maxErr, std::abs(q[k] - p[size_t(i) * 8 + k]));
        }
        qInfo("CompactCNN torch vs plain C++ reference: max |diff| %.2e", maxErr);
        // The library's torch-free inference agrees as well.
        std::unique_ptr<TutorialCnnInference> plain = TutorialCnnInference::load(tmp.path());
        QVERIFY(plain && !plain->hasScaler());
        for (int i = 0; i < 2; ++i) {
            const std::vector<float> q =
                plain->predict(std::vector<float>(x.begin() + i * 6400, x.begin() + (i + 1) * 6400));
            QCOMPARE(int(q.size()), 8);
            for (int k = 0; k < 8; ++k)
                maxErr = std::max(maxErr, double(std::abs(q[k] - p[size_t(i) * 8 + k])));
        }
        QVERIFY2(maxErr < 1e-5, qPrintable(QString::number(maxErr)));
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
