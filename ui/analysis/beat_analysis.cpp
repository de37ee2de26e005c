#include "ui/analysis/beat_analysis.h"

#include "core/beats/beat_detector.h"
#include "core/features/madmom_signal.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

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
        throw JobFailure{r.error.contains(track->displayName())
                             ? r.error
                             : QStringLiteral("%1: %2").arg(track->displayName(), r.error)};
    auto beats = std::make_shared<AnalysisLayer>();
    beats->id = QStringLiteral("est.beats");
    beats->title = QCoreApplication::translate("mirlo", "Beats · RNN + DBN");
    beats->kind = LayerKind::Beats;
    beats->colour = defaultLayerColour(LayerKind::Beats, LayerSource::Estimate);
    beats->times = r.beats;
    // The tempo the drawn beats have; the comb-filter estimate when there are too few beats.
    beats->tempoBpm = r.medianIbiTempo > 0 ? r.medianIbiTempo : (r.tempo.valid() ? r.tempo.tempo1 : 0.0);
    if (settings.downbeats && !r.downbeats.empty()) {
        // Bar positions for the beats from the bar tracker's nearest beat (within 70 ms).
        beats->positions.assign(beats->times.size(), 0);
        size_t j = 0;
        for (size_t i = 0; i < beats->times.size(); ++i) {
            const double t = beats->times[i];
            while (j + 1 < r.downbeats.size() &&
                   std::abs(r.downbeats[j + 1].time - t) <= std::abs(r.downbeats[j].time - t))
                ++j;
            if (std::abs(r.downbeats[j].time - t) <= 0.07)
                beats->positions[i] = r.downbeats[j].beatNumber;
        }
        // Beats the bar tracker placed elsewhere (> 70 ms) continue the count of their neighbours.
        std::vector<int> &pos = beats->positions;
        const int bpb = std::max(1, r.beatsPerBar);
        if (std::all_of(pos.begin(), pos.end(), [](int p) { return p == 0; })) {
            pos.clear();
        } else {
            for (size_t i = 1; i < pos.size(); ++i)
                if (pos[i] == 0 && pos[i - 1] > 0)
                    pos[i] = pos[i - 1] % bpb + 1;
            for (size_t i = pos.size() - 1; i-- > 0;)
                if (pos[i] == 0 && pos[i + 1] > 0)
                    pos[i] = pos[i + 1] == 1 ? bpb : pos[i + 1] - 1;
        }
    }
    LayerList out{beats};
    if (settings.downbeats && !r.downbeats.empty()) {
        auto bars = std::make_shared<AnalysisLayer>();
        bars->id = QStringLiteral("est.downbeats");
        bars->title = QCoreApplication::translate("mirlo", "Downbeats · %1/4").arg(r.beatsPerBar);
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
