#pragma once
// Base of the time-aligned lanes (ruler, waveform, spectrogram): x = 0 of the
// widget is viewport x = 0. Draws the shared overlays (selection, playback
// cursor) and turns mouse input into seeks, selections, scrolling and zooming
// of the shared TimeViewport. Times are seconds.
#include "ui/model/track.h"

#include <QWidget>

namespace mirlo {

class EventOverlay;
class TimeViewport;

class TimeLane : public QWidget {
    Q_OBJECT
public:
    explicit TimeLane(TimeViewport *viewport, QWidget *parent = nullptr);

    TimeViewport *viewport() const { return m_viewport; }
    virtual void setTrack(TrackPtr track);
    TrackPtr track() const { return m_track; }
    void setPlayhead(double sec);     // repaints only the old and new cursor strips
    void setSelection(double fromSec, double toSec); // equal: none
    // Event layers drawn under the selection and cursor (not owned; nullptr: none).
    // barLabels: downbeats carry their bar number on this lane.
    void setEventOverlay(const EventOverlay *overlay, bool barLabels = false, double opacity = 1.0);

Q_SIGNALS:
    void seekRequested(double sec);
    void selectionDragged(double fromSec, double toSec);
    void hoverText(const QString &text);

protected:
    void paintOverlays(QPainter &painter);
    // The hover read-out at a widget position (empty: nothing to say).
    virtual QString readoutAt(const QPoint &pos) const;
    // Shift+wheel: lanes with a vertical axis zoom it around `y`.
    virtual void zoomVertically(double y, double factor);
    QRect cursorStrip(double sec) const;
    double clampedTime(double x) const;

    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    bool event(QEvent *event) override;

    TimeViewport *m_viewport;
    TrackPtr m_track;
    double m_playhead = -1.0;
    double m_selFrom = 0.0, m_selTo = 0.0;
    const EventOverlay *m_overlay = nullptr;
    bool m_barLabels = false;
    double m_overlayOpacity = 1.0;

private:
    int m_pressX = -1;
    bool m_dragging = false;
};

// "m:ss.mmm" (or "h:mm:ss.mmm" from one hour on).
QString formatTime(double sec);

} // namespace mirlo
