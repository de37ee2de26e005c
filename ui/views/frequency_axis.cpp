#include "ui/views/frequency_axis.h"

#include "ui/views/spectrogram_lane.h"

#include <QPainter>

#include <cmath>

namespace mirlo {

FrequencyAxis::FrequencyAxis(SpectrogramLane *lane, QWidget *parent) : QWidget(parent), m_lane(lane)
{
    connect(lane, &SpectrogramLane::frequencyRangeChanged, this, qOverload<>(&QWidget::update));
}

QString FrequencyAxis::formatHz(double hz)
{
    if (hz >= 1000.0) {
        const double k = hz / 1000.0;
        const int decimals = k >= 10.0 || std::abs(k - std::round(k)) < 0.05 ? 0 : 1;
        const double shown = decimals == 0 ? std::round(k) : k;
        return QStringLiteral("%1 kHz").arg(shown, 0, 'f', decimals);
    }
    return QStringLiteral("%1 Hz").arg(std::round(hz), 0, 'f', 0);
}

void FrequencyAxis::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Window));
    const DisplaySpectrogramPtr spec = m_lane->spectrogram();
    if (!spec || !spec->mapping.isValid() || spec->data.db.isEmpty())
        return;
    const FrequencyMapping &map = spec->mapping;
    const double lowHz = m_lane->lowHz(), highHz = m_lane->highHz();
    const QFontMetrics fm = fontMetrics();
    // Linear axes get sparser labels: evenly spaced numbers need fewer to read.
    const int minGap = map.isLinearHz() ? 2 * fm.height() : fm.height() + 6;
    const int h = m_lane->height();

    // Candidate ticks: a linear axis uses one "nice" step; a band axis uses
    // 1-2-5 per decade and fills in 1..9 where the bands leave room.
    std::vector<double> ticks;
    if (map.isLinearHz()) {
        const double want = (highHz - lowHz) * minGap / std::max(1, h);
        const double mag = std::pow(10.0, std::floor(std::log10(std::max(want, 1e-6))));
        double step = mag;
        for (double m : {1.0, 2.0, 5.0, 10.0})
            if (m * mag >= want) {
                step = m * mag;
                break;
            }
        for (double f = std::ceil(lowHz / step) * step; f <= highHz + 1e-9; f += step) {
            const double y = m_lane->posToY(map.hzToPos(f));
            if (y >= fm.ascent() / 2.0 - 2 && y <= h - fm.ascent() / 2.0 + 2)
                ticks.push_back(f);
        }
    } else {
        for (int pass = 0; pass < 2; ++pass) {
            static const double kCoarse[] = {1, 2, 5};
            static const double kFine[] = {1, 1.5, 2, 3, 4, 5, 6, 7, 8, 9};
            std::vector<double> cand;
            for (double decade = 10.0; decade <= 100000.0; decade *= 10.0) {
                if (pass == 0)
                    for (double m : kCoarse) cand.push_back(m * decade);
                else
                    for (double m : kFine) cand.push_back(m * decade);
            }
            std::vector<double> kept;
            double lastY = 1e9;
            for (double f : cand) { // ascending Hz = descending y
                if (f < lowHz || f > highHz || f < 20.0)
                    continue;
                const double y = m_lane->posToY(map.hzToPos(f));
                if (y < fm.ascent() / 2.0 - 2 || y > h - fm.ascent() / 2.0 + 2)
                    continue; // a label there would be cut or pushed onto its neighbour
                if (lastY - y >= minGap) {
                    kept.push_back(f);
                    lastY = y;
                }
            }
            if (pass == 0 || (ticks.size() < 6 && kept.size() > ticks.size()))
                ticks = kept;
        }
    }

    const QColor text = palette().color(QPalette::WindowText);
    p.setPen(text);
    const int laneTop = m_lane->mapTo(window(), QPoint()).y() - mapTo(window(), QPoint()).y();
    for (double f : ticks) {
        const double y = std::round(laneTop + m_lane->posToY(map.hzToPos(f))) + 0.5;
        p.drawLine(QPointF(width() - 5, y), QPointF(width(), y));
        const QString label = formatHz(f);
        const double ty = std::clamp(y + fm.ascent() / 2.0 - 1, double(laneTop + fm.ascent()),
                                     double(laneTop + h - fm.descent()));
        p.drawText(QPointF(width() - 8 - fm.horizontalAdvance(label), ty), label);
    }
}

} // namespace mirlo
