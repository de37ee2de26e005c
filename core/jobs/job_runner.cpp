#include "core/jobs/job_runner.h"

#include <QMetaObject>
#include <QThread>

#include <exception>

namespace mirlo {

JobRunner::JobRunner(QObject *parent, int maxThreads) : QObject(parent)
{
    m_pool.setMaxThreadCount(maxThreads > 0 ? maxThreads : std::max(2, QThread::idealThreadCount()));
}

JobRunner::~JobRunner()
{
    cancelAll();
    m_pool.waitForDone();
}

void JobRunner::cancel(JobId id)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    auto it = m_active.find(id);
    if (it != m_active.end())
        it->second->cancel();
}

void JobRunner::cancelAll()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    for (auto &entry : m_active)
        entry.second->cancel();
}

int JobRunner::activeCount() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return int(m_active.size());
}

bool JobRunner::waitForDone(int msecs)
{
    return m_pool.waitForDone(msecs);
}

void JobRunner::ended(JobId id)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_active.erase(id);
}

JobId JobRunner::start(const QString &title, std::function<std::function<void()>(JobContext &)> body,
                       QObject *receiver, std::function<void(QString)> onFailed)
{
    JobId id;
    std::shared_ptr<JobContext> ctx;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        id = m_nextId++;
        // Progress crosses threads by queued signal (the runner lives on the GUI thread).
        ctx = std::make_shared<JobContext>([this, id](double f, const QString &d) {
            Q_EMIT jobProgress(id, f, d);
        });
        m_active[id] = ctx;
    }
    Q_EMIT jobStarted(id, title);

    QPointer<QObject> target(receiver);
    m_pool.start([this, id, ctx, body = std::move(body), target, onFailed = std::move(onFailed)]() {
        std::function<void()> deliver;
        QString failure;
        try {
            deliver = body(*ctx);
        } catch (const JobFailure &f) {
            failure = f.message;
        } catch (const std::exception &e) {
            failure = QString::fromUtf8(e.what());
        } catch (...) {
            failure = QStringLiteral("unexpected error");
        }
        const bool cancelled = ctx->isCancelled();
        ended(id);
        if (cancelled) {
            Q_EMIT jobCancelled(id);
            return;
        }
        if (!failure.isEmpty()) {
            Q_EMIT jobFailed(id, failure);
            if (target && onFailed)
                QMetaObject::invokeMethod(target, [target, onFailed, failure]() {
                    if (target)
                        onFailed(failure);
                }, Qt::QueuedConnection);
            return;
        }
        Q_EMIT jobFinished(id);
        if (target && deliver)
            QMetaObject::invokeMethod(target, [target, deliver]() {
                if (target)
                    deliver();
            }, Qt::QueuedConnection);
    });
    return id;
}

} // namespace mirlo
