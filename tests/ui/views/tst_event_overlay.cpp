// EventOverlay on a plain image: full-height lines when the events are spread
// out, short ticks along the lane's edge when they would cover the lane
// (checked pixel by pixel), and lines again after zooming in.
#include "ui/views/event_overlay.h"
#include "ui/views/time_viewport.h"

#include <QImage>
#include <QPainter>
#include <QtTest>

using namespace mirlo;

namespace {

const QColor kBackground(10, 20, 30);
const QColor kOnset(250, 0, 250);

LayerPtr onsetLayer(int count, double durationSec)
{
    auto l = std::make_shared<AnalysisLayer>();
    l->id = QStringLiteral("est.onsets");
    l->kind = LayerKind::Onsets;
    l->source = LayerSource::Estimate;
    l->colour = kOnset;
    for (int i = 0; i < count; ++i)
        l->times.push_back((i + 0.5) * durationSec / count);
    return l;
}

// Rows of column x (within [y0, y1)) painted in the layer colour.
int colouredRows(const QImage &img, int x, int y0, int y1)
{
    int n = 0;
    for (int y = y0; y < y1; ++y)
        n += img.pixelColor(x, y) == kOnset;
    return n;
}

QImage render(const EventOverlay &overlay, const TimeViewport &vp, const QSize &size, bool barLabels = false)
{
    QImage img(size, QImage::Format_RGB32);
    img.fill(kBackground);
    QPainter p(&img);
    overlay.paint(p, vp, QRect(QPoint(0, 0), size), barLabels);
    return img;
}

} // namespace

class TestEventOverlay : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sparseEventsAreFullLinesDenseOnesTicks()
    {
        const QSize size(600, 120);
        TimeViewport vp;
        vp.setTrack(60.0, 44100);
        vp.setWidth(size.width());
        vp.showAll();
        for (const int count : {40, 500}) { // 15 px apart, 1.2 px apart
            EventOverlay overlay;
            overlay.setLayers({onsetLayer(count, 60.0)});
            const QImage img = render(overlay, vp, size);
            const bool dense = count == 500;
            int checked = 0;
            const LayerPtr l = onsetLayer(count, 60.0);
            for (double t : l->times) {
                const int x = int(std::floor(vp.timeToX(t)));
                if (x < 0 || x >= size.width())
                    continue;
                // Every event marks the top of its column.
                QVERIFY2(colouredRows(img, x, 0, 6) >= 3, qPrintable(QStringLiteral("t=%1 s").arg(t)));
                // Spread out: a dashed line down the lane; dense: nothing below the tick.
                const int below = colouredRows(img, x, 20, size.height());
                if (dense)
                    QCOMPARE(below, 0);
                else
                    QVERIFY(below > (size.height() - 20) / 3);
                ++checked;
            }
            QVERIFY(checked > count * 9 / 10);
            // Dense: the lane keeps its own colour below the ticks almost everywhere.
            if (dense) {
                int background = 0;
                for (int x = 0; x < size.width(); ++x)
                    background += img.pixelColor(x, size.height() / 2) == kBackground;
                QCOMPARE(background, size.width());
            }
        }
        // Zooming into the dense layer brings the lines back.
        vp.showRange(10.0, 13.0); // 25 onsets over 600 px
        EventOverlay overlay;
        overlay.setLayers({onsetLayer(500, 60.0)});
        const QImage img = render(overlay, vp, size);
        const int x = int(std::floor(vp.timeToX(onsetLayer(500, 60.0)->times[100])));
        QVERIFY(colouredRows(img, x, 20, size.height()) > (size.height() - 20) / 3);
    }
};

QTEST_MAIN(TestEventOverlay)
#include "tst_event_overlay.moc"
