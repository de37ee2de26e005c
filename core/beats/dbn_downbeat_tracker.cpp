#include "core/beats/dbn_downbeat_tracker.h"

#include "core/beats/dbn_beat_tracker.h"
#include "core/beats/dbn_utils.h"
#include "core/beats/observation_model.h"

#include <cmath>
#include <thread>

namespace mirlo {

std::vector<double> DownbeatTrackingResult::downbeatTimes() const
{
    std::vector<double> out;
    for (const DownbeatEvent &e : beats)
        if (e.beatNumber == 1)
            out.push_back(e.time);
    return out;
}

DbnDownbeatTracker::DbnDownbeatTracker(const DbnDownbeatTrackerParams &params) : m_params(params)
{
    m_paramError =
        checkDbnParams(params.fps, params.minBpm, params.maxBpm, params.transitionLambda, params.observationLambda);
    if (m_paramError.isEmpty() && params.beatsPerBar.empty())
        m_paramError = QStringLiteral("DBN parameters: beats_per_bar is empty");
    for (int b : params.beatsPerBar)
        if (m_paramError.isEmpty() && (b < 1 || b > 64))
            m_paramError = QStringLiteral("DBN parameters: beats_per_bar %1 out of range 1..64").arg(b);
    if (!m_paramError.isEmpty())
        return;
    const double minInterval = 60.0 * params.fps / params.maxBpm;
    const double maxInterval = 60.0 * params.fps / params.minBpm;
    for (int beats : params.beatsPerBar) {
        auto m = std::make_shared<Model>();
        m->space = BeatStateSpace::bar(beats, minInterval, maxInterval, params.numTempi);
        m->tm = TransitionModel::fromStateSpace(m->space, params.transitionLambda);
        m->obs = downbeatObservationPointers(m->space, params.observationLambda);
        m->viterbi = std::make_unique<SparseViterbi>(m->tm, m->obs);
        m_models.push_back(std::move(m));
    }
}

DownbeatTrackingResult DbnDownbeatTracker::track(const Matrix &activation,
                                                 const std::function<bool()> &isCancelled) const
{
    DownbeatTrackingResult result;
    if (!m_paramError.isEmpty()) {
        result.error = m_paramError;
        return result;
    }
    if (activation.rows > 0 && activation.cols != 2) {
        result.error = QStringLiteral("activation: expected 2 columns (beat, downbeat), got %1").arg(activation.cols);
        return result;
    }
    result.error = checkFinite(activation.values.data(), activation.rows, activation.cols);
    if (!result.ok())
        return result;

    FrameSegment seg{0, activation.rows};
    if (m_params.threshold != 0.0)
        seg = thresholdSegment(activation.values.data(), activation.rows, 2, m_params.threshold);
    result.firstFrame = seg.first;
    Matrix act(seg.size(), 2);
    bool any = false;
    for (int t = 0; t < seg.size(); ++t)
        for (int c = 0; c < 2; ++c) {
            act.at(t, c) = activation.at(seg.first + t, c);
            any = any || act.at(t, c) != 0.0f;
        }
    if (!any)
        return result; // nothing to track: no beats, not an error

    const LogDensities dens = downbeatLogDensities(act, m_params.observationLambda);
    std::vector<ViterbiResult> decoded(m_models.size());
    auto run = [&](size_t i) { decoded[i] = m_models[i]->viterbi->decode(dens, isCancelled); };
    if (m_params.parallel && m_models.size() > 1) {
        // The models are independent; the last one runs on this thread.
        std::vector<std::thread> threads;
        for (size_t i = 0; i + 1 < m_models.size(); ++i)
            threads.emplace_back(run, i);
        run(m_models.size() - 1);
        for (auto &th : threads)
            th.join();
    } else {
        for (size_t i = 0; i < m_models.size(); ++i)
            run(i);
    }

    // First maximum wins, like numpy.argmax.
    size_t best = 0;
    for (size_t i = 0; i < decoded.size(); ++i) {
        result.logProbabilities.push_back(decoded[i].logProbability);
        if (decoded[i].logProbability > decoded[best].logProbability)
            best = i;
    }
    const Model &model = *m_models[best];
    result.path = std::move(decoded[best].path);
    if (result.path.empty())
        return result;
    result.beatsPerBar = model.space.numBeats;

    const int n = int(result.path.size());
    std::vector<int> numbers(static_cast<size_t>(n));
    for (int t = 0; t < n; ++t)
        numbers[size_t(t)] = int(model.space.statePositions[size_t(result.path[size_t(t)])]) + 1;

    std::vector<int> frameList;
    if (m_params.correct) {
        // Peak of either column inside each beat range (first maximum of the
        // row-major [frames x 2] block, as madmom's flattened argmax).
        for (const auto &r : beatRangeRuns(result.path, model.obs)) {
            const float *v = act.row(r.first);
            const int count = (r.second - r.first) * 2;
            int arg = 0;
            for (int i = 1; i < count; ++i)
                if (v[i] > v[arg])
                    arg = i;
            frameList.push_back(r.first + arg / 2);
        }
    } else {
        for (int t = 1; t < n; ++t)
            if (numbers[size_t(t)] != numbers[size_t(t - 1)])
                frameList.push_back(t);
    }
    for (int f : frameList) {
        DownbeatEvent e;
        e.frame = f + seg.first;
        e.time = double(e.frame) / m_params.fps;
        e.beatNumber = numbers[size_t(f)];
        result.beats.push_back(e);
    }
    return result;
}

} // namespace mirlo
