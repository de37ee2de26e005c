#include "ui/render/waveform_painter.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace mirlo {

void paintWaveform(QPainter &painter, const QRect &rect, const WaveformPyramid &pyramid,
                   const std::vector<float> &samples, int sampleRate, double startSec, double secPerPixel,
                   const WaveformStyle &style)
{
    if (rect.isEmpty() || sampleRate <= 0 || secPerPixel <= 0)
        return;
    const double mid = rect.top() + rect.height() / 2.0;
    const double half = (rect.height() / 2.0 - 1.0) * style.verticalGain;
    auto yOf = [&](double v) { return std::clamp(mid - v * half, double(rect.top()), double(rect.bottom() + 1)); };

    painter.save();
    painter.setPen(style.zeroLine);
    painter.drawLine(QPointF(rect.left(), mid), QPointF(rect.right() + 1, mid));

    const double samplesPerPixel = secPerPixel * sampleRate;
    const int64_t count = int64_t(samples.size());
    if (samplesPerPixel < 1.0 && count > 0) {
        // Sample level: connect the samples; mark them once they are 4+ px apart.
        const int64_t s0 = std::max<int64_t>(0, int64_t(std::floor(startSec * sampleRate)) - 1);
        const int64_t s1 =
            std::min<int64_t>(count - 1, int64_t(std::ceil((startSec + rect.width() * secPerPixel) * sampleRate)) + 1);
        if (s1 < s0) {
            painter.restore();
            return;
        }
        QPainterPath path;
        std::vector<QPointF> points;
        points.reserve(size_t(s1 - s0 + 1));
        for (int64_t s = s0; s <= s1; ++s) {
            const double x = rect.left() + (double(s) / sampleRate - startSec) / secPerPixel;
            points.emplace_back(x, yOf(samples[size_t(s)]));
        }
        // Antialiasing a dense zig-zag costs tens of ms in the raster engine
        // and buys nothing; it pays once samples are a few pixels apart.
        painter.setRenderHint(QPainter::Antialiasing, 1.0 / samplesPerPixel >= 3.0);
        painter.setPen(QPen(style.fill, 1.3));
        painter.drawPolyline(points.data(), int(points.size()));
        if (1.0 / samplesPerPixel >= 4.0) {
            painter.setPen(Qt::NoPen);
            painter.setBrush(style.fill);
            for (const QPointF &p : points)
                painter.drawEllipse(p, 2.0, 2.0);
        }
        painter.restore();
        return;
    }

    const std::vector<MinMax> columns = pyramid.query(startSec * sampleRate, samplesPerPixel, rect.width());
    // Bars of at least one pixel, so that near-silence still shows a trace.
    for (int x = 0; x < int(columns.size()); ++x) {
        const MinMax &c = columns[size_t(x)];
        if (!(c.max >= c.min))
            continue; // NaN guard
        if (c.max == 0.f && c.min == 0.f)
            continue;
        const double top = std::floor(yOf(c.max)), bottom = std::ceil(yOf(c.min));
        painter.fillRect(QRectF(rect.left() + x, top, 1.0, std::max(1.0, bottom - top)), style.fill);
    }
    painter.restore();
}

} // namespace mirlo
