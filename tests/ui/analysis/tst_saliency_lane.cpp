// The saliency lane as a user drives it: the reference clip of
// ../shared/models/musicnn_mtat is opened with the Tags dock shown; once
// tagged, the lane appears with the map of the top tag (equal to core's
// tagSaliency on the track's audio) drawn with non-empty, time-aligned
// pixels; choosing another tag recomputes, going back is served from the
// cache, the status bar's cancel stops a running map, and FCN's tags are
// offered too.
#include "core/jobs/job_runner.h"
#include "core/ml/tag_saliency.h"
#include "core/ml/tutorial_cnn.h"
#include "core/tagging/track_tagger.h"
#include "ui/analysis/saliency_controller.h"
#include "ui/analysis/tagging_controller.h"
#include "ui/mainwindow/main_window.h"
#include "ui/panels/saliency_chooser.h"
#include "ui/panels/tags_panel.h"
#include "ui/views/saliency_lane.h"
#include "ui/views/time_viewport.h"
#include "ui/views/track_detail_view.h"
#include "ui/widgets/job_status_widget.h"

#include <QComboBox>
#include <QMenu>
#include <QTimer>
#include <QTemporaryDir>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QToolButton>
#include <QtTest>

#include "../../core/test_settings.h"
#include "analysis_test_util.h"

#include <cmath>

using namespace mirlo;

namespace {

const QString kClip = QStringLiteral(MIRLO_SHARED_DATA "/../models/musicnn_mtat/ref/clip_16k_mono_f32.wav");

// Pixels of an image column range that are not the lane background and are coloured (heat), not grey.
int heatPixels(const QImage &img, int x0, int x1)
{
    int n = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = std::max(0, x0); x < std::min(img.width(), x1); ++x) {
            const QRgb c = img.pixel(x, y);
            n += std::abs(qRed(c) - qBlue(c)) > 40 ? 1 : 0;
        }
    return n;
}

} // namespace

class TestSaliencyLane : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(test::useTemporarySettings(m_tmp.filePath(QStringLiteral("settings")),
                                           QStringLiteral("tst_saliency_lane")));
        if (!QFileInfo::exists(kClip))
            QSKIP("reference clip of models/musicnn_mtat not available");
    }

    void laneOnlyOnceTheTrackIsTagged()
    {
        // The Tags dock hidden (the default layout): nothing tags the track, so
        // no lane that would only wait; showing the dock tags it and the lane appears.
        MainWindow w;
        w.show();
        w.tagsPanel()->setModel(QStringLiteral("musicnn_mtat"));
        w.openPaths({kClip});
        QTRY_VERIFY(w.currentTrack() != nullptr);
        QTest::qWait(300);
        QVERIFY(!w.tagging()->isRunning() && !w.tagging()->primaryResult());
        SaliencyLane *lane = w.detailView()->saliencyLane();
        QVERIFY(!lane->isVisible());
        QVERIFY(test::showTagsDock(w));
        QTRY_VERIFY(lane->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(w.tagging()->primaryResult() != nullptr, 60000);
        QVERIFY(lane->isVisible());
    }

    void laneTagChangeCacheAndCancel()
    {
        MainWindow w;
        QVERIFY(test::showTagsDock(w));
        w.tagsPanel()->setModel(QStringLiteral("musicnn_mtat"));
        w.openPaths({kClip});
        QTRY_VERIFY_WITH_TIMEOUT(w.tagging()->primaryResult() != nullptr, 60000);
        const TrackTagsPtr tags = w.tagging()->primaryResult();
        const QString top = tags->tags.value(rankTags(tags->track).front().first);

        // Default: the top tag; the lane shows its map once the job ends.
        SaliencyController *sal = w.saliency();
        SaliencyLane *lane = w.detailView()->saliencyLane();
        QCOMPARE(w.saliencyChooser()->effectiveTag(), top);
        QTRY_VERIFY(lane->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(sal->current() != nullptr, 120000);
        QTRY_VERIFY(lane->map() == sal->current());
        const ml::SaliencyMap &map = *lane->map();
        QCOMPARE(map.tag, top);
        QCOMPARE(map.frames, 10 * 188);

        // Same map as core's on the track's audio (the GUI adds nothing of its own).
        const ml::SaliencyMap core =
            ml::tagSaliency(QStringLiteral("musicnn_mtat"), w.currentTrack()->audio, tags->tags.indexOf(top));
        QVERIFY2(core.ok, qPrintable(core.error));
        QCOMPARE(core.saliency.size(), map.saliency.size());
        double d = 0;
        for (size_t i = 0; i < core.saliency.size(); ++i)
            d = std::max(d, double(std::abs(core.saliency[i] - map.saliency[i])));
        QVERIFY2(d <= 1e-5, qPrintable(QString::number(d)));

        // Non-empty heat pixels, time-aligned: the whole 30 s are drawn and nothing after the end.
        w.detailView()->viewport()->showRange(0.0, 40.0);
        QTest::qWait(50);
        const QImage img = lane->grab().toImage();
        const TimeViewport *vp = w.detailView()->viewport();
        const int xEnd = int(std::lround(vp->timeToX(30.0)));
        const int inside = heatPixels(img, 0, xEnd - 2), after = heatPixels(img, xEnd + 3, img.width());
        qInfo("heat pixels: %d over the track, %d after its end", inside, after);
        QVERIFY(inside > img.height() * (xEnd - 2) / 50); // > 2 % of the area is heat-coloured
        QCOMPARE(after, 0);
        QVERIFY(!lane->image().isNull() && lane->image().width() == map.frames);

        // Another tag recomputes (from the chooser, as a user picks it).
        QSignalSpy started(w.jobs(), &JobRunner::jobStarted);
        const QString other = top == QLatin1String("guitar") ? QStringLiteral("piano") : QStringLiteral("guitar");
        w.saliencyChooser()->selectTag(other);
        QCOMPARE(sal->tag(), other);
        QVERIFY(sal->isRunning());
        QCOMPARE(started.count(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(sal->current() != nullptr, 120000);
        QTRY_COMPARE(lane->map()->tag, other);
        QVERIFY(lane->map()->saliency != core.saliency);

        // Back to the top tag: from the cache, no job.
        w.saliencyChooser()->selectTopTag();
        QVERIFY(!sal->isRunning());
        QCOMPARE(started.count(), 1);
        QCOMPARE(lane->map()->tag, top);

        // A third tag, cancelled from the status bar at once: no map, no crash, a message.
        QSignalSpy messages(sal, &SaliencyController::message);
        w.saliencyChooser()->selectTag(QStringLiteral("drums"));
        QVERIFY(sal->isRunning());
        QVERIFY(lane->map() == nullptr);
        QVERIFY(lane->status().contains(QStringLiteral("drums")));
        auto *status = w.findChild<JobStatusWidget *>();
        QVERIFY(status);
        QToolButton *cancel = status->findChild<QToolButton *>();
        QVERIFY(cancel);
        cancel->click();
        QTRY_VERIFY_WITH_TIMEOUT(!sal->isRunning(), 20000);
        QVERIFY(sal->current() == nullptr);
        QTRY_VERIFY(!messages.isEmpty());
        QVERIFY(messages.last().at(0).toString().contains(QStringLiteral("cancelled")));

        // Right-click on a bar: "Show where the model hears <tag>" switches the map to that tag.
        TagBarChart *chart = w.tagsPanel()->chart();
        QVERIFY(chart->rows().size() >= 3);
        const QString third = chart->rows()[2].tag;
        QString menuText;
        QTimer::singleShot(200, [&menuText]() {
            auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
            if (!menu || menu->actions().isEmpty())
                return;
            menuText = menu->actions().first()->text();
            QTest::keyClick(menu, Qt::Key_Down); // as a user: highlight the entry, press Return
            QTest::keyClick(menu, Qt::Key_Return);
        });
        const QPoint onBar = chart->barRect(2, 0).center().toPoint();
        QMetaObject::invokeMethod(chart, "customContextMenuRequested", Q_ARG(QPoint, onBar));
        QCOMPARE(menuText, QStringLiteral("Show where the model hears \"%1\"").arg(third));
        QCOMPARE(sal->tag(), third);
        QCOMPARE(w.saliencyChooser()->effectiveTag(), third);
        sal->cancel();

        // Off hides the lane.
        w.saliencyChooser()->selectTag(QString());
        QVERIFY(!lane->isVisible());
    }

    // A tutorial CNN folder chosen in the Tags panel: its one label is the top tag, the map has
    // its 80 x 80 patches at their times, and the patch probabilities are the tagger's.
    void tutorialCnnModel()
    {
        TutorialCnnSpec spec;
        QVERIFY(tutorialCnnPreset(QStringLiteral("instrumental_vocal"), &spec));
        const QString dir = m_tmp.filePath(QStringLiteral("iv_random"));
        QString error;
        QVERIFY2(ml::TutorialCnn(spec, 5).save(dir, &error), qPrintable(error));
        MainWindow w;
        QVERIFY(test::showTagsDock(w));
        QVERIFY(w.loadTagger(dir));
        QCOMPARE(w.tagsPanel()->model(), QFileInfo(dir).absoluteFilePath());
        w.openPaths({QStringLiteral(MIRLO_SHARED_DATA "/vocal/vocal_sectoid_feelings_guitar_090-110s.ogg")});
        QTRY_VERIFY_WITH_TIMEOUT(w.tagging()->primaryResult() != nullptr, 60000);
        const TrackTagsPtr tags = w.tagging()->primaryResult();
        QTRY_COMPARE(w.saliencyChooser()->effectiveTag(), spec.labels.front());
        QTRY_VERIFY_WITH_TIMEOUT(w.saliency()->current() != nullptr, 120000);
        const SaliencyMapPtr map = w.saliency()->current();
        QCOMPARE(map->bands, 80);
        QCOMPARE(map->framesPerChunk, 80);
        QCOMPARE(map->framesPerSecond, 16000.0 / 1024.0);
        QVERIFY(std::abs(map->durationSec - 20.0) < 0.01);
        // The tagger decodes the file straight to 16 kHz mono (libswresample inside the decoder);
        // the map resamples the track's native-rate audio with libswresample and reads the same
        // patches (melPatchAt): the patch probabilities agree (a changed patch rule shows here).
        QVERIFY(tags->chunks.size() >= 3 && map->chunkProbabilities.size() >= tags->chunks.size());
        double d = 0;
        for (size_t c = 0; c < tags->chunks.size(); ++c)
            d = std::max(d, double(std::abs(tags->chunks[c][0] - map->chunkProbabilities[c])));
        qInfo("tutorial CNN: %zu patches, max |p(map) - p(tagger)| = %.2e", tags->chunks.size(), d);
        QVERIFY(d < 1e-4);
        SaliencyLane *lane = w.detailView()->saliencyLane();
        QTRY_VERIFY(lane->map() == map && lane->isVisible());
        const QImage img = lane->grab().toImage();
        QVERIFY(heatPixels(img, 0, img.width()) > 0);
        if (qEnvironmentVariableIsSet("MIRLO_SALIENCY_GRAB"))
            w.grab().save(qEnvironmentVariable("MIRLO_SALIENCY_GRAB"));
    }

    void otherModelListsItsTags()
    {
        MainWindow w;
        QVERIFY(test::showTagsDock(w));
        w.tagsPanel()->setModel(QStringLiteral("fcn_mtat"));
        QTRY_VERIFY(w.saliencyChooser()->box()->isEnabled());
        QCOMPARE(w.saliencyChooser()->box()->count(), 2 + 50); // Off, Top tag, the 50 tags
        QVERIFY(w.saliencyChooser()->effectiveTag().isEmpty()); // no track, no top tag yet
        QVERIFY(!w.detailView()->saliencyLane()->isVisible());
        w.tagsPanel()->setModel(QStringLiteral("musicnn_mtat"));
    }
};

QTEST_MAIN(TestSaliencyLane)
#include "tst_saliency_lane.moc"
