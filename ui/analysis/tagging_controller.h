#pragma once
// Track tagging for the GUI: runs a pretrained tagger (and optionally a second
// one to compare with) on the current track as JobRunner jobs (progress and
// cancel in the status bar; a new track or model cancels the old jobs).
// Results come from core's cachedTrackTags, so they are cached per track file
// and model kind/folder; asking again is instant. Models are named as
// sharedClassifier() accepts: a built-in tagger name or a folder holding an
// MTAT tagger or a tutorial CNN.
#include "core/jobs/job_runner.h"
#include "core/tagging/track_tagger.h"
#include "ui/model/track.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <memory>

namespace mirlo {

class TaggerModel;
struct SharedClassifier;
using TrackTagsPtr = std::shared_ptr<const TrackTags>;

class TaggingController : public QObject {
    Q_OBJECT
public:
    explicit TaggingController(JobRunner *jobs, QObject *parent = nullptr);
    ~TaggingController() override;

    void setTrack(TrackPtr track); // cancels running jobs; tags at once when autoRun()
    TrackPtr track() const { return m_track; }

    // compare empty: no comparison.
    void setModels(const QString &primary, const QString &compare);
    QString primaryModel() const { return m_primary; }
    QString compareModel() const { return m_compare; }

    bool autoRun() const { return m_auto; }
    bool isRunning() const { return !m_jobs.isEmpty(); }

    // The current track's result for a model (nullptr: not computed yet / failed).
    TrackTagsPtr result(const QString &model) const { return m_results.value(model); }
    TrackTagsPtr primaryResult() const { return m_results.value(m_primary); }
    TrackTagsPtr compareResult() const { return m_compare.isEmpty() ? nullptr : m_results.value(m_compare); }
    // The loaded MTAT tagger (shared, loaded once per folder); nullptr + *error when it does not load
    // or the folder is a tutorial CNN.
    static std::shared_ptr<const TaggerModel> model(const QString &nameOrFolder, QString *error);
    // The loaded classifier of either kind (MTAT tagger or tutorial CNN); nullptr + *error when it does not load.
    static std::shared_ptr<const SharedClassifier> classifier(const QString &nameOrFolder, QString *error);

public Q_SLOTS:
    void setAutoRun(bool on); // switching on tags what is missing
    void run();               // tags the current track with the models that have no result yet
    void cancel();
    // The model's files changed (e.g. retrained into the same folder): its result is dropped and,
    // when it is in use and tagging is automatic, computed again.
    void reloadModel(const QString &model);

Q_SIGNALS:
    void resultsChanged(); // a result arrived or the track / models changed
    void finished();       // every requested job of the current track ended
    void message(const QString &text);

private:
    void start(const QString &model);

    QPointer<JobRunner> m_runner;
    TrackPtr m_track;
    QString m_primary, m_compare;
    bool m_auto = false;
    quint64 m_token = 0; // results of superseded jobs are dropped
    QHash<QString, JobId> m_jobs;
    QHash<QString, TrackTagsPtr> m_results;
};

} // namespace mirlo
