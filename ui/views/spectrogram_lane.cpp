#include "ui/views/spectrogram_lane.h"

#include "ui/render/waveform_painter.h"
#include "ui/views/frequency_axis.h"
#include "ui/views/time_viewport.h"

#include <QDebug>
#include <QElapsedTimer>
#include <QPainter>
#include <QPaintEvent>

#include <cmath>

namespace mirlo {

SpectrogramLane::SpectrogramLane(TimeViewport *viewport, QWidget *parent) : TimeLane(viewport, parent)
{
    setMinimumHeight(80);
    m_timing = qEnvironmentVariableIsSet("MIRLO_PAINT_TIMING");
    connect(&m_cache, &SpectrogramTileCache::tileReady, this, qOverload<>(&QWidget::update));
}

void SpectrogramLane::setTrack(TrackPtr track)
{
    TimeLane::setTrack(std::move(track));
    m_announced = false;
    m_message.clear();
    setSpectrogram(nullptr);
}

void SpectrogramLane::setSpectrogram(DisplaySpectrogramPtr spectrogram)
{
    m_cache.setSpectrogram(std::move(spectrogram));
    setFrequencyRange(m_wantLowHz, m_wantHighHz);
    updateStyle();
    update();
}

void SpectrogramLane::setMessage(const QString &message)
{
    m_message = message;
    update();
}

void SpectrogramLane::setColourMap(ColourMap map)
{
    m_style.colourMap = map;
    updateStyle();
}

void SpectrogramLane::setDbRange(double floorDbfs, double ceilingDbfs)
{
    if (ceilingDbfs < floorDbfs)
        std::swap(floorDbfs, ceilingDbfs);
    m_style.floorDbfs = floorDbfs;
    m_style.ceilingDbfs = std::max(ceilingDbfs, floorDbfs + 1.0);
    updateStyle();
}

void SpectrogramLane::setFrequencyRange(double lowHz, double highHz)
{
    if (highHz < lowHz)
        std::swap(lowHz, highHz);
    m_wantLowHz = lowHz;
    m_wantHighHz = highHz;
    const DisplaySpectrogramPtr spec = m_cache.spectrogram();
    if (spec && spec->mapping.isValid()) {
        const FrequencyMapping &map = spec->mapping;
        const bool all = highHz <= 0.0;
        lowHz = all ? map.minHz() : std::clamp(lowHz, map.minHz(), map.maxHz());
        highHz = all ? map.maxHz() : std::clamp(highHz, map.minHz(), map.maxHz());
        // Keep at least ~2 bands visible so a row never stretches into a wall.
        const double minSpan = map.bandCount() > 1 ? 2.0 * std::abs(map.bandPos(1) - map.bandPos(0)) : 1.0;
        double lo = map.hzToPos(lowHz), hi = map.hzToPos(highHz);
        if (hi - lo < minSpan) {
            const double c = 0.5 * (lo + hi);
            lo = std::max(map.hzToPos(map.minHz()), c - minSpan / 2);
            hi = std::min(map.hzToPos(map.maxHz()), lo + minSpan);
        }
        lowHz = map.posToHz(lo);
        highHz = map.posToHz(hi);
    }
    if (lowHz == m_lowHz && highHz == m_highHz)
        return;
    m_lowHz = lowHz;
    m_highHz = highHz;
    updateStyle();
    Q_EMIT frequencyRangeChanged();
}

void SpectrogramLane::updateStyle()
{
    m_style.lowHz = m_lowHz;
    m_style.highHz = m_highHz;
    m_style.height = height();
    if (m_style != m_cache.style()) {
        m_cache.setStyle(m_style);
        update();
    }
}

void SpectrogramLane::resizeEvent(QResizeEvent *event)
{
    TimeLane::resizeEvent(event);
    updateStyle();
}

double SpectrogramLane::yToPos(double y) const
{
    const DisplaySpectrogramPtr spec = m_cache.spectrogram();
    if (!spec || !spec->mapping.isValid() || height() <= 0)
        return 0.0;
    const double hi = spec->mapping.hzToPos(m_highHz), lo = spec->mapping.hzToPos(m_lowHz);
    return hi - y / height() * (hi - lo);
}

double SpectrogramLane::posToY(double pos) const
{
    const DisplaySpectrogramPtr spec = m_cache.spectrogram();
    if (!spec || !spec->mapping.isValid())
        return 0.0;
    const double hi = spec->mapping.hzToPos(m_highHz), lo = spec->mapping.hzToPos(m_lowHz);
    return hi > lo ? (hi - pos) / (hi - lo) * height() : 0.0;
}

void SpectrogramLane::paintEvent(QPaintEvent *event)
{
    QElapsedTimer timer;
    timer.start();
    QPainter p(this);
    const QRect clip = event->rect();
    p.fillRect(clip, QColor(kLaneBackground));

    const DisplaySpectrogramPtr spec = m_cache.spectrogram();
    QString note = m_message;
    if (m_track && !spec && note.isEmpty())
        note = tr("Computing spectrogram…");
    else if (m_track && spec && spec->data.db.isEmpty() && note.isEmpty())
        note = tr("Too short for a spectrogram");

    if (spec && !spec->data.db.isEmpty()) {
        const auto stats = m_cache.paint(p, rect(), clip, m_viewport->startSec(), m_viewport->secPerPixel());
        if (stats.exact > 0 && !m_announced) {
            m_announced = true;
            // After this paint has reached the screen, not during it.
            QMetaObject::invokeMethod(this, &SpectrogramLane::firstTilesPainted, Qt::QueuedConnection);
        }
    }
    if (!note.isEmpty()) {
        p.setPen(QColor(200, 205, 210, 150));
        p.drawText(rect(), Qt::AlignCenter, note);
    }
    paintOverlays(p);

    m_lastPaintNs = timer.nsecsElapsed();
    m_maxPaintNs = std::max(m_maxPaintNs, m_lastPaintNs);
    if (m_timing)
        qDebug("SpectrogramLane paint %dx%d: %.2f ms", clip.width(), clip.height(), m_lastPaintNs / 1e6);
}

// Read-outs keep Hz resolution where axis labels round to kHz.
static QString readoutHz(double hz)
{
    return hz < 10000.0 ? QStringLiteral("%1 Hz").arg(std::round(hz), 0, 'f', 0)
                        : QStringLiteral("%1 kHz").arg(hz / 1000.0, 0, 'f', 2);
}

QString SpectrogramLane::readoutAt(const QPoint &pos) const
{
    const double t = clampedTime(pos.x());
    const DisplaySpectrogramPtr spec = m_cache.spectrogram();
    if (!spec || !spec->mapping.isValid() || spec->data.db.isEmpty())
        return formatTime(t);
    // A pixel row may cover several bands and shows the loudest of them (see
    // the tile renderer), so the read-out names that one too.
    const auto [first, last] = spec->mapping.bandsIn(yToPos(pos.y() + 1), yToPos(pos.y()));
    int band = first;
    double level = spec->levelDbfs(t, first);
    for (int b = first + 1; b < last; ++b) {
        const double l = spec->levelDbfs(t, b);
        if (l > level || !std::isfinite(level)) {
            level = l;
            band = b;
        }
    }
    const QString levelText =
        std::isfinite(level) ? QStringLiteral("%1 dB").arg(level, 0, 'f', 1).replace(QLatin1Char('-'), QChar(0x2212))
                             : QStringLiteral("– dB");
    return QStringLiteral("%1  %2  %3").arg(formatTime(t), readoutHz(spec->mapping.bandHz(band)), levelText);
}

void SpectrogramLane::zoomVertically(double y, double factor)
{
    const DisplaySpectrogramPtr spec = m_cache.spectrogram();
    if (!spec || !spec->mapping.isValid() || factor <= 0)
        return;
    const FrequencyMapping &map = spec->mapping;
    const double anchor = yToPos(y);
    const double lo = map.hzToPos(m_lowHz), hi = map.hzToPos(m_highHz);
    const double fullLo = map.hzToPos(map.minHz()), fullHi = map.hzToPos(map.maxHz());
    double newLo = anchor - (anchor - lo) / factor, newHi = anchor + (hi - anchor) / factor;
    // Shift a range that ran off an end back inside instead of squashing it.
    if (newLo < fullLo) {
        newHi += fullLo - newLo;
        newLo = fullLo;
    }
    if (newHi > fullHi) {
        newLo -= newHi - fullHi;
        newHi = fullHi;
    }
    newLo = std::max(newLo, fullLo);
    setFrequencyRange(map.posToHz(newLo), map.posToHz(newHi));
}

} // namespace mirlo
