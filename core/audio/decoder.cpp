#include "core/audio/decoder.h"

#include "core/audio/ffmpeg_input.h"
#include "core/audio/metadata.h"
#include "core/audio/pcm_converter.h"
#include "core/audio/progress_throttle.h"

extern "C" {
#include <libavutil/dict.h>
}

#include <algorithm>

namespace mirlo {

namespace {

constexpr int64_t kBlockFrames = 16384;    // onBlock granularity (output frames)
constexpr int kMaxConsecutiveErrors = 200; // then the rest of the file is garbage

// Tags TagLib could not read (unknown container, damaged file) from FFmpeg's parser.
void fillMissingTagsFromFfmpeg(const AVFormatContext *format, const AVStream *stream, AudioFileInfo &info)
{
    auto get = [&](const char *key) -> QString {
        for (const AVDictionary *dict : {format->metadata, stream ? stream->metadata : nullptr}) {
            if (const AVDictionaryEntry *e = av_dict_get(dict, key, nullptr, 0))
                return QString::fromUtf8(e->value).trimmed();
        }
        return {};
    };
    if (info.title.isEmpty())
        info.title = get("title");
    if (info.artist.isEmpty())
        info.artist = get("artist");
    if (info.album.isEmpty())
        info.album = get("album");
    if (info.genre.isEmpty())
        info.genre = get("genre");
    if (info.comment.isEmpty())
        info.comment = get("comment");
    if (info.year == 0)
        info.year = get("date").left(4).toInt();
    if (info.track == 0)
        info.track = get("track").section(QLatin1Char('/'), 0, 0).toInt();
}

void describeWithTags(const FfmpegInput &in, const QString &path, bool tags, AudioFileInfo &info)
{
    in.describe(info);
    if (!tags)
        return;
    readTags(path, info);
    fillMissingTagsFromFfmpeg(in.format(), in.stream(), info);
}

// One decode call: all state is local, so decodeFile is thread-safe.
class DecodeRun {
public:
    DecodeRun(const QString &path, const DecodeOptions &opt, const ProgressFn &progress, const BlockFn &onBlock)
        : m_path(path), m_name(displayName(path)), m_opt(opt), m_progress(progress), m_onBlock(onBlock)
    {
    }

    DecodeResult run();

private:
    bool sendAndReceive(AVPacket *packet);
    bool receiveFrames();
    bool emitBlock(bool final);
    bool reportProgress(double fraction);
    void finishWarnings(int readError);
    std::vector<float> &sink() { return m_opt.keepSamples ? m_result.audio.samples : m_scratch; }

    const QString m_path;
    const QString m_name;
    const DecodeOptions m_opt;
    const ProgressFn &m_progress;
    const BlockFn &m_onBlock;

    DecodeResult m_result;
    FfmpegInput m_in;
    std::unique_ptr<PcmConverter> m_converter;
    FramePtr m_frame;
    std::vector<float> m_scratch;
    size_t m_blockStart = 0;
    int64_t m_nativeFrames = 0;
    int m_decodeErrors = 0;
    int m_consecutiveErrors = 0;
    ProgressThrottle m_throttle;
    bool m_cancelled = false;
    bool m_gaveUp = false;
    QString m_fatal;
};

bool DecodeRun::reportProgress(double fraction)
{
    if (!m_throttle.due(fraction))
        return true;
    if (m_progress && !m_progress(fraction))
        m_cancelled = true;
    return !m_cancelled;
}

bool DecodeRun::emitBlock(bool final)
{
    std::vector<float> &out = sink();
    const int channels = std::max(1, m_converter->outChannels());
    const int64_t frames = int64_t(out.size() - m_blockStart) / channels;
    if (frames <= 0 || (!final && frames < kBlockFrames))
        return true;
    if (m_onBlock && !m_onBlock(out.data() + m_blockStart, frames)) {
        m_cancelled = true;
        return false;
    }
    if (m_opt.keepSamples) {
        m_blockStart = out.size();
    } else {
        out.clear(); // streaming: never accumulate
        m_blockStart = 0;
    }
    return true;
}

bool DecodeRun::receiveFrames()
{
    AVCodecContext *codec = m_in.codec();
    for (;;) {
        const int rc = avcodec_receive_frame(codec, m_frame.get());
        if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF)
            return true;
        if (rc < 0) {
            ++m_decodeErrors;
            return ++m_consecutiveErrors < kMaxConsecutiveErrors;
        }
        m_consecutiveErrors = 0;
        m_nativeFrames += m_frame->nb_samples;
        QString problem;
        const bool converted = m_converter->convert(m_frame.get(), sink(), problem);
        av_frame_unref(m_frame.get());
        if (!converted) {
            m_fatal = problem;
            return false;
        }
        if (!emitBlock(false))
            return false;
    }
}

bool DecodeRun::sendAndReceive(AVPacket *packet)
{
    // EAGAIN means the decoder wants its output read first; bounded retries
    // guard against a decoder that neither accepts input nor yields output.
    for (int attempt = 0; attempt < 8; ++attempt) {
        const int rc = avcodec_send_packet(m_in.codec(), packet);
        if (rc == AVERROR(EAGAIN)) {
            if (!receiveFrames())
                return false;
            continue;
        }
        if (rc < 0 && rc != AVERROR_EOF) {
            ++m_decodeErrors;
            if (++m_consecutiveErrors >= kMaxConsecutiveErrors)
                return false;
        }
        return receiveFrames();
    }
    ++m_decodeErrors;
    return ++m_consecutiveErrors < kMaxConsecutiveErrors;
}

void DecodeRun::finishWarnings(int readError)
{
    const int rate = m_result.info.sampleRate;
    const double decodedSec = rate > 0 ? double(m_nativeFrames) / rate : 0.0;
    const double headerSec = m_in.headerDurationSec();
    // Bitrate-based estimates (e.g. MP3 without a Xing header) are rough.
    const bool roughHeader = m_in.format()->duration_estimation_method == AVFMT_DURATION_FROM_BITRATE;
    const double tolerance = std::max(0.1, (roughHeader ? 0.25 : 0.02) * headerSec);
    if (headerSec > 0 && decodedSec < headerSec - tolerance)
        m_result.warnings << QStringLiteral(
                                 "%1: file appears truncated: the header says %2 s but only %3 s could be decoded")
                                 .arg(m_name)
                                 .arg(headerSec, 0, 'f', 3)
                                 .arg(decodedSec, 0, 'f', 3);
    if (readError < 0)
        m_result.warnings << QStringLiteral("%1: read error after %2 s (%3); the file may be truncated")
                                 .arg(m_name)
                                 .arg(decodedSec, 0, 'f', 3)
                                 .arg(ffmpegErrorText(readError));
    if (m_decodeErrors > 0)
        m_result.warnings << QStringLiteral("%1: %2 damaged or incomplete block(s) could not be decoded (truncated or "
                                            "corrupt data); kept the rest")
                                 .arg(m_name)
                                 .arg(m_decodeErrors);
    if (m_gaveUp)
        m_result.warnings << QStringLiteral("%1: stopped decoding after %2 consecutive errors")
                                 .arg(m_name)
                                 .arg(kMaxConsecutiveErrors);
    if (m_converter->nonFiniteCount() > 0)
        m_result.warnings << QStringLiteral("%1: replaced %2 non-finite samples (NaN or infinity) by 0")
                                 .arg(m_name)
                                 .arg(m_converter->nonFiniteCount());
}

DecodeResult DecodeRun::run()
{
    QString error;
    if (!m_in.open(m_path, true, error)) {
        m_result.error = error;
        return std::move(m_result);
    }
    describeWithTags(m_in, m_path, m_opt.readTags, m_result.info);
    const QString mismatch = m_in.extensionMismatchWarning();
    if (!mismatch.isEmpty())
        m_result.warnings << mismatch;

    const int nativeRate = m_result.info.sampleRate;
    const int outRate = m_opt.targetSampleRate > 0 ? m_opt.targetSampleRate : nativeRate;
    m_converter = std::make_unique<PcmConverter>(outRate, m_opt.mono);
    m_frame.reset(av_frame_alloc());
    PacketPtr packet(av_packet_alloc());
    if (!m_frame || !packet) {
        m_result.error = m_name + QStringLiteral(": out of memory");
        return std::move(m_result);
    }

    const int outChannels = m_opt.mono ? 1 : m_result.info.channels;
    const double headerSec = m_in.headerDurationSec();
    if (m_opt.keepSamples && headerSec > 0 && headerSec < 4 * 3600)
        sink().reserve(size_t((headerSec * 1.02 + 0.1) * outRate) * size_t(outChannels));

    const int streamIndex = m_in.stream()->index;
    const AVRational tb = m_in.stream()->time_base;
    int readError = 0;
    bool running = reportProgress(0.0);
    while (running) {
        const int rc = av_read_frame(m_in.format(), packet.get());
        if (rc < 0) {
            if (rc != AVERROR_EOF)
                readError = rc;
            break;
        }
        if (packet->stream_index != streamIndex) {
            av_packet_unref(packet.get());
            continue;
        }
        const int64_t pts = packet->pts;
        running = sendAndReceive(packet.get());
        av_packet_unref(packet.get());
        if (!running)
            break;
        double fraction = m_in.bytesFraction();
        if (fraction < 0 && headerSec > 0 && pts != AV_NOPTS_VALUE)
            fraction = double(pts) * av_q2d(tb) / headerSec;
        if (fraction >= 0)
            running = reportProgress(fraction);
    }
    if (!m_cancelled && m_fatal.isEmpty()) {
        if (running || m_consecutiveErrors < kMaxConsecutiveErrors)
            sendAndReceive(nullptr); // drain the decoder's last frames
        m_gaveUp = m_consecutiveErrors >= kMaxConsecutiveErrors;
        m_converter->flush(sink());
        if (!m_cancelled)
            emitBlock(true);
        if (!m_cancelled)
            reportProgress(1.0);
    }

    m_result.info.durationSec = nativeRate > 0 ? double(m_nativeFrames) / nativeRate : 0.0;
    m_result.audio.sampleRate = outRate;
    m_result.audio.channels = m_converter->outChannels() > 0 ? m_converter->outChannels() : outChannels;
    if (m_cancelled) {
        m_result.cancelled = true;
        m_result.error = m_name + QStringLiteral(": cancelled");
        m_result.audio.samples = {};
        return std::move(m_result);
    }
    if (!m_fatal.isEmpty()) {
        m_result.error = m_name + QStringLiteral(": ") + m_fatal;
        m_result.audio.samples = {};
        return std::move(m_result);
    }
    if (m_nativeFrames == 0) {
        m_result.error = m_decodeErrors > 0 || readError < 0
                             ? m_name + QStringLiteral(": no decodable audio (damaged or truncated data)")
                             : m_name + QStringLiteral(": contains no audio samples");
        return std::move(m_result);
    }
    finishWarnings(readError);
    m_result.ok = true;
    return std::move(m_result);
}

} // namespace

DecodeResult decodeFile(const QString &path, const DecodeOptions &options, const ProgressFn &progress,
                        const BlockFn &onBlock)
{
    return DecodeRun(path, options, progress, onBlock).run();
}

DecodeResult probeFile(const QString &path, bool readTags)
{
    DecodeResult result;
    FfmpegInput in;
    if (!in.open(path, false, result.error))
        return result;
    describeWithTags(in, path, readTags, result.info);
    const QString mismatch = in.extensionMismatchWarning();
    if (!mismatch.isEmpty())
        result.warnings << mismatch;
    result.ok = true;
    return result;
}

} // namespace mirlo
