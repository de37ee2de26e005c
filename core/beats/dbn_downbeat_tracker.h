#pragma once
// Bar-tracking DBN for beats and downbeats (madmom DBNDownBeatTrackingProcessor).
// Input: a [frames x 2] activation (beat, downbeat probabilities per frame at
// `fps`, the downbeat network output without its no-beat column). One bar
// HMM per entry of beatsPerBar is decoded; the one with the highest Viterbi
// log probability wins. Output: beat times in SECONDS with their position in
// the bar (1 = downbeat).
#include "core/beats/beat_state_space.h"
#include "core/beats/transition_model.h"
#include "core/beats/viterbi.h"
#include "core/dsp/matrix.h"

#include <QString>

#include <functional>
#include <memory>
#include <vector>

namespace mirlo {

// madmom's defaults.
struct DbnDownbeatTrackerParams {
    std::vector<int> beatsPerBar{3, 4};
    double fps = 100.0;
    double minBpm = 55.0;
    double maxBpm = 215.0;
    int numTempi = 60; // log-spaced; 0 = every integer interval
    double transitionLambda = 100.0;
    int observationLambda = 16;
    double threshold = 0.05; // decode only between the first and last frame with a column >= threshold
    bool correct = true;
    bool parallel = true; // decode the bar models on separate threads
};

struct DownbeatEvent {
    double time = 0.0;  // seconds
    int beatNumber = 1; // position in the bar, 1 = downbeat
    int frame = 0;      // frame of the full activation
};

struct DownbeatTrackingResult {
    std::vector<DownbeatEvent> beats;
    int beatsPerBar = 0;                  // meter of the winning model (0 if none decoded)
    std::vector<double> logProbabilities; // per beatsPerBar entry
    std::vector<int32_t> path;            // winning model's states over the decoded segment
    int firstFrame = 0;
    QString error;
    bool ok() const { return error.isEmpty(); }
    std::vector<double> downbeatTimes() const;
};

class DbnDownbeatTracker {
public:
    explicit DbnDownbeatTracker(const DbnDownbeatTrackerParams &params = {});

    const DbnDownbeatTrackerParams &params() const { return m_params; }
    int numModels() const { return int(m_models.size()); }
    const BeatStateSpace &stateSpace(int model) const { return m_models[size_t(model)]->space; }
    const TransitionModel &transitionModel(int model) const { return m_models[size_t(model)]->tm; }
    const std::vector<uint8_t> &observationPointers(int model) const { return m_models[size_t(model)]->obs; }

    // With params.parallel, isCancelled is called from two threads at once: make it thread-safe
    // (e.g. read an atomic flag).
    DownbeatTrackingResult track(const Matrix &activation, const std::function<bool()> &isCancelled = {}) const;

private:
    struct Model {
        BeatStateSpace space;
        TransitionModel tm;
        std::vector<uint8_t> obs;
        std::unique_ptr<SparseViterbi> viterbi;
    };
    DbnDownbeatTrackerParams m_params;
    QString m_paramError;
    std::vector<std::shared_ptr<const Model>> m_models;
};

} // namespace mirlo
