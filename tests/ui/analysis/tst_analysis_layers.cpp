// Analyses as layers, as a user sees them: a track opened in the main window
// is analysed (SuperFlux onsets, RNN beats), the overlays appear at the
// detected times, dragging the threshold re-picks the onsets, and annotation
// files next to the audio become truth layers scored by the evaluation panel
// exactly as core/eval scores the same events. Offscreen, real jobs.
#include "core/eval/annotations.h"
#include "core/eval/beat_metrics.h"
#include "core/eval/onset_metrics.h"
#include "core/io/label_export.h"
#include "core/onsets/peak_picking.h"
#include "core/onsets/rnn_onset_detector.h"
#include "ui/analysis/analysis_controller.h"
#include "ui/mainwindow/main_window.h"
#include "ui/panels/analysis_panel.h"
#include "ui/panels/evaluation_panel.h"
#include "ui/panels/layers_panel.h"
#include "ui/playback/playback_controller.h"
#include "ui/views/activation_lane.h"
#include "ui/views/event_overlay.h"
#include "ui/views/time_viewport.h"
#include "ui/views/track_detail_view.h"
#include "ui/views/waveform_lane.h"
#include "ui/widgets/transport_bar.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QImage>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "analysis_test_util.h"

#include <cmath>
#include <random>

using namespace mirlo;
using mirlo::test::loadAndAnalyse;

namespace {

const QString kData = QStringLiteral(MIRLO_SHARED_DATA);
const QString kSample = kData + QStringLiteral("/onsets/sample.wav");
const QString kSynth = kData + QStringLiteral("/synth/synth04_rock_128bpm.flac");

// Pixels of exactly `colour` in column x (rows y0..y1-1).
int columnCount(const QImage &img, int x, QRgb colour, int y0 = 0, int y1 = -1)
{
    if (x < 0 || x >= img.width())
        return 0;
    if (y1 < 0)
        y1 = img.height();
    int n = 0;
    for (int y = y0; y < y1; ++y)
        n += (img.pixel(x, y) & 0xffffff) == (colour & 0xffffff);
    return n;
}

} // namespace

class TestAnalysisLayers : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("MirloTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_analysis_layers"));
        QVERIFY2(QFileInfo::exists(kSample), qPrintable(kSample));
    }

    void overlaysAtDetectedTimes()
    {
        MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.analysisPanel()->settings().onsetMethod, QStringLiteral("superflux"));
        QVERIFY(loadAndAnalyse(w, kSample));
        AnalysisController *c = w.analysis();
        const LayerPtr onsets = c->layer(QStringLiteral("est.onsets"));
        const LayerPtr beats = c->layer(QStringLiteral("est.beats"));
        const LayerPtr activation = c->layer(QStringLiteral("est.activation"));
        QVERIFY(onsets && beats && activation);
        QVERIFY2(onsets->times.size() >= 10, "sample.wav has ~24 onsets");
        QVERIFY2(beats->times.size() >= 3, "sample.wav is 2.8 s of music");
        QCOMPARE(activation->fps, 200.0); // SuperFlux runs at 200 fps
        // The shown onsets are the core peak picking of the shown activation (nothing else in between).
        QCOMPARE(onsets->times, pickOnsets(activation->curve, activation->fps, activation->peaks));
        QVERIFY(w.detailView()->activationLane()->isVisible());
        QVERIFY(w.layersPanel()->itemFor(QStringLiteral("est.onsets")) != nullptr);

        // Estimates alone (truth hidden through the layers panel): their own colours.
        w.layersPanel()->itemFor(QStringLiteral("truth.onsets"))->setCheckState(Qt::Unchecked);
        QVERIFY(!c->isVisible(QStringLiteral("truth.onsets")));
        QApplication::processEvents();
        WaveformLane *lane = w.detailView()->waveformLane();
        const TimeViewport *vp = w.detailView()->viewport();
        const QImage img = lane->grab().toImage();
        const QRgb pink = onsets->colour.rgb(), yellow = beats->colour.rgb();
        std::vector<int> onsetX;
        for (double t : onsets->times) {
            const int x = int(std::floor(vp->timeToX(t)));
            onsetX.push_back(x);
            if (x < 0 || x >= img.width())
                continue;
            // Dashed 4 on / 3 off: about 4/7 of the column, unless a beat line is drawn on top.
            const int n = columnCount(img, x, pink);
            QVERIFY2(n > img.height() / 3,
                     qPrintable(
                         QStringLiteral("onset %1 s at x %2: %3 of %4 pixels").arg(t).arg(x).arg(n).arg(img.height())));
        }
        // ... and nowhere else.
        for (int x = 0; x < img.width(); ++x)
            if (columnCount(img, x, pink) > 0)
                QVERIFY2(std::any_of(onsetX.begin(), onsetX.end(), [x](int ox) { return std::abs(ox - x) <= 1; }),
                         qPrintable(QStringLiteral("onset colour at x %1 without an onset").arg(x)));
        for (double t : beats->times) {
            const int x = int(std::floor(vp->timeToX(t)));
            if (x < 1 || x + 1 >= img.width())
                continue;
            const int n =
                columnCount(img, x - 1, yellow) + columnCount(img, x, yellow) + columnCount(img, x + 1, yellow);
            QVERIFY2(n > img.height(), qPrintable(QStringLiteral("beat %1 s: %2 beat pixels").arg(t).arg(n)));
        }
        QVERIFY(w.tempoText().endsWith(QStringLiteral("BPM")));
        QVERIFY(w.transport()->tempoText().contains(QString::number(c->tempoBpm(), 'f', 1)));
    }

    void draggingThresholdUpRemovesOnsets()
    {
        MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(loadAndAnalyse(w, kSample));
        AnalysisController *c = w.analysis();
        ActivationLane *lane = w.detailView()->activationLane();
        QVERIFY(lane->isVisible() && lane->height() > 40);
        const size_t before = c->layer(QStringLiteral("est.onsets"))->times.size();
        const double t0 = c->settings().threshold;
        const int y = int(std::lround(lane->valueToY(t0)));
        const int x = lane->width() / 2;
        QTest::mousePress(lane, Qt::LeftButton, {}, QPoint(x, y));
        // Up by a third of the lane: a clearly higher threshold.
        const int y1 = std::max(2, y - lane->height() / 3);
        for (int yy = y - 5; yy >= y1; yy -= 5) {
            QMouseEvent move(QEvent::MouseMove, QPointF(x, yy), lane->mapToGlobal(QPointF(x, yy)), Qt::NoButton,
                             Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(lane, &move);
        }
        QTest::mouseRelease(lane, Qt::LeftButton, {}, QPoint(x, y1));
        const double t1 = c->settings().threshold;
        QVERIFY2(t1 > t0, qPrintable(QStringLiteral("threshold %1 -> %2").arg(t0).arg(t1)));
        QCOMPARE(w.analysisPanel()->thresholdBox()->value(), std::round(t1 * 1000.0) / 1000.0);
        const LayerPtr act = c->layer(QStringLiteral("est.activation"));
        const LayerPtr onsets = c->layer(QStringLiteral("est.onsets"));
        QCOMPARE(act->peaks.threshold, t1);
        QVERIFY2(onsets->times.size() < before,
                 qPrintable(QStringLiteral("%1 onsets before, %2 after").arg(before).arg(onsets->times.size())));
        // Live: the detail view already draws the new onsets (no job in between).
        QVERIFY(!c->isRunning());
        size_t drawn = 0;
        for (const LayerPtr &l : w.detailView()->layers())
            if (l->id == QStringLiteral("est.onsets"))
                drawn = l->times.size();
        QCOMPARE(drawn, onsets->times.size());
        PeakPickingParams p = act->peaks;
        QCOMPARE(onsets->times, pickOnsets(act->curve, act->fps, p));
        qInfo("threshold %.3f -> %.3f: %zu -> %zu onsets, GUI-thread re-pick %.3f ms", t0, t1, before,
              onsets->times.size(), c->lastPickMs());
    }

    void pickingIsCheapEnoughForTheGuiThread()
    {
        // 30k frames (5 min at 100 fps) of a noisy detection function with SuperFlux's windows.
        std::mt19937 rng(7);
        std::uniform_real_distribution<float> u(0.0f, 1.0f);
        std::vector<float> odf(30000);
        for (size_t i = 0; i < odf.size(); ++i)
            odf[i] = u(rng) * u(rng) * 5.0f + (i % 50 == 0 ? 8.0f : 0.0f);
        PeakPickingParams p;
        p.threshold = 1.1;
        p.preAvg = 0.15;
        p.preMax = 0.01;
        p.postMax = 0.05;
        p.combine = 0.03;
        QElapsedTimer timer;
        double best = 1e9;
        size_t count = 0;
        for (int i = 0; i < 5; ++i) {
            timer.start();
            count = pickOnsets(odf, 100.0, p).size();
            best = std::min(best, timer.nsecsElapsed() / 1e6);
        }
        qInfo("pickOnsets on 30000 frames: %.3f ms (%zu onsets)", best, count);
        QVERIFY(count >= 500); // every 50th frame is a clear peak
        QVERIFY2(best < 5.0, "re-picking must stay below 5 ms to run on the GUI thread while dragging");
    }

    void truthIsLoadedAndScoredLikeCore()
    {
        MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(loadAndAnalyse(w, kSample));
        AnalysisController *c = w.analysis();
        const LayerPtr truth = c->layer(QStringLiteral("truth.onsets"));
        QVERIFY2(truth, "sample.onsets next to sample.wav must be loaded");
        EventList ref;
        QString error;
        QVERIFY2(readEventFile(kData + QStringLiteral("/onsets/sample.onsets"), ref, &error), qPrintable(error));
        QCOMPARE(truth->times, ref.times);
        const std::vector<double> est = c->layer(QStringLiteral("est.onsets"))->times;

        for (double window : {0.05, 0.025}) {
            w.evaluationPanel()->setOnsetWindowSec(window);
            QCOMPARE(w.evaluationPanel()->onsetWindowSec(), window);
            const eval::OnsetScores s = eval::evaluateOnsets(ref.times, est, window);
            QCOMPARE(w.evaluationPanel()->value(QStringLiteral("Onsets"), QStringLiteral("F-measure")), s.fMeasure);
            QCOMPARE(w.evaluationPanel()->value(QStringLiteral("Onsets"), QStringLiteral("Precision")), s.precision);
            QCOMPARE(w.evaluationPanel()->value(QStringLiteral("Onsets"), QStringLiteral("Recall")), s.recall);
            // The overlay colours agree with the scores: hits on both sides, the rest misses / false alarms.
            const auto truthMatch = w.detailView()->eventOverlay().matches(QStringLiteral("truth.onsets"));
            const auto estMatch = w.detailView()->eventOverlay().matches(QStringLiteral("est.onsets"));
            QCOMPARE(truthMatch.size(), ref.times.size());
            QCOMPARE(estMatch.size(), est.size());
            QCOMPARE(int(std::count(truthMatch.begin(), truthMatch.end(), EventOverlay::Match::Hit)), s.hits);
            QCOMPARE(int(std::count(estMatch.begin(), estMatch.end(), EventOverlay::Match::Hit)), s.hits);
            qInfo("window %.0f ms: F %.4f P %.4f R %.4f (%d hits of %zu truth, %zu estimates)", window * 1000,
                  s.fMeasure, s.precision, s.recall, s.hits, ref.times.size(), est.size());
        }

        // Pixels: hits green, false alarms red in the upper (estimate) half, misses orange in the lower half.
        w.evaluationPanel()->setOnsetWindowSec(0.025);
        QApplication::processEvents();
        const QImage img = w.detailView()->waveformLane()->grab().toImage();
        const TimeViewport *vp = w.detailView()->viewport();
        const int mid = img.height() / 2;
        const auto estMatch = w.detailView()->eventOverlay().matches(QStringLiteral("est.onsets"));
        const auto truthMatch = w.detailView()->eventOverlay().matches(QStringLiteral("truth.onsets"));
        int checked = 0;
        for (size_t i = 0; i < est.size(); ++i) {
            const int x = int(std::floor(vp->timeToX(est[i])));
            const QRgb want = EventOverlay::matchColour(estMatch[i]).rgb();
            QVERIFY2(columnCount(img, x, want, 0, mid) > mid / 4,
                     qPrintable(QStringLiteral("estimate %1 s not drawn in its match colour").arg(est[i])));
            ++checked;
        }
        for (size_t i = 0; i < ref.times.size(); ++i) {
            if (truthMatch[i] != EventOverlay::Match::Miss)
                continue;
            const int x = int(std::floor(vp->timeToX(ref.times[i])));
            QVERIFY2(columnCount(img, x, EventOverlay::matchColour(EventOverlay::Match::Miss).rgb(), mid,
                                 img.height()) > mid / 4,
                     qPrintable(QStringLiteral("miss at %1 s not drawn orange below").arg(ref.times[i])));
            ++checked;
        }
        QVERIFY(checked > 10);
    }

    void beatsScoredAgainstAnnotations()
    {
        MainWindow w;
        w.show();
        QVERIFY(loadAndAnalyse(w, kSynth));
        AnalysisController *c = w.analysis();
        const LayerPtr truth = c->layer(QStringLiteral("truth.beats"));
        const LayerPtr est = c->layer(QStringLiteral("est.beats"));
        QVERIFY(truth && est);
        QVERIFY(c->layer(QStringLiteral("truth.downbeats")) && c->layer(QStringLiteral("est.downbeats")));
        const eval::BeatScores s = eval::evaluateBeats(truth->times, est->times);
        QCOMPARE(w.evaluationPanel()->value(QStringLiteral("Beats"), QStringLiteral("F-measure")), s.fMeasure);
        QCOMPARE(w.evaluationPanel()->value(QStringLiteral("Beats"), QStringLiteral("Information gain")),
                 s.informationGain);
        QCOMPARE(w.evaluationPanel()->value(QStringLiteral("Beats"), QStringLiteral("Correct Metric Level Total")),
                 s.cmlt);
        // A 128 BPM synth: the tempo read-out says so.
        qInfo("synth04: beat F %.3f, tempo %.2f BPM", s.fMeasure, c->tempoBpm());
        QVERIFY2(std::abs(c->tempoBpm() - 128.0) < 1.5, qPrintable(w.tempoText()));
        QVERIFY(w.tempoText().startsWith(QStringLiteral("12")));

        // Switching the onset method and back uses the cache: no job, layers at once.
        QComboBox *method = w.analysisPanel()->methodBox();
        method->setCurrentIndex(method->findData(QStringLiteral("hfc")));
        QVERIFY(QTest::qWaitFor(
            [&]() {
                const LayerPtr a = c->layer(QStringLiteral("est.activation"));
                return a && a->title.contains(QStringLiteral("HFC")) && !c->isRunning();
            },
            30000));
        method->setCurrentIndex(method->findData(QStringLiteral("superflux")));
        QVERIFY(!c->isRunning());
        QVERIFY(c->layer(QStringLiteral("est.activation"))->title.contains(QStringLiteral("SuperFlux")));
        QCOMPARE(c->settings().threshold, 1.1); // the method's default again
    }

    void parameterChangeReanalysesAfterADebounce()
    {
        MainWindow w;
        QVERIFY(loadAndAnalyse(w, kSynth));
        AnalysisController *c = w.analysis();
        const double bpm = c->tempoBpm();
        QVERIFY(std::abs(bpm - 128.0) < 1.5);
        // A 40-100 BPM range cannot hold 128 BPM: the DBN must settle on the half tempo (64).
        QSignalSpy finished(c, &AnalysisController::analysisFinished);
        AnalysisSettings s = w.analysisPanel()->settings();
        s.minBpm = 40;
        s.maxBpm = 100;
        s.fps = 100; // and SuperFlux at 100 instead of 200 frames per second
        w.analysisPanel()->setSettings(s);
        Q_EMIT w.analysisPanel()->settingsChanged(s);
        QVERIFY(!c->layer(QStringLiteral("est.beats"))); // old beats are not shown for new settings
        QVERIFY(!c->isRunning());                        // debounced: nothing started yet
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() > 0 && !c->isRunning(), 60000);
        const LayerPtr beats = c->layer(QStringLiteral("est.beats"));
        QVERIFY(beats);
        const LayerPtr act = c->layer(QStringLiteral("est.activation"));
        QVERIFY(act);
        QCOMPARE(act->fps, 100.0);
        QVERIFY(std::abs(double(act->curve.size()) - w.currentTrack()->durationSec() * 100.0) < 3.0);
        qInfo("tempo with 55-215 BPM: %.2f, with 40-100 BPM: %.2f", bpm, c->tempoBpm());
        QVERIFY2(std::abs(c->tempoBpm() - 64.0) < 1.5, qPrintable(w.tempoText()));
        QVERIFY(w.transport()->tempoText().startsWith(QStringLiteral("6")));
        // The click track follows the shown beats.
        QVERIFY(w.playback()->hasClickTrack());
        w.transport()->clickAction()->setChecked(true);
        QVERIFY(w.playback()->clicksEnabled());
    }

    void analyseButtonWhenAutoIsOff()
    {
        MainWindow w;
        w.analysisPanel()->setAutoAnalyse(false);
        QVERIFY(!w.analysis()->autoAnalyse());
        w.openPaths({kSample});
        QTRY_VERIFY_WITH_TIMEOUT(w.currentTrack() != nullptr, 30000);
        QTest::qWait(100);
        QVERIFY(!w.analysis()->isRunning());
        QVERIFY(!w.analysis()->layer(QStringLiteral("est.onsets")));
        QVERIFY(w.analysis()->layer(QStringLiteral("truth.onsets"))); // truth needs no analysis
        QVERIFY(!w.detailView()->activationLane()->isVisible());
        QSignalSpy finished(w.analysis(), &AnalysisController::analysisFinished);
        w.analysisPanel()->analyseButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() > 0 && !w.analysis()->isRunning(), 60000);
        QVERIFY(w.analysis()->layer(QStringLiteral("est.onsets")));
        w.analysisPanel()->setAutoAnalyse(true); // keep the stored setting as other tests expect
    }

    void exportedEventsReadBack()
    {
        MainWindow w;
        QVERIFY(loadAndAnalyse(w, kSynth));
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const LayerPtr beats = w.analysis()->layer(QStringLiteral("est.beats"));
        QVERIFY(beats && beats->times.size() > 20);
        const QString text = dir.filePath(QStringLiteral("out.beats"));
        QVERIFY(w.exportEvents(QStringLiteral("est.beats"), text, int(LabelFormat::Text)));
        EventList back;
        QString error;
        QVERIFY2(readEventFile(text, back, &error), qPrintable(error));
        QCOMPARE(back.times.size(), beats->times.size());
        for (size_t i = 0; i < back.times.size(); ++i)
            QVERIFY(std::abs(back.times[i] - beats->times[i]) < 1e-6);
        // Bar positions from the downbeat tracker: 4/4, so every 4th beat is a "1".
        QVERIFY(back.hasPositions());
        QCOMPARE(back.positions, beats->positions);
        // Positions count 1..4 in order, and every tracked downbeat lands on a beat labelled 1.
        for (size_t i = 1; i < back.positions.size(); ++i)
            QCOMPARE(back.positions[i], back.positions[i - 1] % 4 + 1);
        int onOne = 0;
        const LayerPtr bars = w.analysis()->layer(QStringLiteral("est.downbeats"));
        for (double t : bars->times)
            for (size_t i = 0; i < back.times.size(); ++i)
                if (std::abs(back.times[i] - t) <= 0.07 && back.positions[i] == 1)
                    ++onOne;
        qInfo("%zu beats, %zu downbeats, %d of them on a beat labelled 1", back.times.size(), bars->times.size(),
              onOne);
        QVERIFY(onOne >= int(bars->times.size()) - 1);
        const QString audacity = dir.filePath(QStringLiteral("onsets.txt"));
        QVERIFY(w.exportEvents(QStringLiteral("est.onsets"), audacity, int(LabelFormat::Audacity)));
        QFile f(audacity);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
        QCOMPARE(size_t(lines.size()), w.analysis()->layer(QStringLiteral("est.onsets"))->times.size());
        QCOMPARE(lines.first().split('\t').size(), 3); // start, end, label
        QVERIFY(!w.exportEvents(QStringLiteral("est.beats"), QStringLiteral("/nonexistent/dir/x.beats"),
                                int(LabelFormat::Text)));
    }

    void rnnOnsetsEqualCore()
    {
        MainWindow w;
        QVERIFY(loadAndAnalyse(w, kSample));
        AnalysisController *c = w.analysis();
        QSignalSpy finished(c, &AnalysisController::analysisFinished);
        QComboBox *method = w.analysisPanel()->methodBox();
        method->setCurrentIndex(method->findData(QStringLiteral("rnn")));
        const NeuralOnsetParams defaults = defaultNeuralOnsetParams(NeuralOnsetModel::Rnn);
        QCOMPARE(w.analysisPanel()->settings().threshold, defaults.peaks.threshold); // the method's defaults
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() > 0 && !c->isRunning(), 60000);
        const LayerPtr act = c->layer(QStringLiteral("est.activation"));
        const LayerPtr onsets = c->layer(QStringLiteral("est.onsets"));
        QVERIFY(act && onsets);
        QCOMPARE(act->fps, 100.0);
        const NeuralOnsetResult core = detectNeuralOnsetsInFile(kSample, defaults);
        QVERIFY2(core.ok(), qPrintable(core.error));
        QCOMPARE(act->curve, core.activation);
        QCOMPARE(onsets->times, core.onsets);
        const eval::OnsetScores s =
            eval::evaluateOnsets(c->layer(QStringLiteral("truth.onsets"))->times, onsets->times, 0.05);
        QCOMPARE(w.evaluationPanel()->value(QStringLiteral("Onsets"), QStringLiteral("F-measure")), s.fMeasure);
        qInfo("RNN onsets on sample.wav: %zu, F %.4f", onsets->times.size(), s.fMeasure);
    }

    void importRejectsBadFiles()
    {
        MainWindow w;
        QVERIFY(loadAndAnalyse(w, kSample));
        const QString bad = QDir(QDir::tempPath()).filePath(QStringLiteral("mirlo_bad_annotations.onsets"));
        {
            QFile f(bad);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("0.5\nnot-a-time\n");
        }
        QString error;
        QVERIFY(!w.analysis()->importAnnotations(bad, &error));
        QVERIFY2(error.contains(QStringLiteral("mirlo_bad_annotations.onsets")) && error.contains(QStringLiteral("2")),
                 qPrintable(error));
        QFile::remove(bad);
    }
};

QTEST_MAIN(TestAnalysisLayers)
#include "tst_analysis_layers.moc"
