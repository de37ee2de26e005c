// "Tools › Evaluate Classifier…" as a user drives it: a tutorial CNN folder
// whose output is known by construction (zero weights + output biases = a
// constant softmax, tests/core/tagging/tiny_cnn_models.h) is evaluated on
// class folders of shared test audio in a job; the view must show the
// confusion matrix that follows from the biases and the folder counts, and
// Export… must write it. The built-in musicnn tagger runs on "guitar" /
// "vocal" folders (tags it knows). A missing data path, an unusable model
// folder and a cancel end with a non-modal message naming the path, never a
// modal box or a hang.
#include "../../core/tagging/tiny_cnn_models.h"
#include "panel_test_settings.h"

#include "core/tagging/classifier_registry.h"
#include "ui/panels/classification_view.h"
#include "ui/panels/evaluate_classifier_window.h"
#include "ui/widgets/confusion_matrix_widget.h"
#include "ui/widgets/message_bar.h"
#include "ui/widgets/roc_auc_bar_chart.h"

#include <QAction>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMainWindow>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace mirlo;

namespace {

QString shared(const char *relative)
{
    return QStringLiteral(MIRLO_SHARED_DATA "/") + QString::fromLatin1(relative);
}

const QStringList kInstrumental = {shared("instrumental/inst_synth01_pop_92bpm.ogg"),
                                   shared("instrumental/inst_synth09_rock_140bpm.ogg")};
const QStringList kVocal = {shared("vocal/vocal_synth02_ballad_76bpm.ogg")};
const QStringList kSynth = {shared("synth/synth01_ballad_70bpm.flac")};

// With MIRLO_SCREENSHOT_DIR set, the window is saved there (for looking at it).
void saveShot(QWidget *w, const QString &name)
{
    const QString dir = qEnvironmentVariable("MIRLO_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        QVERIFY(w->grab().save(dir + QLatin1Char('/') + name));
}

bool waitFinished(QSignalSpy &spy, int ms)
{
    return spy.count() > 0 || spy.wait(ms);
}

} // namespace

class TstEvaluateClassifierWindow : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_tmp;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QVERIFY(useTemporarySettings(m_tmp, "tst_evaluate_classifier_window"));
        qputenv("MIRLO_CACHE_DIR", m_tmp.filePath(QStringLiteral("cache")).toUtf8());
    }

    void constantSoftmaxModelFillsTheView()
    {
        const QString model = m_tmp.filePath(QStringLiteral("constant"));
        // Model order vocal, instrumental, synth; the biases make "instrumental" the prediction for all.
        QVERIFY(test::writeConstantSoftmaxModel(
            model, {QStringLiteral("vocal"), QStringLiteral("instrumental"), QStringLiteral("synth")},
            {0.2f, 1.0f, -0.5f}));
        const QString data = m_tmp.filePath(QStringLiteral("data3"));
        QVERIFY(test::makeClassFolders(data, {{QStringLiteral("instrumental"), kInstrumental},
                                              {QStringLiteral("synth"), kSynth},
                                              {QStringLiteral("vocal"), kVocal}}));

        // A registered classifier is offered by the picker.
        QString error;
        QVERIFY2(registerClassifier(model, &error), qPrintable(error));
        EvaluateClassifierWindow w;
        w.show();
        auto *picker = w.findChild<QComboBox *>(QStringLiteral("modelPicker"));
        const int index = picker->findData(QFileInfo(model).absoluteFilePath());
        QVERIFY(index >= 0);
        QVERIFY2(picker->itemText(index).contains(QStringLiteral("tutorial CNN")), qPrintable(picker->itemText(index)));
        w.setModel(model);
        QCOMPARE(picker->currentIndex(), index);
        QCOMPARE(w.model(), QFileInfo(model).absoluteFilePath());
        QVERIFY(w.setDataPath(data));
        const QString classes = w.findChild<QLabel *>(QStringLiteral("dataClasses"))->text();
        QVERIFY2(classes.contains(QStringLiteral("instrumental (2)")) && classes.contains(QStringLiteral("4 items")),
                 qPrintable(classes));

        QSignalSpy finished(&w, &EvaluateClassifierWindow::evaluationFinished);
        w.evaluate();
        QVERIFY(w.isRunning());
        QVERIFY(waitFinished(finished, 120000));
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        QVERIFY(!w.isRunning());
        QCOMPARE(w.messages()->count(), 0);

        const ClassificationView *view = w.view();
        QCOMPARE(view->report().items, 4);
        QCOMPARE(view->classTable()->rowCount(), 3);
        const ConfusionMatrixWidget *cm = view->confusionMatrix();
        QCOMPARE(cm->classNames(), (QStringList{"vocal", "instrumental", "synth"}));
        // Every item predicted "instrumental": the middle column holds the true counts 1, 2, 1.
        const int expected[3][3] = {{0, 1, 0}, {0, 2, 0}, {0, 1, 0}};
        for (int t = 0; t < 3; ++t)
            for (int p = 0; p < 3; ++p)
                QCOMPARE(cm->count(t, p), expected[t][p]);
        QCOMPARE(cm->rowFraction(1, 1), 1.0);
        QCOMPARE(view->rocAucChart()->barCount(), 3);

        // The next window starts with this model and data.
        {
            EvaluateClassifierWindow again;
            QCOMPARE(again.model(), QFileInfo(model).absoluteFilePath());
            QCOMPARE(again.dataset().items.size(), size_t(4));
        }
        const QString out = m_tmp.filePath(QStringLiteral("report.json"));
        QVERIFY2(w.exportReport(out, &error), qPrintable(error));
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject json = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(json.value(QStringLiteral("items")).toInt(), 4);
        QCOMPARE(json.value(QStringLiteral("classes")).toArray().size(), 3);
        QCOMPARE(json.value(QStringLiteral("model")).toString(), QFileInfo(model).absoluteFilePath());
        QVERIFY(!w.exportReport(m_tmp.filePath(QStringLiteral("no/such/dir/r.json")), &error));
        QVERIFY2(error.contains(QStringLiteral("no/such/dir/r.json")), qPrintable(error));
    }

    void builtinTaggerOnTagFolders()
    {
        const QString data = m_tmp.filePath(QStringLiteral("tags"));
        QVERIFY(test::makeClassFolders(data, {{QStringLiteral("guitar"),
                                               {shared("instrumental/inst_muldjord_armygeddon_guitar_040-060s.ogg"),
                                                shared("instrumental/inst_sectoid_metal_madness_guitar_030-050s.ogg")}},
                                              {QStringLiteral("vocal"),
                                               {shared("vocal/vocal_synth02_ballad_76bpm.ogg"),
                                                shared("vocal/vocal_sectoid_feelings_guitar_090-110s.ogg")}}}));
        EvaluateClassifierWindow w;
        auto *picker = w.findChild<QComboBox *>(QStringLiteral("modelPicker"));
        QVERIFY(picker->findData(QStringLiteral("musicnn_mtat")) >= 0);
        QVERIFY(picker->findData(QStringLiteral("fcn_mtat")) >= 0);
        w.setModel(QStringLiteral("musicnn_mtat"));
        QCOMPARE(picker->currentData().toString(), QStringLiteral("musicnn_mtat"));
        QVERIFY(w.setDataPath(data));
        QSignalSpy finished(&w, &EvaluateClassifierWindow::evaluationFinished);
        w.evaluate();
        QVERIFY(waitFinished(finished, 180000));
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        const ClassificationReport &r = w.view()->report();
        QCOMPARE(r.items, 4);
        QStringList names;
        for (const ClassMetrics &c : r.classes)
            names << c.name;
        QCOMPARE(names, (QStringList{"guitar", "vocal"}));
        QCOMPARE(w.view()->classTable()->rowCount(), 2);
        QCOMPARE(w.view()->rocAucChart()->barCount(), 2);
        w.resize(940, 720);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        saveShot(&w, QStringLiteral("h4_window_tagger.png"));
    }

    void badDataPathIsNamed()
    {
        EvaluateClassifierWindow w;
        const QString missing = m_tmp.filePath(QStringLiteral("no_such_data"));
        QVERIFY(!w.setDataPath(missing));
        QCOMPARE(w.messages()->count(), 1);
        QVERIFY2(w.messages()->messages().first().contains(missing), qPrintable(w.messages()->messages().first()));
        QSignalSpy finished(&w, &EvaluateClassifierWindow::evaluationFinished);
        w.evaluate(); // nothing to evaluate: refused at once
        QCOMPARE(finished.count(), 1);
        QVERIFY(!finished.first().at(0).toBool());
        QVERIFY(!w.isRunning());
    }

    void unusableModelFolderIsNamed()
    {
        const QString model = m_tmp.filePath(QStringLiteral("empty_model"));
        QVERIFY(QDir().mkpath(model));
        const QString data = m_tmp.filePath(QStringLiteral("data_bad_model"));
        QVERIFY(test::makeClassFolders(
            data, {{QStringLiteral("instrumental"), kInstrumental}, {QStringLiteral("vocal"), kVocal}}));
        EvaluateClassifierWindow w;
        w.setModel(model);
        QVERIFY(w.setDataPath(data));
        QSignalSpy finished(&w, &EvaluateClassifierWindow::evaluationFinished);
        w.evaluate();
        QVERIFY(waitFinished(finished, 60000));
        QVERIFY(!finished.first().at(0).toBool());
        QCOMPARE(w.messages()->count(), 1);
        QVERIFY2(w.messages()->messages().first().contains(QStringLiteral("empty_model")),
                 qPrintable(w.messages()->messages().first()));
        QCOMPARE(w.view()->report().items, 0); // no report shown
        w.resize(940, 400);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        saveShot(&w, QStringLiteral("h4_window_error.png"));
    }

    void newRunReplacesTheShownReport()
    {
        // A teacher evaluates, then tries another model that fails: the old report must not stay
        // on screen (nor in Export…) under the new choice; Export names the data it was computed on.
        const QString model = m_tmp.filePath(QStringLiteral("constant_iv"));
        QVERIFY(test::writeConstantSoftmaxModel(model, {QStringLiteral("instrumental"), QStringLiteral("vocal")},
                                                {1.0f, 0.0f}));
        const QString dataA = m_tmp.filePath(QStringLiteral("data_a"));
        const QString dataB = m_tmp.filePath(QStringLiteral("data_b"));
        for (const QString &d : {dataA, dataB})
            QVERIFY(test::makeClassFolders(
                d, {{QStringLiteral("instrumental"), kInstrumental}, {QStringLiteral("vocal"), kVocal}}));
        const QString broken = m_tmp.filePath(QStringLiteral("broken_model"));
        QVERIFY(QDir().mkpath(broken));
        {
            QFile f(broken + QStringLiteral("/model.json"));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("{\"broken\": ");
        }

        EvaluateClassifierWindow w;
        w.setModel(model);
        QVERIFY(w.setDataPath(dataA));
        QSignalSpy finished(&w, &EvaluateClassifierWindow::evaluationFinished);
        w.evaluate();
        QVERIFY(waitFinished(finished, 120000));
        QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
        QCOMPARE(w.view()->report().items, 3);

        // The data field changes afterwards: Export still names the data the report is about.
        QVERIFY(w.setDataPath(dataB));
        const QString out = m_tmp.filePath(QStringLiteral("report_a.json"));
        QString error;
        QVERIFY2(w.exportReport(out, &error), qPrintable(error));
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("data")).toString(), dataA);

        // A failing run on B: no report left, nothing to export.
        w.setModel(broken);
        w.evaluate();
        QVERIFY(QTest::qWaitFor([&] { return finished.count() == 2; }, 60000));
        QVERIFY(!finished.at(1).at(0).toBool());
        QCOMPARE(w.view()->report().items, 0);
        QVERIFY(w.view()->report().classes.empty());
        QVERIFY(!w.exportReport(m_tmp.filePath(QStringLiteral("report_b.json")), &error));
    }

    void cancelEndsTheJob()
    {
        const QString data = m_tmp.filePath(QStringLiteral("data_cancel"));
        QVERIFY(test::makeClassFolders(data,
                                       {{QStringLiteral("guitar"), kInstrumental}, {QStringLiteral("vocal"), kVocal}}));
        EvaluateClassifierWindow w;
        w.setModel(QStringLiteral("crnn_mtat"));
        QVERIFY(w.setDataPath(data));
        QSignalSpy finished(&w, &EvaluateClassifierWindow::evaluationFinished);
        w.evaluate();
        QVERIFY(w.isRunning());
        w.cancel();
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.first().at(1).toString(), QStringLiteral("cancelled"));
        QVERIFY(!w.isRunning());
        // Whatever the job still delivers is dropped: no second signal, no report.
        QTest::qWait(300);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(w.view()->report().items, 0);
    }

    void toolsMenuOpensOneWindow()
    {
        QMainWindow main;
        main.menuBar()->addMenu(QStringLiteral("&File"));
        EvaluateClassifierWindow::installMenuAction(&main, nullptr);
        auto *action = main.findChild<QAction *>(QStringLiteral("actionEvaluateClassifier"));
        QVERIFY(action);
        action->trigger();
        auto windows = main.findChildren<EvaluateClassifierWindow *>();
        QCOMPARE(windows.size(), 1);
        QVERIFY(windows.first()->isVisible());
        QVERIFY(windows.first()->isWindow());
        action->trigger();
        QCOMPARE(main.findChildren<EvaluateClassifierWindow *>().size(), 1);
    }
};

QTEST_MAIN(TstEvaluateClassifierWindow)
#include "tst_evaluate_classifier_window.moc"
