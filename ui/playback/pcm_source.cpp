#include "ui/playback/pcm_source.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace mirlo {

namespace {

inline float sourceSample(const float *frame, int inChannels, int outChannel)
{
    if (inChannels == 1)
        return frame[0];
    if (outChannel < inChannels)
        return frame[outChannel];
    return 0.f;
}

inline float foldToMono(const float *frame, int inChannels)
{
    float sum = 0.f;
    for (int c = 0; c < inChannels; ++c)
        sum += frame[c];
    return sum / float(inChannels);
}

} // namespace

void convertFrames(const float *in, int inChannels, int64_t frames, char *out, int outChannels, PcmFormat format,
                   float gain)
{
    const bool fold = outChannels == 1 && inChannels > 1;
    for (int64_t f = 0; f < frames; ++f) {
        const float *frame = in + f * inChannels;
        for (int c = 0; c < outChannels; ++c) {
            float v = (fold ? foldToMono(frame, inChannels) : sourceSample(frame, inChannels, c)) * gain;
            if (!std::isfinite(v))
                v = 0.f;
            if (format == PcmFormat::Float32) {
                std::memcpy(out, &v, sizeof v);
                out += sizeof v;
            } else {
                v = std::clamp(v, -1.f, 1.f);
                const int16_t s = int16_t(std::lrint(v * 32767.f));
                std::memcpy(out, &s, sizeof s);
                out += sizeof s;
            }
        }
    }
}

PcmSource::PcmSource(QObject *parent) : QIODevice(parent) {}

void PcmSource::setSource(std::shared_ptr<const void> keepAlive, const float *samples, int64_t frames, int channels,
                          int sampleRate)
{
    m_keepAlive = std::move(keepAlive);
    m_samples = samples;
    m_frames = samples ? frames : 0;
    m_channels = channels;
    m_rate = sampleRate;
    m_scratch.assign(size_t(kMixChunk * std::max(0, channels)), 0.f);
    m_clicks.setRate(m_samples ? sampleRate : 0);
    m_loopOn.store(false);
    restart(0);
}

void PcmSource::setOutputFormat(int channels, PcmFormat format)
{
    m_outChannels = std::max(1, channels);
    m_format = format;
}

int PcmSource::bytesPerFrame() const
{
    return m_outChannels * (m_format == PcmFormat::Float32 ? 4 : 2);
}

void PcmSource::restart(int64_t frame)
{
    frame = std::clamp<int64_t>(frame, 0, m_frames);
    m_readFrame.store(frame, std::memory_order_release);
    m_pendingSeek.store(-1, std::memory_order_release);
    m_cumulative.store(0, std::memory_order_release);
    m_atEnd.store(false, std::memory_order_release);
    m_segmentCount.store(0, std::memory_order_release);
    logSegment(0, frame);
    m_clicks.requestReset();
}

void PcmSource::setClickEvents(std::vector<double> beatSec, std::vector<double> downbeatSec,
                               std::vector<double> onsetSec)
{
    m_clicks.setEvents(std::move(beatSec), std::move(downbeatSec), std::move(onsetSec));
}

void PcmSource::convertWithClicks(int64_t pos, int64_t frames, char *out, float gain)
{
    const int bpf = bytesPerFrame();
    for (int64_t done = 0; done < frames;) {
        const int64_t n = std::min(frames - done, kMixChunk);
        float *scratch = m_scratch.data();
        std::memcpy(scratch, m_samples + (pos + done) * m_channels, size_t(n * m_channels) * sizeof(float));
        m_clicks.mix(pos + done, n, scratch, m_channels);
        convertFrames(scratch, m_channels, n, out + done * bpf, m_outChannels, m_format, gain);
        done += n;
    }
}

void PcmSource::requestSeek(int64_t frame)
{
    m_pendingSeek.store(std::clamp<int64_t>(frame, 0, m_frames), std::memory_order_release);
    m_atEnd.store(false, std::memory_order_release);
}

void PcmSource::setLoop(bool enabled, int64_t fromFrame, int64_t toFrame)
{
    fromFrame = std::clamp<int64_t>(fromFrame, 0, m_frames);
    toFrame = std::clamp<int64_t>(toFrame, 0, m_frames);
    // Order matters for the reader: bounds first, then the switch.
    m_loopFrom.store(fromFrame, std::memory_order_relaxed);
    m_loopTo.store(toFrame, std::memory_order_relaxed);
    m_loopOn.store(enabled && toFrame > fromFrame, std::memory_order_release);
}

void PcmSource::logSegment(int64_t cumulative, int64_t frame)
{
    const uint32_t n = m_segmentCount.load(std::memory_order_relaxed);
    Segment &s = m_segments[n % kSegments];
    s.cumulative.store(cumulative, std::memory_order_relaxed);
    s.frame.store(frame, std::memory_order_relaxed);
    m_segmentCount.store(n + 1, std::memory_order_release);
}

int64_t PcmSource::frameAtCumulative(int64_t cumulative) const
{
    const uint32_t n = m_segmentCount.load(std::memory_order_acquire);
    const uint32_t oldest = n > uint32_t(kSegments) ? n - kSegments : 0;
    for (uint32_t i = n; i > oldest; --i) {
        const Segment &s = m_segments[(i - 1) % kSegments];
        const int64_t c = s.cumulative.load(std::memory_order_relaxed);
        if (c <= cumulative)
            return std::min(s.frame.load(std::memory_order_relaxed) + (cumulative - c), m_frames);
    }
    return n > 0 ? m_segments[oldest % kSegments].frame.load(std::memory_order_relaxed) : 0;
}

qint64 PcmSource::bytesAvailable() const
{
    if (!m_samples)
        return QIODevice::bytesAvailable();
    if (m_loopOn.load(std::memory_order_relaxed))
        return std::numeric_limits<qint32>::max();
    const int64_t seekTo = m_pendingSeek.load(std::memory_order_relaxed);
    const int64_t left = m_frames - (seekTo >= 0 ? seekTo : m_readFrame.load(std::memory_order_relaxed));
    return std::max<int64_t>(0, left) * bytesPerFrame() + QIODevice::bytesAvailable();
}

qint64 PcmSource::size() const
{
    const qint64 prebufferFrames = std::max(1, m_rate / 50); // 20 ms
    return std::min(bytesAvailable(), prebufferFrames * bytesPerFrame());
}

qint64 PcmSource::readData(char *data, qint64 maxlen)
{
    const int bpf = bytesPerFrame();
    if (!m_samples || m_channels <= 0 || maxlen < bpf)
        return 0;
    const int64_t want = maxlen / bpf;
    const float gain = m_gain.load(std::memory_order_relaxed);
    const bool loop = m_loopOn.load(std::memory_order_acquire);
    const int64_t from = m_loopFrom.load(std::memory_order_relaxed);
    const int64_t to = m_loopTo.load(std::memory_order_relaxed);
    int64_t pos = m_readFrame.load(std::memory_order_relaxed);
    const int64_t cumStart = m_cumulative.load(std::memory_order_relaxed);
    const int64_t seekTo = m_pendingSeek.exchange(-1, std::memory_order_acq_rel);
    if (seekTo >= 0) {
        pos = seekTo;
        logSegment(cumStart, pos);
    }
    int64_t produced = 0;
    while (produced < want) {
        if (loop && (pos >= to || pos < from)) {
            pos = from;
            logSegment(cumStart + produced, pos);
        }
        const int64_t end = loop ? to : m_frames;
        if (pos >= end)
            break;
        const int64_t n = std::min(want - produced, end - pos);
        if (m_clicks.wantsMix())
            convertWithClicks(pos, n, data + produced * bpf, gain);
        else
            convertFrames(m_samples + pos * m_channels, m_channels, n, data + produced * bpf, m_outChannels, m_format,
                          gain);
        pos += n;
        produced += n;
    }
    m_readFrame.store(pos, std::memory_order_release);
    m_cumulative.store(cumStart + produced, std::memory_order_release);
    if (!loop && pos >= m_frames)
        m_atEnd.store(true, std::memory_order_release);
    return produced * bpf;
}

} // namespace mirlo
