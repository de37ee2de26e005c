#include "ui/views/waveform_lane.h"

#include "ui/render/waveform_painter.h"
#include "ui/views/time_viewport.h"

#include <QPainter>
#include <QPaintEvent>

#include <cmath>

namespace mirlo {

WaveformLane::WaveformLane(TimeViewport *viewport, QWidget *parent) : TimeLane(viewport, parent)
{
    setMinimumHeight(48);
}

void WaveformLane::paintEvent(QPaintEvent *event)
{
    QPainter p(this);
    p.fillRect(event->rect(), QColor(kLaneBackground));
    if (m_track) {
        // The pyramid query costs time proportional to the width drawn, so a
        // cursor-strip repaint only queries its own few columns.
        const QRect r(event->rect().left(), 0, event->rect().width(), height());
        paintWaveform(p, r, m_track->pyramid, m_track->mono, m_track->sampleRate(),
                      m_viewport->xToTime(r.left()), m_viewport->secPerPixel());
    }
    paintOverlays(p);
}

QString WaveformLane::readoutAt(const QPoint &pos) const
{
    const double t = clampedTime(pos.x());
    if (!m_track || m_track->mono.empty())
        return formatTime(t);
    const auto s = std::min<size_t>(m_track->mono.size() - 1, size_t(std::max(0.0, std::floor(t * m_track->sampleRate()))));
    const double a = m_track->mono[s];
    const double db = 20.0 * std::log10(std::max(1e-9, std::abs(a)));
    return tr("%1  amplitude %2 (%3 dBFS)")
        .arg(formatTime(t))
        .arg(a, 0, 'f', 4)
        .arg(std::abs(a) > 0 ? QString::number(db, 'f', 1) : QStringLiteral("-inf"));
}

AmplitudeAxis::AmplitudeAxis(QWidget *parent) : QWidget(parent) {}

void AmplitudeAxis::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Window));
    QColor c = palette().color(QPalette::WindowText);
    p.setPen(c);
    const QFontMetrics fm = fontMetrics();
    const double mid = height() / 2.0, half = height() / 2.0 - 1.0;
    const struct {
        double v;
        const char *label;
    } ticks[] = {{1.0, "1"}, {0.5, "0.5"}, {0.0, "0"}, {-0.5, "-0.5"}, {-1.0, "-1"}};
    for (const auto &t : ticks) {
        const double y = std::round(mid - t.v * half) + 0.5;
        p.drawLine(QPointF(width() - 5, y), QPointF(width(), y));
        const QString label = QString::fromLatin1(t.label);
        const double ty = std::clamp(y + fm.ascent() / 2.0 - 1, double(fm.ascent()), double(height() - fm.descent()));
        if (half > 3 * fm.height() || std::abs(t.v) != 0.5)
            p.drawText(QPointF(width() - 8 - fm.horizontalAdvance(label), ty), label);
    }
}

} // namespace mirlo
