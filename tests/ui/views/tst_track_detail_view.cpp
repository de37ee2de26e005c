// TrackDetailView end to end (offscreen): the spectrogram picture is really
// the signal, input maps to seeks / selections / zoom, the playback cursor
// and zoom never recompute the spectrogram, edge-case tracks draw safely.
// Set MIRLO_SAVE_GRABS=1 to write /tmp/views_*.png, MIRLO_PAINT_TIMING=1 to log paints.
#include "core/audio/decoder.h"
#include "core/jobs/job_runner.h"
#include "ui/views/overview_view.h"
#include "ui/views/spectrogram_lane.h"
#include "ui/views/time_viewport.h"
#include "ui/views/track_detail_view.h"
#include "ui/views/waveform_lane.h"

#include <QElapsedTimer>
#include <QPainter>
#include <QScrollBar>
#include <QSignalSpy>
#include <QVBoxLayout>
#include <QtTest>

#include <cmath>

using namespace mirlo;

namespace {

TrackPtr makeTrack(std::vector<float> mono, int sampleRate, const QString &name = QStringLiteral("synthetic.wav"))
{
    auto t = std::make_shared<Track>();
    t->path = name;
    t->audio.sampleRate = sampleRate;
    t->audio.channels = 1;
    t->audio.samples = mono;
    t->info.sampleRate = sampleRate;
    t->info.channels = 1;
    t->info.durationSec = double(mono.size()) / sampleRate;
    t->pyramid = WaveformPyramid(mono.data(), int64_t(mono.size()));
    t->mono = std::move(mono);
    return t;
}

// 2 s of a 1 kHz sine, then 2 s of a 4 kHz sine, at 22.05 kHz.
TrackPtr twoToneTrack()
{
    const int sr = 22050;
    std::vector<float> x(size_t(4 * sr));
    for (size_t i = 0; i < x.size(); ++i) {
        const double hz = i < size_t(2 * sr) ? 1000.0 : 4000.0;
        x[i] = float(0.5 * std::sin(2 * M_PI * hz * double(i) / sr));
    }
    return makeTrack(std::move(x), sr);
}

void saveGrab(const QImage &image, const char *name)
{
    if (qEnvironmentVariableIsSet("MIRLO_SAVE_GRABS"))
        image.save(QStringLiteral("/tmp/views_%1.png").arg(QLatin1String(name)));
}

// Row (lane y) with the highest summed brightness over lane columns [x0, x1).
int brightestRow(const QImage &img, const QRect &lane, int x0, int x1)
{
    int best = -1;
    double bestSum = -1;
    for (int y = 0; y < lane.height(); ++y) {
        double sum = 0;
        for (int x = x0; x < x1; ++x)
            sum += qGray(img.pixel(lane.left() + x, lane.top() + y));
        if (sum > bestSum) {
            bestSum = sum;
            best = y;
        }
    }
    return best;
}

struct Fixture {
    JobRunner jobs;
    TrackDetailView view{&jobs};
    SpectrogramLane *lane = nullptr;
    Fixture()
    {
        view.resize(900, 520);
        view.show();
        lane = view.findChild<SpectrogramLane *>();
    }
    // Waits until the spectrogram is computed and every visible tile is drawn exactly.
    bool waitForTiles(int timeoutMs = 20000)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < timeoutMs) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
            if (!lane->spectrogram() || jobs.activeCount() > 0)
                continue;
            QImage scratch(lane->size(), QImage::Format_ARGB32_Premultiplied);
            QPainter p(&scratch);
            const auto stats = lane->tileCache().paint(p, lane->rect(), lane->rect(),
                                                       view.viewport()->startSec(), view.viewport()->secPerPixel());
            if (stats.missing == 0 && stats.placeholder == 0)
                return true;
            QTest::qWait(10);
        }
        return false;
    }
    QRect laneRect() const { return QRect(lane->mapTo(&view, QPoint()), lane->size()); }
};

} // namespace

class TstTrackDetailView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void spectrogramShowsTheSignal()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        QSignalSpy shown(&f.view, &TrackDetailView::spectrogramShown);
        f.view.setTrack(twoToneTrack());
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 20000);
        QVERIFY(f.waitForTiles());
        const QImage img = f.view.grab().toImage();
        saveGrab(img, "two_tone");
        const QRect lane = f.laneRect();
        QVERIFY(lane.height() > 200);
        // The spectrogram gets most of the height.
        QVERIFY(lane.height() > f.view.findChild<WaveformLane *>()->height() * 2);

        // Brightness varies (not a flat picture).
        std::vector<int> grays;
        for (int y = 0; y < lane.height(); y += 3)
            for (int x = 0; x < lane.width(); x += 7)
                grays.push_back(qGray(img.pixel(lane.left() + x, lane.top() + y)));
        const auto [mn, mx] = std::minmax_element(grays.begin(), grays.end());
        QVERIFY(*mx - *mn > 100);

        // The brightest row sits where 1 kHz (left half) and 4 kHz (right half)
        // belong on the axis, computed from the axis mapping, not from pixels.
        const int w = lane.width();
        const int left = brightestRow(img, lane, w / 10, 4 * w / 10);
        const int right = brightestRow(img, lane, 6 * w / 10, 9 * w / 10);
        const auto &map = f.lane->spectrogram()->mapping;
        const double y1k = f.lane->posToY(map.hzToPos(1000.0)), y4k = f.lane->posToY(map.hzToPos(4000.0));
        QVERIFY2(std::abs(left - y1k) <= 3, qPrintable(QStringLiteral("%1 vs %2").arg(left).arg(y1k)));
        QVERIFY2(std::abs(right - y4k) <= 3, qPrintable(QStringLiteral("%1 vs %2").arg(right).arg(y4k)));
        QVERIFY(left > right + 50); // 1 kHz is drawn well below 4 kHz

        // Hover read-out names the band and a level close to the sine's -6 dBFS.
        QSignalSpy readout(&f.view, &TrackDetailView::hoverReadout);
        const double t = 1.0;
        QTest::mouseMove(f.lane, QPoint(int(f.view.viewport()->timeToX(t)), int(std::floor(y1k)))); // the row holding 1 kHz
        QTRY_VERIFY(readout.count() > 0);
        const QString text = readout.last().at(0).toString();
        QVERIFY2(text.startsWith(QStringLiteral("0:01.0")), qPrintable(text));
        const auto hz = QRegularExpression(QStringLiteral("  (\\d+) Hz  ")).match(text);
        QVERIFY2(hz.hasMatch() && std::abs(hz.captured(1).toDouble() - 1000.0) < 11.0, qPrintable(text));
        const QRegularExpression levelRe(QStringLiteral("([−-]?\\d+\\.\\d) dB"));
        const auto m = levelRe.match(text);
        QVERIFY2(m.hasMatch(), qPrintable(text));
        const double level = m.captured(1).replace(QChar(0x2212), QLatin1Char('-')).toDouble();
        QVERIFY2(level > -12.0 && level < 0.0, qPrintable(text));
    }

    void keysZoomAndKeepRendering()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        f.view.setTrack(twoToneTrack());
        QVERIFY(f.waitForTiles());
        QSignalSpy started(&f.jobs, &JobRunner::jobStarted);
        const double spp0 = f.view.viewport()->secPerPixel();
        QTest::keyClick(&f.view, Qt::Key_Plus);
        QTest::keyClick(&f.view, Qt::Key_Plus);
        QVERIFY(std::abs(f.view.viewport()->secPerPixel() - spp0 / 4) < 1e-12);
        const int before = f.lane->tileCache().tilesRendered();
        QVERIFY(f.waitForTiles());
        QVERIFY(f.lane->tileCache().tilesRendered() > before);
        QTest::keyClick(&f.view, Qt::Key_End);
        QVERIFY(std::abs(f.view.viewport()->endSec() - 4.0) < 1e-6);
        QTest::keyClick(&f.view, Qt::Key_Home);
        QCOMPARE(f.view.viewport()->startSec(), 0.0);
        QTest::keyClick(&f.view, Qt::Key_Right);
        QVERIFY(f.view.viewport()->startSec() > 0.0);
        QTest::keyClick(&f.view, Qt::Key_0);
        QVERIFY(std::abs(f.view.viewport()->secPerPixel() - spp0) < 1e-12);
        // Ctrl+wheel zooms around the pointer.
        const QPoint at(200, 50);
        const double tAt = f.view.viewport()->xToTime(at.x());
        QWheelEvent wheel(at, f.lane->mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton, Qt::ControlModifier,
                          Qt::NoScrollPhase, false);
        QApplication::sendEvent(f.lane, &wheel);
        QVERIFY(f.view.viewport()->secPerPixel() < spp0);
        QVERIFY(std::abs(f.view.viewport()->xToTime(at.x()) - tAt) < 1e-9);
        QVERIFY(f.waitForTiles());
        QCOMPARE(started.count(), 0); // zooming never recomputes the spectrogram
    }

    void frequencyZoomMovesTheLines()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        f.view.setTrack(twoToneTrack());
        QVERIFY(f.waitForTiles());
        f.view.setFrequencyRange(500.0, 5000.0);
        QCOMPARE(f.lane->lowHz(), 500.0);
        QCOMPARE(f.lane->highHz(), 5000.0);
        QVERIFY(f.waitForTiles());
        const QImage img = f.view.grab().toImage();
        saveGrab(img, "two_tone_500_5000");
        const QRect lane = f.laneRect();
        const int w = lane.width();
        // Linear axis from 500 Hz (bottom) to 5 kHz (top): 1 kHz at 8/9, 4 kHz at 2/9 of the height.
        const double h = lane.height();
        QVERIFY(std::abs(brightestRow(img, lane, w / 10, 4 * w / 10) - h * (5000.0 - 1000.0) / 4500.0) <= 3);
        QVERIFY(std::abs(brightestRow(img, lane, 6 * w / 10, 9 * w / 10) - h * (5000.0 - 4000.0) / 4500.0) <= 3);

        // Shift+wheel zooms the frequency axis around the pointer's frequency.
        const QPoint at(100, int(h / 2));
        const double hzAt = f.lane->spectrogram()->mapping.posToHz(f.lane->yToPos(at.y()));
        QWheelEvent wheel(at, f.lane->mapToGlobal(at), QPoint(), QPoint(0, 240), Qt::NoButton, Qt::ShiftModifier,
                          Qt::NoScrollPhase, false);
        QApplication::sendEvent(f.lane, &wheel);
        QVERIFY(f.lane->highHz() - f.lane->lowHz() < 4500.0 * 0.7);
        QVERIFY(std::abs(f.lane->spectrogram()->mapping.posToHz(f.lane->yToPos(at.y())) - hzAt) < 1.0);
        // Out of range requests are clamped to the data (0 .. Nyquist).
        f.view.setFrequencyRange(-100.0, 1e6);
        QCOMPARE(f.lane->lowHz(), 0.0);
        QCOMPARE(f.lane->highHz(), 11025.0);
    }

    void trackpadAndWheelScroll()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        f.view.setTrack(twoToneTrack());
        f.view.viewport()->showRange(1.0, 2.0);
        const double spp = f.view.viewport()->secPerPixel();
        const QPoint at(100, 50);
        QWheelEvent pad(at, f.lane->mapToGlobal(at), QPoint(-40, 0), QPoint(-120, 0), Qt::NoButton, Qt::NoModifier,
                        Qt::ScrollUpdate, false);
        QApplication::sendEvent(f.lane, &pad);
        QVERIFY(std::abs(f.view.viewport()->startSec() - (1.0 + 40 * spp)) < 1e-9); // pixelDelta wins
        QWheelEvent notch(at, f.lane->mapToGlobal(at), QPoint(), QPoint(0, -120), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
        const double before = f.view.viewport()->startSec();
        QApplication::sendEvent(f.lane, &notch);
        QVERIFY(f.view.viewport()->startSec() > before); // wheel down scrolls forward in time
        // The scroll bar follows the viewport and drives it.
        auto *bar = f.view.findChild<QScrollBar *>();
        QVERIFY(bar);
        QCOMPARE(bar->value(), int(std::llround(f.view.viewport()->startSec() / spp)));
        bar->setValue(0);
        QCOMPARE(f.view.viewport()->startSec(), 0.0);
    }

    void clickSeeksAndDragSelects()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        f.view.setTrack(twoToneTrack());
        QSignalSpy seek(&f.view, &TrackDetailView::seekRequested);
        QSignalSpy selection(&f.view, &TrackDetailView::selectionChanged);
        const int x = 300;
        QTest::mouseClick(f.lane, Qt::LeftButton, {}, QPoint(x, 40));
        QCOMPARE(seek.count(), 1);
        QVERIFY(std::abs(seek.last().at(0).toDouble() - f.view.viewport()->xToTime(x)) < 1e-9);
        QCOMPARE(selection.count(), 0);

        auto *waveform = f.view.findChild<WaveformLane *>();
        QTest::mousePress(waveform, Qt::LeftButton, {}, QPoint(100, 20));
        QTest::mouseMove(waveform, QPoint(160, 20));
        QTest::mouseMove(waveform, QPoint(250, 20));
        QTest::mouseRelease(waveform, Qt::LeftButton, {}, QPoint(250, 20));
        QVERIFY(selection.count() >= 1);
        QCOMPARE(seek.count(), 1); // a drag is not a click
        const double a = selection.last().at(0).toDouble(), b = selection.last().at(1).toDouble();
        QVERIFY(std::abs(a - f.view.viewport()->xToTime(100)) < 1e-9);
        QVERIFY(std::abs(b - f.view.viewport()->xToTime(250)) < 1e-9);

        // The selection is drawn over the lanes: a column inside differs from outside.
        QVERIFY(f.waitForTiles());
        f.view.setSelection(0.5, 1.5);
        const QImage with = f.view.grab().toImage();
        f.view.clearSelection();
        const QImage without = f.view.grab().toImage();
        const QPoint inside = f.lane->mapTo(&f.view, QPoint(int(f.view.viewport()->timeToX(1.0)), 10));
        const QPoint outside = f.lane->mapTo(&f.view, QPoint(int(f.view.viewport()->timeToX(2.5)), 10));
        QVERIFY(with.pixel(inside) != without.pixel(inside));
        QCOMPARE(with.pixel(outside), without.pixel(outside));
    }

    void playheadRepaintsWithoutRecomputing()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        QSignalSpy started(&f.jobs, &JobRunner::jobStarted);
        f.view.setTrack(twoToneTrack());
        QVERIFY(f.waitForTiles());
        QCOMPARE(started.count(), 1);
        const int tiles = f.lane->tileCache().tilesRendered();
        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < 120; ++i) { // 4 s of playback at 30 fps
            f.view.setPlayhead(i / 30.0);
            QCoreApplication::processEvents(); // paints the two dirty strips per lane
        }
        const double perFrameMs = clock.nsecsElapsed() / 1e6 / 120;
        qDebug("playhead update incl. repaint: %.3f ms per frame", perFrameMs);
        QVERIFY(perFrameMs < 10.0);
        f.view.setPlayhead(2.0);
        const QImage img = f.view.grab().toImage();
        const QPoint cursor = f.lane->mapTo(&f.view, QPoint(int(std::floor(f.view.viewport()->timeToX(2.0))), 5));
        QCOMPARE(QColor(img.pixel(cursor)).red(), 255);
        QCOMPARE(f.lane->tileCache().tilesRendered(), tiles);
        QCOMPARE(started.count(), 1);

        // Following playback pages the view; it stays a scroll, not a recomputation.
        QTest::keyClick(&f.view, Qt::Key_Plus);
        QTest::keyClick(&f.view, Qt::Key_Plus);
        f.view.setFollowPlayback(true);
        f.view.setPlayhead(3.9);
        QVERIFY(f.view.viewport()->startSec() <= 3.9 && f.view.viewport()->endSec() > 3.9);
        QCOMPARE(started.count(), 1);

        // Colour and dB range re-render tiles from the cached matrix only.
        f.view.setColourMap(ColourMap::Magma);
        f.view.setDbRange(-60, 0);
        QVERIFY(f.waitForTiles());
        QCOMPARE(started.count(), 1);
        // New parameters: exactly one new spectrogram job.
        SpectrogramParams p;
        p.kind = SpectrogramKind::Mel;
        f.view.setSpectrogramParams(p);
        QVERIFY(f.waitForTiles());
        QCOMPARE(started.count(), 2);
        saveGrab(f.view.grab().toImage(), "two_tone_mel");
    }

    void silenceDrawsTheFloorColour()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        f.view.setTrack(makeTrack(std::vector<float>(22050 * 3, 0.f), 22050, QStringLiteral("silence.wav")));
        QVERIFY(f.waitForTiles());
        const QImage img = f.view.grab().toImage();
        saveGrab(img, "silence");
        const QRect lane = f.laneRect();
        const QRgb floor = colourLut(ColourMap::Viridis)[0];
        for (int y = lane.top(); y <= lane.bottom(); y += 2)
            for (int x = lane.left(); x <= lane.right(); x += 5)
                QCOMPARE(img.pixel(x, y), floor);
    }

    void veryShortTrackDoesNotCrash()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        const QString path = QStringLiteral(MIRLO_SHARED_DATA "/formats/bad/short_10ms.wav");
        const DecodeResult r = decodeFile(path);
        TrackPtr track;
        if (r.ok) {
            auto t = std::make_shared<Track>();
            t->path = path;
            t->audio = r.audio;
            t->mono = mixToMono(r.audio);
            t->pyramid = WaveformPyramid(t->mono.data(), int64_t(t->mono.size()));
            track = t;
        } else { // the decoder may refuse it; a hand-made 10 ms track then
            track = makeTrack(std::vector<float>(441, 0.25f), 44100, path);
        }
        QSignalSpy finished(&f.jobs, &JobRunner::jobFinished);
        f.view.setTrack(track);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        QTRY_VERIFY(f.lane->spectrogram() != nullptr);
        QVERIFY(std::abs(f.view.viewport()->durationSec() - 0.01) < 0.002);
        QTest::keyClick(&f.view, Qt::Key_Plus);
        QTest::keyClick(&f.view, Qt::Key_Minus);
        QTest::mouseClick(f.lane, Qt::LeftButton, {}, QPoint(50, 50));
        QTest::mouseMove(f.lane, QPoint(60, 60));
        QVERIFY(f.waitForTiles());
        saveGrab(f.view.grab().toImage(), "short_10ms");
        f.view.setTrack(nullptr);
        f.view.grab();
    }

    void zoomingALongTrackStaysSmooth()
    {
        // 10 minutes at 22.05 kHz: a chirp-like tone, so tiles are not trivial.
        const int sr = 22050;
        std::vector<float> x(size_t(600) * sr);
        for (size_t i = 0; i < x.size(); ++i) {
            const double t = double(i) / sr;
            x[i] = float(0.3 * std::sin(2 * M_PI * (200.0 + 5.0 * t) * t));
        }
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        QElapsedTimer clock;
        clock.start();
        QSignalSpy shown(&f.view, &TrackDetailView::spectrogramShown);
        f.view.setTrack(makeTrack(std::move(x), sr, QStringLiteral("ten_minutes.wav")));
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 60000);
        const qint64 toPixels = clock.elapsed();
        QVERIFY(f.waitForTiles(60000));
        f.lane->resetPaintTiming();
        qint64 maxGrabNs = 0;
        const QPoint at(f.lane->width() * 2 / 3, 100);
        for (int step = 0; step < 20; ++step) {
            // 14 steps in, 6 out: from the whole track down to ~0.1 s on screen and back a little.
            const int delta = step < 14 ? 360 : -360;
            QWheelEvent wheel(at, f.lane->mapToGlobal(at), QPoint(), QPoint(0, delta), Qt::NoButton,
                              Qt::ControlModifier, Qt::NoScrollPhase, false);
            QApplication::sendEvent(f.lane, &wheel);
            QElapsedTimer g;
            g.start();
            f.view.grab();
            maxGrabNs = std::max(maxGrabNs, g.nsecsElapsed());
            if (qEnvironmentVariableIsSet("MIRLO_PAINT_TIMING")) {
                for (QWidget *w : f.view.findChildren<QWidget *>()) {
                    QElapsedTimer e;
                    e.start();
                    w->grab();
                    qDebug("  step %d %s grab %.2f ms", step, w->metaObject()->className(), e.nsecsElapsed() / 1e6);
                }
            }
            QCoreApplication::processEvents();
        }
        QVERIFY(f.waitForTiles(60000));
        const double maxPaintMs = f.lane->maxPaintNs() / 1e6;
        qDebug("10-min track: spectrogram on screen after %lld ms; zoom x20: max lane paint %.2f ms, max whole-view "
               "grab %.2f ms; %d tiles rendered, cache %.1f MiB",
               toPixels, maxPaintMs, maxGrabNs / 1e6, f.lane->tileCache().tilesRendered(),
               f.lane->tileCache().cachedBytes() / 1048576.0);
        saveGrab(f.view.grab().toImage(), "ten_minutes_zoomed");
        QVERIFY2(maxPaintMs < 50.0, qPrintable(QString::number(maxPaintMs)));
    }

    void oneHourTrack()
    {
        // ~1.3 GB of audio and matrix: only on request (MIRLO_SLOW_TESTS=1).
        if (!qEnvironmentVariableIsSet("MIRLO_SLOW_TESTS"))
            QSKIP("set MIRLO_SLOW_TESTS=1 to run the one-hour track");
        const int sr = 22050;
        std::vector<float> x(size_t(3600) * sr);
        for (size_t i = 0; i < x.size(); ++i)
            x[i] = float(0.3 * std::sin(2 * M_PI * 440.0 * double(i % size_t(sr)) / sr) * ((i / sr) % 2));
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        QSignalSpy shown(&f.view, &TrackDetailView::spectrogramShown);
        QElapsedTimer clock;
        clock.start();
        f.view.setTrack(makeTrack(std::move(x), sr, QStringLiteral("one_hour.wav")));
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 120000);
        const qint64 first = clock.elapsed();
        QVERIFY(f.waitForTiles(120000));
        const qint64 all = clock.elapsed();
        f.lane->resetPaintTiming();
        for (int i = 0; i < 10; ++i) {
            QTest::keyClick(&f.view, Qt::Key_Plus);
            f.view.grab();
        }
        QVERIFY(f.waitForTiles(120000));
        qDebug("1-hour track: first tile %lld ms, all visible tiles %lld ms, max lane paint while zooming %.2f ms",
               first, all, f.lane->maxPaintNs() / 1e6);
        saveGrab(f.view.grab().toImage(), "one_hour_zoomed");
        QVERIFY(f.lane->maxPaintNs() < 50'000'000);
    }

    void realMusicTrack()
    {
        // A minute of real music, decoded in-process: on screen fast, and a picture with structure.
        const QString path = QStringLiteral(MIRLO_SHARED_DATA "/beats/muldjord_chaos_god_021-081s.ogg");
        const DecodeResult r = decodeFile(path);
        QVERIFY2(r.ok, qPrintable(r.error));
        auto t = std::make_shared<Track>();
        t->path = path;
        t->info = r.info;
        t->audio = r.audio;
        t->mono = mixToMono(r.audio);
        t->pyramid = WaveformPyramid(t->mono.data(), int64_t(t->mono.size()));
        Fixture f;
        f.view.resize(1200, 640);
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        QSignalSpy shown(&f.view, &TrackDetailView::spectrogramShown);
        QElapsedTimer clock;
        clock.start();
        f.view.setTrack(t);
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 20000);
        qDebug("60 s track (44.1 kHz): first spectrogram tile on screen after %lld ms", clock.elapsed());
        QVERIFY(f.waitForTiles());
        const QImage img = f.view.grab().toImage();
        saveGrab(img, "real_stft");
        // Music is loudest in the low half: mean brightness bottom > top quarter.
        const QRect lane = f.laneRect();
        auto meanGray = [&](int y0, int y1) {
            double sum = 0;
            int n = 0;
            for (int y = y0; y < y1; y += 2)
                for (int x = lane.left(); x < lane.right(); x += 4, ++n)
                    sum += qGray(img.pixel(x, y));
            return sum / std::max(1, n);
        };
        QVERIFY(meanGray(lane.bottom() - lane.height() / 4, lane.bottom()) >
                meanGray(lane.top(), lane.top() + lane.height() / 4) + 10);

        SpectrogramParams mel;
        mel.kind = SpectrogramKind::Mel;
        f.view.setSpectrogramParams(mel);
        f.view.setSelection(20.0, 24.0);
        f.view.setPlayhead(31.0);
        QVERIFY(f.waitForTiles());
        saveGrab(f.view.grab().toImage(), "real_mel");
        f.view.viewport()->showRange(28.0, 34.0);
        SpectrogramParams logf;
        logf.kind = SpectrogramKind::LogFrequency;
        f.view.setSpectrogramParams(logf);
        f.view.setColourMap(ColourMap::Magma);
        QVERIFY(f.waitForTiles());
        saveGrab(f.view.grab().toImage(), "real_logfreq_zoomed");
        f.view.viewport()->showRange(30.0, 30.01);
        QVERIFY(f.waitForTiles());
        saveGrab(f.view.grab().toImage(), "real_samples");
    }

    void overviewMovesTheDetailView()
    {
        Fixture f;
        f.view.setTrack(twoToneTrack());
        OverviewView overview(f.view.viewport());
        overview.resize(400, 50);
        overview.setTrack(f.view.track());
        overview.show();
        QVERIFY(QTest::qWaitForWindowExposed(&overview));
        f.view.viewport()->showRange(0.0, 0.5);
        // Click at 3 s: the detail view centres there.
        QTest::mouseClick(&overview, Qt::LeftButton, {}, QPoint(300, 25));
        const double centre = 0.5 * (f.view.viewport()->startSec() + f.view.viewport()->endSec());
        QVERIFY2(std::abs(centre - 3.0) < 0.02, qPrintable(QString::number(centre)));
        overview.setPlayhead(1.0);
        overview.setSelection(2.0, 2.5);
        const QImage img = overview.grab().toImage();
        saveGrab(img, "overview");
        QCOMPARE(QColor(img.pixel(100, 5)).red(), 255); // cursor at 1 s = x 100
    }
};

QTEST_MAIN(TstTrackDetailView)
#include "tst_track_detail_view.moc"
