#include "ui/views/time_lane.h"

#include "ui/views/event_overlay.h"
#include "ui/views/time_viewport.h"

#include <QMouseEvent>
#include <QNativeGestureEvent>
#include <QPainter>
#include <QWheelEvent>

#include <cmath>

namespace mirlo {

namespace {
constexpr int kDragThresholdPx = 3;
constexpr double kWheelStepPx = 60.0;  // one notch of a wheel scrolls this far
constexpr double kWheelZoomPerNotch = 1.25;
} // namespace

QString formatTime(double sec)
{
    if (!std::isfinite(sec))
        return QStringLiteral("-");
    const bool negative = sec < 0;
    qint64 ms = qint64(std::llround(std::abs(sec) * 1000.0));
    const qint64 h = ms / 3600000, m = (ms / 60000) % 60, s = (ms / 1000) % 60;
    ms %= 1000;
    QString text = h > 0 ? QStringLiteral("%1:%2:%3.%4")
                               .arg(h)
                               .arg(m, 2, 10, QLatin1Char('0'))
                               .arg(s, 2, 10, QLatin1Char('0'))
                               .arg(ms, 3, 10, QLatin1Char('0'))
                         : QStringLiteral("%1:%2.%3").arg(m).arg(s, 2, 10, QLatin1Char('0')).arg(ms, 3, 10, QLatin1Char('0'));
    return negative ? QLatin1Char('-') + text : text;
}

TimeLane::TimeLane(TimeViewport *viewport, QWidget *parent) : QWidget(parent), m_viewport(viewport)
{
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    connect(m_viewport, &TimeViewport::changed, this, qOverload<>(&QWidget::update));
}

void TimeLane::setTrack(TrackPtr track)
{
    m_track = std::move(track);
    m_playhead = -1.0;
    m_selFrom = m_selTo = 0.0;
    update();
}

QRect TimeLane::cursorStrip(double sec) const
{
    const int x = int(std::floor(m_viewport->timeToX(sec)));
    return QRect(x - 6, 0, 13, height()); // wide enough for the ruler's marker
}

void TimeLane::setPlayhead(double sec)
{
    if (sec == m_playhead)
        return;
    if (m_playhead >= 0)
        update(cursorStrip(m_playhead));
    m_playhead = sec;
    if (m_playhead >= 0)
        update(cursorStrip(m_playhead));
}

void TimeLane::setSelection(double fromSec, double toSec)
{
    if (toSec < fromSec)
        std::swap(fromSec, toSec);
    if (fromSec == m_selFrom && toSec == m_selTo)
        return;
    m_selFrom = fromSec;
    m_selTo = toSec;
    update();
}

void TimeLane::setEventOverlay(const EventOverlay *overlay, bool barLabels, double opacity)
{
    m_overlay = overlay;
    m_barLabels = barLabels;
    m_overlayOpacity = opacity;
    update();
}

void TimeLane::paintOverlays(QPainter &painter)
{
    if (m_overlay && m_track)
        m_overlay->paint(painter, *m_viewport, rect(), m_barLabels, m_overlayOpacity);
    if (m_selTo > m_selFrom) {
        const double x0 = m_viewport->timeToX(m_selFrom), x1 = m_viewport->timeToX(m_selTo);
        if (x1 >= 0 && x0 <= width()) {
            QColor fill = palette().color(QPalette::Highlight);
            fill.setAlpha(70);
            const QRectF r(std::max(-1.0, x0), 0, std::min(double(width()) + 1, x1) - std::max(-1.0, x0), height());
            painter.fillRect(r, fill);
            QColor edge = palette().color(QPalette::Highlight);
            edge.setAlpha(200);
            painter.setPen(edge);
            painter.drawLine(QPointF(x0, 0), QPointF(x0, height()));
            painter.drawLine(QPointF(x1, 0), QPointF(x1, height()));
        }
    }
    if (m_playhead >= 0) {
        const double x = std::floor(m_viewport->timeToX(m_playhead)) + 0.5;
        if (x >= -1 && x <= width() + 1) {
            painter.setPen(QPen(QColor(255, 80, 60), 1.0));
            painter.drawLine(QPointF(x, 0), QPointF(x, height()));
        }
    }
}

QString TimeLane::readoutAt(const QPoint &pos) const
{
    return formatTime(clampedTime(pos.x()));
}

void TimeLane::zoomVertically(double, double) {}

double TimeLane::clampedTime(double x) const
{
    return std::clamp(m_viewport->xToTime(x), 0.0, std::max(0.0, m_viewport->durationSec()));
}

void TimeLane::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || !m_track) {
        QWidget::mousePressEvent(event);
        return;
    }
    m_pressX = int(event->position().x());
    m_dragging = false;
}

void TimeLane::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (m_pressX >= 0 && (event->buttons() & Qt::LeftButton)) {
        if (std::abs(pos.x() - m_pressX) > kDragThresholdPx)
            m_dragging = true;
        if (m_dragging) {
            const double a = clampedTime(m_pressX), b = clampedTime(pos.x());
            Q_EMIT selectionDragged(std::min(a, b), std::max(a, b));
        }
    }
    if (m_track)
        Q_EMIT hoverText(readoutAt(pos));
}

void TimeLane::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || m_pressX < 0)
        return;
    if (!m_dragging)
        Q_EMIT seekRequested(clampedTime(event->position().x()));
    m_pressX = -1;
    m_dragging = false;
}

void TimeLane::leaveEvent(QEvent *event)
{
    Q_EMIT hoverText(QString());
    QWidget::leaveEvent(event);
}

void TimeLane::wheelEvent(QWheelEvent *event)
{
    const QPoint pixels = event->pixelDelta();
    const QPoint angle = event->angleDelta();
    const double x = event->position().x();
    if (event->modifiers() & Qt::ControlModifier) {
        const double notches = (angle.y() != 0 ? angle.y() : angle.x()) / 120.0;
        m_viewport->zoomAround(x, std::pow(kWheelZoomPerNotch, notches));
    } else if (event->modifiers() & Qt::ShiftModifier) {
        // Some platforms turn Shift+wheel into a horizontal wheel.
        const double notches = (angle.y() != 0 ? angle.y() : angle.x()) / 120.0;
        zoomVertically(event->position().y(), std::pow(kWheelZoomPerNotch, notches));
    } else if (!pixels.isNull()) {
        // Trackpads: follow the fingers; vertical swipes also scroll time.
        const int d = std::abs(pixels.x()) >= std::abs(pixels.y()) ? pixels.x() : pixels.y();
        m_viewport->scrollByPixels(-d);
    } else {
        const int d = std::abs(angle.x()) >= std::abs(angle.y()) ? angle.x() : angle.y();
        m_viewport->scrollByPixels(-d / 120.0 * kWheelStepPx);
    }
    event->accept();
}

bool TimeLane::event(QEvent *event)
{
    if (event->type() == QEvent::NativeGesture) {
        auto *gesture = static_cast<QNativeGestureEvent *>(event);
        if (gesture->gestureType() == Qt::ZoomNativeGesture) {
            m_viewport->zoomAround(gesture->position().x(), 1.0 + gesture->value());
            return true;
        }
    }
    return QWidget::event(event);
}

} // namespace mirlo
