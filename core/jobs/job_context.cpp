#include "core/jobs/job_context.h"

namespace mirlo {

bool JobContext::setProgress(double fraction, const QString &detail)
{
    if (isCancelled())
        return false;
    if (!m_sink)
        return true;
    using namespace std::chrono;
    const auto now = steady_clock::now();
    // Throttle to <= 20 reports per second, but always let completion through.
    const bool due = m_lastFraction < 0.0 || fraction >= 1.0 || now - m_lastReport >= milliseconds(50);
    if (due) {
        m_lastReport = now;
        m_lastFraction = fraction;
        m_sink(fraction, detail);
    }
    return true;
}

} // namespace mirlo
