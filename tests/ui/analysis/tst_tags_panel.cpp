// The Tags dock and the tag timeline lane as a user drives them: the
// reference clip of ../shared/models/musicnn_mtat is opened in the main
// window and tagged through the panel; the bars must equal core's track
// tagger output (and the reference ranking of ref/outputs.json), the lane's
// heat map must have one column per chunk at its true time with the cell
// colours of the chunk probabilities, a click on a cell must seek to the
// chunk's start, and a second model must turn the bars into pairs.
#include "core/jobs/job_runner.h"
#include "core/render/colour_map.h"
#include "core/tagging/tagger_model.h"
#include "core/tagging/track_tagger.h"
#include "ui/analysis/tagging_controller.h"
#include "ui/mainwindow/main_window.h"
#include "ui/mainwindow/track_session.h"
#include "ui/panels/tags_panel.h"
#include "ui/playback/playback_controller.h"
#include "ui/views/tag_timeline_lane.h"
#include "ui/views/time_viewport.h"
#include "ui/views/track_detail_view.h"
#include "ui/widgets/job_status_widget.h"

#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QToolButton>
#include <QtTest>

#include "analysis_test_util.h"

#include <cmath>
#include <set>

using namespace mirlo;

namespace {

const QString kRef = QStringLiteral(MIRLO_SHARED_DATA "/../models/musicnn_mtat/ref/");
const QString kClip = kRef + QStringLiteral("clip_16k_mono_f32.wav");

TrackTags coreTags(const QString &model)
{
    QString error;
    const auto tagger = TaggerModel::load(TaggerModel::resolveModel(model), &error);
    if (!tagger)
        return TrackTags{false, false, error, {}, {}, {}, {}, {}, 0, {}};
    return tagFile(*tagger, kClip);
}

// The top-k tag names of a core result, highest first.
QStringList topNames(const TrackTags &t, int k)
{
    QStringList out;
    const auto ranked = rankTags(t.track);
    for (int i = 0; i < k && i < int(ranked.size()); ++i)
        out << t.tags[ranked[size_t(i)].first];
    return out;
}

} // namespace

class TestTagsPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("MirloTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_tags_panel"));
        if (!QFileInfo::exists(kClip))
            QSKIP("reference clip of models/musicnn_mtat not available");
    }

    void binaryClassifierShowsBothClasses()
    {
        // A one-output tutorial CNN (instrumental vs vocal) on a vocal track: the chart shows the
        // other class as 1 - p too, so the track reads "vocal 0.70" on top, not only "instrumental".
        auto binary = std::make_shared<TrackTags>();
        binary->ok = true;
        binary->tags = QStringList{QStringLiteral("instrumental")};
        binary->track = {0.3f};
        binary->complementTag = QStringLiteral("vocal");
        TagBarChart chart;
        chart.resize(300, 200);
        chart.setData(binary, nullptr, 10, TagBarChart::Sort::Probability);
        QCOMPARE(int(chart.rows().size()), 2);
        QCOMPARE(chart.rows()[0].tag, QStringLiteral("vocal"));
        QCOMPARE(chart.rows()[0].primary, 0.7f);
        QCOMPARE(chart.rows()[1].tag, QStringLiteral("instrumental"));
        QCOMPARE(chart.rows()[1].primary, 0.3f);
        // Top 1: only the more probable class.
        chart.setData(binary, nullptr, 1, TagBarChart::Sort::Probability);
        QCOMPARE(int(chart.rows().size()), 1);
        QCOMPARE(chart.rows()[0].tag, QStringLiteral("vocal"));

        // Compared with a tagger that has a "vocal" tag: both bars in the vocal row.
        auto tagger = std::make_shared<TrackTags>();
        tagger->ok = true;
        tagger->tags = QStringList{QStringLiteral("guitar"), QStringLiteral("vocal")};
        tagger->track = {0.75f, 0.27f};
        chart.setData(binary, tagger, 10, TagBarChart::Sort::Name);
        QCOMPARE(int(chart.rows().size()), 3);
        QCOMPARE(chart.rows()[2].tag, QStringLiteral("vocal"));
        QCOMPARE(chart.rows()[2].primary, 0.7f);
        QCOMPARE(chart.rows()[2].compare, 0.27f);
        QVERIFY(std::isnan(chart.rows()[0].primary)); // guitar: not a class of the binary model

        // Without a known other class (models saved before negative_label): one bar, as before.
        binary->complementTag.clear();
        chart.setData(binary, nullptr, 10, TagBarChart::Sort::Probability);
        QCOMPARE(int(chart.rows().size()), 1);
        QCOMPARE(chart.rows()[0].tag, QStringLiteral("instrumental"));
    }

    void tagsPanelTimelineAndComparison()
    {
        MainWindow w;
        QVERIFY(test::showTagsDock(w));

        QSignalSpy finished(w.tagging(), &TaggingController::finished);
        w.openPaths({kClip});
        QTRY_VERIFY_WITH_TIMEOUT(w.tagging()->primaryResult() != nullptr, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(!w.tagging()->isRunning(), 60000);

        // Bars = core's track tagger on the same file, in its ranking.
        const TrackTags core = coreTags(QStringLiteral("musicnn_mtat"));
        QVERIFY2(core.ok, qPrintable(core.error));
        TagsPanel *panel = w.tagsPanel();
        const int k = panel->topK();
        QCOMPARE(k, 10);
        const auto rows = panel->chart()->rows();
        QCOMPARE(int(rows.size()), k);
        QVERIFY(!panel->chart()->paired());
        const QStringList expected = topNames(core, k);
        for (int i = 0; i < k; ++i) {
            QCOMPARE(rows[size_t(i)].tag, expected[i]);
            const float v = core.track[size_t(core.tags.indexOf(expected[i]))];
            QVERIFY2(std::abs(rows[size_t(i)].primary - v) <= 1e-6f, qPrintable(expected[i]));
            QVERIFY(std::isnan(rows[size_t(i)].compare));
            // Bar lengths are proportional to the probability.
            const QRectF bar = panel->chart()->barRect(i, 0);
            const QRectF top = panel->chart()->barRect(0, 0);
            QVERIFY(std::abs(bar.width() / top.width() - double(v / rows[0].primary)) < 0.02 || bar.width() <= 1.5);
        }
        // The reference ranking (original PyTorch musicnn) for the top 3.
        QFile json(kRef + QStringLiteral("outputs.json"));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject ref = QJsonDocument::fromJson(json.readAll()).object();
        const QJsonArray top5 = ref.value(QStringLiteral("track_top5")).toArray();
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(rows[size_t(i)].tag, top5[i].toArray()[0].toString());
            QVERIFY(std::abs(double(rows[size_t(i)].primary) - top5[i].toArray()[1].toDouble()) <= 1e-4);
        }
        // Sorting by name keeps the same tags, alphabetically.
        panel->setSort(TagBarChart::Sort::Name);
        QStringList byName;
        for (const auto &r : panel->chart()->rows())
            byName << r.tag;
        QStringList sorted = expected;
        std::sort(sorted.begin(), sorted.end(),
                  [](const QString &a, const QString &b) { return a.localeAwareCompare(b) < 0; });
        QCOMPARE(byName, sorted);
        panel->setSort(TagBarChart::Sort::Probability);
        panel->setTopK(3);
        QCOMPARE(int(panel->chart()->rows().size()), 3);
        panel->setTopK(10);

        // Timeline lane: one column per chunk, at the reference chunk starts.
        TagTimelineLane *lane = w.detailView()->tagTimelineLane();
        QTRY_VERIFY(lane->isVisible() && lane->width() > 300);
        const QJsonArray starts =
            ref.value(QStringLiteral("protocol")).toObject().value(QStringLiteral("chunk_start_samples")).toArray();
        QCOMPARE(lane->columnCount(), starts.size());
        QCOMPARE(lane->columnCount(), 16);
        for (int c = 0; c < 16; ++c) {
            QCOMPARE(lane->chunkStart(c), starts[c].toDouble() / 16000.0);
            QCOMPARE(lane->chunkEnd(c), starts[c].toDouble() / 16000.0 + 3.0);
        }
        QCOMPARE(lane->rowTags(), topNames(core, TagTimelineLane::kDefaultRows));
        w.detailView()->viewport()->showAll();
        QApplication::processEvents();
        const QImage image = lane->grab().toImage();
        const TimeViewport *vp = w.detailView()->viewport();
        const ColourLut &lut = colourLut(ColourMap::Magma);
        int matching = 0, cells = 0;
        for (int c = 0; c < 16; ++c) {
            const auto [a, b] = lane->columnSpan(c);
            const int x = int(std::lround((vp->timeToX(a) + vp->timeToX(b)) / 2.0));
            std::set<QRgb> colours;
            for (int r = 0; r < int(lane->rowTags().size()); ++r) {
                const int y = int(lane->rowTop(r) + lane->rowHeight() / 2.0);
                const QRgb px = image.pixel(x, y);
                colours.insert(px);
                // Cell colour = the chunk's probability of that tag on the fixed 0..1 scale.
                const float v = core.chunks[size_t(c)][size_t(core.tags.indexOf(lane->rowTags()[r]))];
                const QRgb want = lut[size_t(std::lround(std::clamp(v, 0.f, 1.f) * 255.f))];
                ++cells;
                if (std::abs(qRed(px) - qRed(want)) + std::abs(qGreen(px) - qGreen(want)) +
                        std::abs(qBlue(px) - qBlue(want)) <=
                    6)
                    ++matching;
                QCOMPARE(lane->chunkAt(x), c);
            }
            QVERIFY2(colours.size() >= 3, qPrintable(QStringLiteral("column %1 is flat").arg(c)));
        }
        QVERIFY2(matching >= cells - 2, qPrintable(QStringLiteral("%1 of %2 cells").arg(matching).arg(cells)));
        // Right of the last chunk's end (the protocol leaves the track tail untagged) is background.
        const double endX = vp->timeToX(lane->chunkEnd(15));
        if (endX + 4 < lane->width())
            QCOMPARE(image.pixel(int(endX) + 3, int(lane->rowTop(0) + 3)), QColor(0x1b, 0x1e, 0x23).rgb());

        // Clicking a cell seeks to the chunk's start and asks to play it.
        QSignalSpy seek(w.detailView(), &TrackDetailView::seekRequested);
        QSignalSpy play(w.detailView(), &TrackDetailView::chunkPlayRequested);
        const auto [a5, b5] = lane->columnSpan(5);
        const QPoint at(int((vp->timeToX(a5) + vp->timeToX(b5)) / 2.0), int(lane->rowTop(2) + lane->rowHeight() / 2));
        QTest::mouseClick(lane, Qt::LeftButton, Qt::NoModifier, at);
        QCOMPARE(seek.count(), 1);
        QCOMPARE(seek.at(0).at(0).toDouble(), starts[5].toDouble() / 16000.0);
        QCOMPARE(play.count(), 1);
        QCOMPARE(play.at(0).at(0).toDouble(), starts[5].toDouble() / 16000.0);
        QCOMPARE(play.at(0).at(1).toDouble(), starts[5].toDouble() / 16000.0 + 3.0);
        // Through the window's seek path: playback stands at the chunk start, the chunk is selected.
        QVERIFY(std::abs(w.playback()->position() - starts[5].toDouble() / 16000.0) < 1e-6 ||
                w.playback()->isPlaying());
        QVERIFY(w.playback()->hasSelection());

        // Compare with FCN: paired bars for the union of both top-k lists.
        const TrackTags fcn = coreTags(QStringLiteral("fcn_mtat"));
        QVERIFY2(fcn.ok, qPrintable(fcn.error));
        panel->setCompareModel(QStringLiteral("fcn_mtat"));
        QCOMPARE(w.tagging()->compareModel(), QStringLiteral("fcn_mtat"));
        QTRY_VERIFY_WITH_TIMEOUT(w.tagging()->compareResult() != nullptr, 60000);
        QTRY_VERIFY(panel->chart()->paired());
        const auto pairs = panel->chart()->rows();
        QSet<QString> unionTags;
        for (const QString &t : topNames(core, k) + topNames(fcn, k))
            unionTags.insert(t);
        QCOMPARE(int(pairs.size()), int(unionTags.size()));
        QVERIFY(int(pairs.size()) > k); // the two models do not agree on everything
        for (size_t i = 0; i < pairs.size(); ++i) {
            const auto &r = pairs[i];
            QVERIFY(unionTags.contains(r.tag));
            QVERIFY(std::abs(r.primary - core.track[size_t(core.tags.indexOf(r.tag))]) <= 1e-6f);
            QVERIFY(std::abs(r.compare - fcn.track[size_t(fcn.tags.indexOf(r.tag))]) <= 1e-6f);
            const QRectF p0 = panel->chart()->barRect(int(i), 0), p1 = panel->chart()->barRect(int(i), 1);
            QVERIFY(!p0.isNull() && !p1.isNull());
            QVERIFY(p1.top() >= p0.bottom() - 0.5); // the pair sits one above the other in its row
            if (i > 0)
                QVERIFY(r.primary <= pairs[i - 1].primary); // still sorted by the chosen model
        }
        // The timeline stays with the primary model.
        QCOMPARE(lane->rowTags(), topNames(core, TagTimelineLane::kDefaultRows));

        // Back to none: single bars again.
        panel->setCompareModel(QString());
        QVERIFY(!panel->chart()->paired());
        QCOMPARE(int(panel->chart()->rows().size()), k);
    }

    // Behind another tab the panel does not tag by itself; Tag does, and a cancel from the
    // status bar leaves no result (and nothing cached) until Tag is pressed again.
    void hiddenPanelTagButtonAndCancel()
    {
        const QString file = QStringLiteral(MIRLO_SHARED_DATA "/vocal/vocal_sectoid_feelings_guitar_090-110s.ogg");
        MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto *dock = w.findChild<QDockWidget *>(QStringLiteral("tagsDock"));
        QVERIFY(dock);
        QVERIFY(!w.tagging()->autoRun()); // a tab behind Analysis
        w.openPaths({file});
        QTRY_VERIFY_WITH_TIMEOUT(w.currentTrack() != nullptr, 20000);
        QTest::qWait(300);
        QVERIFY(!w.tagging()->isRunning());
        QVERIFY(!w.tagging()->primaryResult());

        QSignalSpy messages(w.tagging(), &TaggingController::message);
        QSignalSpy started(w.jobs(), &JobRunner::jobStarted);
        QTest::mouseClick(w.tagsPanel()->tagButton(), Qt::LeftButton);
        QVERIFY(w.tagging()->isRunning());
        QCOMPARE(started.count(), 1);
        QVERIFY(started.at(0).at(1).toString().contains(QStringLiteral("musicnn_mtat")));
        auto *status = w.findChild<JobStatusWidget *>();
        QVERIFY(status);
        QToolButton *cancel = status->findChild<QToolButton *>();
        QVERIFY(cancel);
        // At once, before the job can end: the status bar's cancel button cancels the tagging job.
        cancel->click();
        QTRY_VERIFY_WITH_TIMEOUT(!w.tagging()->isRunning(), 20000);
        QVERIFY(!w.tagging()->primaryResult());
        QVERIFY(!messages.isEmpty() && messages.last().at(0).toString().contains(QStringLiteral("cancelled")));
        QTest::mouseClick(w.tagsPanel()->tagButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(w.tagging()->primaryResult() != nullptr, 60000);
        QCOMPARE(int(w.tagging()->primaryResult()->chunks.size()), 16);
        QCOMPARE(int(w.tagsPanel()->chart()->rows().size()), w.tagsPanel()->topK());
        QVERIFY(w.detailView()->tagTimelineLane()->isVisible());

        // Closing the track clears the panel and hides the lane.
        w.session()->closeRow(0);
        QTRY_VERIFY(w.currentTrack() == nullptr);
        QVERIFY(w.tagsPanel()->chart()->rows().empty());
        QVERIFY(!w.detailView()->tagTimelineLane()->isVisible());
    }

    void badTaggerFolder()
    {
        MainWindow w;
        const QString bogus = QDir::temp().filePath(QStringLiteral("no_such_tagger_folder"));
        QVERIFY(!w.loadTagger(bogus));
        QCOMPARE(w.tagsPanel()->modelBox()->findData(bogus), -1);
    }
};

QTEST_MAIN(TestTagsPanel)
#include "tst_tags_panel.moc"
