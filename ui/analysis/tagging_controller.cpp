#include "ui/analysis/tagging_controller.h"

#include "core/tagging/cached_tagging.h"
#include "core/tagging/tagger_model.h"

#include <QFileInfo>

namespace mirlo {

TaggingController::TaggingController(JobRunner *jobs, QObject *parent)
    : QObject(parent), m_runner(jobs), m_primary(TaggerModel::defaultModelName())
{
    // A cancel from the status bar delivers no result: forget the job so "Tag" can start it again.
    connect(jobs, &JobRunner::jobCancelled, this, [this](JobId id) {
        const QString model = m_jobs.key(id);
        if (model.isEmpty())
            return;
        m_jobs.remove(model);
        Q_EMIT message(tr("Tagging with %1 cancelled").arg(QFileInfo(model).fileName()));
        if (m_jobs.isEmpty())
            Q_EMIT finished();
    });
}

TaggingController::~TaggingController()
{
    cancel();
}

std::shared_ptr<const TaggerModel> TaggingController::model(const QString &nameOrFolder, QString *error)
{
    return sharedTaggerModel(nameOrFolder, error);
}

std::shared_ptr<const SharedClassifier> TaggingController::classifier(const QString &nameOrFolder, QString *error)
{
    return sharedClassifier(nameOrFolder, error);
}

void TaggingController::setTrack(TrackPtr track)
{
    cancel();
    m_track = std::move(track);
    m_results.clear();
    Q_EMIT resultsChanged();
    if (m_auto)
        run();
}

void TaggingController::setModels(const QString &primary, const QString &compare)
{
    const QString p = primary.isEmpty() ? TaggerModel::defaultModelName() : primary;
    const QString c = compare == p ? QString() : compare;
    if (p == m_primary && c == m_compare)
        return;
    // Keep jobs and results of models still in use; drop the others.
    for (const QString &m : m_jobs.keys())
        if (m != p && m != c && m_runner)
            m_runner->cancel(m_jobs.take(m));
    for (const QString &m : m_results.keys())
        if (m != p && m != c)
            m_results.remove(m);
    m_primary = p;
    m_compare = c;
    Q_EMIT resultsChanged();
    if (m_auto)
        run();
}

void TaggingController::setAutoRun(bool on)
{
    m_auto = on;
    if (on)
        run();
}

void TaggingController::run()
{
    if (!m_track || !m_runner)
        return;
    for (const QString &m : {m_primary, m_compare})
        if (!m.isEmpty() && !m_results.contains(m) && !m_jobs.contains(m))
            start(m);
    if (m_jobs.isEmpty())
        Q_EMIT finished(); // everything was already there
}

void TaggingController::cancel()
{
    ++m_token;
    if (m_runner)
        for (JobId id : std::as_const(m_jobs))
            m_runner->cancel(id);
    m_jobs.clear();
}

void TaggingController::reloadModel(const QString &model)
{
    const bool running = m_jobs.contains(model);
    if (running)
        cancel(); // all jobs, so a late result of the old weights is dropped by the token
    if (!m_results.remove(model) && !running)
        return;
    Q_EMIT resultsChanged();
    if (m_auto)
        run();
}

void TaggingController::start(const QString &model)
{
    const QString path = m_track->path;
    const quint64 token = m_token;
    const QString title = tr("Tagging with %1").arg(QFileInfo(model).fileName());
    auto work = [path, model](JobContext &ctx) -> TrackTagsPtr {
        QString error;
        const auto tagger = sharedClassifier(model, &error);
        if (!tagger)
            throw JobFailure{tr("Cannot load the model in %1: %2").arg(model, error)};
        TrackTagsPtr tags = cachedTrackTags(path, tagger, [&ctx](double f) { return ctx.setProgress(f); });
        if (tags && !tags->ok && !tags->cancelled)
            throw JobFailure{tags->error};
        return tags;
    };
    auto done = [this, model, token](TrackTagsPtr tags) {
        if (token != m_token)
            return;
        m_jobs.remove(model);
        if (tags && tags->ok) {
            m_results.insert(model, tags);
            Q_EMIT resultsChanged();
        }
        if (m_jobs.isEmpty())
            Q_EMIT finished();
    };
    auto failed = [this, model, token](const QString &error) {
        if (token != m_token)
            return;
        m_jobs.remove(model);
        Q_EMIT message(error);
        if (m_jobs.isEmpty())
            Q_EMIT finished();
    };
    m_jobs.insert(model, m_runner->run<TrackTagsPtr>(title, work, this, done, failed));
}

} // namespace mirlo
