#include "core/audio/parallel_part.h"

#include <algorithm>

namespace mirlo {

namespace {

constexpr double kPreRollSec = 1.5; // decoder state (MDCT overlap, bit reservoir) converges well within this

} // namespace

bool PartDecoder::fail(const QString &why)
{
    if (m_failure.isEmpty())
        m_failure = why;
    return false;
}

bool PartDecoder::toSamples(int64_t ts, int64_t &samples) const
{
    const AVRational tb = m_in.stream()->time_base;
    const AVRational perSample{1, m_rate};
    samples = av_rescale_q_rnd(ts, tb, perSample, AV_ROUND_DOWN);
    // A timestamp between two samples cannot place a frame exactly.
    return av_rescale_q_rnd(samples, perSample, tb, AV_ROUND_NEAR_INF) == ts;
}

bool PartDecoder::calibrateAndSeek()
{
    // The first decoded frame of the file is output frame 0 of decodeFile
    // (the decoder has already dropped any priming samples and moved its pts).
    PacketPtr packet(av_packet_alloc());
    const int streamIndex = m_in.stream()->index;
    int found = 0; // frames seen: the first two must be stamped consistently
    int64_t firstFrames = 0;
    for (int packets = 0; found < 2 && packets < 64; ++packets) {
        if (av_read_frame(m_in.format(), packet.get()) < 0)
            return fail(QStringLiteral("no frames to calibrate timestamps"));
        if (packet->stream_index != streamIndex) {
            av_packet_unref(packet.get());
            continue;
        }
        const int rc = avcodec_send_packet(m_in.codec(), packet.get());
        av_packet_unref(packet.get());
        if (rc < 0)
            return fail(QStringLiteral("decode error while calibrating timestamps"));
        for (;;) {
            const int got = avcodec_receive_frame(m_in.codec(), m_frame.get());
            if (got == AVERROR(EAGAIN))
                break;
            if (got < 0)
                return fail(QStringLiteral("decode error while calibrating timestamps"));
            const int64_t ts = m_frame->best_effort_timestamp;
            const int64_t n = m_frame->nb_samples;
            int64_t s = 0;
            const bool exact = ts != AV_NOPTS_VALUE && toSamples(ts, s);
            av_frame_unref(m_frame.get());
            if (n <= 0 || found >= 2)
                continue;
            if (!exact)
                return fail(QStringLiteral("the first frames have no exact timestamps"));
            if (found == 0) {
                m_firstPts = s;
                firstFrames = n;
            } else if (s != m_firstPts + firstFrames) {
                return fail(QStringLiteral("the first frames' timestamps disagree with their lengths"));
            }
            ++found;
        }
    }
    if (found < 2)
        return fail(QStringLiteral("no frames to calibrate timestamps"));

    const int64_t target = std::max<int64_t>(0, m_begin - int64_t(kPreRollSec * m_rate)) + m_firstPts;
    const int64_t ts = av_rescale_q(target, AVRational{1, m_rate}, m_in.stream()->time_base);
    if (av_seek_frame(m_in.format(), streamIndex, ts, AVSEEK_FLAG_BACKWARD) < 0)
        return fail(QStringLiteral("seek failed"));
    avcodec_flush_buffers(m_in.codec());
    m_usePts = true;
    m_havePos = false;
    return true;
}

bool PartDecoder::handleFrame(AVFrame *frame)
{
    const int64_t n = frame->nb_samples;
    if (n <= 0)
        return true;
    // Before the split point the position comes from timestamps, trusted only
    // when two consecutive frames agree with the frame length: some codecs
    // (Vorbis at a long-to-short block change) stamp single frames off by a
    // few hundred samples. From the split point on, frames are counted
    // exactly like decodeFile does.
    if (m_usePts && !m_started) {
        const int64_t ts = frame->best_effort_timestamp;
        int64_t s = 0;
        const bool stamped = ts != AV_NOPTS_VALUE && toSamples(ts, s);
        if (stamped && m_prevStamped && s == m_prevStamp + m_prevFrames) {
            if (m_havePos && s - m_firstPts != m_pos)
                return fail(QStringLiteral("frame timestamps disagree with the frame lengths"));
            m_pos = s - m_firstPts;
            m_havePos = true;
        }
        m_prevStamped = stamped;
        m_prevStamp = s;
        m_prevFrames = n;
        if (!m_havePos)
            return true; // pre-roll before a trusted timestamp: position not needed yet
    }
    const int64_t start = m_pos;
    m_pos += n;
    if (m_pos <= m_begin)
        return true; // pre-roll
    if (!m_started && start > m_begin)
        return fail(QStringLiteral("the seek landed after the split point"));
    m_started = true;

    m_tmp.clear();
    QString problem;
    if (!m_conv.convert(frame, m_tmp, problem))
        return fail(problem);
    if (m_conv.nonFiniteCount() > 0)
        return fail(QStringLiteral("non-finite samples"));
    const int channels = std::max(1, m_conv.outChannels());
    if (int64_t(m_tmp.size()) != n * channels)
        return fail(QStringLiteral("the converter delays samples"));
    const int64_t skip = std::max<int64_t>(0, m_begin - start);
    int64_t take = n - skip;
    if (m_limit >= 0)
        take = std::min(take, m_limit - (start + skip));
    if (take > 0 && !(*m_sink)(m_tmp.data() + skip * channels, take)) {
        m_stopped = true;
        return false;
    }
    if (m_limit >= 0 && start + skip + take >= m_limit)
        m_complete = true;
    return true;
}

bool PartDecoder::decodePacket(AVPacket *packet)
{
    int rc = avcodec_send_packet(m_in.codec(), packet);
    if (rc == AVERROR(EAGAIN))
        return fail(QStringLiteral("decoder refused input"));
    if (rc < 0 && rc != AVERROR_EOF)
        return fail(QStringLiteral("decode error"));
    for (;;) {
        rc = avcodec_receive_frame(m_in.codec(), m_frame.get());
        if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF)
            return true;
        if (rc < 0)
            return fail(QStringLiteral("decode error"));
        const bool ok = handleFrame(m_frame.get());
        av_frame_unref(m_frame.get());
        if (!ok || m_complete)
            return ok;
    }
}

bool PartDecoder::run(int64_t begin, int64_t limit, const Sink &sink, const std::atomic<bool> &stop)
{
    m_begin = begin;
    m_limit = limit;
    m_sink = &sink;
    QString error;
    if (!m_in.open(m_path, true, error))
        return fail(error);
    if (m_in.codec()->sample_rate != m_rate)
        return fail(QStringLiteral("sample rate differs from the header"));
    m_frame.reset(av_frame_alloc());
    PacketPtr packet(av_packet_alloc());
    if (!m_frame || !packet)
        return fail(QStringLiteral("out of memory"));
    m_havePos = true; // part 0 counts frames from the start, as decodeFile does
    if (begin > 0 && !calibrateAndSeek())
        return false;

    const int streamIndex = m_in.stream()->index;
    while (!m_complete) {
        if (stop.load(std::memory_order_relaxed)) {
            m_stopped = true;
            return false;
        }
        const int rc = av_read_frame(m_in.format(), packet.get());
        if (rc == AVERROR_EOF)
            break;
        if (rc < 0)
            return fail(QStringLiteral("read error"));
        if (packet->stream_index != streamIndex) {
            av_packet_unref(packet.get());
            continue;
        }
        const bool ok = decodePacket(packet.get());
        av_packet_unref(packet.get());
        if (!ok)
            return false;
    }
    if (m_complete)
        return true;
    if (!decodePacket(nullptr)) // drain the decoder's last frames
        return false;
    m_tmp.clear();
    m_conv.flush(m_tmp);
    if (!m_tmp.empty())
        return fail(QStringLiteral("the converter delays samples"));
    if (m_limit >= 0 && !m_complete)
        return fail(QStringLiteral("the file ended before the part did"));
    if (!m_started)
        return fail(QStringLiteral("no audio in the part"));
    return true;
}

} // namespace mirlo
