#pragma once
// Runs long work (decoding, spectrograms, features, inference) on a thread
// pool, off the GUI thread. A job is a function taking a JobContext; its
// result is handed to a receiver object on the receiver's thread by a queued
// call, and is dropped if the receiver is gone. The runner's signals tell the
// status bar what runs, how far it is, and how it ended.
#include "core/jobs/job_context.h"

#include <QObject>
#include <QPointer>
#include <QThreadPool>

#include <map>
#include <memory>
#include <mutex>

namespace mirlo {

using JobId = quint64;

class JobRunner : public QObject {
    Q_OBJECT
public:
    explicit JobRunner(QObject *parent = nullptr, int maxThreads = 0);
    ~JobRunner() override;

    // `work` runs on a pool thread. On success, onFinished(result) runs on the
    // receiver's thread; on JobFailure or std::exception, onFailed(message) does.
    template <class Result>
    JobId run(const QString &title, std::function<Result(JobContext &)> work, QObject *receiver,
              std::function<void(Result)> onFinished, std::function<void(QString)> onFailed = {});

    void cancel(JobId id);
    void cancelAll();
    int activeCount() const;
    // Blocks until all jobs ended (tests and shutdown only; never from GUI code paths).
    bool waitForDone(int msecs = -1);

Q_SIGNALS:
    void jobStarted(mirlo::JobId id, const QString &title);
    void jobProgress(mirlo::JobId id, double fraction, const QString &detail);
    void jobFinished(mirlo::JobId id);
    void jobFailed(mirlo::JobId id, const QString &message);
    void jobCancelled(mirlo::JobId id);

private:
    // Type-erased core: body returns a continuation to run on the receiver's thread.
    JobId start(const QString &title, std::function<std::function<void()>(JobContext &)> body,
                QObject *receiver, std::function<void(QString)> onFailed);
    void ended(JobId id);

    QThreadPool m_pool;
    mutable std::mutex m_mutex;
    std::map<JobId, std::shared_ptr<JobContext>> m_active;
    JobId m_nextId = 1;
};

template <class Result>
JobId JobRunner::run(const QString &title, std::function<Result(JobContext &)> work, QObject *receiver,
                     std::function<void(Result)> onFinished, std::function<void(QString)> onFailed)
{
    auto body = [work = std::move(work), onFinished = std::move(onFinished)](JobContext &ctx) -> std::function<void()> {
        auto result = std::make_shared<Result>(work(ctx));
        return [onFinished, result]() {
            if (onFinished)
                onFinished(std::move(*result));
        };
    };
    return start(title, std::move(body), receiver, std::move(onFailed));
}

} // namespace mirlo
