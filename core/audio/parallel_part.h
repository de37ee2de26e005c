#pragma once
// Internal to decodeFileParallel: decodes one part of a file, output frames
// [begin, limit) at the file's own rate (limit < 0: to the end of the file),
// and hands them to a sink in order. Part 0 (begin == 0) counts frames from
// the start exactly like decodeFile. A later part first decodes the file's
// first frame to learn the timestamp of output frame 0, then seeks ~1.5 s
// before `begin` and places frames by their timestamps. Anything that could
// make the output differ from a sequential decode (missing / inexact /
// non-contiguous timestamps, a seek past `begin`, decode or read errors,
// non-finite samples, a resampler delay) ends the part with failure().
#include "core/audio/ffmpeg_input.h"
#include "core/audio/pcm_converter.h"

#include <QString>

#include <atomic>
#include <functional>
#include <vector>

namespace mirlo {

class PartDecoder {
public:
    // frames: consecutive output frames (interleaved); return false to stop.
    using Sink = std::function<bool(const float *samples, int64_t frames)>;

    PartDecoder(const QString &path, int rate, bool mono) : m_path(path), m_rate(rate), m_conv(rate, mono) {}

    // True when the part was decoded completely; false on failure or stop.
    bool run(int64_t begin, int64_t limit, const Sink &sink, const std::atomic<bool> &stop);
    const QString &failure() const { return m_failure; }
    int channels() const { return m_conv.outChannels(); }

private:
    bool calibrateAndSeek();
    bool decodePacket(AVPacket *packet); // nullptr drains
    bool handleFrame(AVFrame *frame);
    bool toSamples(int64_t ts, int64_t &samples) const;
    bool fail(const QString &why);

    const QString m_path;
    const int m_rate;
    FfmpegInput m_in;
    PcmConverter m_conv;
    FramePtr m_frame;
    std::vector<float> m_tmp;
    const Sink *m_sink = nullptr;
    int64_t m_begin = 0;
    int64_t m_limit = -1;
    int64_t m_pos = 0;        // output position of the next decoded frame
    int64_t m_firstPts = 0;   // timestamp of output frame 0, in samples
    int64_t m_prevStamp = 0;  // previous frame's timestamp in samples, if stamped
    int64_t m_prevFrames = 0;
    bool m_prevStamped = false;
    bool m_usePts = false;
    bool m_havePos = false;
    bool m_started = false;   // first frame at or after begin seen
    bool m_complete = false;  // reached limit
    bool m_stopped = false;
    QString m_failure;
};

} // namespace mirlo
