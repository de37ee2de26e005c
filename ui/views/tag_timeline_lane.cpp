#include "ui/views/tag_timeline_lane.h"

#include "core/render/colour_map.h"
#include "ui/render/waveform_painter.h"
#include "ui/views/time_viewport.h"

#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace mirlo {

namespace {
constexpr int kPad = 2;
} // namespace

TagTimelineLane::TagTimelineLane(TimeViewport *viewport, QWidget *parent) : TimeLane(viewport, parent)
{
    setMinimumHeight(70);
    setMouseTracking(true);
}

void TagTimelineLane::setTags(std::shared_ptr<const TrackTags> tags, int modelRate, int chunkSamples, int rows)
{
    m_tags = std::move(tags);
    m_rows.clear();
    if (m_tags && m_tags->ok && modelRate > 0) {
        m_rate = modelRate;
        m_chunkSec = double(chunkSamples) / modelRate;
        const auto ranked = rankTags(m_tags->track);
        for (int i = 0; i < std::min<int>(rows, int(ranked.size())); ++i)
            m_rows.push_back(ranked[size_t(i)].first);
    } else {
        m_tags.reset();
    }
    updateGeometry();
    update();
    Q_EMIT tagsChanged();
}

QStringList TagTimelineLane::rowTags() const
{
    QStringList out;
    for (int i : m_rows)
        out << m_tags->tags.value(i);
    return out;
}

int TagTimelineLane::columnCount() const
{
    return m_tags ? int(m_tags->chunkStarts.size()) : 0;
}

double TagTimelineLane::chunkStart(int chunk) const
{
    return double(m_tags->chunkStarts[size_t(chunk)]) / m_rate;
}

double TagTimelineLane::chunkEnd(int chunk) const
{
    return chunkStart(chunk) + m_chunkSec;
}

std::pair<double, double> TagTimelineLane::columnSpan(int chunk) const
{
    const double a = chunkStart(chunk);
    double b = chunk + 1 < columnCount() ? std::min(chunkEnd(chunk), chunkStart(chunk + 1)) : chunkEnd(chunk);
    // A track shorter than one chunk was zero-padded: draw no cell past the audio.
    if (m_track && m_viewport->durationSec() > 0)
        b = std::max(a, std::min(b, m_viewport->durationSec()));
    return {a, b};
}

int TagTimelineLane::chunkAt(double x) const
{
    const double t = m_viewport->xToTime(x);
    for (int c = 0; c < columnCount(); ++c) {
        const auto [a, b] = columnSpan(c);
        if (t >= a && t < b)
            return c;
    }
    return -1;
}

double TagTimelineLane::rowHeight() const
{
    return m_rows.empty() ? 0.0 : double(height() - 2 * kPad) / double(m_rows.size());
}

double TagTimelineLane::rowTop(int row) const
{
    return kPad + row * rowHeight();
}

int TagTimelineLane::rowAt(double y) const
{
    if (m_rows.empty())
        return -1;
    const int r = int(std::floor((y - kPad) / rowHeight()));
    return r >= 0 && r < int(m_rows.size()) ? r : -1;
}

float TagTimelineLane::value(int row, int chunk) const
{
    return m_tags->chunks[size_t(chunk)][size_t(m_rows[size_t(row)])];
}

QSize TagTimelineLane::sizeHint() const
{
    return QSize(400, std::max(70, int(m_rows.size()) * 15 + 2 * kPad));
}

void TagTimelineLane::paintEvent(QPaintEvent *event)
{
    QPainter p(this);
    p.fillRect(event->rect(), QColor(kLaneBackground));
    if (!m_tags) {
        p.setPen(palette().color(QPalette::Mid));
        p.drawText(rect(), Qt::AlignCenter, tr("No tags: tag the track in the Tags panel"));
        paintOverlays(p);
        return;
    }
    // Colour = probability on a fixed 0..1 scale (magma), so models and tracks compare.
    const ColourLut &lut = colourLut(ColourMap::Magma);
    const double rh = rowHeight();
    for (int c = 0; c < columnCount(); ++c) {
        const auto [a, b] = columnSpan(c);
        const double x0 = m_viewport->timeToX(a), x1 = m_viewport->timeToX(b);
        if (x1 < event->rect().left() || x0 > event->rect().right() + 1)
            continue;
        for (int r = 0; r < int(m_rows.size()); ++r) {
            const float v = std::clamp(value(r, c), 0.f, 1.f);
            const QRectF cell(x0, kPad + r * rh, x1 - x0, rh);
            p.fillRect(cell, QColor::fromRgb(lut[size_t(std::lround(v * 255.f))]));
        }
        // A thin dark line at every chunk start keeps neighbouring columns apart.
        p.fillRect(QRectF(x0, kPad, 1.0, rh * m_rows.size()), QColor(0, 0, 0, 110));
    }
    paintOverlays(p);
}

void TagTimelineLane::mousePressEvent(QMouseEvent *event)
{
    const int c = event->button() == Qt::LeftButton && m_tags ? chunkAt(event->position().x()) : -1;
    if (c < 0 || rowAt(event->position().y()) < 0) {
        TimeLane::mousePressEvent(event);
        return;
    }
    // A cell is a chunk: seek to its start through the usual seek path, then ask to play it.
    Q_EMIT seekRequested(chunkStart(c));
    Q_EMIT chunkClicked(c, chunkStart(c), chunkEnd(c));
    event->accept();
}

QString TagTimelineLane::readoutAt(const QPoint &pos) const
{
    const int c = m_tags ? chunkAt(pos.x()) : -1, r = rowAt(pos.y());
    if (c < 0 || r < 0)
        return TimeLane::readoutAt(pos);
    return tr("%1  chunk %2 (%3–%4)  p = %5")
        .arg(rowTags().value(r))
        .arg(c + 1)
        .arg(formatTime(chunkStart(c)), formatTime(chunkEnd(c)))
        .arg(double(value(r, c)), 0, 'f', 3);
}

TagTimelineLabels::TagTimelineLabels(const TagTimelineLane *lane, QWidget *parent) : QWidget(parent), m_lane(lane)
{
    connect(lane, &TagTimelineLane::tagsChanged, this, qOverload<>(&QWidget::update));
}

void TagTimelineLabels::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QStringList names = m_lane->rowTags();
    if (names.isEmpty())
        return;
    const double rh = m_lane->rowHeight();
    QFont small = font();
    small.setPointSizeF(std::max(6.5, std::min(small.pointSizeF() * 0.85, rh * 0.62)));
    p.setFont(small);
    const QFontMetrics fm(small);
    p.setPen(palette().color(QPalette::WindowText));
    // The lane may sit lower than this widget's top when the grid aligns them differently.
    const int dy = m_lane->mapTo(window(), QPoint()).y() - mapTo(window(), QPoint()).y();
    for (int r = 0; r < names.size(); ++r)
        p.drawText(QRectF(0, dy + m_lane->rowTop(r), width() - 6, rh), Qt::AlignRight | Qt::AlignVCenter,
                   fm.elidedText(names[r], Qt::ElideRight, width() - 8));
}

} // namespace mirlo
