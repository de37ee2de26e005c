#pragma once
// One kind of analysis as the AnalysisController runs it: a job that turns a
// track into layers (on a pool thread, cached per track and cacheKey), plus a
// cheap step on the GUI thread that derives the shown layers from the cached
// ones (e.g. peak picking an activation with the current threshold, so the
// threshold can be dragged without recomputing). Adding an analysis = one
// subclass + one registration (registerStandardAnalyses).
#include "core/jobs/job_context.h"
#include "ui/analysis/analysis_layer.h"
#include "ui/model/track.h"

#include <QString>

namespace mirlo {

// What the analysis panel edits. Seconds and BPM.
struct AnalysisSettings {
    QString onsetMethod = QStringLiteral("superflux"); // flux, superflux, hfc, complex, rnn, cnn, model:<folder>
    double threshold = 1.1;                            // peak-picking threshold (in activation units)
    double smoothing = 0.0;                            // seconds of Hamming smoothing before picking
    double combine = 0.03;                             // seconds: onsets closer than this are merged
    double fps = 0.0; // detection-function frame rate for flux/superflux/hfc/complex; 0 = the method's own
    bool beats = true;
    double minBpm = 55.0;
    double maxBpm = 215.0;
    bool downbeats = true;
    bool operator==(const AnalysisSettings &o) const
    {
        return onsetMethod == o.onsetMethod && threshold == o.threshold && smoothing == o.smoothing &&
               combine == o.combine && fps == o.fps && beats == o.beats && minBpm == o.minBpm && maxBpm == o.maxBpm &&
               downbeats == o.downbeats;
    }
    bool operator!=(const AnalysisSettings &o) const { return !(*this == o); }
};

// The method's own peak-picking defaults (threshold, smoothing, combine) in `settings`.
// For a trained model these are its model.json peak picking (the folder is read).
void applyOnsetMethodDefaults(AnalysisSettings &settings);
QStringList onsetMethodNames(); // the built-in methods; trained models come from the registry

// A trained onset model folder (core/nn/trained_onset_model.h) as an onset
// method: "model:<absolute folder>".
QString onsetModelMethod(const QString &folder);
bool isOnsetModelMethod(const QString &method, QString *folder = nullptr);
// Methods with a fixed frame rate of their own (the networks, trained models).
bool isNeuralOnsetMethod(const QString &method);

class AnalysisProvider {
public:
    virtual ~AnalysisProvider() = default;
    virtual QString id() const = 0;    // "onsets", "beats"
    virtual QString title() const = 0; // job title prefix, "Onsets"
    // Whether this analysis runs at all with these settings.
    virtual bool enabled(const AnalysisSettings &) const { return true; }
    // Equal keys <=> compute() gives the same layers (for the per-track cache).
    virtual QString cacheKey(const AnalysisSettings &settings) const = 0;
    // Pool thread. Throw JobFailure with a sentence naming the file on bad input.
    virtual LayerList compute(const TrackPtr &track, const AnalysisSettings &settings, JobContext &ctx) const = 0;
    // GUI thread, must be cheap: the shown layers from the cached ones.
    virtual LayerList refine(const LayerList &computed, const AnalysisSettings &) const { return computed; }
};

} // namespace mirlo
