// The classifier training window: trains a tutorial CNN off the GUI thread on a
// class-folder data set with live curves, saves / registers a loadable model,
// shows the test split's report, cancels without tearing the model, keeps the
// event loop running, names a bad data path, and is reachable from Tools.
#include "core/model/tutorial_cnn_inference.h"
#include "core/tagging/classifier_registry.h"
#include "ui/mainwindow/main_window.h"
#include "ui/panels/classification_view.h"
#include "ui/panels/cnn_training_panel.h"
#include "ui/panels/tags_panel.h"

#include "panel_test_settings.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMainWindow>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace mirlo;

class TstCnnTrainingPanel : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_data; // <tmp>/data/{instrumental,vocal}/ with 4 clips each
    static constexpr int kFilesPerClass = 4;
    static constexpr int kPatchesPerFile = 2;

    static int points(const CnnTrainingPanel &panel, const char *series)
    {
        return int(panel.chartPoints(QLatin1String(series)).size());
    }

    // The "training" summary the trainer wrote to model.json (independently of the GUI).
    static QJsonObject savedTraining(const QString &folder)
    {
        QFile f(QDir(folder).filePath(QStringLiteral("model.json")));
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("training")).toObject();
    }
    static int savedTestCount(const QString &folder)
    {
        return savedTraining(folder).value(QStringLiteral("split")).toObject().value(QStringLiteral("test")).toInt(-1);
    }

    void configure(CnnTrainingPanel &panel, const QString &out, int epochs)
    {
        panel.setCacheFolder(m_tmp.filePath(QStringLiteral("cache")));
        QSignalSpy loaded(&panel, &CnnTrainingPanel::datasetLoaded);
        panel.setDataPath(m_data);
        QVERIFY(loaded.wait(20000));
        QVERIFY(loaded.at(0).at(0).toBool());
        panel.setPreset(QStringLiteral("instrumental_vocal_b"));
        panel.setEpochs(epochs);
        panel.setBatchSize(4);
        panel.setPatchesPerFile(kPatchesPerFile);
        panel.setSeed(3);
        panel.setOutputFolder(out);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QVERIFY(useTemporarySettings(m_tmp, "tst_cnn_training_panel"));
        // Only the audio: the vocal folder also holds .lab annotation files.
        m_data = m_tmp.filePath(QStringLiteral("data"));
        for (const char *cls : {"instrumental", "vocal"}) {
            const QDir src(QStringLiteral(MIRLO_SHARED_DATA "/") + QLatin1String(cls));
            const QStringList clips = src.entryList({QStringLiteral("*.ogg")}, QDir::Files, QDir::Name);
            QVERIFY(clips.size() >= kFilesPerClass);
            QVERIFY(QDir().mkpath(m_data + QLatin1Char('/') + QLatin1String(cls)));
            for (int i = 0; i < kFilesPerClass; ++i)
                QVERIFY(QFile::link(src.filePath(clips[i]),
                                    QStringLiteral("%1/%2/%3").arg(m_data, QLatin1String(cls), clips[i])));
        }
    }

    void dataSummaryAndPreset()
    {
        CnnTrainingPanel panel;
        QSignalSpy loaded(&panel, &CnnTrainingPanel::datasetLoaded);
        panel.setDataPath(m_data);
        QVERIFY(loaded.wait(20000));
        QVERIFY(loaded.at(0).at(0).toBool());
        QVERIFY2(panel.dataSummary().contains(QStringLiteral("instrumental 4")), qPrintable(panel.dataSummary()));
        QVERIFY(panel.dataSummary().contains(QStringLiteral("vocal 4")));
        // Two single-label classes: the binary task and its preset (TUTORIAL.md 2.2, model A).
        QCOMPARE(panel.task(), ClassificationTask::Binary);
        QCOMPARE(panel.preset(), QStringLiteral("instrumental_vocal"));
        QVERIFY2(panel.presetSummary().contains(QStringLiteral("6,230,689")), qPrintable(panel.presetSummary()));
        QVERIFY(panel.presetSummary().contains(QStringLiteral("SGD")));
        // Multi-label does not fit two single-label classes: the error is shown, Start stays off.
        panel.setTask(ClassificationTask::MultiLabel);
        QCOMPARE(panel.preset(), QStringLiteral("compact_cnn_mood"));
        QVERIFY(panel.presetSummary().contains(QStringLiteral("not multilabel")));
        bool anyStartEnabled = false;
        for (QPushButton *b : panel.findChildren<QPushButton *>())
            anyStartEnabled |= b->text() == QLatin1String("Start") && b->isEnabled();
        QVERIFY(!anyStartEnabled);
        // A two-way softmax is allowed for two classes: 129 * 2 output parameters more than 1 output.
        panel.setTask(ClassificationTask::MultiClass);
        QCOMPARE(panel.preset(), QStringLiteral("compact_cnn_genre"));
        QVERIFY2(panel.presetSummary().contains(QStringLiteral("106,242")), qPrintable(panel.presetSummary()));
    }

    void missingListedFileIsNamedWhenChosen()
    {
        // A file,label CSV naming a file that is not there: the summary says which one as soon as
        // the source is chosen (training would otherwise fail only after the other files' features).
        const QString missing = m_tmp.filePath(QStringLiteral("gone/not_here.ogg"));
        const QString csv = m_tmp.filePath(QStringLiteral("one_missing.csv"));
        {
            QFile f(csv);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QStringLiteral("file,label\n%1,vocal\n%2,instrumental\n%3,vocal\n")
                        .arg(QStringLiteral(MIRLO_SHARED_DATA "/vocal/vocal_synth02_ballad_76bpm.ogg"),
                             QStringLiteral(MIRLO_SHARED_DATA "/instrumental/inst_synth01_pop_92bpm.ogg"), missing)
                        .toUtf8());
        }
        CnnTrainingPanel panel;
        QSignalSpy loaded(&panel, &CnnTrainingPanel::datasetLoaded);
        panel.setDataPath(csv);
        QVERIFY(loaded.wait(20000));
        QVERIFY(loaded.at(0).at(0).toBool());
        QVERIFY2(panel.dataSummary().contains(QDir::toNativeSeparators(missing)), qPrintable(panel.dataSummary()));
        QVERIFY2(panel.dataSummary().contains(QStringLiteral("not there")), qPrintable(panel.dataSummary()));

        // The shared labels.csv (relative paths, all present): no such line.
        panel.setDataPath(QStringLiteral(MIRLO_SHARED_DATA "/labels.csv"));
        QVERIFY(loaded.wait(20000));
        QVERIFY(loaded.at(1).at(0).toBool());
        QVERIFY2(panel.dataSummary().contains(QStringLiteral("instrumental 10")), qPrintable(panel.dataSummary()));
        QVERIFY2(!panel.dataSummary().contains(QStringLiteral("not there")), qPrintable(panel.dataSummary()));
    }

    void labelMatrixSummary()
    {
        // The tutorial's label files (TUTORIAL.md 2.2, 2.5): 1,680 clips, 420 instrumental / 1,260 vocal;
        // 719 mood clips, loud 209, quiet 177, soft 200, strange 120, multi-label.
        CnnTrainingPanel panel;
        QSignalSpy loaded(&panel, &CnnTrainingPanel::datasetLoaded);
        // A path replaced while its scan runs is dropped: only the last one is reported.
        panel.setDataPath(m_tmp.filePath(QStringLiteral("missing.csv")));
        panel.setDataPath(
            QStringLiteral(MIRLO_SHARED_DATA "/mtat/ismir2018_tut_part_1_instrumental_labels_subset_w_clipid.csv"));
        QVERIFY(loaded.wait(20000));
        QTest::qWait(200);
        QCOMPARE(loaded.count(), 1);
        QVERIFY(loaded.at(0).at(0).toBool());
        QVERIFY2(panel.dataSummary().startsWith(QStringLiteral("1680 item(s), 2 classes")),
                 qPrintable(panel.dataSummary()));
        QVERIFY(panel.dataSummary().contains(QStringLiteral("instrumental 420")));
        QVERIFY(panel.dataSummary().contains(QStringLiteral("not_instrumental 1260")));
        QCOMPARE(panel.task(), ClassificationTask::Binary);

        panel.setDataPath(
            QStringLiteral(MIRLO_SHARED_DATA "/mtat/ismir2018_tut_part_1_moods_labels_subset_w_clipid.csv"));
        QVERIFY(loaded.wait(20000));
        QVERIFY(loaded.at(1).at(0).toBool());
        QVERIFY2(panel.dataSummary().contains(QStringLiteral("719 item(s), 4 classes (multi-label)")),
                 qPrintable(panel.dataSummary()));
        for (const char *count : {"loud 209", "quiet 177", "soft 200", "strange 120"})
            QVERIFY(panel.dataSummary().contains(QLatin1String(count)));
        QCOMPARE(panel.task(), ClassificationTask::MultiLabel);
        QCOMPARE(panel.preset(), QStringLiteral("compact_cnn_mood"));
        QVERIFY2(panel.presetSummary().contains(QStringLiteral("106,500")), qPrintable(panel.presetSummary()));
    }

    void trainsInBackgroundSavesAndEvaluates()
    {
        CnnTrainingPanel panel;
        panel.resize(1100, 780);
        panel.show();
        const QString out = m_tmp.filePath(QStringLiteral("model"));
        configure(panel, out, 2);
        QSignalSpy finished(&panel, &CnnTrainingPanel::trainingFinished);
        QSignalSpy trained(&panel, &CnnTrainingPanel::modelTrained);
        QSignalSpy features(&panel, &CnnTrainingPanel::featuresReady);
        QElapsedTimer t;
        t.start();
        panel.start();
        QVERIFY(t.elapsed() < 1000); // returns at once: the work runs in its own thread
        QVERIFY(panel.isTraining());
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 300000);
        QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
        QTRY_VERIFY(!panel.isTraining());
        QCOMPARE(trained.count(), 1);
        QCOMPARE(trained.at(0).at(0).toString(), QFileInfo(out).absoluteFilePath());
        // 20 s clips hold two 5.12 s patches (80 frames x hop 1024 at 16 kHz); the fresh cache computes all files.
        QCOMPARE(features.count(), 1);
        QCOMPARE(features.at(0).at(0).toInt(), 2 * kFilesPerClass * kPatchesPerFile);
        QCOMPARE(features.at(0).at(1).toInt(), 2 * kFilesPerClass);
        QCOMPARE(features.at(0).at(2).toInt(), 0);
        QCOMPARE(features.at(0).at(3).toInt(), 2 * kFilesPerClass);
        QVERIFY(panel.statusText().contains(QStringLiteral("best epoch")));

        QCOMPARE(points(panel, "train loss"), 2);
        QVERIFY(points(panel, "train loss (steps)") >= 2);
        QCOMPARE(points(panel, "best"), 1);
        for (const QPointF &p : panel.chartPoints(QStringLiteral("train loss (steps)")))
            QVERIFY(std::isfinite(p.y()) && p.y() >= 0.0 && p.x() > 0.0 && p.x() <= 2.0);
        // Validation curves: one point per epoch when the split has a validation subset.
        QCOMPARE(points(panel, "validation loss"), 2);
        QCOMPARE(points(panel, "validation accuracy"), 2);
        for (const QPointF &p : panel.chartPoints(QStringLiteral("validation accuracy")))
            QVERIFY(p.y() >= 0.0 && p.y() <= 1.0);

        // The saved model loads torch-free and gives probabilities.
        QString error;
        auto model = TutorialCnnInference::load(out, &error);
        QVERIFY2(model, qPrintable(error));
        QCOMPARE(model->spec().name, QStringLiteral("instrumental_vocal_b"));
        QCOMPARE(model->spec().outputCount(), 1);
        // One sigmoid output for "instrumental"; the other class is kept so the Tags panel can name it.
        QCOMPARE(model->spec().labels, QStringList{QStringLiteral("instrumental")});
        QCOMPARE(model->spec().negativeLabel, QStringLiteral("vocal"));
        QVERIFY(model->hasScaler());
        const std::vector<float> p = model->predict(std::vector<float>(80 * 80, -30.0f));
        QCOMPARE(int(p.size()), 1);
        QVERIFY(p[0] >= 0.0f && p[0] <= 1.0f);
        QVERIFY(registeredClassifierFolders().contains(QFileInfo(out).absoluteFilePath()));

        // The evaluation tab: the saved model's test patches.
        const int testCount = savedTestCount(out);
        QVERIFY(testCount > 0);
        QCOMPARE(panel.tabs()->currentWidget(), static_cast<QWidget *>(panel.evaluationView()));
        const ClassificationReport &report = panel.evaluationView()->report();
        QCOMPARE(report.items, testCount);
        QCOMPARE(report.task, ClassificationTask::Binary);
        QCOMPARE(int(report.classes.size()), 2);
        int support = 0;
        for (const ClassMetrics &c : report.classes)
            support += c.support;
        QCOMPARE(support, testCount);

        if (qEnvironmentVariableIsSet("MIRLO_SCREENSHOT_DIR")) {
            const QString dir = qEnvironmentVariable("MIRLO_SCREENSHOT_DIR");
            QVERIFY(panel.grab().save(dir + QStringLiteral("/cnn_training_evaluation.png")));
            panel.tabs()->setCurrentIndex(0);
            QVERIFY(panel.grab().save(dir + QStringLiteral("/cnn_training_curves.png")));
        }
    }

    void tutorialProtocolReachesTheTrainer()
    {
        CnnTrainingPanel panel;
        const QString out = m_tmp.filePath(QStringLiteral("protocol"));
        configure(panel, out, 1);
        panel.setTutorialProtocol(true);
        QSignalSpy finished(&panel, &CnnTrainingPanel::trainingFinished);
        QSignalSpy features(&panel, &CnnTrainingPanel::featuresReady);
        panel.start();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 300000);
        QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
        // Second run on the same files and recipe: every file comes from the feature cache.
        QCOMPARE(features.count(), 1);
        QCOMPARE(features.at(0).at(2).toInt(), 2 * kFilesPerClass);
        QCOMPARE(features.at(0).at(3).toInt(), 0);
        QCOMPARE(savedTraining(out).value(QStringLiteral("protocol")).toString(), QStringLiteral("tutorial"));
        // The instrumental presets train without validation in the tutorial (TUTORIAL.md 2.2).
        QCOMPARE(points(panel, "train loss"), 1);
        QCOMPARE(points(panel, "validation loss"), 0);
        QCOMPARE(points(panel, "validation accuracy"), 0);
        QCOMPARE(panel.evaluationView()->report().items, savedTestCount(out));
    }

    // One damaged file among the clips: by default the run stops and names it; with
    // "Skip files that cannot be decoded" it trains on the others and warns about it.
    void damagedFileStopsOrIsSkipped()
    {
        const QString data = m_tmp.filePath(QStringLiteral("data_damaged"));
        QVERIFY(QDir().mkpath(data));
        for (const char *cls : {"instrumental", "vocal"}) {
            const QString dst = data + QLatin1Char('/') + QLatin1String(cls);
            QVERIFY(QDir().mkpath(dst));
            const QDir src(m_data + QLatin1Char('/') + QLatin1String(cls));
            for (const QString &clip : src.entryList(QDir::Files))
                QVERIFY(QFile::link(QFileInfo(src.filePath(clip)).symLinkTarget(), dst + QLatin1Char('/') + clip));
        }
        QFile junk(data + QStringLiteral("/vocal/damaged.ogg"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write(QByteArray(4096, 'x'));
        junk.close();
        for (const bool skip : {false, true}) {
            CnnTrainingPanel panel;
            panel.setCacheFolder(m_tmp.filePath(QStringLiteral("cache")));
            QSignalSpy loaded(&panel, &CnnTrainingPanel::datasetLoaded);
            panel.setDataPath(data);
            QVERIFY(loaded.wait(20000));
            panel.setPreset(QStringLiteral("instrumental_vocal_b"));
            panel.setEpochs(1);
            panel.setBatchSize(4);
            panel.setSeed(3);
            panel.setSkipBadFiles(skip);
            panel.setOutputFolder(m_tmp.filePath(skip ? QStringLiteral("skipped") : QStringLiteral("stopped")));
            QSignalSpy finished(&panel, &CnnTrainingPanel::trainingFinished);
            panel.start();
            QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 300000);
            QCOMPARE(finished.at(0).at(0).toBool(), skip);
            const QString said = finished.at(0).at(1).toString() + panel.statusText();
            QVERIFY2(said.contains(QStringLiteral("damaged.ogg")), qPrintable(said));
        }
    }

    void cancelKeepsGuiResponsiveAndModelWhole()
    {
        CnnTrainingPanel panel;
        panel.show();
        const QString out = m_tmp.filePath(QStringLiteral("cancelled"));
        configure(panel, out, 1000);
        QSignalSpy finished(&panel, &CnnTrainingPanel::trainingFinished);
        QSignalSpy trained(&panel, &CnnTrainingPanel::modelTrained);
        // A 20 ms timer measures how long the event loop ever stalls while training runs.
        QElapsedTimer gap;
        qint64 worstGap = 0;
        QTimer ticker;
        ticker.setInterval(20);
        connect(&ticker, &QTimer::timeout, this, [&] { worstGap = std::max(worstGap, gap.restart()); });
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QTest::qWait(300); // the first paint of the window is not part of the measurement
        gap.start();       // start() itself counts: it must return at once
        ticker.start();
        panel.start();
        QTRY_VERIFY_WITH_TIMEOUT(points(panel, "train loss") >= 2, 300000);
        ticker.stop();
        qInfo("longest event-loop gap while training: %lld ms", worstGap);
        if (qEnvironmentVariableIsSet("MIRLO_SCREENSHOT_DIR"))
            QVERIFY(panel.grab().save(qEnvironmentVariable("MIRLO_SCREENSHOT_DIR") +
                                      QStringLiteral("/cnn_training_running.png")));
        QVERIFY2(worstGap < 250, qPrintable(QStringLiteral("event loop stalled %1 ms").arg(worstGap)));
        QElapsedTimer c;
        c.start();
        panel.cancel();
        QVERIFY(c.elapsed() < 100); // cancel only sets a flag
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 60000);
        QTRY_VERIFY(!panel.isTraining());
        QVERIFY(!finished.at(0).at(0).toBool());
        QVERIFY(points(panel, "train loss") < 1000);
        QVERIFY(panel.statusText().contains(QStringLiteral("Cancelled")));
        // The best epoch so far is a whole, loadable model folder.
        QString error;
        QVERIFY2(TutorialCnnInference::load(out, &error), qPrintable(error));
        QCOMPARE(trained.count(), 1);
    }

    void closingCancelsAndDestructorJoins()
    {
        {
            CnnTrainingPanel panel;
            panel.show();
            configure(panel, m_tmp.filePath(QStringLiteral("closed")), 1000);
            QSignalSpy finished(&panel, &CnnTrainingPanel::trainingFinished);
            panel.start();
            QTRY_VERIFY_WITH_TIMEOUT(points(panel, "train loss") >= 1, 300000);
            panel.close(); // hides the window and cancels; the run ends on its own
            QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 60000);
            QTRY_VERIFY(!panel.isTraining());
            QVERIFY(!finished.at(0).at(0).toBool());
        }
        // Deleting the window mid-run cancels and joins in the destructor; nothing is posted to it afterwards.
        auto *panel = new CnnTrainingPanel;
        configure(*panel, m_tmp.filePath(QStringLiteral("deleted")), 1000);
        panel->start();
        QTRY_VERIFY_WITH_TIMEOUT(points(*panel, "train loss (steps)") >= 1, 300000);
        QElapsedTimer t;
        t.start();
        delete panel;
        QVERIFY(t.elapsed() < 30000);
        QTest::qWait(100); // queued calls of the ended run must not reach the deleted window
    }

    void badDataPathIsNamed()
    {
        CnnTrainingPanel panel;
        const QString bad = m_tmp.filePath(QStringLiteral("no-such-folder"));
        QSignalSpy loaded(&panel, &CnnTrainingPanel::datasetLoaded);
        panel.setDataPath(bad);
        QVERIFY(loaded.wait(20000));
        QVERIFY(!loaded.at(0).at(0).toBool());
        QVERIFY2(panel.dataSummary().contains(bad), qPrintable(panel.dataSummary()));
        // Starting anyway (e.g. the path was typed) fails in the worker with the same message.
        QSignalSpy finished(&panel, &CnnTrainingPanel::trainingFinished);
        panel.setOutputFolder(m_tmp.filePath(QStringLiteral("bad-model")));
        panel.start();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 20000);
        QVERIFY(!finished.at(0).at(0).toBool());
        QVERIFY2(finished.at(0).at(1).toString().contains(bad), qPrintable(finished.at(0).at(1).toString()));
        QVERIFY(!QFileInfo::exists(m_tmp.filePath(QStringLiteral("bad-model"))));
    }

    void toolsMenuOpensTheWindow()
    {
        QMainWindow window;
        QStringList added;
        CnnTrainingPanel::installMenuAction(&window, [&](const QString &folder, const QString &) { added << folder; });
        QAction *action = window.findChild<QAction *>(QStringLiteral("actionTrainClassifier"));
        QVERIFY(action);
        action->trigger();
        CnnTrainingPanel *panel = window.findChild<CnnTrainingPanel *>();
        QVERIFY(panel);
        QVERIFY(panel->isVisible());
        action->trigger(); // the same window again
        QCOMPARE(window.findChildren<CnnTrainingPanel *>().size(), 1);
        Q_EMIT panel->modelTrained(QStringLiteral("/models/x"), QStringLiteral("x"));
        QCOMPARE(added, QStringList{QStringLiteral("/models/x")}); // connected once
    }

    void mainWindowOffersTheTrainedModelInTheTagsPanel()
    {
        // The model trained by trainsInBackgroundSavesAndEvaluates, announced through the real menu wiring.
        const QString folder = QFileInfo(m_tmp.filePath(QStringLiteral("model"))).absoluteFilePath();
        QVERIFY(QFileInfo::exists(folder + QStringLiteral("/model.json")));
        unregisterClassifier(folder); // else the window lists it from the registry at start
        MainWindow w;
        QAction *action = w.findChild<QAction *>(QStringLiteral("actionTrainClassifier"));
        QVERIFY(action);
        action->trigger();
        auto *panel = w.findChild<CnnTrainingPanel *>();
        QVERIFY(panel);
        QVERIFY(w.tagsPanel()->modelBox()->findData(folder) < 0);
        Q_EMIT panel->modelTrained(folder, QStringLiteral("model"));
        QVERIFY(w.tagsPanel()->modelBox()->findData(folder) >= 0);
        QVERIFY(registeredClassifierFolders().contains(folder));
        panel->close();
    }
};

QTEST_MAIN(TstCnnTrainingPanel)
#include "tst_cnn_training_panel.moc"
