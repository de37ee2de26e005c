#include "ui/views/time_viewport.h"

#include <algorithm>
#include <cmath>

namespace mirlo {

TimeViewport::TimeViewport(QObject *parent) : QObject(parent) {}

double TimeViewport::maxSecPerPixel() const
{
    // Zooming out stops when the whole track fits; without a track any scale is allowed.
    if (m_durationSec <= 0.0 || m_widthPx <= 0)
        return std::max(m_secPerPixel, m_minSecPerPixel);
    return std::max(m_durationSec / m_widthPx, m_minSecPerPixel);
}

void TimeViewport::setTrack(double durationSec, int sampleRate)
{
    m_durationSec = std::max(0.0, durationSec);
    m_minSecPerPixel = 1.0 / double(sampleRate > 0 ? sampleRate : 44100);
    m_startSec = 0.0;
    m_secPerPixel = maxSecPerPixel();
    clampAndNotify();
}

void TimeViewport::setWidth(int widthPx)
{
    widthPx = std::max(1, widthPx);
    if (widthPx == m_widthPx)
        return;
    // A view that showed the whole track keeps showing it after a resize.
    const bool wasAll = m_durationSec > 0.0 && m_secPerPixel >= maxSecPerPixel() * (1.0 - 1e-9);
    m_widthPx = widthPx;
    if (wasAll)
        m_secPerPixel = maxSecPerPixel();
    clampAndNotify();
}

void TimeViewport::setStart(double startSec)
{
    m_startSec = startSec;
    clampAndNotify();
}

void TimeViewport::setSecPerPixel(double secPerPixel)
{
    if (!(secPerPixel > 0.0))
        return;
    m_secPerPixel = secPerPixel;
    clampAndNotify();
}

void TimeViewport::zoomAround(double anchorX, double factor)
{
    if (!(factor > 0.0))
        return;
    const double anchorSec = xToTime(anchorX);
    const double spp = std::clamp(m_secPerPixel / factor, m_minSecPerPixel, maxSecPerPixel());
    m_secPerPixel = spp;
    m_startSec = anchorSec - anchorX * spp;
    clampAndNotify();
}

void TimeViewport::showRange(double fromSec, double toSec)
{
    if (toSec < fromSec)
        std::swap(fromSec, toSec);
    const double span = std::max(toSec - fromSec, m_minSecPerPixel * m_widthPx);
    m_secPerPixel = span / m_widthPx;
    m_startSec = fromSec;
    // Centre a range shorter than the zoom limit allows.
    if (toSec - fromSec < span)
        m_startSec = 0.5 * (fromSec + toSec) - 0.5 * span;
    clampAndNotify();
}

void TimeViewport::showAll()
{
    m_secPerPixel = maxSecPerPixel();
    m_startSec = 0.0;
    clampAndNotify();
}

void TimeViewport::scrollByPixels(double dx)
{
    m_startSec += dx * m_secPerPixel;
    clampAndNotify();
}

void TimeViewport::ensureVisible(double sec)
{
    if (sec >= m_startSec && sec < endSec())
        return;
    m_startSec = sec - 0.1 * m_widthPx * m_secPerPixel;
    clampAndNotify();
}

void TimeViewport::clampAndNotify()
{
    m_secPerPixel = std::clamp(m_secPerPixel, m_minSecPerPixel, maxSecPerPixel());
    const double maxStart = std::max(0.0, m_durationSec - m_secPerPixel * m_widthPx);
    if (!std::isfinite(m_startSec))
        m_startSec = 0.0;
    m_startSec = std::clamp(m_startSec, 0.0, maxStart);
    // Views repaint on every notification, so only real changes are announced.
    const Snapshot now{m_startSec, m_secPerPixel, m_durationSec, m_widthPx};
    if (now == m_notified)
        return;
    m_notified = now;
    Q_EMIT changed();
}

} // namespace mirlo
