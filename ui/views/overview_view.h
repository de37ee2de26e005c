#pragma once
// A strip showing the whole track's waveform with the detail view's visible
// range as a frame; click or drag to move the visible range, and the
// playback cursor and selection as in the detail view.
#include "ui/model/track.h"

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
};

} // namespace mirlo
