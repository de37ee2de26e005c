// The Tags panel's model picker with tutorial CNN folders, as a user drives
// it: a registered tutorial model is listed under "Tutorial models", choosing
// it tags the open track through the same job / cache path as the MTAT
// taggers (chart rows = its labels with core's track values, timeline lane =
// its patches), it can be compared with an MTAT tagger, the choice persists,
// a model from the training window appears at once, and a broken folder gives
// an error naming it while the app keeps working. The model is the tiny
// mean-of-patch network of tests/core/tagging/tutorial_cnn_fixture.h; settings
// live in a temporary folder.
#include "core/model/tutorial_cnn_inference.h"
#include "core/tagging/classifier_registry.h"
#include "core/tagging/tutorial_cnn_tagging.h"
#include "ui/analysis/tagging_controller.h"
#include "ui/mainwindow/main_window.h"
#include "ui/panels/tags_panel.h"
#include "ui/views/tag_timeline_lane.h"
#include "ui/views/track_detail_view.h"
#include "ui/widgets/message_bar.h"

#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include "../../core/tagging/tutorial_cnn_fixture.h"
#include "../../core/test_settings.h"
#include "analysis_test_util.h"

#include <cmath>

using namespace mirlo;

namespace {

const QString kTrack = QStringLiteral(MIRLO_SHARED_DATA "/vocal/vocal_sectoid_feelings_guitar_090-110s.ogg");

bool anyLabelContains(const QWidget *root, const QString &text)
{
    for (const QLabel *l : root->findChildren<QLabel *>())
        if (l->text().contains(text))
            return true;
    return false;
}

} // namespace

class TestTagsPanelModels : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_model;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QVERIFY(test::useTemporarySettings(m_tmp.filePath(QStringLiteral("settings")),
                                           QStringLiteral("tst_tags_panel_models")));
        m_model = QFileInfo(m_tmp.filePath(QStringLiteral("voice_probe"))).absoluteFilePath();
        QVERIFY(test::writeTinyTutorialCnn(m_model, {QStringLiteral("instrumental")}));
        if (!QFileInfo::exists(kTrack))
            QSKIP("shared test audio not available");
    }

    void tutorialModelTagsTheTrack()
    {
        QString error;
        QVERIFY2(registerClassifier(m_model, &error), qPrintable(error));
        MainWindow w;
        TagsPanel *panel = w.tagsPanel();
        // Listed under its group header, after the built-in taggers.
        QCOMPARE(panel->modelGroup(m_model), TagsPanel::tutorialGroupTitle());
        QComboBox *box = panel->modelBox();
        const int header = box->findText(TagsPanel::tutorialGroupTitle());
        const int item = box->findData(m_model);
        QVERIFY(header >= 0);
        QVERIFY(item > header);
        QVERIFY(box->findData(QStringLiteral("crnn_mtat")) < header);
        QCOMPARE(box->itemText(item), QStringLiteral("voice_probe"));
        QVERIFY(!(box->model()->flags(box->model()->index(header, 0)) & Qt::ItemIsEnabled)); // not selectable
        QCOMPARE(panel->modelGroup(QStringLiteral("musicnn_mtat")).isEmpty(), false);
        QVERIFY(panel->modelGroup(QStringLiteral("musicnn_mtat")) != TagsPanel::tutorialGroupTitle());
        QVERIFY(panel->compareBox()->findData(m_model) >= 0);

        QVERIFY(test::showTagsDock(w));
        w.openPaths({kTrack});
        QTRY_VERIFY_WITH_TIMEOUT(w.tagging()->primaryResult() != nullptr, 60000); // musicnn, the default
        panel->setModel(m_model);
        QCOMPARE(w.tagging()->primaryModel(), m_model);
        QTRY_VERIFY_WITH_TIMEOUT(w.tagging()->primaryResult() != nullptr, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(!w.tagging()->isRunning(), 60000);

        // The chart shows the model's single label with core's track value.
        const auto net = TutorialCnnInference::load(m_model, &error);
        QVERIFY2(net, qPrintable(error));
        const TrackTags core = tagFileWithTutorialCnn(*net, kTrack);
        QVERIFY2(core.ok, qPrintable(core.error));
        const auto rows = panel->chart()->rows();
        QCOMPARE(int(rows.size()), 1);
        QCOMPARE(rows[0].tag, QStringLiteral("instrumental"));
        QVERIFY(std::abs(rows[0].primary - core.track[0]) <= 1e-6f);
        QVERIFY(rows[0].primary > 0.0f && rows[0].primary < 1.0f);
        // The timeline lane: one column per 0.256 s patch at its true time.
        TagTimelineLane *lane = w.detailView()->tagTimelineLane();
        QTRY_VERIFY(lane->isVisible());
        QCOMPARE(lane->columnCount(), int(core.chunks.size()));
        QVERIFY(lane->columnCount() > 70); // ~20 s of 0.256 s patches
        QCOMPARE(lane->rowTags(), QStringList({QStringLiteral("instrumental")}));
        QVERIFY(std::abs(lane->chunkStart(3) - 3 * 4096 / 16000.0) < 1e-9);
        QVERIFY(std::abs(lane->chunkEnd(3) - 4 * 4096 / 16000.0) < 1e-9);
        QVERIFY(std::abs(lane->value(0, 5) - core.chunks[5][0]) <= 1e-6f);
        const QString status = QStringLiteral("%1 patches of 0.26 s, averaged").arg(core.chunks.size());
        QVERIFY2(anyLabelContains(panel, status), qPrintable(status));

        // Compared with an MTAT tagger: paired rows, the union of both top-k lists.
        panel->setCompareModel(QStringLiteral("fcn_mtat"));
        QTRY_VERIFY_WITH_TIMEOUT(w.tagging()->compareResult() != nullptr, 60000);
        QTRY_VERIFY(panel->chart()->paired());
        const auto pairs = panel->chart()->rows();
        QCOMPARE(int(pairs.size()), 1 + panel->topK()); // "instrumental" is not an MTAT tag
        int both = 0;
        for (const auto &r : pairs)
            both += !std::isnan(r.primary) && !std::isnan(r.compare);
        QCOMPARE(both, 0);
        QCOMPARE(lane->rowTags(), QStringList({QStringLiteral("instrumental")})); // the lane stays with the primary
        panel->setCompareModel(QString());

        // Retrained into the same folder (the training window saves there again): tagged again.
        const TrackTagsPtr old = w.tagging()->primaryResult();
        QVERIFY(test::writeTinyTutorialCnn(m_model, {QStringLiteral("instrumental"), QStringLiteral("vocal")}));
        QVERIFY(w.addTrainedClassifier(m_model));
        QTRY_VERIFY_WITH_TIMEOUT(w.tagging()->primaryResult() && w.tagging()->primaryResult() != old, 60000);
        QTRY_VERIFY(panel->chart()->rows().size() == 2);
        QCOMPARE(w.tagging()->primaryResult()->tags,
                 QStringList({QStringLiteral("instrumental"), QStringLiteral("vocal")}));

        // The choice persists: a new window starts with the tutorial model.
        MainWindow again;
        QCOMPARE(again.tagsPanel()->model(), m_model);
        QCOMPARE(again.tagging()->primaryModel(), m_model);
    }

    void trainedModelAppearsAtOnce()
    {
        MainWindow w;
        const QString fresh = QFileInfo(m_tmp.filePath(QStringLiteral("fresh_model"))).absoluteFilePath();
        QVERIFY(test::writeTinyTutorialCnn(fresh, {QStringLiteral("vocal"), QStringLiteral("instrumental")},
                                           QStringLiteral("Fresh vocal model")));
        const QString before = w.tagsPanel()->model();
        QVERIFY(w.tagsPanel()->modelBox()->findData(fresh) < 0);
        QVERIFY(w.addTrainedClassifier(fresh));
        const int i = w.tagsPanel()->modelBox()->findData(fresh);
        QVERIFY(i >= 0);
        QCOMPARE(w.tagsPanel()->modelBox()->itemText(i), QStringLiteral("Fresh vocal model"));
        QCOMPARE(w.tagsPanel()->modelGroup(fresh), TagsPanel::tutorialGroupTitle());
        QCOMPARE(w.tagsPanel()->model(), before); // listed, not switched to
        QVERIFY(registeredClassifierFolders().contains(fresh));
    }

    void brokenFolderNamesItAndAppKeepsWorking()
    {
        const QString broken = QFileInfo(m_tmp.filePath(QStringLiteral("broken_model"))).absoluteFilePath();
        QVERIFY(test::writeTinyTutorialCnn(broken, {QStringLiteral("vocal")}));
        QFile weights(broken + QStringLiteral("/weights.safetensors"));
        QVERIFY(weights.open(QIODevice::ReadWrite));
        QVERIFY(weights.resize(30));
        weights.close();

        MainWindow w;
        QVERIFY(test::showTagsDock(w));
        QVERIFY(!w.loadTagger(broken));
        QVERIFY(w.tagsPanel()->modelBox()->findData(broken) < 0);
        QVERIFY(!registeredClassifierFolders().contains(broken));
        QVERIFY(anyLabelContains(w.messageBar(), QStringLiteral("broken_model")));
        QVERIFY(anyLabelContains(w.tagsPanel(), QStringLiteral("broken_model")));
        // Not a model at all.
        QVERIFY(!w.loadTagger(m_tmp.path()));
        QVERIFY(anyLabelContains(w.messageBar(), QStringLiteral("model.json")));

        // A registered folder that breaks later is left out of the next window's picker.
        const QString later = QFileInfo(m_tmp.filePath(QStringLiteral("breaks_later"))).absoluteFilePath();
        QVERIFY(test::writeTinyTutorialCnn(later, {QStringLiteral("vocal")}));
        QVERIFY(w.loadTagger(later));
        QCOMPARE(w.tagsPanel()->model(), later);
        QVERIFY(QFile::remove(later + QStringLiteral("/weights.safetensors")));
        MainWindow next;
        QVERIFY(next.tagsPanel()->modelBox()->findData(later) < 0);
        QCOMPARE(next.tagsPanel()->model(), QStringLiteral("musicnn_mtat")); // the saved choice is gone: default

        // The app keeps working: the good tutorial model still tags a track.
        w.tagsPanel()->setModel(m_model);
        w.openPaths({kTrack});
        QTRY_VERIFY_WITH_TIMEOUT(w.tagging()->primaryResult() != nullptr, 60000);
        QTRY_COMPARE(int(w.tagsPanel()->chart()->rows().size()), 2); // instrumental, vocal (retrained above)
    }
};

QTEST_MAIN(TestTagsPanelModels)
#include "tst_tags_panel_models.moc"
