// The madmom networks against madmom's own outputs for sample.wav
// (shared/models/madmom/ref/sample_reference.safetensors): every network, the
// per-layer outputs of network 1 and the ensembles, loaded from the resources
// embedded in mirlo_core. Plus load errors on damaged copies and bad input.
#include "core/model/safetensors.h"
#include "core/nn/ensemble.h"
#include "core/nn/kernels.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace mirlo;

namespace {

const QString kModels = QStringLiteral(MIRLO_SHARED_DATA "/../models/madmom");
constexpr double kTolerance = 1e-5;

Matrix refMatrix(const SafeTensors &ref, const std::string &name)
{
    const TensorView *v = ref.find(name);
    if (!v)
        return Matrix();
    const int rows = int(v->shape[0]);
    const int cols = int(v->elementCount() / std::max<int64_t>(1, v->shape[0]));
    Matrix m(rows, cols);
    m.values = ref.floats(name);
    return m;
}

double maxAbsDiff(const Matrix &a, const Matrix &b)
{
    if (a.rows != b.rows || a.cols != b.cols || a.values.empty())
        return 1e30;
    double m = 0;
    for (size_t i = 0; i < a.values.size(); ++i)
        m = std::max(m, double(std::abs(a.values[i] - b.values[i])));
    return m;
}

const char *prefixOf(MadmomModelFamily f)
{
    switch (f) {
    case MadmomModelFamily::Onsets:
        return "onsets";
    case MadmomModelFamily::Beats:
        return "beats";
    case MadmomModelFamily::Downbeats:
        return "downbeats";
    case MadmomModelFamily::OnsetsCnn:
        return "onsets_cnn";
    }
    return "";
}

// Copy of a family folder in which one weight file is rewritten by `edit`.
bool writeDamagedCopy(const QString &dst, const QString &family, const QString &file,
                      const std::function<void(const SafeTensors &, SafeTensorsWriter &)> &edit)
{
    const QDir src(kModels + QLatin1Char('/') + family);
    for (const QString &name : src.entryList(QDir::Files))
        if (!QFile::copy(src.filePath(name), dst + QLatin1Char('/') + name))
            return false;
    SafeTensors st;
    if (!st.load(src.filePath(file)))
        return false;
    SafeTensorsWriter writer;
    edit(st, writer);
    const QString target = dst + QLatin1Char('/') + file;
    QFile::setPermissions(target, QFile::ReadOwner | QFile::WriteOwner);
    QFile::remove(target);
    return writer.save(target);
}

void copyAllExcept(const SafeTensors &st, SafeTensorsWriter &w, const std::string &skip)
{
    for (const std::string &n : st.names())
        if (n != skip)
            w.add(n, st.find(n)->shape, st.floats(n));
}

} // namespace

class TstMadmomNetworks : public QObject {
    Q_OBJECT
    SafeTensors m_ref;

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_ref.load(kModels + QStringLiteral("/ref/sample_reference.safetensors"), &error), qPrintable(error));
    }

    void resourcesAreEmbedded()
    {
        // Static-library resources must be registered in any executable linking mirlo_core.
        for (const char *path :
             {":/models/madmom/LICENSE_MODELS.txt", ":/models/madmom/README.md",
              ":/models/madmom/beats_blstm/beats_blstm_8.safetensors", ":/models/madmom/onsets_cnn/onsets_cnn.json",
              ":/models/madmom/filterbanks.safetensors"})
            QVERIFY2(QFile::exists(QLatin1String(path)), path);
        // Byte-identical to the shared originals.
        QFile a(QStringLiteral(":/models/madmom/downbeats_blstm/downbeats_blstm_3.safetensors"));
        QFile b(kModels + QStringLiteral("/downbeats_blstm/downbeats_blstm_3.safetensors"));
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QVERIFY(a.readAll() == b.readAll());
    }

    void parity_data()
    {
        QTest::addColumn<int>("family");
        QTest::addColumn<int>("level");
        for (auto level : {nn::KernelLevel::Avx512, nn::KernelLevel::Avx2, nn::KernelLevel::Scalar})
            for (auto f : {MadmomModelFamily::Onsets, MadmomModelFamily::Beats, MadmomModelFamily::Downbeats,
                           MadmomModelFamily::OnsetsCnn})
                QTest::newRow(
                    qPrintable(madmomFamilyName(f) + QLatin1Char(' ') + QLatin1String(nn::kernelLevelName(level))))
                    << int(f) << int(level);
    }

    void parity()
    {
        QFETCH(int, family);
        QFETCH(int, level);
        nn::setMaxKernelLevel(nn::KernelLevel(level));
        const auto f = MadmomModelFamily(family);
        const std::string p = prefixOf(f);
        MadmomEnsemble ensemble;
        QString error;
        QVERIFY2(ensemble.load(f, &error), qPrintable(error));
        const Matrix features =
            refMatrix(m_ref, f == MadmomModelFamily::OnsetsCnn ? "onsets_cnn.input" : p + ".features");
        QCOMPARE(features.cols, ensemble.inputSize());

        if (f != MadmomModelFamily::OnsetsCnn) {
            QCOMPARE(ensemble.networkCount(), 8);
            const std::vector<Matrix> outs = ensemble.networkOutputs(features, {}, &error);
            QCOMPARE(int(outs.size()), 8);
            for (int i = 0; i < 8; ++i) {
                const std::string name = p + ".net" + std::to_string(i + 1) + ".activation";
                const double e = maxAbsDiff(outs[size_t(i)], refMatrix(m_ref, name));
                qInfo("%s max |diff| %.3g", name.c_str(), e);
                QVERIFY2(e <= kTolerance, name.c_str());
            }
            if (f != MadmomModelFamily::Downbeats) { // per-layer reference exists for onsets and beats
                std::vector<Matrix> layers;
                ensemble.network(0).forward(features, &layers);
                QCOMPARE(int(layers.size()), 4);
                for (int l = 0; l < 3; ++l) {
                    const std::string name = p + ".net1.layer" + std::to_string(l) + ".output";
                    const double e = maxAbsDiff(layers[size_t(l)], refMatrix(m_ref, name));
                    qInfo("%s max |diff| %.3g", name.c_str(), e);
                    QVERIFY2(e <= kTolerance, name.c_str());
                }
            }
        }
        double lastProgress = -1;
        bool monotonic = true;
        const Matrix act = ensemble.activations(features, [&](double x) {
            monotonic = monotonic && x >= lastProgress;
            lastProgress = x;
            return true;
        });
        const Matrix ref = refMatrix(m_ref, p + ".activation");
        QCOMPARE(act.rows, 281);
        QCOMPARE(act.cols, ensemble.outputColumns());
        const double e = maxAbsDiff(act, ref);
        qInfo("%s.activation max |diff| %.3g", p.c_str(), e);
        QVERIFY2(e <= kTolerance, (p + ".activation").c_str());
        QVERIFY(monotonic);
        QCOMPARE(lastProgress, 1.0);
        nn::setMaxKernelLevel(nn::KernelLevel::Avx512);
    }

    void softmaxRowsSumToOne()
    {
        MadmomEnsemble ensemble;
        QVERIFY(ensemble.load(MadmomModelFamily::Downbeats));
        const std::vector<Matrix> outs = ensemble.networkOutputs(refMatrix(m_ref, "downbeats.features"));
        QCOMPARE(int(outs.size()), 8);
        for (const Matrix &m : outs)
            for (int t = 0; t < m.rows; ++t)
                QVERIFY(std::abs(m.at(t, 0) + m.at(t, 1) + m.at(t, 2) - 1.0) < 1e-6);
    }

    void loadsFromFolder()
    {
        MadmomEnsemble ensemble;
        QString error;
        QVERIFY2(ensemble.loadFromDir(kModels + QStringLiteral("/onsets_brnn"), MadmomModelFamily::Onsets, &error),
                 qPrintable(error));
        const Matrix act = ensemble.activations(refMatrix(m_ref, "onsets.features"));
        QVERIFY(maxAbsDiff(act, refMatrix(m_ref, "onsets.activation")) <= kTolerance);
    }

    void damagedFilesNameFileAndTensor()
    {
        QString error;
        {
            QTemporaryDir dir;
            QVERIFY(writeDamagedCopy(dir.path(), QStringLiteral("beats_blstm"),
                                     QStringLiteral("beats_blstm_3.safetensors"),
                                     [](const SafeTensors &st, SafeTensorsWriter &w) {
                                         copyAllExcept(st, w, "layers.1.bwd.forget_gate.peephole_weights");
                                     }));
            MadmomEnsemble e;
            QVERIFY(!e.loadFromDir(dir.path(), MadmomModelFamily::Beats, &error));
            QVERIFY2(error.contains(QLatin1String("beats_blstm_3.safetensors")) &&
                         error.contains(QLatin1String("layers.1.bwd.forget_gate.peephole_weights")) &&
                         error.contains(QLatin1String("missing")),
                     qPrintable(error));
            QVERIFY(!e.isLoaded());
        }
        {
            QTemporaryDir dir;
            QVERIFY(writeDamagedCopy(dir.path(), QStringLiteral("onsets_brnn"),
                                     QStringLiteral("onsets_brnn_5.safetensors"),
                                     [](const SafeTensors &st, SafeTensorsWriter &w) {
                                         copyAllExcept(st, w, "layers.0.fwd.weights");
                                         w.add("layers.0.fwd.weights", {25, 266}, st.floats("layers.0.fwd.weights"));
                                     }));
            MadmomEnsemble e;
            QVERIFY(!e.loadFromDir(dir.path(), MadmomModelFamily::Onsets, &error));
            QVERIFY2(error.contains(QLatin1String("onsets_brnn_5.safetensors")) &&
                         error.contains(QLatin1String("layers.0.fwd.weights")) &&
                         error.contains(QLatin1String("[266, 25]")),
                     qPrintable(error));
        }
        {
            QTemporaryDir dir;
            QVERIFY(writeDamagedCopy(dir.path(), QStringLiteral("onsets_cnn"), QStringLiteral("onsets_cnn.safetensors"),
                                     [](const SafeTensors &st, SafeTensorsWriter &w) {
                                         for (const std::string &n : st.names()) {
                                             if (n == "layers.1.weights")
                                                 w.add(n, {3, 10, 3, 7}, st.floats(n)); // kernel axes swapped
                                             else if (st.find(n)->dtype == DType::F64)
                                                 w.add(n, st.find(n)->shape, st.doubles(n));
                                             else
                                                 w.add(n, st.find(n)->shape, st.floats(n));
                                         }
                                     }));
            MadmomEnsemble e;
            QVERIFY(!e.loadFromDir(dir.path(), MadmomModelFamily::OnsetsCnn, &error));
            QVERIFY2(error.contains(QLatin1String("onsets_cnn.safetensors")) &&
                         error.contains(QLatin1String("layers.1.weights")),
                     qPrintable(error));
        }
        {
            // A family JSON that disagrees with the weights (layer 1 input size) is refused too.
            QTemporaryDir dir;
            QVERIFY(writeDamagedCopy(dir.path(), QStringLiteral("downbeats_blstm"),
                                     QStringLiteral("downbeats_blstm_1.safetensors"),
                                     [](const SafeTensors &st, SafeTensorsWriter &w) { copyAllExcept(st, w, ""); }));
            const QString jsonPath = dir.path() + QStringLiteral("/downbeats_blstm.json");
            QFile json(jsonPath);
            QVERIFY(json.open(QIODevice::ReadOnly));
            QJsonObject root = QJsonDocument::fromJson(json.readAll()).object();
            json.close();
            QJsonArray layers = root.value(QLatin1String("layers")).toArray();
            QJsonObject l1 = layers[1].toObject();
            l1[QLatin1String("input_size")] = 64;
            layers[1] = l1;
            root[QLatin1String("layers")] = layers;
            QFile::setPermissions(jsonPath, QFile::ReadOwner | QFile::WriteOwner);
            QVERIFY(json.open(QIODevice::WriteOnly | QIODevice::Truncate));
            json.write(QJsonDocument(root).toJson());
            json.close();
            MadmomEnsemble e;
            QVERIFY(!e.loadFromDir(dir.path(), MadmomModelFamily::Downbeats, &error));
            QVERIFY2(error.contains(QLatin1String("downbeats_blstm_1.safetensors")) &&
                         error.contains(QLatin1String("layer 1")) && error.contains(QLatin1String("input_size 64")),
                     qPrintable(error));
        }
        MadmomEnsemble e;
        QVERIFY(!e.loadFromDir(QStringLiteral("/nonexistent/models"), MadmomModelFamily::Beats, &error));
        QVERIFY2(error.contains(QLatin1String("/nonexistent/models/beats_blstm.json")), qPrintable(error));
    }

    void badInputGivesErrorNotGarbage()
    {
        MadmomEnsemble beats;
        QVERIFY(beats.load(MadmomModelFamily::Beats));
        QString error;
        QVERIFY(beats.activations(Matrix(100, 314), {}, &error).isEmpty());
        QVERIFY2(error.contains(QLatin1String("314")) && error.contains(QLatin1String("266")), qPrintable(error));
        Matrix nan(50, 266, 0.5f);
        nan.at(10, 3) = std::nanf("");
        error.clear();
        QVERIFY(beats.activations(nan, {}, &error).isEmpty());
        QVERIFY(error.contains(QLatin1String("NaN")));
        // No frames: no activations, no error.
        const Matrix none = beats.activations(Matrix(0, 266));
        QCOMPARE(none.rows, 0);
        // Cancel through the progress callback.
        QVERIFY(beats.activations(refMatrix(m_ref, "beats.features"), [](double) { return false; }).isEmpty());

        MadmomEnsemble cnn;
        QVERIFY(cnn.load(MadmomModelFamily::OnsetsCnn));
        QCOMPARE(cnn.contextFrames(), 14);
        error.clear();
        QVERIFY(cnn.activations(Matrix(10, 240), {}, &error).isEmpty());
        QVERIFY(error.contains(QLatin1String("14")));
        QCOMPARE(cnn.activations(Matrix(15, 240)).rows, 1);

        MadmomEnsemble unloaded;
        QVERIFY(unloaded.activations(Matrix(10, 266), {}, &error).isEmpty());
        QVERIFY(error.contains(QLatin1String("not loaded")));
    }

    void longInputStaysFinite()
    {
        // A longer, loud random input (CNN blocks on 2 threads, many LSTM steps) gives values in [0, 1].
        MadmomEnsemble cnn, beats;
        QVERIFY(cnn.load(MadmomModelFamily::OnsetsCnn));
        QVERIFY(beats.load(MadmomModelFamily::Beats));
        Matrix x(3014, 240);
        Matrix y(3000, 266);
        for (size_t i = 0; i < x.values.size(); ++i)
            x.values[i] = float(std::sin(double(i) * 0.37) * 30.0);
        for (size_t i = 0; i < y.values.size(); ++i)
            y.values[i] = float(std::cos(double(i) * 0.11) * 50.0);
        for (const Matrix &a : {cnn.activations(x), beats.activations(y)}) {
            QCOMPARE(a.rows, 3000);
            QVERIFY(std::all_of(a.values.begin(), a.values.end(), [](float v) { return v >= 0.f && v <= 1.f; }));
        }
    }
};

QTEST_GUILESS_MAIN(TstMadmomNetworks)
#include "tst_madmom_networks.moc"
