#include "ui/views/saliency_lane.h"

#include "core/render/colour_map.h"
#include "ui/render/waveform_painter.h"
#include "ui/views/frequency_axis.h"
#include "ui/views/time_viewport.h"

#include <QPaintEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace mirlo {

namespace {
constexpr int kPad = 2;
constexpr double kMelRangeDb = 80.0; // grey scale: the track's loudest mel cell down to 80 dB below
constexpr float kHeatAlpha = 0.85f;  // opacity at full saliency

// Fractional band index of a frequency (band centres ascending); -1 outside.
double bandPos(const std::vector<double> &hz, double f)
{
    if (hz.size() < 2 || f < hz.front() || f > hz.back())
        return -1.0;
    const auto it = std::upper_bound(hz.begin(), hz.end(), f);
    const size_t b = std::min(size_t(it - hz.begin()), hz.size() - 1) - 1;
    return double(b) + (f - hz[b]) / std::max(1e-9, hz[b + 1] - hz[b]);
}
} // namespace

SaliencyLane::SaliencyLane(TimeViewport *viewport, QWidget *parent) : TimeLane(viewport, parent)
{
    setMinimumHeight(90);
    setMouseTracking(true);
}

void SaliencyLane::setMap(SaliencyMapPtr map)
{
    m_map = map && map->ok && map->frames > 0 && map->bands > 0 ? std::move(map) : nullptr;
    rebuildImage();
    update();
    Q_EMIT mapChanged();
}

void SaliencyLane::setStatus(const QString &text)
{
    if (text == m_status)
        return;
    m_status = text;
    update();
}

void SaliencyLane::rebuildImage()
{
    m_image = QImage();
    if (!m_map)
        return;
    const ml::SaliencyMap &m = *m_map;
    // Heat scale: 99th percentile of the non-zero values (the map is already max-normalised).
    std::vector<float> nz;
    nz.reserve(m.saliency.size());
    for (float v : m.saliency)
        if (v > 0.f)
            nz.push_back(v);
    m_scale = 1.f;
    if (!nz.empty()) {
        const size_t k = std::min(nz.size() - 1, size_t(double(nz.size()) * 0.99));
        std::nth_element(nz.begin(), nz.begin() + std::ptrdiff_t(k), nz.end());
        m_scale = std::max(nz[k], 1e-6f);
    }
    const float top = *std::max_element(m.mel.begin(), m.mel.end());
    const float floorDb = top - float(kMelRangeDb);
    const ColourLut &heat = colourLut(ColourMap::Inferno);
    m_image = QImage(m.frames, m.bands, QImage::Format_RGB32);
    for (int b = 0; b < m.bands; ++b) {
        QRgb *line = reinterpret_cast<QRgb *>(m_image.scanLine(m.bands - 1 - b));
        for (int f = 0; f < m.frames; ++f) {
            const size_t i = size_t(f) * size_t(m.bands) + size_t(b);
            // Dim grey for the spectrogram, so the heat colours stay readable on top.
            const float g = std::clamp((m.mel[i] - floorDb) / float(kMelRangeDb), 0.f, 1.f) * 150.f;
            const float s = std::clamp(m.saliency[i] / m_scale, 0.f, 1.f);
            const QRgb h = heat[size_t(std::lround(s * 255.f))];
            const float a = kHeatAlpha * std::sqrt(s); // small values stay faintly visible
            line[f] = qRgb(int(g * (1 - a) + qRed(h) * a), int(g * (1 - a) + qGreen(h) * a),
                           int(g * (1 - a) + qBlue(h) * a));
        }
    }
}

double SaliencyLane::bandY(double band) const
{
    if (!m_map)
        return -1.0;
    const double h = height() - 2.0 * kPad;
    return kPad + h * (1.0 - (band + 0.5) / m_map->bands);
}

int SaliencyLane::bandAt(double y) const
{
    if (!m_map)
        return -1;
    const double h = height() - 2.0 * kPad;
    const int b = int(std::floor((1.0 - (y - kPad) / h) * m_map->bands));
    return b >= 0 && b < m_map->bands ? b : -1;
}

void SaliencyLane::paintEvent(QPaintEvent *event)
{
    QPainter p(this);
    p.fillRect(event->rect(), QColor(kLaneBackground));
    if (!m_map) {
        p.setPen(palette().color(QPalette::Mid));
        p.drawText(rect(), Qt::AlignCenter,
                   m_status.isEmpty() ? tr("No saliency: choose a tag under \"Saliency for\" in the Tags panel")
                                      : m_status);
        paintOverlays(p);
        return;
    }
    const ml::SaliencyMap &m = *m_map;
    const double half = 0.5 / m.framesPerSecond;
    const QRectF area(0, kPad, width(), height() - 2.0 * kPad);
    const int chunks = (m.frames + m.framesPerChunk - 1) / m.framesPerChunk;
    p.setRenderHint(QPainter::SmoothPixmapTransform, m_viewport->secPerPixel() * m.framesPerSecond > 1.0);
    for (int c = 0; c < chunks; ++c) {
        const int f0 = c * m.framesPerChunk, n = std::min(m.framesPerChunk, m.frames - f0);
        const double x0 = m_viewport->timeToX(std::max(0.0, m.frameTime(f0) - half));
        const double x1 = m_viewport->timeToX(m.frameTime(f0 + n - 1) + half);
        if (x1 < event->rect().left() || x0 > event->rect().right() + 1)
            continue;
        p.drawImage(QRectF(x0, area.top(), x1 - x0, area.height()), m_image, QRectF(f0, 0, n, m.bands));
    }
    if (!m_status.isEmpty()) { // e.g. a newer tag being computed over the old map
        p.setPen(Qt::white);
        p.drawText(rect().adjusted(6, 4, -6, -4), Qt::AlignTop | Qt::AlignRight, m_status);
    }
    paintOverlays(p);
}

QString SaliencyLane::readoutAt(const QPoint &pos) const
{
    const double sec = m_viewport->xToTime(pos.x());
    const int f = m_map ? m_map->frameAt(sec) : -1, b = bandAt(pos.y());
    if (f < 0 || b < 0)
        return TimeLane::readoutAt(pos);
    const ml::SaliencyMap &m = *m_map;
    const size_t i = size_t(f) * size_t(m.bands) + size_t(b);
    const int chunk = f / m.framesPerChunk;
    return tr("%1  %2  mel band %3 (%4)  %5 dB  saliency %6  chunk p = %7")
        .arg(formatTime(sec), m.tag)
        .arg(b)
        .arg(FrequencyAxis::formatHz(m.bandHz.empty() ? 0.0 : m.bandHz[size_t(b)]))
        .arg(double(m.mel[i]), 0, 'f', 1)
        .arg(double(m.saliency[i]), 0, 'f', 3)
        .arg(double(m.chunkProbabilities[size_t(chunk)]), 0, 'f', 3);
}

SaliencyAxis::SaliencyAxis(const SaliencyLane *lane, QWidget *parent) : QWidget(parent), m_lane(lane)
{
    connect(lane, &SaliencyLane::mapChanged, this, qOverload<>(&QWidget::update));
}

void SaliencyAxis::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Window));
    const SaliencyMapPtr map = m_lane->map();
    if (!map || map->bandHz.size() != size_t(map->bands))
        return;
    const QFontMetrics fm = fontMetrics();
    const int laneTop = m_lane->mapTo(window(), QPoint()).y() - mapTo(window(), QPoint()).y();
    p.setPen(palette().color(QPalette::WindowText));
    // The tag on top, then 1-2-5 ticks per decade where they leave room (mel bands are near-log).
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.drawText(QRectF(0, laneTop, width() - 4, fm.height()), Qt::AlignRight | Qt::AlignVCenter,
               QFontMetrics(bold).elidedText(map->tag, Qt::ElideRight, width() - 6));
    p.setFont(font());
    double lastY = 1e9;
    const double topLimit = laneTop + fm.height() + fm.ascent() / 2.0;
    for (double decade = 10.0; decade <= 100000.0; decade *= 10.0)
        for (double mult : {1.0, 2.0, 5.0}) {
            const double pos = bandPos(map->bandHz, mult * decade);
            if (pos < 0)
                continue;
            const double y = std::round(laneTop + m_lane->bandY(pos)) + 0.5;
            if (y < topLimit || lastY - y < fm.height() + 2)
                continue;
            lastY = y;
            const QString label = FrequencyAxis::formatHz(mult * decade);
            p.drawLine(QPointF(width() - 5, y), QPointF(width(), y));
            p.drawText(QPointF(width() - 8 - fm.horizontalAdvance(label), y + fm.ascent() / 2.0 - 1), label);
        }
}

} // namespace mirlo
