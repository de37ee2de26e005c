#pragma once
// Beats, downbeats (with their position in the bar) and the tempo as layers:
// madmom's pretrained BLSTM ensembles + DBN trackers (core/beats/beat_detector.h)
// with the panel's BPM range; cached per track and (BPM range, downbeats on/off).
#include "ui/analysis/analysis_provider.h"

namespace mirlo {

class BeatAnalysis : public AnalysisProvider {
public:
    QString id() const override { return QStringLiteral("beats"); }
    QString title() const override;
    bool enabled(const AnalysisSettings &settings) const override { return settings.beats; }
    QString cacheKey(const AnalysisSettings &settings) const override;
    LayerList compute(const TrackPtr &track, const AnalysisSettings &settings, JobContext &ctx) const override;
};

} // namespace mirlo
