#pragma once
// Splits one progress callback (fraction 0..1, returns false to cancel) into
// consecutive stages, each mapped to its own [begin, end) share of the total,
// so a pipeline (decode -> features -> network -> post-processing) reports one
// monotone fraction. An empty callback stays empty-safe: stages never cancel.
#include <functional>

namespace mirlo {

class ProgressStages {
public:
    using Fn = std::function<bool(double)>;

    explicit ProgressStages(Fn progress) : m_progress(std::move(progress)) {}

    // The callback for the stage covering [begin, end) of the total.
    Fn stage(double begin, double end) const
    {
        if (!m_progress)
            return {};
        const Fn &p = m_progress;
        return [&p, begin, end](double f) {
            f = f < 0 ? 0 : (f > 1 ? 1 : f);
            return p(begin + (end - begin) * f);
        };
    }
    // Reports `fraction` directly; false when cancelled.
    bool report(double fraction) const { return !m_progress || m_progress(fraction); }

private:
    Fn m_progress;
};

} // namespace mirlo
