#pragma once
// DBN beat tracker (madmom DBNBeatTrackingProcessor, offline Viterbi mode).
// Input: a beat activation in [0, 1] per frame at `fps` frames per second
// (the RNN beat network output). Output: beat times in SECONDS (frame / fps)
// plus the frames and the decoded state path for inspection.
#include "core/beats/beat_state_space.h"
#include "core/beats/observation_model.h"
#include "core/beats/transition_model.h"
#include "core/beats/viterbi.h"

#include <QString>

#include <functional>
#include <memory>
#include <vector>

namespace mirlo {

// madmom's defaults.
struct DbnBeatTrackerParams {
    double fps = 100.0;
    double minBpm = 55.0;
    double maxBpm = 215.0;
    int numTempi = 0; // 0 = every integer interval (linear); > 0 = that many log-spaced intervals
    double transitionLambda = 100.0;
    int observationLambda = 16;
    double threshold = 0.0; // > 0: decode only the segment between the first and last frame >= threshold
    bool correct = true;    // move each beat to the activation peak inside its beat range
};

struct BeatTrackingResult {
    std::vector<double> beatTimes; // seconds
    std::vector<int> beatFrames;   // frames of the full activation
    std::vector<int32_t> path;     // Viterbi states of the decoded segment
    int firstFrame = 0;            // first frame of the decoded segment
    double logProbability = 0.0;   // -inf when no path was found
    QString error;                 // non-empty: bad parameters or activation, no beats
    bool ok() const { return error.isEmpty(); }
};

class DbnBeatTracker {
public:
    explicit DbnBeatTracker(const DbnBeatTrackerParams &params = {});

    const DbnBeatTrackerParams &params() const { return m_params; }
    const BeatStateSpace &stateSpace() const { return m_space; }
    const TransitionModel &transitionModel() const { return m_tm; }
    const std::vector<uint8_t> &observationPointers() const { return m_obs; }

    BeatTrackingResult track(const std::vector<float> &activation, const std::function<bool()> &isCancelled = {}) const;
    // Convenience: beat times only (empty on error).
    std::vector<double> beatTimes(const std::vector<float> &activation) const;

private:
    DbnBeatTrackerParams m_params;
    QString m_paramError;
    BeatStateSpace m_space;
    TransitionModel m_tm;
    std::vector<uint8_t> m_obs;
    std::shared_ptr<const SparseViterbi> m_viterbi; // shared: immutable, keeps the tracker copyable
};

// Checks tempo range, fps and lambdas; empty when valid. Shared with the downbeat tracker.
QString checkDbnParams(double fps, double minBpm, double maxBpm, double transitionLambda, int observationLambda);

} // namespace mirlo
