#include "ui/playback/playback_controller.h"

#include "core/audio/resampler.h"
#include "ui/playback/pcm_source.h"

#include <QAudioSink>
#include <QMediaDevices>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace mirlo {

namespace {
constexpr int kTickMs = 16;            // ~60 Hz cursor updates
constexpr double kSinkBufferSec = 0.1; // small buffer: seeks and loop edits are heard quickly
constexpr double kResyncSec = 0.03;    // re-anchor the smoothed clock beyond this drift
} // namespace

PlaybackController::PlaybackController(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<mirlo::PlaybackController::State>();
    if (!QMediaDevices::audioOutputs().isEmpty())
        m_device = QMediaDevices::defaultAudioOutput();
    m_source = new PcmSource(this);
    m_source->setClicksEnabled(m_clicksEnabled);
    m_source->setClickGain(float(m_clickVolume));
    // Follow the default output when devices come and go (a sound server that
    // starts later, headphones plugged in); a running stream keeps its device.
    auto *devices = new QMediaDevices(this);
    connect(devices, &QMediaDevices::audioOutputsChanged, this, [this]() {
        const QAudioDevice next =
            QMediaDevices::audioOutputs().isEmpty() ? QAudioDevice() : QMediaDevices::defaultAudioOutput();
        if (next == m_device || m_state == State::Playing)
            return;
        haltSink();
        delete m_sink;
        m_sink = nullptr;
        m_device = next;
        m_restartOnPlay = true;
        Q_EMIT deviceChanged(hasOutputDevice());
    });
    m_timer.setInterval(kTickMs);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &PlaybackController::tick);
    m_clock.start();
    m_debug = qEnvironmentVariableIntValue("MIRLO_PLAYBACK_DEBUG") == 1;
}

PlaybackController::~PlaybackController()
{
    haltSink();
}

QString PlaybackController::deviceDescription() const
{
    return m_device.isNull() ? tr("No audio output device") : m_device.description();
}

double PlaybackController::duration() const
{
    return m_track ? m_track->durationSec() : 0.0;
}

void PlaybackController::setTrack(TrackPtr track)
{
    haltSink();
    delete m_sink; // the next track may need another format
    m_sink = nullptr;
    m_resampled.reset();
    m_source->setSource(nullptr, nullptr, 0, 0, 0);
    m_source->setClickEvents({}, {}, {}); // the events belonged to the old track
    m_hasClickTrack = false;
    m_track = std::move(track);
    m_selFrom = m_selTo = 0.0;
    m_position = 0.0;
    setState(State::Stopped);
    Q_EMIT positionChanged(0.0);
}

bool PlaybackController::prepareSink()
{
    if (!m_track || m_track->audio.isEmpty())
        return false;
    if (m_device.isNull()) {
        Q_EMIT message(tr("No audio output device: playback is unavailable."));
        return false;
    }
    if (m_sink)
        return true;
    const AudioBuffer &audio = m_track->audio;
    // Prefer float at the track's own rate and layout: no conversion at all.
    QAudioFormat format;
    format.setSampleRate(audio.sampleRate);
    format.setChannelCount(audio.channels);
    format.setSampleFormat(QAudioFormat::Float);
    if (!m_device.isFormatSupported(format)) {
        format.setSampleFormat(QAudioFormat::Int16);
        if (!m_device.isFormatSupported(format)) {
            const QAudioFormat preferred = m_device.preferredFormat();
            format.setSampleRate(preferred.sampleRate());
            format.setChannelCount(preferred.channelCount());
            format.setSampleFormat(preferred.sampleFormat() == QAudioFormat::Float ? QAudioFormat::Float
                                                                                   : QAudioFormat::Int16);
            if (!m_device.isFormatSupported(format)) {
                Q_EMIT message(tr("The audio device %1 supports no usable sample format.").arg(m_device.description()));
                return false;
            }
        }
    }
    const float *samples = audio.samples.data();
    int64_t frames = audio.frameCount();
    std::shared_ptr<const void> keepAlive = m_track;
    if (format.sampleRate() != audio.sampleRate) {
        auto resampled = std::make_shared<AudioBuffer>(Resampler::resample(audio, format.sampleRate()));
        samples = resampled->samples.data();
        frames = resampled->frameCount();
        m_resampled = resampled;
        keepAlive = resampled;
    }
    m_playRate = format.sampleRate();
    m_format = format;
    m_source->setSource(keepAlive, samples, frames, audio.channels, m_playRate);
    m_source->setOutputFormat(format.channelCount(),
                              format.sampleFormat() == QAudioFormat::Float ? PcmFormat::Float32 : PcmFormat::Int16);
    m_source->setGain(float(m_volume));
    if (!m_source->isOpen())
        m_source->open(QIODevice::ReadOnly | QIODevice::Unbuffered);

    m_sink = new QAudioSink(m_device, format, this);
    m_sink->setBufferSize(int(kSinkBufferSec * m_playRate) * m_source->bytesPerFrame());
    connect(m_sink, &QAudioSink::stateChanged, this, [this](QAudio::State s) {
        if (!m_sink || m_state != State::Playing)
            return;
        // Idle at the end of the data is handled by tick(): the queue still plays out.
        if (s == QAudio::StoppedState && m_sink->error() != QAudio::NoError) {
            const QAudio::Error error = m_sink->error();
            m_position = currentPosition();
            haltSink();
            setState(State::Paused);
            Q_EMIT message(error == QAudio::OpenError ? tr("The audio device could not be opened.")
                                                      : tr("Audio output failed (error %1).").arg(int(error)));
        }
    });
    return true;
}

void PlaybackController::haltSink()
{
    m_timer.stop();
    m_holdUntilCumulative = -1;
    if (m_sink && m_sink->state() != QAudio::StoppedState) {
        QSignalBlocker block(m_sink);
        m_sink->stop();
    }
}

void PlaybackController::startAt(double sec)
{
    haltSink();
    m_source->restart(int64_t(std::llround(std::clamp(sec, 0.0, duration()) * m_playRate)));
    applyLoop();
    m_anchored = false;
    m_lastPlayed = 0.0;
    m_restartOnPlay = false;
    m_sink->start(m_source);
    // Qt 6.4's PulseAudio sink (re)starts its pull timer on readyRead().
    Q_EMIT m_source->readyRead();
    m_position = sec;
    setState(State::Playing);
    m_timer.start();
    Q_EMIT positionChanged(sec);
}

void PlaybackController::play()
{
    if (m_state == State::Playing || !prepareSink())
        return;
    if (m_state == State::Paused && !m_restartOnPlay && m_sink->state() == QAudio::SuspendedState) {
        m_sink->resume();
        m_anchored = false;
        setState(State::Playing);
        m_timer.start();
        return;
    }
    double from = m_position;
    if (from >= duration() - 1e-3)
        from = hasSelection() ? m_selFrom : 0.0;
    startAt(from);
}

void PlaybackController::pause()
{
    if (m_state != State::Playing)
        return;
    m_position = currentPosition();
    m_timer.stop();
    // Suspending keeps the stream: resuming continues exactly where the sound stopped.
    m_sink->suspend();
    m_restartOnPlay = m_sink->state() != QAudio::SuspendedState || m_holdUntilCumulative >= 0;
    setState(State::Paused);
    Q_EMIT positionChanged(m_position);
}

void PlaybackController::togglePlayPause()
{
    if (m_state == State::Playing)
        pause();
    else
        play();
}

void PlaybackController::stop()
{
    haltSink();
    m_position = hasSelection() ? m_selFrom : 0.0;
    m_restartOnPlay = true;
    setState(State::Stopped);
    Q_EMIT positionChanged(m_position);
}

void PlaybackController::seek(double sec)
{
    sec = std::clamp(sec, 0.0, duration());
    m_position = sec;
    if (m_state == State::Playing) {
        // Keep the stream running (restarting it costs the device's start-up
        // latency); the jump is heard once the frames already queued have played.
        m_holdUntilCumulative = m_source->cumulativeFrames();
        m_source->requestSeek(int64_t(std::llround(sec * m_playRate)));
        Q_EMIT m_source->readyRead(); // the sink may have stopped pulling at the end
        m_anchored = false;
    } else {
        m_restartOnPlay = true;
    }
    Q_EMIT positionChanged(sec);
}

void PlaybackController::setSelection(double fromSec, double toSec)
{
    if (toSec < fromSec)
        std::swap(fromSec, toSec);
    m_selFrom = std::max(0.0, fromSec);
    m_selTo = std::min(duration(), toSec);
    applyLoop();
}

void PlaybackController::setLoopEnabled(bool on)
{
    m_loop = on;
    applyLoop();
}

void PlaybackController::applyLoop()
{
    if (m_playRate <= 0)
        return;
    m_source->setLoop(m_loop && hasSelection(), int64_t(std::llround(m_selFrom * m_playRate)),
                      int64_t(std::llround(m_selTo * m_playRate)));
}

void PlaybackController::setVolume(double volume)
{
    m_volume = std::clamp(volume, 0.0, 1.0);
    m_source->setGain(float(m_volume));
}

void PlaybackController::setClickTrack(std::vector<double> beatTimesSec, std::vector<double> downbeatTimesSec,
                                       std::vector<double> onsetTimesSec)
{
    m_hasClickTrack = !beatTimesSec.empty() || !downbeatTimesSec.empty() || !onsetTimesSec.empty();
    m_source->setClickEvents(std::move(beatTimesSec), std::move(downbeatTimesSec), std::move(onsetTimesSec));
}

void PlaybackController::setClicksEnabled(bool on)
{
    if (on == m_clicksEnabled)
        return;
    m_clicksEnabled = on;
    m_source->setClicksEnabled(on);
    Q_EMIT clickSettingsChanged(m_clicksEnabled, m_clickVolume);
}

void PlaybackController::setClickVolume(double volume)
{
    volume = std::clamp(std::isfinite(volume) ? volume : 0.0, 0.0, 1.0);
    if (volume == m_clickVolume)
        return;
    m_clickVolume = volume;
    m_source->setClickGain(float(volume));
    Q_EMIT clickSettingsChanged(m_clicksEnabled, m_clickVolume);
}

void PlaybackController::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

double PlaybackController::position() const
{
    return m_state == State::Playing ? currentPosition() : m_position;
}

double PlaybackController::playedCumulative() const
{
    // Two views of how many handed-out frames have sounded: what left the
    // sink's buffer, and the sink's own clock (which also subtracts the
    // device latency but runs ahead while a stream is still starting). The
    // smaller one is never early.
    const int bpf = m_source->bytesPerFrame();
    const int64_t written = m_source->cumulativeFrames();
    const int64_t buffered = std::max<qsizetype>(0, m_sink->bufferSize() - m_sink->bytesFree()) / bpf;
    const double drained = double(std::max<int64_t>(0, written - buffered));
    const double clock = double(m_sink->processedUSecs()) * 1e-6 * m_playRate;
    return std::min(drained, clock > 0.0 ? clock : drained);
}

double PlaybackController::currentPosition() const
{
    if (!m_sink || m_playRate <= 0)
        return m_position;
    const double measured = playedCumulative();
    const int64_t written = m_source->cumulativeFrames();
    // The measurement moves in steps of the sink's refill period; the wall
    // clock interpolates between them and the measurement keeps it honest.
    const qint64 now = m_clock.nsecsElapsed();
    double predicted = m_anchorCumulative + double(now - m_anchorNs) * 1e-9 * m_playRate;
    if (!m_anchored || std::abs(predicted - measured) > kResyncSec * m_playRate) {
        m_anchorCumulative = measured;
        m_anchorNs = now;
        m_anchored = true;
        predicted = measured;
    }
    predicted = std::clamp(predicted, std::max(m_lastPlayed, 0.0), double(written));
    m_lastPlayed = predicted;
    if (m_debug)
        std::fprintf(stderr, "mirlo: playback: t %lld written %lld measured %.0f predicted %.0f processed %.0f\n",
                     (long long)(now / 1000000), (long long)written, measured, predicted,
                     double(m_sink->processedUSecs()) * 1e-6 * m_playRate);
    if (m_holdUntilCumulative >= 0 && predicted < double(m_holdUntilCumulative))
        return m_position; // the seek target, until the jump is audible
    return double(m_source->frameAtCumulative(int64_t(predicted))) / m_playRate;
}

void PlaybackController::tick()
{
    if (m_state != State::Playing)
        return;
    const double pos = currentPosition();
    if (m_holdUntilCumulative >= 0 && m_lastPlayed >= double(m_holdUntilCumulative))
        m_holdUntilCumulative = -1;
    m_position = pos;
    Q_EMIT positionChanged(pos);
    // Played to the end: everything handed out has sounded.
    if (m_source->reachedEnd() && m_lastPlayed >= double(m_source->cumulativeFrames()) - 1.0)
        stop();
}

} // namespace mirlo
