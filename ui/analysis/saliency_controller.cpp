#include "ui/analysis/saliency_controller.h"

#include <QFileInfo>
#include <QMutex>
#include <QMutexLocker>

namespace mirlo {

SaliencyController::SaliencyController(JobRunner *jobs, QObject *parent) : QObject(parent), m_runner(jobs)
{
    connect(jobs, &JobRunner::jobProgress, this, [this](JobId id, double fraction, const QString &) {
        if (id != m_job)
            return;
        m_progress = fraction;
        Q_EMIT progressChanged(fraction);
    });
    // A cancel from the status bar delivers no result: forget the job so asking again restarts it.
    connect(jobs, &JobRunner::jobCancelled, this, [this](JobId id) {
        if (id != m_job)
            return;
        m_job = 0;
        Q_EMIT message(tr("Saliency for \"%1\" cancelled").arg(m_tag));
        Q_EMIT changed();
    });
}

SaliencyController::~SaliencyController()
{
    cancel();
}

QStringList SaliencyController::modelTags(const QString &model, QString *why)
{
    static QMutex mutex;
    static QHash<QString, QPair<QStringList, QString>> known; // model -> (tags, why not)
    QMutexLocker lock(&mutex);
    auto it = known.find(model);
    if (it == known.end()) {
        QString error;
        const QStringList tags = ml::saliencyModelTags(model, &error);
        it = known.insert(model, {tags, error});
    }
    if (why)
        *why = it->second;
    return it->first;
}

QString SaliencyController::key() const
{
    return m_track ? m_track->path + QLatin1Char('\n') + m_model + QLatin1Char('\n') + m_tag : QString();
}

SaliencyMapPtr SaliencyController::current() const
{
    return m_tag.isEmpty() || !m_track ? nullptr : m_cache.value(key());
}

void SaliencyController::setTrack(TrackPtr track)
{
    if (track == m_track)
        return;
    cancel();
    m_track = std::move(track);
    start();
    Q_EMIT changed();
}

void SaliencyController::request(const QString &model, const QString &tag)
{
    if (model == m_model && tag == m_tag)
        return;
    cancel();
    m_model = model;
    m_tag = tag;
    start();
    Q_EMIT changed();
}

void SaliencyController::cancel()
{
    ++m_token;
    if (m_job && m_runner)
        m_runner->cancel(m_job);
    m_job = 0;
}

void SaliencyController::start()
{
    if (!m_track || m_tag.isEmpty() || !m_runner || m_cache.contains(key()))
        return;
    QString why;
    const int index = modelTags(m_model, &why).indexOf(m_tag);
    if (index < 0) {
        Q_EMIT message(why.isEmpty() ? tr("Saliency: the model has no tag \"%1\"").arg(m_tag) : why);
        return;
    }
    const TrackPtr track = m_track;
    const QString model = m_model, tag = m_tag, k = key();
    const quint64 token = m_token;
    auto work = [track, model, index](JobContext &ctx) -> SaliencyMapPtr {
        auto map = std::make_shared<ml::SaliencyMap>(
            ml::tagSaliency(model, track->audio, index, [&ctx](double f) { return ctx.setProgress(f); }));
        if (!map->ok && !map->cancelled)
            throw JobFailure{QStringLiteral("%1: %2").arg(track->displayName(), map->error)};
        return map;
    };
    auto done = [this, k, token](SaliencyMapPtr map) {
        if (token != m_token)
            return;
        m_job = 0;
        if (map && map->ok) {
            m_cache.insert(k, map);
            m_order.removeAll(k);
            m_order.append(k);
            while (m_order.size() > kCacheSize)
                m_cache.remove(m_order.takeFirst());
        }
        Q_EMIT changed();
    };
    auto failed = [this, token](const QString &error) {
        if (token != m_token)
            return;
        m_job = 0;
        Q_EMIT message(error);
        Q_EMIT changed();
    };
    m_progress = 0;
    m_job = m_runner->run<SaliencyMapPtr>(tr("Saliency of \"%1\" (%2)").arg(tag, QFileInfo(model).fileName()), work,
                                          this, done, failed);
}

} // namespace mirlo
