#include "ui/mainwindow/timing_log.h"

#include <QFileInfo>

#include <cstdio>

namespace mirlo {

bool TimingLog::enabledByEnvironment()
{
    return qEnvironmentVariableIntValue("MIRLO_TIMING") == 1;
}

void TimingLog::opened(const QString &path)
{
    if (!m_enabled)
        return;
    QElapsedTimer timer;
    timer.start();
    m_started.insert(path, timer);
}

void TimingLog::decoded(const QString &path, qint64 decodeMs)
{
    if (m_enabled)
        std::fprintf(stderr, "mirlo: timing: %s: decode %lld ms\n", qUtf8Printable(QFileInfo(path).fileName()),
                     (long long)decodeMs);
}

void TimingLog::spectrogramShown(const QString &path)
{
    if (!m_enabled || !m_started.contains(path))
        return;
    const qint64 ms = m_started.take(path).elapsed();
    std::fprintf(stderr, "mirlo: timing: %s: drop-to-spectrogram %lld ms\n", qUtf8Printable(QFileInfo(path).fileName()),
                 (long long)ms);
    std::fflush(stderr);
}

} // namespace mirlo
