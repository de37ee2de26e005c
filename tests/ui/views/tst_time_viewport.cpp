// TimeViewport: the seconds <-> pixels maths every time-aligned view relies on.
#include "ui/views/time_viewport.h"

#include <QSignalSpy>
#include <QtTest>

using namespace mirlo;

class TstTimeViewport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void timeAndPixelsAreInverse()
    {
        TimeViewport vp;
        vp.setWidth(1000);
        vp.setTrack(60.0, 44100);
        vp.setSecPerPixel(0.0123);
        vp.setStart(7.5);
        for (double x : {0.0, 1.0, 333.3, 999.0, 1000.0}) {
            QVERIFY(qAbs(vp.timeToX(vp.xToTime(x)) - x) < 1e-9);
        }
        QCOMPARE(vp.xToTime(0), 7.5);
        QVERIFY(qAbs(vp.xToTime(100) - (7.5 + 1.23)) < 1e-12);
        QVERIFY(qAbs(vp.endSec() - (7.5 + 12.3)) < 1e-9);
    }

    void setTrackShowsEverything()
    {
        TimeViewport vp;
        vp.setWidth(800);
        QSignalSpy changed(&vp, &TimeViewport::changed);
        vp.setTrack(120.0, 22050);
        QVERIFY(changed.count() >= 1);
        QCOMPARE(vp.startSec(), 0.0);
        QVERIFY(qAbs(vp.secPerPixel() - 120.0 / 800) < 1e-12);
        QVERIFY(qAbs(vp.endSec() - 120.0) < 1e-9);
        QVERIFY(qAbs(vp.minSecPerPixel() - 1.0 / 22050) < 1e-15);
        QVERIFY(qAbs(vp.maxSecPerPixel() - 120.0 / 800) < 1e-12);
    }

    void zoomAroundKeepsTheAnchorTime()
    {
        TimeViewport vp;
        vp.setWidth(1000);
        vp.setTrack(100.0, 44100);
        vp.setSecPerPixel(0.05);
        vp.setStart(20.0);
        const double anchorX = 731.0;
        const double anchorSec = vp.xToTime(anchorX);
        vp.zoomAround(anchorX, 4.0);
        QVERIFY(qAbs(vp.secPerPixel() - 0.0125) < 1e-12);
        QVERIFY(qAbs(vp.xToTime(anchorX) - anchorSec) < 1e-9);
        vp.zoomAround(anchorX, 0.5);
        QVERIFY(qAbs(vp.secPerPixel() - 0.025) < 1e-12);
        QVERIFY(qAbs(vp.xToTime(anchorX) - anchorSec) < 1e-9);
    }

    void zoomIsClampedAtBothLimits()
    {
        TimeViewport vp;
        vp.setWidth(500);
        vp.setTrack(10.0, 8000);
        for (int i = 0; i < 40; ++i)
            vp.zoomAround(250, 2.0);
        QCOMPARE(vp.secPerPixel(), 1.0 / 8000); // one sample per pixel
        QVERIFY(vp.startSec() >= 0.0 && vp.endSec() <= 10.0 + 1e-9);
        for (int i = 0; i < 40; ++i)
            vp.zoomAround(10, 0.5);
        QVERIFY(qAbs(vp.secPerPixel() - 10.0 / 500) < 1e-12); // whole track fits
        QCOMPARE(vp.startSec(), 0.0);
        vp.setSecPerPixel(1e-9);
        QCOMPARE(vp.secPerPixel(), 1.0 / 8000);
        vp.setSecPerPixel(1e9);
        QVERIFY(qAbs(vp.secPerPixel() - 10.0 / 500) < 1e-12);
    }

    void startIsClampedAtBothEnds()
    {
        TimeViewport vp;
        vp.setWidth(100);
        vp.setTrack(10.0, 1000);
        vp.setSecPerPixel(0.01); // 1 s visible
        vp.setStart(-3.0);
        QCOMPARE(vp.startSec(), 0.0);
        vp.setStart(50.0);
        QVERIFY(qAbs(vp.startSec() - 9.0) < 1e-9);
        QVERIFY(qAbs(vp.endSec() - 10.0) < 1e-9);
        vp.scrollByPixels(-50);
        QVERIFY(qAbs(vp.startSec() - 8.5) < 1e-9);
        vp.scrollByPixels(1e6);
        QVERIFY(qAbs(vp.startSec() - 9.0) < 1e-9);
    }

    void ensureVisiblePagesOnlyWhenOutside()
    {
        TimeViewport vp;
        vp.setWidth(1000);
        vp.setTrack(100.0, 44100);
        vp.setSecPerPixel(0.01); // 10 s visible
        vp.setStart(20.0);
        QSignalSpy changed(&vp, &TimeViewport::changed);
        vp.ensureVisible(25.0);
        QCOMPARE(vp.startSec(), 20.0);
        QCOMPARE(changed.count(), 0);
        vp.ensureVisible(31.0); // past the right edge: page so 31 s sits at 10 %
        QVERIFY(qAbs(vp.startSec() - 30.0) < 1e-9);
        QVERIFY(qAbs(vp.timeToX(31.0) - 100.0) < 1e-6);
        QCOMPARE(changed.count(), 1);
        vp.ensureVisible(5.0); // before the left edge
        QVERIFY(qAbs(vp.startSec() - 4.0) < 1e-9);
        vp.ensureVisible(99.5); // near the end: clamped, still visible
        QVERIFY(qAbs(vp.startSec() - 90.0) < 1e-9);
        QVERIFY(99.5 >= vp.startSec() && 99.5 < vp.endSec());
    }

    void showRangeFitsTheRange()
    {
        TimeViewport vp;
        vp.setWidth(400);
        vp.setTrack(30.0, 44100);
        vp.showRange(12.0, 16.0);
        QVERIFY(qAbs(vp.startSec() - 12.0) < 1e-9);
        QVERIFY(qAbs(vp.endSec() - 16.0) < 1e-9);
        vp.showRange(16.0, 12.0); // reversed arguments
        QVERIFY(qAbs(vp.startSec() - 12.0) < 1e-9);
        // Narrower than the zoom limit: centred at the limit.
        vp.showRange(5.0, 5.0 + 1e-5);
        QCOMPARE(vp.secPerPixel(), 1.0 / 44100);
        QVERIFY(qAbs(0.5 * (vp.startSec() + vp.endSec()) - (5.0 + 0.5e-5)) < 1e-9);
        vp.showAll();
        QCOMPARE(vp.startSec(), 0.0);
        QVERIFY(qAbs(vp.endSec() - 30.0) < 1e-9);
    }

    void resizeKeepsShowAll()
    {
        TimeViewport vp;
        vp.setWidth(400);
        vp.setTrack(30.0, 44100);
        vp.setWidth(900);
        QVERIFY(qAbs(vp.endSec() - 30.0) < 1e-9);
        vp.zoomAround(0, 2.0);
        const double spp = vp.secPerPixel();
        vp.setWidth(700); // zoomed in: the scale stays
        QCOMPARE(vp.secPerPixel(), spp);
    }

    void noSignalWithoutChange()
    {
        TimeViewport vp;
        vp.setWidth(400);
        vp.setTrack(30.0, 44100);
        QSignalSpy changed(&vp, &TimeViewport::changed);
        vp.setStart(0.0);
        vp.showAll();
        QCOMPARE(changed.count(), 0);
    }
};

QTEST_MAIN(TstTimeViewport)
#include "tst_time_viewport.moc"
