#pragma once
// The immutable values an analysis produces for one track: event layers
// (onsets, beats, downbeats; estimated or ground truth) and curve layers (an
// onset detection function / network activation with its frame rate and the
// peak-picking threshold). Times are seconds from the first sample; curve
// frame i belongs to time i / fps. Views draw these through small painters
// (EventOverlay, ActivationLane); nothing here knows about widgets.
#include "core/onsets/peak_picking.h"

#include <QColor>
#include <QString>

#include <memory>
#include <vector>

namespace mirlo {

enum class LayerKind { Onsets, Beats, Downbeats, Activation };
enum class LayerSource { Estimate, Truth };

struct AnalysisLayer {
    QString id;    // unique per track, e.g. "est.onsets", "truth.beats"
    QString title; // shown in the layers panel, e.g. "Onsets (SuperFlux)"
    LayerKind kind = LayerKind::Onsets;
    LayerSource source = LayerSource::Estimate;
    QColor colour;
    std::vector<double> times;  // seconds, ascending (event layers)
    std::vector<int> positions; // beat position in the bar per event (1 = downbeat); may be empty
    std::vector<float> curve;   // Activation: one value per frame
    double fps = 0.0;           // Activation: frames per second
    PeakPickingParams peaks;    // Activation: how onsets are picked from it (threshold drawn)
    double tempoBpm = 0.0;      // Beats: global tempo estimate (0 = unknown)

    bool isEvents() const { return kind != LayerKind::Activation; }
};

using LayerPtr = std::shared_ptr<const AnalysisLayer>;
using LayerList = std::vector<LayerPtr>;

// Default colours: distinct from each other and from the colour maps.
QColor defaultLayerColour(LayerKind kind, LayerSource source);
QString layerKindName(LayerKind kind); // "Onsets", "Beats", ...

// Colours of the teaching view (truth and estimate compared).
namespace match_colours {
inline QColor hit()
{
    return QColor(60, 200, 90);
}
inline QColor miss()
{
    return QColor(255, 150, 30);
} // truth without a matching estimate
inline QColor falseAlarm()
{
    return QColor(240, 50, 50);
} // estimate without a matching truth
} // namespace match_colours

} // namespace mirlo
