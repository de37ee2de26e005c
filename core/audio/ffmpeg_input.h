#pragma once
// Internal helpers around FFmpeg's demuxer and decoder for core/audio: open a
// file, pick its audio stream, open the decoder, and turn failures into one
// sentence "<file name>: <problem>". Not part of the public API.
#include "core/audio/audio_file_info.h"

#include <QString>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libswresample/swresample.h>
}

#include <memory>

namespace mirlo {

struct FormatContextDeleter {
    void operator()(AVFormatContext *c) const { avformat_close_input(&c); }
};
struct CodecContextDeleter {
    void operator()(AVCodecContext *c) const { avcodec_free_context(&c); }
};
struct FrameDeleter {
    void operator()(AVFrame *f) const { av_frame_free(&f); }
};
struct PacketDeleter {
    void operator()(AVPacket *p) const { av_packet_free(&p); }
};
struct SwrDeleter {
    void operator()(SwrContext *s) const { swr_free(&s); }
};
using FormatContextPtr = std::unique_ptr<AVFormatContext, FormatContextDeleter>;
using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextDeleter>;
using FramePtr = std::unique_ptr<AVFrame, FrameDeleter>;
using PacketPtr = std::unique_ptr<AVPacket, PacketDeleter>;
using SwrPtr = std::unique_ptr<SwrContext, SwrDeleter>;

// The file name shown in messages (no directories: they are noise to users).
QString displayName(const QString &path);
QString ffmpegErrorText(int errnum);

// An opened file with its best audio stream and (optionally) its decoder.
class FfmpegInput {
public:
    // Returns false and sets `error` ("<file>: <problem>") when the file cannot be
    // used. `openDecoder` = false only reads the container (probeFile).
    bool open(const QString &path, bool openDecoder, QString &error);

    // Stream facts into info (container, codec, rate, channels, bitrate,
    // durationSec from the header or 0 when unknown).
    void describe(AudioFileInfo &info) const;
    // Header duration in seconds, 0 when the container does not say.
    double headerDurationSec() const;
    // Warning when the content's format does not match the file extension, else empty.
    QString extensionMismatchWarning() const;
    // Fraction of the file consumed so far, from the byte position (-1 if unknown).
    double bytesFraction() const;

    AVFormatContext *format() const { return m_format.get(); }
    AVCodecContext *codec() const { return m_codec.get(); }
    AVStream *stream() const { return m_stream; }

private:
    QString m_path;
    FormatContextPtr m_format;
    CodecContextPtr m_codec;
    AVStream *m_stream = nullptr;
    int64_t m_fileSize = -1;
};

// Selects the resampling engine: soxr (very high quality and fast) when the
// library was built with it, otherwise swr's own filter with a long kernel.
// Call on an allocated, configured but not yet initialised context; returns
// the swr_init() result.
int initSwrWithQuality(SwrContext *swr);

} // namespace mirlo
