// The training window: trains off the GUI thread with live chart updates,
// saves and registers the model, cancels, and is reachable from Tools.
#include "core/nn/onset_model_registry.h"
#include "core/nn/trained_onset_model.h"
#include "ui/panels/training_panel.h"

#include "panel_test_settings.h"

#include <QAction>
#include <QElapsedTimer>
#include <QMainWindow>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace mirlo;

class TstTrainingPanel : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    const QString m_data = QStringLiteral(MIRLO_SHARED_DATA "/onsets");

    static int points(const TrainingPanel &panel, const char *series)
    {
        return int(panel.chartPoints(QLatin1String(series)).size());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QVERIFY(useTemporarySettings(m_tmp, "tst_training_panel"));
    }

    void trainsInBackgroundAndRegistersModel()
    {
        TrainingPanel panel;
        panel.show();
        const QString out = m_tmp.filePath(QStringLiteral("model"));
        panel.setDataFolders({m_data});
        panel.setOutputFolder(out);
        panel.setEpochs(2);
        QSignalSpy finished(&panel, &TrainingPanel::trainingFinished);
        QSignalSpy trained(&panel, &TrainingPanel::modelTrained);
        QElapsedTimer t;
        t.start();
        panel.start();
        QVERIFY(t.elapsed() < 1000); // returns at once: the work runs in its own thread
        QVERIFY(panel.isTraining());
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 240000);
        QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
        QCOMPARE(trained.count(), 1);
        QCOMPARE(trained.at(0).at(0).toString(), out);
        QTRY_VERIFY(!panel.isTraining());

        QCOMPARE(points(panel, "train loss"), 2);
        QCOMPARE(points(panel, "validation loss"), 2);
        QCOMPARE(points(panel, "validation F"), 2);
        QVERIFY(points(panel, "train loss (steps)") >= 2);
        for (const QPointF &p : panel.chartPoints(QStringLiteral("validation F")))
            QVERIFY(p.y() >= 0.0 && p.y() <= 1.0);

        QVERIFY(registeredOnsetModelFolders().contains(QFileInfo(out).absoluteFilePath()));
        const QList<OnsetModelEntry> models = availableOnsetModels();
        QVERIFY(!models.isEmpty());
        QCOMPARE(models.first().folder, QFileInfo(out).absoluteFilePath());
        TrainedOnsetModel model;
        QString error;
        QVERIFY2(model.load(out, &error), qPrintable(error));
    }

    void cancelStopsTraining()
    {
        TrainingPanel panel;
        panel.setDataFolders({m_data});
        panel.setOutputFolder(m_tmp.filePath(QStringLiteral("cancelled")));
        panel.setEpochs(1000);
        QSignalSpy finished(&panel, &TrainingPanel::trainingFinished);
        panel.start();
        QTRY_VERIFY_WITH_TIMEOUT(points(panel, "train loss (steps)") > 0, 120000);
        panel.cancel();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 120000);
        QTRY_VERIFY(!panel.isTraining());
        QVERIFY(points(panel, "train loss") < 1000);
    }

    void toolsMenuOpensTheWindow()
    {
        QMainWindow window;
        TrainingPanel::installMenuAction(&window);
        QAction *action = window.findChild<QAction *>(QStringLiteral("actionTrainOnsetDetector"));
        QVERIFY(action);
        action->trigger();
        TrainingPanel *panel = window.findChild<TrainingPanel *>();
        QVERIFY(panel);
        QVERIFY(panel->isVisible());
        action->trigger(); // the same window again
        QCOMPARE(window.findChildren<TrainingPanel *>().size(), 1);
        bool toolsFound = false;
        for (QAction *a : window.menuBar()->actions())
            toolsFound |= a->menu() && a->menu()->objectName() == QLatin1String("toolsMenu");
        QVERIFY(toolsFound);
    }
};

QTEST_MAIN(TstTrainingPanel)
#include "tst_training_panel.moc"
