#pragma once
// Thins decoder progress to steps of at least kStep (at most ~200 reports per
// file), never going backwards and always letting 1.0 through. Shared by the
// sequential and the parallel decoder.
#include <algorithm>

namespace mirlo {

class ProgressThrottle {
public:
    static constexpr double kStep = 0.005;

    // Clamps fraction to [0, 1]; true when it is due for reporting (it is then
    // recorded as the last reported value).
    bool due(double &fraction)
    {
        fraction = std::clamp(fraction, 0.0, 1.0);
        if (fraction < m_last + kStep && fraction < 1.0)
            return false;
        if (fraction <= m_last)
            return false;
        m_last = fraction;
        return true;
    }
    double last() const { return m_last; }

private:
    double m_last = -1.0;
};

} // namespace mirlo
