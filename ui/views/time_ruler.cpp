#include "ui/views/time_ruler.h"

#include "ui/views/time_viewport.h"

#include <QPainter>
#include <QPaintEvent>

#include <cmath>

namespace mirlo {

TimeRuler::TimeRuler(TimeViewport *viewport, QWidget *parent) : TimeLane(viewport, parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

QSize TimeRuler::sizeHint() const
{
    return QSize(400, fontMetrics().height() + 12);
}

double TimeRuler::majorStep(double secPerPixel, double minSpacingPx)
{
    // Steps a reader counts in: 1-2-5 below a second, then 1, 2, 5, 10, 15, 30 s, 1, 2, 5, 10, 15, 30 min, hours.
    static const double kSteps[] = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30,
                                    60, 120, 300, 600, 900, 1800, 3600, 7200, 18000, 36000};
    const double minStep = secPerPixel * minSpacingPx;
    for (double s : kSteps)
        if (s >= minStep)
            return s;
    return kSteps[std::size(kSteps) - 1] * std::ceil(minStep / kSteps[std::size(kSteps) - 1]);
}

void TimeRuler::paintEvent(QPaintEvent *event)
{
    QPainter p(this);
    const QPalette &pal = palette();
    p.fillRect(event->rect(), pal.color(QPalette::Window));
    const QColor text = pal.color(QPalette::WindowText);
    QColor minor = text;
    minor.setAlpha(90);
    p.setPen(minor);
    p.drawLine(0, height() - 1, width(), height() - 1);
    if (!m_track) {
        paintOverlays(p);
        return;
    }
    const double spp = m_viewport->secPerPixel();
    const QFontMetrics fm = fontMetrics();
    const double labelWidth = fm.horizontalAdvance(QStringLiteral("00:00.000")) + 16;
    const double step = majorStep(spp, labelWidth);
    // Five minor ticks per major one for 1- and 5-steps, four for 2-steps (a 2 splits into 0.5s).
    const double lead = step / std::pow(10.0, std::floor(std::log10(step) + 1e-9));
    const double minorStep = step / (std::abs(lead - 2.0) < 1e-6 ? 4.0 : 5.0);

    const double t0 = m_viewport->startSec(), t1 = m_viewport->endSec();
    const int h = height();
    if (minorStep / spp >= 4.0) {
        for (qint64 i = qint64(std::floor(t0 / minorStep)); i * minorStep <= t1; ++i) {
            const double x = std::floor(m_viewport->timeToX(i * minorStep)) + 0.5;
            p.drawLine(QPointF(x, h - 4), QPointF(x, h));
        }
    }
    p.setPen(text);
    for (qint64 i = qint64(std::floor(t0 / step)); i * step <= t1 + step; ++i) {
        const double t = i * step;
        const double x = std::floor(m_viewport->timeToX(t)) + 0.5;
        p.drawLine(QPointF(x, h - 9), QPointF(x, h));
        if (x >= 0) // a label cut by the left edge reads as a different time
            p.drawText(QPointF(x + 3, fm.ascent() + 3), formatTime(t));
    }
    paintOverlays(p);
    if (m_playhead >= 0) {
        const double x = std::floor(m_viewport->timeToX(m_playhead)) + 0.5;
        const QPointF tri[3] = {{x - 5, 0}, {x + 5, 0}, {x, 7}};
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(255, 80, 60));
        p.setRenderHint(QPainter::Antialiasing);
        p.drawPolygon(tri, 3);
    }
}

} // namespace mirlo
