#include "core/beats/dbn_beat_tracker.h"

#include "core/beats/dbn_utils.h"

#include <cmath>

namespace mirlo {

QString checkDbnParams(double fps, double minBpm, double maxBpm, double transitionLambda, int observationLambda)
{
    if (!(fps > 0.0) || !std::isfinite(fps))
        return QStringLiteral("DBN parameters: fps must be positive (got %1)").arg(fps);
    if (!(minBpm > 0.0) || !(maxBpm >= minBpm) || !std::isfinite(maxBpm))
        return QStringLiteral("DBN parameters: need 0 < min_bpm <= max_bpm (got %1, %2)").arg(minBpm).arg(maxBpm);
    // The shortest interval must keep at least one state per beat.
    if (std::nearbyint(60.0 * fps / maxBpm) < 1.0)
        return QStringLiteral("DBN parameters: max_bpm %1 is too fast for %2 fps").arg(maxBpm).arg(fps);
    if (60.0 * fps / minBpm > 1e6)
        return QStringLiteral("DBN parameters: min_bpm %1 is too slow for %2 fps").arg(minBpm).arg(fps);
    if (!(transitionLambda > 0.0))
        return QStringLiteral("DBN parameters: transition_lambda must be positive");
    if (observationLambda < 2)
        return QStringLiteral("DBN parameters: observation_lambda must be >= 2");
    return {};
}

DbnBeatTracker::DbnBeatTracker(const DbnBeatTrackerParams &params) : m_params(params)
{
    m_paramError =
        checkDbnParams(params.fps, params.minBpm, params.maxBpm, params.transitionLambda, params.observationLambda);
    if (!m_paramError.isEmpty())
        return;
    // Same expressions as madmom: 60 * fps / bpm, rounded inside the state space.
    const double minInterval = 60.0 * params.fps / params.maxBpm;
    const double maxInterval = 60.0 * params.fps / params.minBpm;
    m_space = BeatStateSpace::beat(minInterval, maxInterval, params.numTempi);
    m_tm = TransitionModel::fromStateSpace(m_space, params.transitionLambda);
    m_obs = beatObservationPointers(m_space, params.observationLambda);
    m_viterbi = std::make_shared<const SparseViterbi>(m_tm, m_obs);
}

BeatTrackingResult DbnBeatTracker::track(const std::vector<float> &activation,
                                         const std::function<bool()> &isCancelled) const
{
    BeatTrackingResult result;
    result.logProbability = -HUGE_VAL;
    if (!m_paramError.isEmpty()) {
        result.error = m_paramError;
        return result;
    }
    const int frames = int(activation.size());
    result.error = checkFinite(activation.data(), frames, 1);
    if (!result.ok())
        return result;

    FrameSegment seg{0, frames};
    if (m_params.threshold != 0.0)
        seg = thresholdSegment(activation.data(), frames, 1, m_params.threshold);
    result.firstFrame = seg.first;
    const float *act = activation.data() + seg.first;
    bool any = false;
    for (int t = 0; t < seg.size() && !any; ++t)
        any = act[t] != 0.0f;
    if (!any)
        return result; // nothing to track: no beats, not an error

    const LogDensities dens = beatLogDensities(act, seg.size(), m_params.observationLambda);
    ViterbiResult vr = m_viterbi->decode(dens, isCancelled);
    result.logProbability = vr.logProbability;
    result.path = std::move(vr.path);
    if (result.path.empty())
        return result;

    std::vector<int> frameList;
    if (m_params.correct) {
        for (const auto &run : beatRangeRuns(result.path, m_obs)) {
            int peak = run.first;
            for (int t = run.first + 1; t < run.second; ++t)
                if (act[t] > act[peak])
                    peak = t;
            frameList.push_back(peak);
        }
    } else {
        // Strict local minima of the position (wrapping at the ends) inside the beat range.
        const int n = int(result.path.size());
        for (int t = 0; t < n; ++t) {
            const double x = m_space.statePositions[size_t(result.path[size_t(t)])];
            const double before = m_space.statePositions[size_t(result.path[size_t((t + n - 1) % n)])];
            const double after = m_space.statePositions[size_t(result.path[size_t((t + 1) % n)])];
            if (x < before && x < after && m_obs[size_t(result.path[size_t(t)])] == 1)
                frameList.push_back(t);
        }
    }
    for (int f : frameList) {
        result.beatFrames.push_back(f + seg.first);
        result.beatTimes.push_back(double(f + seg.first) / m_params.fps);
    }
    return result;
}

std::vector<double> DbnBeatTracker::beatTimes(const std::vector<float> &activation) const
{
    return track(activation).beatTimes;
}

} // namespace mirlo
