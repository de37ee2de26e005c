#pragma once
// What a running job sees of the runner: a cancel flag to poll between blocks
// and a progress setter. Progress reports are throttled to at most 20 per
// second before they reach the GUI thread.
#include <QString>

#include <atomic>
#include <chrono>
#include <functional>

namespace mirlo {

class JobContext {
public:
    using ProgressSink = std::function<void(double fraction, const QString &detail)>;

    explicit JobContext(ProgressSink sink = {}) : m_sink(std::move(sink)) {}

    bool isCancelled() const { return m_cancelled.load(std::memory_order_relaxed); }
    void cancel() { m_cancelled.store(true, std::memory_order_relaxed); }

    // Returns false once the job is cancelled, so it can be used directly as a
    // ProgressFn in decode / STFT loops.
    bool setProgress(double fraction, const QString &detail = {});

private:
    ProgressSink m_sink;
    std::atomic<bool> m_cancelled{false};
    std::chrono::steady_clock::time_point m_lastReport{};
    double m_lastFraction = -1.0;
};

// Thrown inside a job to fail it with a human sentence (naming the file).
struct JobFailure {
    QString message;
};

} // namespace mirlo
