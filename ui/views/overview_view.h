#pragma once
// A strip showing the whole track's waveform with the detail view's visible
// range as a frame; click or drag to move the visible range, and the
// playback cursor and selection as in the detail view.
#include "ui/model/track.h"

#include <QImage>
#include <QWidget>

namespace mirlo {

class TimeViewport;

class OverviewView : public QWidget {
    Q_OBJECT
public:
    explicit OverviewView(TimeViewport *detailViewport, QWidget *parent = nullptr);
    void setTrack(TrackPtr track);
    void setPlayhead(double sec);
    void setSelection(double fromSec, double toSec); // equal: none
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    double xToTime(double x) const;
    double timeToX(double sec) const;
    void moveViewTo(double x);

    TimeViewport *m_detail;
    TrackPtr m_track;
    QImage m_waveform; // whole-track waveform at the current size, redrawn on resize
    double m_playhead = -1.0;
    double m_selFrom = 0.0, m_selTo = 0.0;
    double m_grabOffsetSec = 0.0; // where in the visible range the drag holds it
    bool m_dragging = false;
};

} // namespace mirlo
