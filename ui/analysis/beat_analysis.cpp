#include "ui/analysis/beat_analysis.h"

#include "core/beats/beat_detector.h"
#include "core/features/madmom_signal.h"

#include <QCoreApplication>

namespace mirlo {

QString BeatAnalysis::title() const
{
    return QCoreApplication::translate("mirlo", "Beats");
}

QString BeatAnalysis::cacheKey(const AnalysisSettings &settings) const
{
    return QStringLiteral("beats:%1:%2:%3").arg(settings.minBpm).arg(settings.maxBpm).arg(settings.downbeats ? 1 : 0);
}

LayerList BeatAnalysis::compute(const TrackPtr &track, const AnalysisSettings &settings, JobContext &ctx) const
{
    BeatDetectorParams params;
    params.beats = true;
    params.downbeats = settings.downbeats;
    params.setBpmRange(settings.minBpm, settings.maxBpm);
    const BeatDetectionResult r =
        detectBeats(madmomSignal(track->audio), params, [&ctx](double f) { return ctx.setProgress(f); });
    if (r.cancelled || ctx.isCancelled())
        return {};
    if (!r.error.isEmpty())
        throw JobFailure{r.error.contains(track->displayName()) ? r.error
                                                                : QStringLiteral("%1: %2").arg(track->displayName(),
                                                                                               r.error)};
    auto beats = std::make_shared<AnalysisLayer>();
    beats->id = QStringLiteral("est.beats");
    beats->title = QCoreApplication::translate("mirlo", "Beats (RNN + DBN)");
    beats->kind = LayerKind::Beats;
    beats->colour = defaultLayerColour(LayerKind::Beats, LayerSource::Estimate);
    beats->times = r.beats;
    // The tempo the drawn beats have; the comb-filter estimate when there are too few beats.
    beats->tempoBpm = r.medianIbiTempo > 0 ? r.medianIbiTempo : (r.tempo.valid() ? r.tempo.tempo1 : 0.0);
    LayerList out{beats};
    if (settings.downbeats && !r.downbeats.empty()) {
        auto bars = std::make_shared<AnalysisLayer>();
        bars->id = QStringLiteral("est.downbeats");
        bars->title = QCoreApplication::translate("mirlo", "Downbeats (%1/4 bars)").arg(r.beatsPerBar);
        bars->kind = LayerKind::Downbeats;
        bars->colour = defaultLayerColour(LayerKind::Downbeats, LayerSource::Estimate);
        for (const DownbeatEvent &e : r.downbeats)
            if (e.beatNumber == 1) {
                bars->times.push_back(e.time);
                bars->positions.push_back(1);
            }
        out.push_back(bars);
    }
    return out;
}

} // namespace mirlo
