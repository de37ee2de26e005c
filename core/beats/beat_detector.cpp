#include "core/beats/beat_detector.h"

#include "core/analysis/madmom_models.h"
#include "core/analysis/progress_stages.h"
#include "core/features/madmom_features.h"
#include "core/features/madmom_signal.h"

#include <algorithm>
#include <atomic>

namespace mirlo {

void BeatDetectorParams::setBpmRange(double minBpm, double maxBpm)
{
    dbn.minBpm = downbeat.minBpm = minBpm;
    dbn.maxBpm = downbeat.maxBpm = maxBpm;
}

namespace {

// Runs the pipeline; `cancelled` is set as soon as progress() refuses.
void run(const std::vector<float> &signal, const BeatDetectorParams &params, const ProgressStages &stages,
         const std::atomic<bool> &cancelled, BeatDetectionResult &r)
{
    const bool wantBeats = params.beats;
    const bool wantDown = params.downbeats;
    if (!wantBeats && !wantDown)
        return;
    const MadmomEnsemble *beatNet = nullptr;
    const MadmomEnsemble *downNet = nullptr;
    if (wantBeats && !(beatNet = sharedMadmomEnsemble(MadmomModelFamily::Beats, &r.error)))
        return;
    if (wantDown && !(downNet = sharedMadmomEnsemble(MadmomModelFamily::Downbeats, &r.error)))
        return;
    // Validate the trackers before the expensive part (they report bad BPM ranges).
    const DbnBeatTracker beatTracker(params.dbn);
    if (wantBeats) {
        const QString e = checkDbnParams(params.dbn.fps, params.dbn.minBpm, params.dbn.maxBpm,
                                         params.dbn.transitionLambda, params.dbn.observationLambda);
        if (!e.isEmpty()) {
            r.error = e;
            return;
        }
    }
    if (wantDown) {
        const QString e = checkDbnParams(params.downbeat.fps, params.downbeat.minBpm, params.downbeat.maxBpm,
                                         params.downbeat.transitionLambda, params.downbeat.observationLambda);
        if (!e.isEmpty()) {
            r.error = e;
            return;
        }
    }
    r.fps = params.dbn.fps;
    if (signal.empty())
        return;

    // Stage shares roughly follow the measured costs (features ~ 1/4, BLSTMs ~ 2/3).
    std::vector<MadmomFamily> families;
    if (wantBeats)
        families.push_back(MadmomFamily::Beats);
    if (wantDown)
        families.push_back(MadmomFamily::Downbeats);
    std::vector<Matrix> features = madmomFeatures(signal, families, stages.stage(0.0, 0.25));
    if (cancelled || features.size() != families.size())
        return;
    const double netShare = 0.65 / double(families.size());
    double at = 0.25;
    size_t fi = 0;
    if (wantBeats) {
        Matrix act = beatNet->activations(features[fi++], stages.stage(at, at + netShare), &r.error);
        at += netShare;
        if (cancelled || act.isEmpty())
            return;
        r.beatActivation = std::move(act.values);
    }
    if (wantDown) {
        r.downbeatActivation = downNet->activations(features[fi++], stages.stage(at, at + netShare), &r.error);
        at += netShare;
        if (cancelled || r.downbeatActivation.isEmpty())
            return;
    }
    features.clear();

    // madmom's DBN (threshold 0) decodes a beat path even through digital
    // silence; the data spec wants no beats there, so silence stops here.
    const bool silent = std::all_of(signal.begin(), signal.end(), [](float v) { return v == 0.f; });
    if (silent) {
        stages.report(1.0);
        return;
    }
    const auto isCancelled = [&cancelled] { return cancelled.load(); };
    if (wantBeats) {
        BeatTrackingResult bt = beatTracker.track(r.beatActivation, isCancelled);
        if (cancelled)
            return;
        if (!bt.ok()) {
            r.error = bt.error;
            return;
        }
        r.beats = std::move(bt.beatTimes);
        r.medianIbiTempo = tempoFromBeats(r.beats);
        r.tempoCurve = tempoCurve(r.beats, params.tempoCurveWindow);
        if (params.tempo && r.beats.size() >= 2) { // too short for a beat period otherwise
            TempoEstimationParams tp = params.tempoParams;
            tp.fps = r.fps;
            r.tempo = estimateTempo(r.beatActivation, tp);
        }
        if (!stages.report(wantDown ? 0.95 : 1.0))
            return;
    }
    if (wantDown) {
        DbnDownbeatTrackerParams dp = params.downbeat;
        dp.fps = r.fps;
        const DbnDownbeatTracker downTracker(dp);
        DownbeatTrackingResult dt = downTracker.track(r.downbeatActivation, isCancelled);
        if (cancelled)
            return;
        if (!dt.ok()) {
            r.error = dt.error;
            return;
        }
        r.downbeats = std::move(dt.beats);
        r.beatsPerBar = dt.beatsPerBar;
        if (!wantBeats) {
            // Beats and tempo from the bar tracker when the beat network was not run.
            for (const DownbeatEvent &e : r.downbeats)
                r.beats.push_back(e.time);
            r.medianIbiTempo = tempoFromBeats(r.beats);
            r.tempoCurve = tempoCurve(r.beats, params.tempoCurveWindow);
        }
    }
    stages.report(1.0);
}

} // namespace

BeatDetectionResult detectBeats(const std::vector<float> &signal, const BeatDetectorParams &params,
                                const std::function<bool(double)> &progress)
{
    BeatDetectionResult r;
    // The downbeat tracker polls cancel from two threads: an atomic flag, set
    // only from the progress callback (which runs on the calling thread).
    std::atomic<bool> cancelled{false};
    std::function<bool(double)> watched;
    if (progress)
        watched = [&](double f) {
            if (!cancelled && !progress(f))
                cancelled = true;
            return !cancelled;
        };
    const ProgressStages stages(watched);
    run(signal, params, stages, cancelled, r);
    if (cancelled) {
        BeatDetectionResult c;
        c.cancelled = true;
        return c;
    }
    return r;
}

BeatDetectionResult detectBeatsInFile(const QString &path, const BeatDetectorParams &params,
                                      const std::function<bool(double)> &progress)
{
    const ProgressStages stages(progress);
    MadmomSignalResult decoded = decodeMadmomSignal(path, stages.stage(0.0, 0.08));
    BeatDetectionResult r;
    if (decoded.cancelled) {
        r.cancelled = true;
        return r;
    }
    if (!decoded.ok) {
        r.error = decoded.error.isEmpty() ? path + QStringLiteral(": cannot decode") : decoded.error;
        return r;
    }
    r = detectBeats(decoded.signal, params, stages.stage(0.08, 1.0));
    r.warnings = decoded.warnings;
    if (!r.error.isEmpty() && !r.error.startsWith(path))
        r.error = path + QStringLiteral(": ") + r.error;
    return r;
}

} // namespace mirlo
