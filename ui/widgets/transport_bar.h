#pragma once
// The transport toolbar: play/pause, stop, loop and follow toggles, volume,
// the position read-out "mm:ss.mmm / mm:ss.mmm", the click track toggle with
// its volume, and the tempo of the current track in BPM. It only shows state and
// emits requests; PlaybackController does the work.
#include <QToolBar>

class QAction;
class QLabel;
class QSlider;

namespace mirlo {

class TransportBar : public QToolBar {
    Q_OBJECT
public:
    explicit TransportBar(QWidget *parent = nullptr);

    QAction *playPauseAction() const { return m_playPause; }
    QAction *stopAction() const { return m_stop; }
    QAction *loopAction() const { return m_loop; }
    QAction *followAction() const { return m_follow; }
    QSlider *volumeSlider() const { return m_volume; }
    QAction *clickAction() const { return m_click; }
    QSlider *clickVolumeSlider() const { return m_clickVolume; }
    QString tempoText() const;
    QString positionText() const;

    // Volume slider position (0..100) -> linear gain; cubic so the slider feels even.
    static double sliderToGain(int value);
    static QString formatClock(double sec); // "mm:ss.mmm"

public Q_SLOTS:
    void setPlaying(bool playing);
    void setPosition(double sec, double durationSec);
    void setEnabledForTrack(bool hasTrack);
    void setTempo(double bpm); // 0: unknown
    void setClickState(bool enabled, double gain); // without emitting

Q_SIGNALS:
    void playPauseRequested();
    void stopRequested();
    void loopToggled(bool on);
    void followToggled(bool on);
    void volumeChanged(double gain);
    void clicksToggled(bool on);
    void clickVolumeChanged(double gain);

private:
    QAction *m_playPause;
    QAction *m_stop;
    QAction *m_loop;
    QAction *m_follow;
    QSlider *m_volume;
    QLabel *m_position;
    QAction *m_click;
    QSlider *m_clickVolume;
    QLabel *m_tempo;
};

} // namespace mirlo
