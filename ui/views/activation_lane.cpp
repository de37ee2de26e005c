#include "ui/views/activation_lane.h"

#include "core/onsets/peak_picking.h"
#include "ui/render/waveform_painter.h"
#include "ui/views/time_viewport.h"

#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace mirlo {

namespace {
constexpr int kGrabPx = 6;         // how close to the threshold line a press grabs it
constexpr double kHeadroom = 1.08; // the curve's maximum sits a little below the top
constexpr int kPadTop = 4, kPadBottom = 3;
const QColor kThresholdColour(255, 170, 50);
} // namespace

ActivationLane::ActivationLane(TimeViewport *viewport, QWidget *parent) : TimeLane(viewport, parent)
{
    setMinimumHeight(60);
}

void ActivationLane::setActivation(LayerPtr activation)
{
    const bool newCurve = !activation || !m_layer || activation->curve.data() != m_layer->curve.data() ||
                          activation->curve != m_layer->curve;
    m_layer = std::move(activation);
    if (m_layer && newCurve) {
        // Scale to the bulk of the peaks: a few huge ones (SuperFlux on drums) would
        // flatten everything else, and the threshold with it. Those are clipped.
        std::vector<float> v = m_layer->curve;
        double top = 0.0;
        if (!v.empty()) {
            const float peak = *std::max_element(v.begin(), v.end());
            auto q = v.begin() + std::ptrdiff_t(double(v.size() - 1) * 0.995);
            std::nth_element(v.begin(), q, v.end());
            top = std::min(double(peak), 1.5 * double(*q));
            if (top <= 0.0)
                top = peak;
        }
        // Keep the threshold on screen (a silent track has an all-zero curve); the scale
        // only changes with a new curve, never under the dragging mouse.
        m_yMax = std::max({1e-9, top * kHeadroom, m_layer->peaks.threshold * 1.25});
    }
    updateAdaptive();
    update();
}

double ActivationLane::threshold() const
{
    if (m_dragging)
        return m_dragThreshold;
    return m_layer ? m_layer->peaks.threshold : 0.0;
}

void ActivationLane::updateAdaptive()
{
    // What pickOnsets compares against: moving average of the (smoothed) activation + threshold.
    m_adaptive.clear();
    if (!m_layer || m_layer->fps <= 0)
        return;
    const PeakPickingParams &p = m_layer->peaks;
    const int pre = int(std::nearbyint(p.preAvg * m_layer->fps)), post = int(std::nearbyint(p.postAvg * m_layer->fps));
    if (pre + post <= 0)
        return;
    const std::vector<float> a = smoothActivation(m_layer->curve, int(std::nearbyint(p.smooth * m_layer->fps)));
    const int n = int(a.size()), len = pre + post + 1;
    m_adaptive.resize(a.size());
    double sum = 0.0;
    for (int i = 0; i < std::min(n, post); ++i)
        sum += a[size_t(i)];
    for (int t = 0; t < n; ++t) {
        if (t + post < n)
            sum += a[size_t(t + post)];
        if (t - pre - 1 >= 0)
            sum -= a[size_t(t - pre - 1)];
        m_adaptive[size_t(t)] = float(sum / len + threshold());
    }
}

double ActivationLane::valueToY(double value) const
{
    const double h = height() - kPadTop - kPadBottom;
    return kPadTop + h * (1.0 - std::clamp(value / m_yMax, 0.0, 1.0));
}

double ActivationLane::yToValue(double y) const
{
    const double h = std::max(1, height() - kPadTop - kPadBottom);
    return std::clamp((1.0 - (y - kPadTop) / h) * m_yMax, 0.0, m_yMax);
}

bool ActivationLane::nearThreshold(double y) const
{
    return m_layer && std::abs(y - valueToY(threshold())) <= kGrabPx;
}

void ActivationLane::paintEvent(QPaintEvent *event)
{
    QPainter p(this);
    p.fillRect(event->rect(), QColor(kLaneBackground));
    if (!m_layer || m_layer->curve.empty() || m_layer->fps <= 0) {
        p.setPen(palette().color(QPalette::Mid));
        p.drawText(rect(), Qt::AlignCenter, tr("No detection function: run an onset analysis"));
        paintOverlays(p);
        return;
    }
    const std::vector<float> &c = m_layer->curve;
    const double fps = m_layer->fps;
    const int x0 = event->rect().left() - 1, x1 = event->rect().right() + 2;
    // Per pixel column the maximum of the frames it covers (peaks survive zooming out).
    auto columnMax = [&](const std::vector<float> &v, int x, bool &any) {
        const double a = m_viewport->xToTime(x) * fps, b = m_viewport->xToTime(x + 1) * fps;
        long i0 = long(std::floor(a)), i1 = std::max(i0 + 1, long(std::floor(b)));
        i0 = std::max(0L, i0);
        i1 = std::min(long(v.size()), i1);
        any = i0 < i1;
        float m = 0.0f;
        for (long i = i0; i < i1; ++i)
            m = std::max(m, v[size_t(i)]);
        return m;
    };
    QPainterPath fill, line;
    bool started = false;
    for (int x = x0; x <= x1; ++x) {
        bool any = false;
        const float v = columnMax(c, x, any);
        if (!any)
            continue;
        const QPointF pt(x + 0.5, valueToY(v));
        if (!started) {
            fill.moveTo(x + 0.5, height());
            line.moveTo(pt);
            started = true;
        } else {
            line.lineTo(pt);
        }
        fill.lineTo(pt);
        if (x == x1)
            fill.lineTo(x + 0.5, height());
    }
    if (started) {
        fill.lineTo(fill.currentPosition().x(), height());
        QColor area = m_layer->colour;
        area.setAlpha(60);
        p.setRenderHint(QPainter::Antialiasing, true);
        p.fillPath(fill, area);
        p.setPen(QPen(m_layer->colour, 1.2));
        p.drawPath(line);
    }
    if (!m_adaptive.empty()) {
        QPainterPath adaptive;
        bool first = true;
        for (int x = x0; x <= x1; x += 2) {
            bool any = false;
            const float v = columnMax(m_adaptive, x, any);
            if (!any)
                continue;
            const QPointF pt(x + 0.5, valueToY(v));
            first ? adaptive.moveTo(pt) : adaptive.lineTo(pt);
            first = false;
        }
        QPen pen(QColor(255, 170, 50, 210), 1.0, Qt::DotLine);
        p.setPen(pen);
        p.drawPath(adaptive);
    }
    p.setRenderHint(QPainter::Antialiasing, false);
    paintOverlays(p);

    // The draggable threshold: a line with a grip and its value.
    const int y = int(std::lround(valueToY(threshold())));
    p.setPen(QPen(kThresholdColour, m_dragging ? 2 : 1));
    p.drawLine(0, y, width(), y);
    const QString label = tr("threshold %1").arg(threshold(), 0, 'f', threshold() < 10 ? 3 : 1);
    const QFontMetrics fm = fontMetrics();
    const QRect box(6, std::clamp(y - fm.height() - 2, 0, height() - fm.height()), fm.horizontalAdvance(label) + 10,
                    fm.height());
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0, 0, 0, 160));
    p.drawRoundedRect(box, 3, 3);
    p.setPen(kThresholdColour);
    p.drawText(box, Qt::AlignCenter, label);
}

void ActivationLane::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && nearThreshold(event->position().y())) {
        m_dragging = true;
        m_dragThreshold = m_layer->peaks.threshold;
        update();
        return;
    }
    TimeLane::mousePressEvent(event);
}

void ActivationLane::mouseMoveEvent(QMouseEvent *event)
{
    if (m_dragging) {
        m_dragThreshold = yToValue(event->position().y());
        Q_EMIT thresholdDragged(m_dragThreshold);
        updateAdaptive();
        update();
        Q_EMIT hoverText(tr("threshold %1").arg(m_dragThreshold, 0, 'g', 4));
        return;
    }
    setCursor(nearThreshold(event->position().y()) ? Qt::SizeVerCursor : Qt::ArrowCursor);
    TimeLane::mouseMoveEvent(event);
}

void ActivationLane::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_dragging && event->button() == Qt::LeftButton) {
        m_dragging = false;
        updateAdaptive();
        update();
        return;
    }
    TimeLane::mouseReleaseEvent(event);
}

QString ActivationLane::readoutAt(const QPoint &pos) const
{
    const double t = clampedTime(pos.x());
    if (!m_layer || m_layer->fps <= 0 || m_layer->curve.empty())
        return formatTime(t);
    const size_t i = std::min(m_layer->curve.size() - 1, size_t(std::max(0.0, std::floor(t * m_layer->fps))));
    return tr("%1  activation %2 (threshold %3)")
        .arg(formatTime(t))
        .arg(double(m_layer->curve[i]), 0, 'g', 4)
        .arg(threshold(), 0, 'g', 4);
}

} // namespace mirlo
