#include "ui/views/event_overlay.h"

#include "core/eval/event_matching.h"
#include "ui/views/time_viewport.h"

#include <QPainter>

#include <algorithm>
#include <cmath>
#include <limits>

namespace mirlo {

namespace {

QPen eventPen(LayerKind kind, const QColor &colour)
{
    QPen pen(colour);
    pen.setCosmetic(true);
    switch (kind) {
    case LayerKind::Onsets:
        pen.setWidth(1);
        pen.setDashPattern({4.0, 3.0});
        break;
    case LayerKind::Beats:
        pen.setWidth(2);
        break;
    default:
        pen.setWidth(3);
        break;
    }
    pen.setCapStyle(Qt::FlatCap);
    return pen;
}

// Lines closer than this (on average, in pixels) would cover the lane below
// them (a track's ~500 onsets at whole-track zoom): such a layer is drawn as
// short ticks along the lane's edge instead, until zooming in spreads it out.
constexpr double kMinLineSpacingPx = 6.0;
constexpr int kTickLength = 8;

// Drawing order: thick lines first so thin ones stay visible on top.
int paintRank(LayerKind kind)
{
    return kind == LayerKind::Downbeats ? 0 : kind == LayerKind::Beats ? 1 : 2;
}

} // namespace

QColor EventOverlay::matchColour(Match m)
{
    switch (m) {
    case Match::Hit:
        return match_colours::hit();
    case Match::Miss:
        return match_colours::miss();
    case Match::FalseAlarm:
        return match_colours::falseAlarm();
    case Match::None:
        break;
    }
    return {};
}

void EventOverlay::setLayers(const LayerList &layers, double onsetWindowSec, double beatWindowSec)
{
    m_drawn.clear();
    for (const LayerPtr &l : layers)
        if (l && l->isEvents())
            m_drawn.push_back({l, {}});
    std::stable_sort(m_drawn.begin(), m_drawn.end(), [](const Drawn &a, const Drawn &b) {
        return paintRank(a.layer->kind) < paintRank(b.layer->kind);
    });
    // Compare the first truth and the first estimate of each kind.
    for (LayerKind kind : {LayerKind::Onsets, LayerKind::Beats, LayerKind::Downbeats}) {
        Drawn *truth = nullptr, *est = nullptr;
        for (Drawn &d : m_drawn) {
            if (d.layer->kind != kind)
                continue;
            if (d.layer->source == LayerSource::Truth && !truth)
                truth = &d;
            else if (d.layer->source == LayerSource::Estimate && !est)
                est = &d;
        }
        if (!truth || !est)
            continue;
        const double window = kind == LayerKind::Onsets ? onsetWindowSec : beatWindowSec;
        truth->match.assign(truth->layer->times.size(), Match::Miss);
        est->match.assign(est->layer->times.size(), Match::FalseAlarm);
        for (const auto &[r, e] : eval::matchEvents(truth->layer->times, est->layer->times, window)) {
            truth->match[size_t(r)] = Match::Hit;
            est->match[size_t(e)] = Match::Hit;
        }
    }
}

std::vector<EventOverlay::Match> EventOverlay::matches(const QString &layerId) const
{
    for (const Drawn &d : m_drawn)
        if (d.layer->id == layerId)
            return d.match;
    return {};
}

void EventOverlay::paint(QPainter &painter, const TimeViewport &viewport, const QRect &lane, bool barLabels,
                         double opacity) const
{
    if (m_drawn.empty())
        return;
    painter.save();
    painter.setOpacity(opacity);
    painter.setRenderHint(QPainter::Antialiasing, false); // crisp 1-pixel lines at exact colours
    const double t0 = viewport.xToTime(lane.left() - 4), t1 = viewport.xToTime(lane.right() + 4);
    const int mid = lane.top() + lane.height() / 2;
    QFont small = painter.font();
    small.setPointSizeF(std::max(6.5, small.pointSizeF() * 0.8));
    small.setBold(true);
    const QFontMetrics fm(small);
    struct Label {
        QRect box;
        QString text;
        QColor colour;
    };
    std::vector<Label> labels;
    if (std::any_of(m_drawn.begin(), m_drawn.end(), [](const Drawn &d) { return !d.match.empty(); })) {
        painter.setPen(QColor(255, 255, 255, 40)); // estimates above this line, truth below
        painter.drawLine(lane.left(), mid, lane.right(), mid);
    }
    for (const Drawn &d : m_drawn) {
        const AnalysisLayer &l = *d.layer;
        const bool compared = !d.match.empty();
        const bool truth = l.source == LayerSource::Truth;
        // Compared: estimates above the middle, truth below, so a hit reads as one unbroken line.
        int top = compared && truth ? mid + 1 : lane.top();
        int bottom = compared && !truth ? mid - 1 : lane.bottom();
        const auto first = std::lower_bound(l.times.begin(), l.times.end(), t0);
        const auto last = std::upper_bound(first, l.times.end(), t1);
        const bool ticks = double(lane.width()) < kMinLineSpacingPx * double(last - first);
        QPen pen = eventPen(l.kind, l.colour);
        if (ticks) {
            // Solid ticks: estimates (and uncompared truth) hang from the top
            // edge, compared truth stands on the bottom edge.
            pen.setStyle(Qt::SolidLine);
            if (compared && truth)
                top = bottom - kTickLength;
            else
                bottom = top + kTickLength;
        } else if (truth && !compared && l.kind != LayerKind::Onsets) {
            pen.setDashPattern({2.0, 2.0}); // truth alone: dotted, so it never passes for an estimate
        }
        int labelEnd = std::numeric_limits<int>::min(); // bar numbers never overlap
        for (auto it = first; it != last; ++it) {
            const size_t i = size_t(it - l.times.begin());
            if (compared)
                pen.setColor(matchColour(d.match[i]));
            painter.setPen(pen);
            const int x = int(std::floor(viewport.timeToX(*it)));
            painter.drawLine(x, top, x, bottom);
            if (barLabels && l.kind == LayerKind::Downbeats && !truth && x + 3 > labelEnd) {
                const QString text = QString::number(i + 1);
                const QRect box(x + 3, lane.top() + 2, fm.horizontalAdvance(text) + 6, fm.height());
                labelEnd = box.right() + 2;
                labels.push_back({box, text, compared ? pen.color() : l.colour});
            }
        }
    }
    // Bar numbers last, above every layer's lines and ticks.
    painter.setFont(small);
    for (const Label &label : labels) {
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(0, 0, 0, 150));
        painter.drawRoundedRect(label.box, 3, 3);
        painter.setPen(label.colour);
        painter.drawText(label.box, Qt::AlignCenter, label.text);
    }
    painter.restore();
}

} // namespace mirlo
