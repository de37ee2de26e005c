#pragma once
// madmom's beat / downbeat / tempo pipeline, end to end:
//  - beats: beats_blstm ensemble activation (100 fps) -> DBN beat tracker
//    (DBNBeatTracker defaults: 55-215 BPM, transition lambda 100, ...);
//  - downbeats: downbeats_blstm ensemble (beat, downbeat) -> bar-tracking
//    DBN with 3 and 4 beats per bar (DBNDownBeatTracker defaults);
//  - tempo: madmom's comb-filter TempoEstimation on the beat activation
//    (tempo1 / tempo2 / strength as in .tempo files), the median
//    inter-beat-interval tempo and a local tempo curve over the beats.
// Input: madmom's int16-valued 44.1 kHz mono signal or a file path. Times
// are in SECONDS, tempi in BPM, activations one row per frame at `fps`.
#include "core/beats/dbn_beat_tracker.h"
#include "core/beats/dbn_downbeat_tracker.h"
#include "core/beats/tempo.h"
#include "core/dsp/matrix.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace mirlo {

struct BeatDetectorParams {
    bool beats = true;                 // beat activation + DBN beats (+ tempo)
    bool downbeats = false;            // downbeat activation + bar DBN
    bool tempo = true;                 // comb-filter tempo estimate (needs beats)
    DbnBeatTrackerParams dbn;          // madmom DBNBeatTracker defaults
    DbnDownbeatTrackerParams downbeat; // madmom DBNDownBeatTracker defaults
    TempoEstimationParams tempoParams; // madmom TempoDetector defaults
    int tempoCurveWindow = 5;          // beat intervals per local-tempo median
    // Sets min/max BPM of both DBNs (the tempo histogram range stays madmom's 40-250).
    void setBpmRange(double minBpm, double maxBpm);
};

struct BeatDetectionResult {
    double fps = 100.0;
    std::vector<float> beatActivation; // [frames]
    Matrix downbeatActivation;         // [frames x 2] (beat, downbeat)
    std::vector<double> beats;         // seconds
    std::vector<DownbeatEvent> downbeats;
    int beatsPerBar = 0;         // winning bar model (0 without downbeats)
    TempoEstimate tempo;         // comb-filter estimate
    double medianIbiTempo = 0.0; // 60 / median inter-beat interval, BPM (0 with < 2 beats)
    std::vector<TempoPoint> tempoCurve;
    bool cancelled = false;
    QString error;
    QStringList warnings; // decoder warnings (truncated file, non-finite samples, ...)
    bool ok() const { return error.isEmpty() && !cancelled; }
};

// progress(fraction) returning false cancels (result.cancelled).
BeatDetectionResult detectBeats(const std::vector<float> &madmomSignal, const BeatDetectorParams &params = {},
                                const std::function<bool(double)> &progress = {});
// Decodes `path` as madmom does (decodeMadmomSignal) first; errors name the file.
BeatDetectionResult detectBeatsInFile(const QString &path, const BeatDetectorParams &params = {},
                                      const std::function<bool(double)> &progress = {});

} // namespace mirlo
