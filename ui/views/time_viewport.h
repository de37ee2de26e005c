#pragma once
// The one time base shared by every time-aligned view (waveform, spectrogram,
// ruler, overlays, cursor): which span of the track is visible and how many
// seconds one pixel covers. Views map seconds <-> pixels only through this.
#include <QObject>

namespace mirlo {

class TimeViewport : public QObject {
    Q_OBJECT
public:
    explicit TimeViewport(QObject *parent = nullptr);

    double startSec() const { return m_startSec; }
    double secPerPixel() const { return m_secPerPixel; }
    double durationSec() const { return m_durationSec; }
    int widthPx() const { return m_widthPx; }
    double endSec() const { return m_startSec + m_secPerPixel * m_widthPx; }

    double timeToX(double sec) const { return (sec - m_startSec) / m_secPerPixel; }
    double xToTime(double x) const { return m_startSec + x * m_secPerPixel; }

    // Smallest zoom: one pixel per `minSecPerPixel` (about one sample); largest: whole track.
    double minSecPerPixel() const { return m_minSecPerPixel; }
    double maxSecPerPixel() const;

    void setTrack(double durationSec, int sampleRate);
    void setWidth(int widthPx);
    void setStart(double startSec);
    void setSecPerPixel(double secPerPixel);
    // Zoom by `factor` (> 1 zooms in) keeping the time under pixel `anchorX` in place.
    void zoomAround(double anchorX, double factor);
    void showRange(double fromSec, double toSec);
    void showAll();
    void scrollByPixels(double dx);
    // Scroll only if `sec` is outside the view (follow playback): page so `sec` sits at 10 %.
    void ensureVisible(double sec);

Q_SIGNALS:
    void changed();

private:
    void clampAndNotify();
    struct Snapshot {
        double startSec = -1.0, secPerPixel = 0.0, durationSec = -1.0;
        int widthPx = -1;
        bool operator==(const Snapshot &o) const
        {
            return startSec == o.startSec && secPerPixel == o.secPerPixel && durationSec == o.durationSec &&
                   widthPx == o.widthPx;
        }
    };
    Snapshot m_notified; // state at the last changed() signal
    double m_startSec = 0.0;
    double m_secPerPixel = 0.01;
    double m_durationSec = 0.0;
    double m_minSecPerPixel = 1.0 / 44100.0;
    int m_widthPx = 800;
};

} // namespace mirlo
