#pragma once
// Onsets as layers: the detection function / activation of the chosen method
// (flux, superflux, hfc, complex; rnn, cnn once the networks are available),
// computed in a job and cached, and the onsets picked from it on the GUI
// thread with the panel's threshold, smoothing and combine window (madmom
// peak picking, pickOnsets: ~1 ms for 30k frames, so dragging is live).
#include "ui/analysis/analysis_provider.h"

namespace mirlo {

class OnsetAnalysis : public AnalysisProvider {
public:
    QString id() const override { return QStringLiteral("onsets"); }
    QString title() const override;
    QString cacheKey(const AnalysisSettings &settings) const override;
    LayerList compute(const TrackPtr &track, const AnalysisSettings &settings, JobContext &ctx) const override;
    LayerList refine(const LayerList &computed, const AnalysisSettings &settings) const override;
};

// The onsets picked from an activation layer with threshold / smoothing / combine replaced.
LayerList pickOnsetLayers(const AnalysisLayer &activation, double threshold, double smoothing, double combine);

} // namespace mirlo
