#pragma once
// What Mirlo knows about an audio file: stream facts from FFmpeg and tags from
// TagLib. durationSec always comes from decoded data when decoding happened.
#include <QString>

namespace mirlo {

struct AudioFileInfo {
    QString path;
    QString container;   // FFmpeg demuxer name, e.g. "ogg", "wav", "mov,mp4,m4a,3gp,3g2,mj2"
    QString codec;       // FFmpeg codec name, e.g. "vorbis", "pcm_s16le"
    int sampleRate = 0;  // native rate of the stream
    int channels = 0;    // native channel count
    double durationSec = 0.0;
    int bitrateKbps = 0; // 0 when unknown

    // Tags (empty / 0 when absent).
    QString title;
    QString artist;
    QString album;
    QString genre;
    QString comment;
    int year = 0;
    int track = 0;
};

} // namespace mirlo
