#include "ui/render/frequency_mapping.h"

#include <algorithm>
#include <cmath>

namespace mirlo {

FrequencyMapping::FrequencyMapping(const SpectrogramData &data)
{
    const int n = int(data.bandHz.size());
    if (n == 0)
        return;
    m_linear = data.params.kind == SpectrogramKind::Stft;
    m_bandHz = data.bandHz;
    m_bandPos.resize(size_t(n));
    for (int i = 0; i < n; ++i)
        m_bandPos[size_t(i)] = m_linear ? data.bandHz[size_t(i)] : double(i);

    auto add = [this](double hz, double pos) {
        if (!std::isfinite(hz) || !std::isfinite(pos))
            return;
        if (!m_hz.empty() && (hz <= m_hz.back() || pos <= m_pos.back()))
            return; // keep the table strictly increasing in both coordinates
        m_hz.push_back(hz);
        m_pos.push_back(pos);
    };
    if (m_linear) {
        add(data.bandHz.front(), data.bandHz.front());
        add(data.bandHz.back(), data.bandHz.back());
    } else {
        // Band edges extend the axis by half a band at both ends.
        if (data.bandLowHz.size() == size_t(n))
            add(data.bandLowHz.front(), -0.5);
        for (int i = 0; i < n; ++i)
            add(data.bandHz[size_t(i)], double(i));
        if (data.bandHighHz.size() == size_t(n))
            add(data.bandHighHz.back(), n - 0.5);
    }
    if (m_hz.size() == 1) { // a single band: give the axis some extent
        m_hz.push_back(m_hz.front() + 1.0);
        m_pos.push_back(m_pos.front() + 1.0);
    }
}

static double interpolate(const std::vector<double> &xs, const std::vector<double> &ys, double x)
{
    if (xs.empty())
        return x;
    if (x <= xs.front())
        return ys.front();
    if (x >= xs.back())
        return ys.back();
    const size_t i = size_t(std::upper_bound(xs.begin(), xs.end(), x) - xs.begin());
    const double t = (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
    return ys[i - 1] + t * (ys[i] - ys[i - 1]);
}

double FrequencyMapping::hzToPos(double hz) const
{
    return m_linear ? std::clamp(hz, minHz(), maxHz()) : interpolate(m_hz, m_pos, hz);
}

double FrequencyMapping::posToHz(double pos) const
{
    return m_linear ? std::clamp(pos, minHz(), maxHz()) : interpolate(m_pos, m_hz, pos);
}

int FrequencyMapping::nearestBand(double pos) const
{
    if (m_bandPos.empty())
        return -1;
    const auto it = std::lower_bound(m_bandPos.begin(), m_bandPos.end(), pos);
    if (it == m_bandPos.end())
        return bandCount() - 1;
    const int i = int(it - m_bandPos.begin());
    if (i > 0 && pos - m_bandPos[size_t(i - 1)] < *it - pos)
        return i - 1;
    return i;
}

std::pair<int, int> FrequencyMapping::bandsIn(double posLo, double posHi) const
{
    const int first = int(std::lower_bound(m_bandPos.begin(), m_bandPos.end(), posLo) - m_bandPos.begin());
    const int last = int(std::upper_bound(m_bandPos.begin(), m_bandPos.end(), posHi) - m_bandPos.begin());
    if (last > first)
        return {first, last};
    const int b = nearestBand(0.5 * (posLo + posHi));
    return {b, b + 1};
}

} // namespace mirlo
