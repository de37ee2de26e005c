#pragma once
// Painter of event layers (onsets, beats, downbeats; estimated and truth) as
// vertical lines over a time lane, mapped through the shared TimeViewport.
// Styles: onsets thin dashed, beats solid, downbeats thick with the bar
// number on top (numbers that would overlap are left out). A layer whose
// visible events are closer than ~6 px on average is drawn as short ticks
// along the lane's edge, so it never hides the lane at a wide zoom. When truth and estimate of one kind are both shown, the
// lane is split: estimates in the upper half, truth in the lower half, and
// each event is coloured as a hit (green), a miss (truth without a matching
// estimate, orange) or a false alarm (estimate without a matching truth, red),
// from the maximum matching of core/eval (onsets +-onsetWindow, beats +-70 ms).
#include "ui/analysis/analysis_layer.h"

#include <QRect>

#include <cstdint>
#include <vector>

class QPainter;

namespace mirlo {

class TimeViewport;

class EventOverlay {
public:
    enum class Match : uint8_t { None, Hit, Miss, FalseAlarm };

    // Keeps the event layers of `layers` (others are ignored) and matches truth against estimates.
    void setLayers(const LayerList &layers, double onsetWindowSec = 0.05, double beatWindowSec = 0.07);
    bool isEmpty() const { return m_drawn.empty(); }
    // Per event of the layer with this id (empty when the layer is not compared or not shown).
    std::vector<Match> matches(const QString &layerId) const;

    // Draws into `lane` (widget coordinates) for the events visible in the viewport.
    // barLabels: downbeats get their bar number at the top.
    // opacity < 1 lets busy backgrounds (the spectrogram) show through.
    void paint(QPainter &painter, const TimeViewport &viewport, const QRect &lane, bool barLabels,
               double opacity = 1.0) const;

    static QColor matchColour(Match m);

private:
    struct Drawn {
        LayerPtr layer;
        std::vector<Match> match; // empty: not compared
    };
    std::vector<Drawn> m_drawn;
};

} // namespace mirlo
