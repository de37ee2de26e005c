#pragma once
// Tag saliency for the GUI: computes ml::tagSaliency for the current track,
// model and tag as a JobRunner job (progress and cancel in the status bar; a
// new track, model or tag cancels the old job). Results are cached per
// track file, model and tag (the last kCacheSize maps), so going back to a
// tag is instant. Models are named as the Tags panel names them (a built-in
// tagger name or a model folder); tags by name.
#include "core/jobs/job_runner.h"
#include "ui/model/track.h"
#include "ui/views/saliency_lane.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>

namespace mirlo {

class SaliencyController : public QObject {
    Q_OBJECT
public:
    static constexpr int kCacheSize = 24;

    explicit SaliencyController(JobRunner *jobs, QObject *parent = nullptr);
    ~SaliencyController() override;

    void setTrack(TrackPtr track); // cancels the running job; recomputes the current request
    TrackPtr track() const { return m_track; }
    // tag empty: nothing wanted (cancels). Same request again: no-op.
    void request(const QString &model, const QString &tag);
    QString model() const { return m_model; }
    QString tag() const { return m_tag; }

    SaliencyMapPtr current() const; // the map of (track, model, tag); nullptr while computing / off
    bool isRunning() const { return m_job != 0; }
    double progress() const { return m_progress; }

    // The model's tags when saliency supports it (cached per model); empty + *why otherwise.
    static QStringList modelTags(const QString &model, QString *why = nullptr);

public Q_SLOTS:
    void cancel();

Q_SIGNALS:
    void changed();                  // a map arrived, or the request / track changed
    void progressChanged(double fraction);
    void message(const QString &text); // failures and cancels

private:
    QString key() const;
    void start();

    QPointer<JobRunner> m_runner;
    TrackPtr m_track;
    QString m_model, m_tag;
    JobId m_job = 0;
    quint64 m_token = 0;
    double m_progress = 0;
    QHash<QString, SaliencyMapPtr> m_cache;
    QStringList m_order; // cache keys, oldest first
};

} // namespace mirlo
