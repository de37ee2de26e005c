#pragma once
// Draws a waveform from a WaveformPyramid into a rectangle: one filled
// min/max bar per pixel column when a column holds several samples, the
// sample polyline (with dots once samples are far apart) when zoomed in.
// Times are seconds; `startSec` is at rect.left(), one pixel spans secPerPixel.
#include "core/dsp/waveform_pyramid.h"

#include <QColor>
#include <QRect>

#include <vector>

class QPainter;

namespace mirlo {

// Content colours are fixed (dark lanes, like the spectrogram's dark end) so the
// data reads the same under light and dark window themes.
constexpr QRgb kLaneBackground = 0xff1b1e23;

struct WaveformStyle {
    QColor fill{92, 184, 236};
    QColor zeroLine{150, 160, 170, 120};
    double verticalGain = 1.0; // amplitude 1/verticalGain reaches the rect edge
};

void paintWaveform(QPainter &painter, const QRect &rect, const WaveformPyramid &pyramid,
                   const std::vector<float> &samples, int sampleRate, double startSec, double secPerPixel,
                   const WaveformStyle &style = {});

} // namespace mirlo
