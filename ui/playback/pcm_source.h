#pragma once
// The QIODevice a QAudioSink pulls from (pull mode): it reads a track's
// interleaved float PCM straight from memory, converts it to the sink's
// sample format and channel count, applies the volume and wraps
// sample-accurately inside a loop region. readData() takes no locks and
// allocates nothing: everything it shares with the GUI thread is atomic.
// Units: "frames" are frames of the buffer handed to setSource() (its own
// rate, normally the track's native rate); "cumulative frames" count every
// frame handed to the sink since restart(), across loop wraps and seeks,
// and map back to buffer frames through a small lock-free segment log.
// An optional click track (ClickMixer) is added to the track's samples before
// conversion, at the exact buffer frame of each event.
#include "ui/playback/click_track.h"

#include <QIODevice>

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace mirlo {

enum class PcmFormat { Float32, Int16 };

// Interleaved float -> interleaved out samples. Channels are mapped by index;
// a mono input feeds every output channel, a multi-channel input folds to
// mono by averaging; output channels without a source are silent. Int16
// output is clipped to [-32767, 32767]; non-finite input becomes 0.
void convertFrames(const float *in, int inChannels, int64_t frames, char *out, int outChannels, PcmFormat format,
                   float gain);

class PcmSource : public QIODevice {
    Q_OBJECT
public:
    explicit PcmSource(QObject *parent = nullptr);

    // Call only while no sink is pulling. `keepAlive` owns `samples`.
    void setSource(std::shared_ptr<const void> keepAlive, const float *samples, int64_t frames, int channels,
                   int sampleRate);
    void setOutputFormat(int channels, PcmFormat format);
    int outputChannels() const { return m_outChannels; }
    PcmFormat outputFormat() const { return m_format; }
    int bytesPerFrame() const;
    int sampleRate() const { return m_rate; }
    int64_t frameCount() const { return m_frames; }

    // Call only while no sink is pulling: next frame to read, cumulative count reset to 0.
    void restart(int64_t frame);
    // Safe while a sink pulls: the next read starts at `frame` (logged as a new segment).
    void requestSeek(int64_t frame);
    // Loop region [fromFrame, toFrame); reading wraps inside it when enabled.
    void setLoop(bool enabled, int64_t fromFrame, int64_t toFrame);
    bool loopEnabled() const { return m_loopOn.load(std::memory_order_relaxed); }
    void setGain(float gain) { m_gain.store(gain, std::memory_order_relaxed); }

    // Click track (safe while a sink pulls). Times in seconds of the track, any
    // list may be empty; they are kept across setSource() (converted to the new
    // rate). Click gain is linear and multiplies with setGain().
    void setClickEvents(std::vector<double> beatSec, std::vector<double> downbeatSec, std::vector<double> onsetSec);
    void setClicksEnabled(bool on) { m_clicks.setEnabled(on); }
    bool clicksEnabled() const { return m_clicks.enabled(); }
    void setClickGain(float gain) { m_clicks.setGain(gain); }
    float clickGain() const { return m_clicks.gain(); }
    int clickEventCount() const { return m_clicks.eventCount(); }
    int64_t clicksTriggered() const { return m_clicks.triggeredCount(); }

    int64_t cumulativeFrames() const { return m_cumulative.load(std::memory_order_acquire); }
    int64_t nextFrame() const { return m_readFrame.load(std::memory_order_acquire); }
    // Buffer frame that the `cumulative`-th handed-out frame came from.
    int64_t frameAtCumulative(int64_t cumulative) const;
    // True when reading reached the end of the buffer (no loop).
    bool reachedEnd() const { return m_atEnd.load(std::memory_order_acquire); }

    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override;
    // Qt's PulseAudio sink lowers the stream's pre-buffer to size() when it is
    // smaller; a few periods make playback start at once instead of waiting
    // for the server to fill its whole target length.
    qint64 size() const override;

protected:
    qint64 readData(char *data, qint64 maxlen) override;
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    void logSegment(int64_t cumulative, int64_t frame);
    void convertWithClicks(int64_t pos, int64_t frames, char *out, float gain);

    std::shared_ptr<const void> m_keepAlive;
    const float *m_samples = nullptr;
    int64_t m_frames = 0;
    int m_channels = 0;
    int m_rate = 0;
    int m_outChannels = 2;
    PcmFormat m_format = PcmFormat::Float32;

    std::atomic<int64_t> m_readFrame{0};
    std::atomic<int64_t> m_pendingSeek{-1};
    std::atomic<int64_t> m_cumulative{0};
    std::atomic<bool> m_atEnd{false};
    std::atomic<bool> m_loopOn{false};
    std::atomic<int64_t> m_loopFrom{0};
    std::atomic<int64_t> m_loopTo{0};
    std::atomic<float> m_gain{1.f};

    // Where reading jumped (start, loop wrap): cumulative index -> buffer frame.
    struct Segment {
        std::atomic<int64_t> cumulative{0};
        std::atomic<int64_t> frame{0};
    };
    static constexpr int kSegments = 256;
    std::array<Segment, kSegments> m_segments;
    std::atomic<uint32_t> m_segmentCount{0};

    // Clicks are added to a copy of the samples, kMixChunk frames at a time.
    static constexpr int64_t kMixChunk = 512;
    ClickMixer m_clicks;
    std::vector<float> m_scratch; // kMixChunk * m_channels, sized by setSource()
};

} // namespace mirlo
