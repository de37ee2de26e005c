#include "ui/panels/background_task.h"

#include <QThread>

namespace mirlo {

BackgroundTask::BackgroundTask(QObject *parent) : QObject(parent) {}

BackgroundTask::~BackgroundTask()
{
    cancelAndWait();
}

bool BackgroundTask::start(std::function<void()> work)
{
    if (m_thread)
        return false;
    m_cancel = false;
    m_thread = QThread::create(std::move(work));
    // finished is emitted on the thread; the queued hop puts it behind every posted call.
    connect(
        m_thread, &QThread::finished, this,
        [this] {
            if (!m_thread)
                return;
            m_thread->deleteLater();
            m_thread = nullptr;
            Q_EMIT finished();
        },
        Qt::QueuedConnection);
    // Below the GUI and the audio output: a busy training must not starve playback.
    m_thread->start(QThread::LowPriority);
    return true;
}

void BackgroundTask::cancelAndWait()
{
    if (!m_thread)
        return;
    m_cancel = true;
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
}

} // namespace mirlo
