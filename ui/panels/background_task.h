#pragma once
// One long job at a time (a training run, a data-set scan) in its own QThread,
// for windows whose GUI thread must never block. The work function runs on the
// thread; it reports back through post(), which queues a call on the owner's
// (GUI) thread, and it polls cancelFlag(). finished() is emitted on the GUI
// thread after every call the work posted. The destructor requests cancel and
// joins (the only place that waits), so the work function must capture its
// inputs by value and touch nothing of the owner but post() and the flag.
#include <QObject>

#include <atomic>
#include <functional>

class QThread;

namespace mirlo {

class BackgroundTask : public QObject {
    Q_OBJECT
public:
    explicit BackgroundTask(QObject *parent = nullptr);
    ~BackgroundTask() override;

    bool isRunning() const { return m_thread != nullptr; }
    // False (and nothing starts) while a previous job is still running.
    bool start(std::function<void()> work);
    void requestCancel() { m_cancel = true; }
    bool cancelRequested() const { return m_cancel.load(); }
    const std::atomic_bool *cancelFlag() const { return &m_cancel; }

    // From the work function: runs fn on the GUI thread later (dropped when the task is gone).
    template <class F> void post(F fn) { QMetaObject::invokeMethod(this, std::move(fn), Qt::QueuedConnection); }

    // Requests cancel and joins; for destructors of the owner.
    void cancelAndWait();

Q_SIGNALS:
    void finished();

private:
    QThread *m_thread = nullptr;
    std::atomic_bool m_cancel{false};
};

} // namespace mirlo
