// A trained onset model as a detector in the GUI: a tiny valid model folder
// (written with core's writer, no torch) registered through the training
// window's modelTrained signal and through Analysis › Load onset model…
// appears in the Analysis panel's method list, runs as a job and gives the
// onsets TrainedOnsetModel::detectFile gives for the same file; the threshold
// drag re-picks with the model's peak picking; an invalid folder is a
// non-modal error naming the folder. Offscreen, real jobs.
#include "core/features/madmom_signal.h"
#include "core/nn/onset_model_registry.h"
#include "core/nn/trained_onset_model.h"
#include "core/onsets/peak_picking.h"
#include "ui/analysis/analysis_controller.h"
#include "ui/mainwindow/main_window.h"
#include "ui/panels/analysis_panel.h"
#include "ui/panels/training_panel.h"
#include "ui/widgets/message_bar.h"

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "analysis_test_util.h"

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace mirlo;
using mirlo::test::loadAndAnalyse;

namespace {

const QString kSample = QStringLiteral(MIRLO_SHARED_DATA) + QStringLiteral("/onsets/sample.wav");
constexpr int kHidden = 2;

// Diff columns of the 314 features: per frame size [spec, diff] with 21 / 45 / 91 bands.
bool isDiffColumn(int c)
{
    return (c >= 21 && c < 42) || (c >= 87 && c < 132) || (c >= 223 && c < 314);
}

// A one-layer bidirectional RNN whose first unit follows the summed positive
// spectral difference (a flux onset detector: tanh(w (flux - mean))) and whose
// second unit has small fixed sin-pattern weights with recurrence, so every
// tensor of the format takes part. Scaled from the file's own flux so the
// activation has clear peaks: mean frames ~0.05, the strongest ~0.95.
bool writeModel(const QString &folder, const QString &name, QString *error)
{
    const MadmomSignalResult sig = decodeMadmomSignal(kSample);
    if (!sig.ok) {
        *error = sig.error;
        return false;
    }
    const Matrix f = tutorialOnsetFeatures(sig.signal);
    if (f.cols != kTutorialOnsetInputs || f.rows < 10) {
        *error = QStringLiteral("unexpected feature shape");
        return false;
    }
    std::vector<double> flux(size_t(f.rows), 0.0);
    for (int r = 0; r < f.rows; ++r)
        for (int c = 0; c < f.cols; ++c)
            if (isDiffColumn(c))
                flux[size_t(r)] += f.values[size_t(r) * size_t(f.cols) + size_t(c)];
    const double mean = std::accumulate(flux.begin(), flux.end(), 0.0) / double(flux.size());
    const double peak = *std::max_element(flux.begin(), flux.end());
    const double w = 3.0 / std::max(peak - mean, 1e-6);

    std::vector<float> weights(size_t(kTutorialOnsetInputs) * kHidden);
    for (int c = 0; c < kTutorialOnsetInputs; ++c) {
        weights[size_t(c) * kHidden + 0] = isDiffColumn(c) ? float(w) : 0.0f;
        weights[size_t(c) * kHidden + 1] = 0.01f * float(std::sin(0.37 * c));
    }
    const std::vector<float> bias = {float(-w * mean), 0.05f};
    const std::vector<float> recurrent = {0.0f, 0.0f, 0.0f, 0.3f}; // [H_prev, H]: unit 1 remembers itself
    std::vector<NamedTensor> tensors;
    for (const char *dir : {"fwd", "bwd"}) {
        const std::string p = std::string("layers.0.") + dir + ".";
        tensors.push_back({p + "weights", {kTutorialOnsetInputs, kHidden}, weights});
        tensors.push_back({p + "bias", {kHidden}, bias});
        tensors.push_back({p + "recurrent_weights", {kHidden, kHidden}, recurrent});
    }
    // Row = [fwd u0, fwd u1, bwd u0, bwd u1]: sigmoid(3 u0 + 3 u0' + 0.2 (u1 + u1') - 3).
    tensors.push_back({"layers.1.weights", {2 * kHidden, 1}, {3.0f, 0.2f, 3.0f, 0.2f}});
    tensors.push_back({"layers.1.bias", {1}, {-3.0f}});

    QJsonObject m;
    m.insert(QStringLiteral("format_version"), kTutorialOnsetFormatVersion);
    m.insert(QStringLiteral("architecture"), QLatin1String(kTutorialOnsetArchitecture));
    m.insert(QStringLiteral("name"), name);
    m.insert(QStringLiteral("fps"), kTutorialOnsetFps);
    m.insert(QStringLiteral("features"), tutorialOnsetFeatureConfig());
    m.insert(QStringLiteral("layers"), tutorialOnsetLayersJson(kTutorialOnsetInputs, kHidden, 1));
    // Not the tutorial defaults, so the GUI's picking visibly comes from model.json.
    QJsonObject peaks;
    peaks.insert(QStringLiteral("threshold"), 0.4);
    peaks.insert(QStringLiteral("smooth"), 0.05);
    peaks.insert(QStringLiteral("pre_max"), 0.02);
    peaks.insert(QStringLiteral("post_max"), 0.02);
    peaks.insert(QStringLiteral("combine"), 0.05);
    m.insert(QStringLiteral("peak_picking"), peaks);
    return writeTrainedOnsetModel(folder, m, tensors, error);
}

QStringList methodLabels(const AnalysisPanel *panel)
{
    QStringList out;
    for (int i = 0; i < panel->methodBox()->count(); ++i)
        out << panel->methodBox()->itemText(i);
    return out;
}

} // namespace

class TestModelDetector : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("MirloTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_model_detector"));
        QSettings().remove(QStringLiteral("models/onsetModelFolders"));
        QVERIFY(m_tmp.isValid());
        QVERIFY2(QFileInfo::exists(kSample), qPrintable(kSample));
        m_model = m_tmp.filePath(QStringLiteral("tiny_model"));
        QString error;
        QVERIFY2(writeModel(m_model, QStringLiteral("Tiny flux net"), &error), qPrintable(error));
        TrainedOnsetModel model;
        QVERIFY2(model.load(m_model, &error), qPrintable(error));
    }

    void cleanupTestCase() { QSettings().remove(QStringLiteral("models/onsetModelFolders")); }

    void trainedModelIsASelectableDetector()
    {
        MainWindow w;
        w.resize(1200, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(loadAndAnalyse(w, kSample));
        AnalysisController *c = w.analysis();
        AnalysisPanel *panel = w.analysisPanel();
        QVERIFY(!methodLabels(panel).join(QLatin1Char('|')).contains(QStringLiteral("Model:")));

        // The training window saves and registers a model, then says so: the list follows.
        QAction *train = w.findChild<QAction *>(QStringLiteral("actionTrainOnsetDetector"));
        QVERIFY(train);
        train->trigger();
        TrainingPanel *trainer = w.findChild<TrainingPanel *>();
        QVERIFY(trainer);
        QVERIFY(registerOnsetModel(m_model));
        Q_EMIT trainer->modelTrained(m_model);
        trainer->close();
        const int index = panel->methodBox()->findText(QStringLiteral("Model: Tiny flux net"));
        QVERIFY2(index >= 0, qPrintable(methodLabels(panel).join(QStringLiteral(", "))));
        QCOMPARE(panel->methodBox()->itemData(index).toString(), onsetModelMethod(m_model));

        // Selecting it runs a job (same path as the networks) and loads the model's picking.
        QSignalSpy finished(c, &AnalysisController::analysisFinished);
        panel->methodBox()->setCurrentIndex(index);
        QCOMPARE(c->settings().onsetMethod, onsetModelMethod(m_model));
        QCOMPARE(c->settings().threshold, 0.4);
        QCOMPARE(c->settings().smoothing, 0.05);
        QCOMPARE(c->settings().combine, 0.05);
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() > 0 && !c->isRunning(), 60000);
        const LayerPtr act = c->layer(QStringLiteral("est.activation"));
        const LayerPtr onsets = c->layer(QStringLiteral("est.onsets"));
        QVERIFY(act && onsets);
        QVERIFY2(act->title.contains(QStringLiteral("Tiny flux net")), qPrintable(act->title));
        QCOMPARE(act->fps, 100.0);

        // The same onsets and activation as the core detector on the same file.
        TrainedOnsetModel model;
        QVERIFY(model.load(m_model));
        const TrainedOnsetModel::Detection ref = model.detectFile(kSample);
        QVERIFY2(ref.ok, qPrintable(ref.error));
        QVERIFY2(ref.onsets.size() >= 3, "the flux net finds sample.wav's strong onsets");
        QCOMPARE(act->curve.size(), ref.activation.size());
        QCOMPARE(act->curve, ref.activation);
        QCOMPARE(onsets->times, ref.onsets);
        qInfo("model onsets on sample.wav: %zu", onsets->times.size());

        // Threshold drag: instant re-pick with the model's own pre/post max.
        c->setThreshold(0.8);
        QVERIFY(!c->isRunning());
        PeakPickingParams p = model.peakPicking();
        p.threshold = 0.8;
        const std::vector<double> higher = pickOnsets(ref.activation, 100.0, p);
        QCOMPARE(c->layer(QStringLiteral("est.onsets"))->times, higher);
        QVERIFY(higher.size() < ref.onsets.size());

        // Away and back: the cached activation, no job.
        QComboBox *box = panel->methodBox();
        box->setCurrentIndex(box->findData(QStringLiteral("superflux")));
        QTRY_VERIFY_WITH_TIMEOUT(!c->isRunning() && c->layer(QStringLiteral("est.onsets")), 30000);
        box->setCurrentIndex(index);
        QVERIFY(!c->isRunning());
        QCOMPARE(c->layer(QStringLiteral("est.onsets"))->times, ref.onsets);
    }

    void loadOnsetModelRegistersAndSelects()
    {
        QSettings().remove(QStringLiteral("models/onsetModelFolders"));
        MainWindow w;
        QVERIFY(w.findChild<QAction *>(QStringLiteral("actionLoadOnsetModel")));
        const QStringList before = w.messageBar()->messages(); // e.g. no audio device here
        QVERIFY(w.analysisPanel()->methodBox()->findData(onsetModelMethod(m_model)) < 0);
        QVERIFY(w.loadOnsetModel(m_model));
        QCOMPARE(registeredOnsetModelFolders(), QStringList{QFileInfo(m_model).absoluteFilePath()});
        QCOMPARE(w.analysisPanel()->settings().onsetMethod, onsetModelMethod(m_model));
        QCOMPARE(w.analysis()->settings().onsetMethod, onsetModelMethod(m_model));
        QCOMPARE(w.messageBar()->messages(), before);
    }

    void invalidFolderIsANonModalError()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const int before = w.analysisPanel()->methodBox()->count();
        const int notices = w.messageBar()->messages().size();
        const QString beforeMethod = w.analysisPanel()->settings().onsetMethod;

        // A folder whose manifest is not a tutorial model.
        const QString bad = m_tmp.filePath(QStringLiteral("not_a_model"));
        QVERIFY(QDir().mkpath(bad));
        QFile json(QDir(bad).filePath(QStringLiteral("model.json")));
        QVERIFY(json.open(QIODevice::WriteOnly));
        json.write(R"({"format_version": 1, "architecture": "something_else"})");
        json.close();
        QVERIFY(!w.loadOnsetModel(bad));
        QVERIFY(QApplication::activeModalWidget() == nullptr);
        QStringList msgs = w.messageBar()->messages();
        QCOMPARE(msgs.size(), notices + 1);
        QVERIFY2(msgs.last().contains(QStringLiteral("not_a_model")) &&
                     msgs.last().contains(QStringLiteral("architecture")),
                 qPrintable(msgs.last()));

        // A folder that does not exist.
        const QString missing = m_tmp.filePath(QStringLiteral("missing_model"));
        QVERIFY(!w.loadOnsetModel(missing));
        msgs = w.messageBar()->messages();
        QVERIFY2(msgs.last().contains(QStringLiteral("missing_model")), qPrintable(msgs.last()));

        QCOMPARE(w.analysisPanel()->methodBox()->count(), before);
        QCOMPARE(w.analysisPanel()->settings().onsetMethod, beforeMethod);
        QVERIFY(!registeredOnsetModelFolders().contains(QFileInfo(bad).absoluteFilePath()));
    }

private:
    QTemporaryDir m_tmp;
    QString m_model;
};

QTEST_MAIN(TestModelDetector)
#include "tst_model_detector.moc"
