#include "core/audio/ffmpeg_input.h"

#include <QFile>
#include <QFileInfo>

extern "C" {
#include <libavutil/opt.h>
}

#include <algorithm>
#include <cstring>
#include <mutex>

namespace mirlo {

namespace {

// FFmpeg logs every problem of a broken file to stderr; we report them
// ourselves as one sentence, so keep its console output to real disasters.
void quietFfmpegLog()
{
    static std::once_flag once;
    std::call_once(once, [] {
        if (qEnvironmentVariableIsEmpty("MIRLO_FFMPEG_LOG"))
            av_log_set_level(AV_LOG_FATAL);
    });
}

quint32 readLe32(const unsigned char *p)
{
    return p[0] | (p[1] << 8) | (p[2] << 16) | (quint32(p[3]) << 24);
}
quint16 readLe16(const unsigned char *p)
{
    return quint16(p[0] | (p[1] << 8));
}

// FFmpeg only says "Invalid data found" for any unreadable header. Look at the
// first bytes ourselves so that the message says what is actually wrong.
QString explainUnreadable(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot be read");
    const QByteArray head = f.read(4096);
    const auto *b = reinterpret_cast<const unsigned char *>(head.constData());
    if (head.size() >= 12 && (head.startsWith("RIFF") || head.startsWith("RF64")) && head.mid(8, 4) == "WAVE") {
        int pos = 12;
        while (pos + 8 <= head.size()) {
            const quint32 size = readLe32(b + pos + 4);
            if (head.mid(pos, 4) == "fmt " && pos + 24 <= head.size()) {
                const int channels = readLe16(b + pos + 10);
                const quint32 rate = readLe32(b + pos + 12);
                return QStringLiteral("invalid WAV header (%1 channels, sample rate %2 Hz)").arg(channels).arg(rate);
            }
            if (size > quint32(head.size()))
                break;
            pos += 8 + int(size) + int(size & 1);
        }
        return QStringLiteral("invalid or damaged WAV header");
    }
    if (head.size() >= 12 && head.startsWith("FORM") && (head.mid(8, 4) == "AIFF" || head.mid(8, 4) == "AIFC"))
        return QStringLiteral("invalid or damaged AIFF header");
    if (head.startsWith("fLaC"))
        return QStringLiteral("invalid or damaged FLAC header");
    if (head.startsWith("OggS"))
        return QStringLiteral("invalid or damaged Ogg stream");
    return QStringLiteral("not an audio file (unrecognised format)");
}

} // namespace

QString displayName(const QString &path)
{
    const QString name = QFileInfo(path).fileName();
    return name.isEmpty() ? path : name;
}

QString ffmpegErrorText(int errnum)
{
    char buf[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(errnum, buf, sizeof buf);
    return QString::fromUtf8(buf);
}

bool FfmpegInput::open(const QString &path, bool openDecoder, QString &error)
{
    quietFfmpegLog();
    m_path = path;
    const QString name = displayName(path);
    auto fail = [&](const QString &problem) {
        error = name + QStringLiteral(": ") + problem;
        return false;
    };

    const QFileInfo fi(path);
    if (path.isEmpty())
        return fail(QStringLiteral("no file name given"));
    if (!fi.exists())
        return fail(QStringLiteral("file not found"));
    if (fi.isDir())
        return fail(QStringLiteral("is a folder, not an audio file"));
    if (!fi.isReadable())
        return fail(QStringLiteral("cannot be read (permission denied)"));
    m_fileSize = fi.size();
    if (m_fileSize == 0)
        return fail(QStringLiteral("empty file (0 bytes)"));

    // "file:" keeps FFmpeg from treating a colon in the name as a protocol.
    const QByteArray url = "file:" + QFile::encodeName(fi.absoluteFilePath());
    AVFormatContext *raw = nullptr;
    int rc = avformat_open_input(&raw, url.constData(), nullptr, nullptr);
    if (rc < 0)
        return fail(rc == AVERROR_INVALIDDATA ? explainUnreadable(path)
                                              : QStringLiteral("cannot open (%1)").arg(ffmpegErrorText(rc)));
    m_format.reset(raw);

    rc = avformat_find_stream_info(m_format.get(), nullptr);
    if (rc < 0)
        return fail(QStringLiteral("cannot read stream information (%1)").arg(ffmpegErrorText(rc)));

    const AVCodec *decoder = nullptr;
    const int index = av_find_best_stream(m_format.get(), AVMEDIA_TYPE_AUDIO, -1, -1, &decoder, 0);
    if (index == AVERROR_STREAM_NOT_FOUND)
        return fail(QStringLiteral("contains no audio stream"));
    if (index < 0 && index != AVERROR_DECODER_NOT_FOUND)
        return fail(QStringLiteral("no usable audio stream (%1)").arg(ffmpegErrorText(index)));
    m_stream = m_format->streams[index >= 0 ? index : 0];
    if (index < 0) {
        // Stream exists but FFmpeg has no decoder for it.
        const int i = av_find_best_stream(m_format.get(), AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
        if (i >= 0)
            m_stream = m_format->streams[i];
    }

    const AVCodecParameters *par = m_stream->codecpar;
    if (par->ch_layout.nb_channels <= 0 || par->sample_rate <= 0)
        return fail(QStringLiteral("invalid header (%1 channels, sample rate %2 Hz)")
                        .arg(par->ch_layout.nb_channels)
                        .arg(par->sample_rate));
    if (!decoder) {
        const char *codecName = avcodec_get_name(par->codec_id);
        return fail(QStringLiteral("unsupported audio codec \"%1\"").arg(QString::fromUtf8(codecName)));
    }
    if (!openDecoder)
        return true;

    m_codec.reset(avcodec_alloc_context3(decoder));
    if (!m_codec)
        return fail(QStringLiteral("out of memory"));
    rc = avcodec_parameters_to_context(m_codec.get(), par);
    if (rc >= 0) {
        m_codec->pkt_timebase = m_stream->time_base;
        rc = avcodec_open2(m_codec.get(), decoder, nullptr);
    }
    if (rc < 0)
        return fail(QStringLiteral("cannot open the %1 decoder (%2)")
                        .arg(QString::fromUtf8(decoder->name), ffmpegErrorText(rc)));
    // Only the audio stream is needed; skipping the rest avoids decoding cover art.
    for (unsigned i = 0; i < m_format->nb_streams; ++i)
        if (m_format->streams[i] != m_stream)
            m_format->streams[i]->discard = AVDISCARD_ALL;
    return true;
}

double FfmpegInput::headerDurationSec() const
{
    if (m_stream && m_stream->duration != AV_NOPTS_VALUE && m_stream->duration > 0)
        return double(m_stream->duration) * av_q2d(m_stream->time_base);
    if (m_format && m_format->duration != AV_NOPTS_VALUE && m_format->duration > 0)
        return double(m_format->duration) / AV_TIME_BASE;
    return 0.0;
}

void FfmpegInput::describe(AudioFileInfo &info) const
{
    info.path = m_path;
    if (m_format && m_format->iformat)
        info.container = QString::fromUtf8(m_format->iformat->name);
    if (!m_stream)
        return;
    const AVCodecParameters *par = m_stream->codecpar;
    info.codec = QString::fromUtf8(avcodec_get_name(par->codec_id));
    info.sampleRate = par->sample_rate;
    info.channels = par->ch_layout.nb_channels;
    info.durationSec = headerDurationSec();
    int64_t bitRate = par->bit_rate;
    if (bitRate <= 0 && m_format)
        bitRate = m_format->bit_rate;
    info.bitrateKbps = bitRate > 0 ? int((bitRate + 500) / 1000) : 0;
}

QString FfmpegInput::extensionMismatchWarning() const
{
    if (!m_format || !m_format->iformat)
        return {};
    const QString ext = QFileInfo(m_path).suffix().toLower();
    const QString demuxer = QString::fromUtf8(m_format->iformat->name);
    struct Expect {
        const char *ext;
        const char *demuxers;
    };
    static const Expect kExpected[] = {
        {"wav", "wav,w64,rf64"},
        {"mp3", "mp3"},
        {"flac", "flac"},
        {"ogg", "ogg"},
        {"oga", "ogg"},
        {"opus", "ogg"},
        {"m4a", "mov,mp4,m4a,3gp,3g2,mj2"},
        {"aiff", "aiff"},
        {"aif", "aiff"},
    };
    for (const Expect &e : kExpected) {
        if (ext != QLatin1String(e.ext))
            continue;
        const QStringList ok = QString::fromLatin1(e.demuxers).split(QLatin1Char(','));
        const QStringList got = demuxer.split(QLatin1Char(','));
        for (const QString &g : got)
            if (ok.contains(g))
                return {};
        return QStringLiteral("%1: the extension \".%2\" does not match the content (%3); decoded as %3")
            .arg(displayName(m_path), ext, demuxer);
    }
    return {};
}

double FfmpegInput::bytesFraction() const
{
    if (!m_format || !m_format->pb || m_fileSize <= 0)
        return -1.0;
    const int64_t pos = avio_tell(m_format->pb);
    if (pos < 0)
        return -1.0;
    return std::min(1.0, double(pos) / double(m_fileSize));
}

int initSwrWithQuality(SwrContext *swr)
{
    av_opt_set_int(swr, "resampler", SWR_ENGINE_SOXR, 0);
    if (swr_init(swr) >= 0)
        return 0;
    av_opt_set_int(swr, "resampler", SWR_ENGINE_SWR, 0);
    av_opt_set_int(swr, "filter_size", 64, 0);
    av_opt_set_int(swr, "phase_shift", 12, 0);
    av_opt_set_double(swr, "cutoff", 0.95, 0);
    return swr_init(swr);
}

} // namespace mirlo
