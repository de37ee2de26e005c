#pragma once
// Startup-latency log enabled by MIRLO_TIMING=1 or --timing: for each file
// opened by drop or dialog, prints to stderr
//   mirlo: timing: <file>: decode <N> ms
//   mirlo: timing: <file>: drop-to-spectrogram <N> ms
// measured from the drop / open event to the first painted spectrogram.
#include <QElapsedTimer>
#include <QHash>
#include <QString>

namespace mirlo {

class TimingLog {
public:
    static bool enabledByEnvironment();
    void setEnabled(bool on) { m_enabled = on; }
    bool isEnabled() const { return m_enabled; }

    void opened(const QString &path); // drop / open event
    void decoded(const QString &path, qint64 decodeMs);
    void spectrogramShown(const QString &path); // logs once per open

private:
    bool m_enabled = false;
    QHash<QString, QElapsedTimer> m_started;
};

} // namespace mirlo
