#pragma once
// The analyses of the current track as layers. Runs every registered
// AnalysisProvider as a job on the JobRunner (progress and cancel show in the
// status bar; a new request cancels the provider's previous job), caches the
// computed layers per track file and cache key (core's AnalysisCache: LRU,
// keyed by path + size + mtime at load time), and derives the shown layers on
// the GUI thread (so threshold drags re-pick instantly). Ground truth found
// next to the audio file (findAnnotationFiles) or imported is added as truth
// layers. Visibility is kept per layer id across tracks and re-analyses.
#include "core/analysis/analysis_cache.h"
#include "core/jobs/job_runner.h"
#include "ui/analysis/analysis_provider.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <deque>
#include <memory>
#include <vector>

namespace mirlo {

class AnalysisController : public QObject {
    Q_OBJECT
public:
    explicit AnalysisController(JobRunner *jobs, QObject *parent = nullptr);
    ~AnalysisController() override;

    void addProvider(std::unique_ptr<AnalysisProvider> provider);

    void setTrack(TrackPtr track); // cancels running jobs; loads truth found next to the file
    TrackPtr track() const { return m_track; }

    AnalysisSettings settings() const { return m_settings; }
    bool autoAnalyse() const { return m_auto; }
    bool isRunning() const;

    LayerList layers() const; // truth first, then estimates, in provider order
    LayerList visibleLayers() const;
    LayerPtr layer(const QString &id) const;
    // Truth beats and downbeats start hidden: with estimated beats, onsets and their
    // comparison on screen, a second beat grid is more clutter than help.
    bool isVisible(const QString &id) const { return m_visible.value(id, defaultVisible(id)); }
    static bool defaultVisible(const QString &id);
    double tempoBpm() const;                           // from the estimated beats, 0 = none
    double lastPickMs() const { return m_lastPickMs; } // GUI-thread re-picking time of the last threshold change

    // Reads an annotation file as truth layers (.beats with positions also give downbeats).
    bool importAnnotations(const QString &path, QString *error);

public Q_SLOTS:
    void setSettings(const mirlo::AnalysisSettings &settings); // picking-only changes apply at once, others debounced
    void setThreshold(double threshold);                       // instant re-pick (the activation lane's drag)
    void setAutoAnalyse(bool on);
    void analyse(); // runs whatever is not cached for the current settings
    void setLayerVisible(const QString &id, bool visible);

Q_SIGNALS:
    void layersChanged();
    void settingsChanged(const mirlo::AnalysisSettings &settings);
    void tempoChanged(double bpm);
    void analysisFinished(); // all requested jobs of the current track ended
    void message(const QString &text);

private:
    struct Slot {
        std::unique_ptr<AnalysisProvider> provider;
        JobId job = 0;
        quint64 token = 0;
        LayerList shown;
    };
    QString cacheKey(const Slot &slot) const;
    void refreshShown(bool startMissing);
    void startJob(Slot &slot);
    void cancelJobs();
    void loadTruth();
    void emitChanged();

    QPointer<JobRunner> m_jobs; // may die first (sibling in the window's object tree)
    std::deque<Slot> m_slots;   // deque: running jobs hold Slot pointers across addProvider()
    TrackPtr m_track;
    AnalysisSettings m_settings;
    bool m_auto = true;
    bool m_requested = false; // the user (or auto mode) asked for analysis of this track
    AnalysisCache m_cache;    // trackKey + provider key -> LayerList
    QString m_trackKey;       // the file as it was when the track was loaded
    LayerList m_truth;
    QHash<QString, bool> m_visible;
    QTimer m_debounce;
    double m_lastPickMs = 0.0;
    double m_lastTempo = -1.0;
};

// Registers the analyses Mirlo ships (onsets, beats when available): the one
// place to add a new one.
void registerStandardAnalyses(AnalysisController &controller);

} // namespace mirlo
