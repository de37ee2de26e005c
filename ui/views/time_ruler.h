#pragma once
// The time axis above the lanes: labelled major ticks ("m:ss.mmm") at a
// 1-2-5 spacing chosen so labels never collide, minor ticks in between, and
// the playback cursor as a small marker. Click seeks, drag selects.
#include "ui/views/time_lane.h"

namespace mirlo {

class TimeRuler : public TimeLane {
    Q_OBJECT
public:
    explicit TimeRuler(TimeViewport *viewport, QWidget *parent = nullptr);
    QSize sizeHint() const override;

    // Major tick spacing in seconds for a scale, given the minimum label spacing in pixels.
    static double majorStep(double secPerPixel, double minSpacingPx);

protected:
    void paintEvent(QPaintEvent *event) override;
};

} // namespace mirlo
