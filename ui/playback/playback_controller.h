#pragma once
// Plays the current track from its in-memory PCM through a QAudioSink fed by
// a PcmSource (see ARCHITECTURE.md, "Playback from our own buffer").
// The play position is the frame the sink is sounding right now: frames
// handed to the sink minus the frames still in its buffer, mapped through the
// source's segment log (so it stays right across loop wraps), smoothed with
// the wall clock and reported ~60 times a second while playing.
// All times in seconds of the track.
#include "ui/model/track.h"

#include <QAudioDevice>
#include <QAudioFormat>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

class QAudioSink;

namespace mirlo {

class PcmSource;

class PlaybackController : public QObject {
    Q_OBJECT
public:
    enum class State { Stopped, Playing, Paused };

    explicit PlaybackController(QObject *parent = nullptr);
    ~PlaybackController() override;

    bool hasOutputDevice() const { return !m_device.isNull(); }
    QString deviceDescription() const;

    void setTrack(TrackPtr track); // stops playback
    TrackPtr track() const { return m_track; }

    State state() const { return m_state; }
    bool isPlaying() const { return m_state == State::Playing; }
    double position() const;
    double duration() const;
    double volume() const { return m_volume; }
    bool loopEnabled() const { return m_loop; }
    bool hasSelection() const { return m_selTo > m_selFrom; }
    // The sink's sample format chosen for the current track (valid after play()).
    QAudioFormat outputFormat() const { return m_format; }

    // Click track: events in seconds of the current track (any list may be
    // empty). Takes effect at once, also while playing; setTrack() clears the
    // events (not the enabled flag or the volume). Downbeats sound instead of
    // beats within 10 ms of them.
    void setClickTrack(std::vector<double> beatTimesSec, std::vector<double> downbeatTimesSec,
                       std::vector<double> onsetTimesSec);
    void clearClickTrack() { setClickTrack({}, {}, {}); }
    bool clicksEnabled() const { return m_clicksEnabled; }
    double clickVolume() const { return m_clickVolume; }
    bool hasClickTrack() const { return m_hasClickTrack; }
    // The source the sink pulls from (read-only: diagnostics and tests).
    const PcmSource *source() const { return m_source; }

public Q_SLOTS:
    void play();
    void pause();
    void togglePlayPause();
    void stop(); // back to the selection start, or the start of the track
    void seek(double sec);
    void setSelection(double fromSec, double toSec); // equal: none
    void setLoopEnabled(bool on);
    void setVolume(double volume); // 0..1 (linear gain)
    void setClicksEnabled(bool on);
    void setClickVolume(double volume); // 0..1 (linear gain of the clicks, times volume())

Q_SIGNALS:
    void positionChanged(double sec);
    void stateChanged(mirlo::PlaybackController::State state);
    void message(const QString &text); // problems worth telling the user (no device, sink errors)
    void deviceChanged(bool hasOutputDevice);
    // Enabled flag or click volume changed (for keeping several controls in sync).
    void clickSettingsChanged(bool enabled, double volume);

private:
    bool prepareSink();
    void startAt(double sec);
    void haltSink();
    void tick();
    void applyLoop();
    void setState(State state);
    double currentPosition() const;
    double playedCumulative() const;

    QAudioDevice m_device;
    TrackPtr m_track;
    std::shared_ptr<const AudioBuffer> m_resampled; // only when the device needs another rate
    int m_playRate = 0;
    QAudioFormat m_format;
    PcmSource *m_source = nullptr;
    QAudioSink *m_sink = nullptr;
    QTimer m_timer;
    State m_state = State::Stopped;
    double m_position = 0.0; // when not playing; last reported when playing
    double m_selFrom = 0.0, m_selTo = 0.0;
    bool m_loop = false;
    double m_volume = 1.0;
    bool m_clicksEnabled = false;
    double m_clickVolume = 0.5;
    bool m_hasClickTrack = false;

    // Wall-clock smoothing of the cumulative played frame count.
    QElapsedTimer m_clock;
    mutable double m_anchorCumulative = 0.0;
    mutable qint64 m_anchorNs = 0;
    mutable bool m_anchored = false;
    int64_t m_holdUntilCumulative = -1; // after a seek while playing: show the target until it sounds
    bool m_restartOnPlay = false;       // paused, then seeked: start a fresh stream
    mutable double m_lastPlayed = 0.0;
    bool m_debug = false;
};

} // namespace mirlo

Q_DECLARE_METATYPE(mirlo::PlaybackController::State)
