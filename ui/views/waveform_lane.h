#pragma once
// The waveform lane of the detail view: min/max per pixel column from the
// track's WaveformPyramid, the sample polyline at sample-level zoom. Hover
// reads out the time and the amplitude of the sample under the pointer.
// AmplitudeAxis is its gutter on the left (labels -1 .. 1).
#include "ui/views/time_lane.h"

#include <vector>

namespace mirlo {

class WaveformLane : public TimeLane {
    Q_OBJECT
public:
    explicit WaveformLane(TimeViewport *viewport, QWidget *parent = nullptr);

protected:
    void paintEvent(QPaintEvent *event) override;
    QString readoutAt(const QPoint &pos) const override;
};

class AmplitudeAxis : public QWidget {
    Q_OBJECT
public:
    explicit AmplitudeAxis(QWidget *parent = nullptr);

protected:
    void paintEvent(QPaintEvent *event) override;
};

} // namespace mirlo
