#include "ui/views/overview_view.h"

#include "ui/render/waveform_painter.h"
#include "ui/views/time_viewport.h"

#include <QMouseEvent>
#include <QPainter>

#include <cmath>

namespace mirlo {

OverviewView::OverviewView(TimeViewport *detailViewport, QWidget *parent)
    : QWidget(parent), m_detail(detailViewport)
{
    setMinimumHeight(36);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setCursor(Qt::PointingHandCursor);
    connect(m_detail, &TimeViewport::changed, this, qOverload<>(&QWidget::update));
}

QSize OverviewView::sizeHint() const
{
    return QSize(600, 56);
}

void OverviewView::setTrack(TrackPtr track)
{
    m_track = std::move(track);
    m_waveform = QImage();
    m_playhead = -1.0;
    m_selFrom = m_selTo = 0.0;
    update();
}

void OverviewView::setPlayhead(double sec)
{
    const auto strip = [this](double s) { return QRect(int(std::floor(timeToX(s))) - 2, 0, 5, height()); };
    if (m_playhead >= 0)
        update(strip(m_playhead));
    m_playhead = sec;
    if (m_playhead >= 0)
        update(strip(m_playhead));
}

void OverviewView::setSelection(double fromSec, double toSec)
{
    m_selFrom = std::min(fromSec, toSec);
    m_selTo = std::max(fromSec, toSec);
    update();
}

double OverviewView::timeToX(double sec) const
{
    const double dur = m_track ? m_track->durationSec() : 0.0;
    return dur > 0 ? sec / dur * width() : 0.0;
}

double OverviewView::xToTime(double x) const
{
    const double dur = m_track ? m_track->durationSec() : 0.0;
    return width() > 0 ? std::clamp(x / width() * dur, 0.0, dur) : 0.0;
}

void OverviewView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QPalette &pal = palette();
    p.fillRect(rect(), QColor(kLaneBackground));
    if (!m_track || m_track->durationSec() <= 0) {
        return;
    }
    if (m_waveform.size() != size()) {
        // The whole track never changes: draw it once per size and blit afterwards.
        m_waveform = QImage(size(), QImage::Format_ARGB32_Premultiplied);
        m_waveform.fill(Qt::transparent);
        QPainter wp(&m_waveform);
        WaveformStyle style;
        style.fill = QColor(86, 180, 233, 200);
        paintWaveform(wp, m_waveform.rect(), m_track->pyramid, m_track->mono, m_track->sampleRate(), 0.0,
                      m_track->durationSec() / std::max(1, width()), style);
    }
    p.drawImage(0, 0, m_waveform);

    if (m_selTo > m_selFrom) {
        QColor sel = pal.color(QPalette::Highlight);
        sel.setAlpha(70);
        p.fillRect(QRectF(timeToX(m_selFrom), 0, std::max(1.0, timeToX(m_selTo) - timeToX(m_selFrom)), height()), sel);
    }
    // Dim what the detail view does not show, frame what it does.
    const double x0 = timeToX(m_detail->startSec());
    const double x1 = std::max(x0 + 3.0, timeToX(m_detail->endSec()));
    const QColor shade(0, 0, 0, 110);
    p.fillRect(QRectF(0, 0, x0, height()), shade);
    p.fillRect(QRectF(x1, 0, width() - x1, height()), shade);
    QColor frame = pal.color(QPalette::Highlight);
    p.setPen(QPen(frame, 1.5));
    p.drawRect(QRectF(x0 + 0.75, 0.75, x1 - x0 - 1.5, height() - 1.5));

    if (m_playhead >= 0) {
        const double x = std::floor(timeToX(m_playhead)) + 0.5;
        p.setPen(QPen(QColor(255, 80, 60), 1.0));
        p.drawLine(QPointF(x, 0), QPointF(x, height()));
    }
}

void OverviewView::moveViewTo(double x)
{
    m_detail->setStart(xToTime(x) - m_grabOffsetSec);
}

void OverviewView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || !m_track)
        return;
    const double t = xToTime(event->position().x());
    const double span = m_detail->endSec() - m_detail->startSec();
    // Grabbing the frame keeps the grab point; a click elsewhere centres the view there.
    m_grabOffsetSec = (t >= m_detail->startSec() && t <= m_detail->endSec()) ? t - m_detail->startSec() : span / 2;
    m_dragging = true;
    moveViewTo(event->position().x());
}

void OverviewView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_dragging)
        moveViewTo(event->position().x());
}

void OverviewView::mouseReleaseEvent(QMouseEvent *)
{
    m_dragging = false;
}

} // namespace mirlo
