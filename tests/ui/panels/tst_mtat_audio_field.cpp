// The "Audio folder" row of the training window and the Evaluate Classifier window
// (offscreen) on a mini MTAT tree (tests/core/datasets/mini_mtat_tree.h: 3 instrumental + 3
// vocal shared clips keyed by clip_id, one listed clip without audio):
// * hidden for class folders, shown for a label matrix; without a folder the summary asks for
//   it and Start / Evaluate refuse; with it the 6 clips are found (the missing one named);
// * annotations_final.csv shows the ground-truth picker too;
// * evaluating a constant "instrumental" model on the label matrix scores the 6 clips:
//   accuracy 3/6 and the confusion column of "instrumental" = the true counts (3, 3).
#include "../../core/datasets/mini_mtat_tree.h"
#include "../../core/tagging/tiny_cnn_models.h"
#include "panel_test_settings.h"

#include "ui/panels/classification_view.h"
#include "ui/panels/cnn_training_panel.h"
#include "ui/panels/evaluate_classifier_window.h"
#include "ui/panels/mtat_audio_field.h"
#include "ui/widgets/confusion_matrix_widget.h"
#include "ui/widgets/message_bar.h"

#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace mirlo;

namespace {

bool startEnabled(const QWidget &w)
{
    for (const QPushButton *b : w.findChildren<QPushButton *>())
        if (b->text() == QLatin1String("Start"))
            return b->isEnabled();
    return false;
}

} // namespace

class TestMtatAudioField : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    test::MiniMtat m_mini;
    QString m_folders;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QVERIFY(useTemporarySettings(m_tmp, "tst_mtat_audio_field"));
        qputenv("MIRLO_CACHE_DIR", m_tmp.filePath(QStringLiteral("cache")).toUtf8());
        QVERIFY(test::writeMiniMtat(m_tmp.filePath(QStringLiteral("mini")), m_mini, 3));
        QCOMPARE(m_mini.present, 6);
        m_folders = m_tmp.filePath(QStringLiteral("folders"));
        QVERIFY(QDir().mkpath(m_folders + QStringLiteral("/a")) && QDir().mkpath(m_folders + QStringLiteral("/b")));
        QVERIFY(QFile::copy(QStringLiteral(MIRLO_SHARED_DATA "/formats/clip_16k_s16_mono.wav"),
                            m_folders + QStringLiteral("/a/x.wav")));
        QVERIFY(QFile::copy(QStringLiteral(MIRLO_SHARED_DATA "/formats/clip_16k_s16_mono.wav"),
                            m_folders + QStringLiteral("/b/y.wav")));
    }

    void trainingWindow()
    {
        CnnTrainingPanel panel;
        panel.setCacheFolder(m_tmp.filePath(QStringLiteral("cache")));
        MtatAudioField *field = panel.audioField();
        QSignalSpy loaded(&panel, &CnnTrainingPanel::datasetLoaded);
        panel.setDataPath(m_folders);
        QVERIFY(loaded.wait(20000));
        QVERIFY(!field->isVisibleTo(&panel));
        QVERIFY(startEnabled(panel));

        loaded.clear();
        panel.setDataPath(m_mini.labels);
        QVERIFY(loaded.wait(20000));
        QVERIFY(field->isVisibleTo(&panel));
        QVERIFY(!field->findChild<QComboBox *>(QStringLiteral("groundTruth"))->isVisibleTo(&panel));
        QVERIFY2(panel.dataSummary().startsWith(QStringLiteral("7 item(s)")), qPrintable(panel.dataSummary()));
        QVERIFY2(panel.dataSummary().contains(QStringLiteral("Audio folder")), qPrintable(panel.dataSummary()));
        QVERIFY(!startEnabled(panel));

        loaded.clear();
        field->setAudioRoot(m_mini.root); // rescans with the folder
        QVERIFY(loaded.wait(20000));
        QVERIFY(loaded.at(0).at(0).toBool());
        const QString summary = panel.dataSummary();
        QVERIFY2(summary.startsWith(QStringLiteral("6 item(s)")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("instrumental 3")) && summary.contains(QStringLiteral("1 of 7 clips")) &&
                     summary.contains(QStringLiteral("999 (f/absent-clip-01-x-0-29.mp3)")),
                 qPrintable(summary));
        QVERIFY(startEnabled(panel));

        // Back to class folders: the row hides again.
        loaded.clear();
        panel.setDataPath(m_folders);
        QVERIFY(loaded.wait(20000));
        QVERIFY(!field->isVisibleTo(&panel));
    }

    void annotationsShowGroundTruth()
    {
        // A two-clip annotations_final.csv (tab-separated, clip_id first, mp3_path last).
        const QString ann = m_tmp.filePath(QStringLiteral("ann/annotations_final.csv"));
        QVERIFY(QDir().mkpath(QFileInfo(ann).absolutePath()));
        QFile f(ann);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("clip_id\tno vocals\tsinging\tsinger\tvocal\tchant\tmp3_path\n2\t1\t0\t0\t0\t0\t0/a.mp3\n"
                "6\t0\t1\t0\t0\t0\t0/b.mp3\n");
        f.close();
        CnnTrainingPanel panel;
        QSignalSpy loaded(&panel, &CnnTrainingPanel::datasetLoaded);
        panel.setDataPath(ann);
        QVERIFY(loaded.wait(20000));
        MtatAudioField *field = panel.audioField();
        QVERIFY(field->isVisibleTo(&panel));
        QVERIFY(field->findChild<QComboBox *>(QStringLiteral("groundTruth"))->isVisibleTo(&panel));
    }

    void evaluateWindow()
    {
        const QString model = m_tmp.filePath(QStringLiteral("model"));
        // Always "instrumental" (larger bias).
        QVERIFY(test::writeConstantSoftmaxModel(
            model, {QStringLiteral("not_instrumental"), QStringLiteral("instrumental")}, {0.0f, 2.0f}));
        EvaluateClassifierWindow w;
        MtatAudioField *field = w.audioField();
        field->setAudioRoot(QString());
        w.setModel(model);
        QVERIFY(w.setDataPath(m_mini.labels));
        QVERIFY(field->isVisibleTo(&w));
        QVERIFY(w.dataset().rowKeys);
        QSignalSpy finished(&w, &EvaluateClassifierWindow::evaluationFinished);
        w.evaluate(); // refused: no audio folder
        QCOMPARE(finished.count(), 1);
        QVERIFY(!finished.first().at(0).toBool());
        QVERIFY(!w.isRunning());

        field->setAudioRoot(m_mini.root); // reloads the data
        QVERIFY(!w.dataset().rowKeys);
        QCOMPARE(int(w.dataset().items.size()), 6);
        for (const DatasetItem &it : w.dataset().items)
            QVERIFY2(it.path.startsWith(m_mini.root) && QFileInfo(it.path).isFile(), qPrintable(it.path));
        QVERIFY(w.messages()->count() > 0); // the clip without audio

        finished.clear();
        w.evaluate();
        QVERIFY(finished.wait(120000));
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        const ClassificationReport &r = w.view()->report();
        QCOMPARE(r.items, 6);
        QCOMPARE(r.accuracy, 0.5);
        const ConfusionMatrixWidget *cm = w.view()->confusionMatrix();
        const int instrumental = int(cm->classNames().indexOf(QStringLiteral("instrumental")));
        QVERIFY(instrumental >= 0);
        for (int t = 0; t < 2; ++t)
            QCOMPARE(cm->count(t, instrumental), 3);
    }
};

QTEST_MAIN(TestMtatAudioField)
#include "tst_mtat_audio_field.moc"
