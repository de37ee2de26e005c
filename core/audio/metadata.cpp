#include "core/audio/metadata.h"

#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>

#include <taglib/audioproperties.h>
#include <taglib/fileref.h>
#include <taglib/tag.h>
#include <taglib/tfile.h>
#include <taglib/tpropertymap.h>
#include <taglib/tstring.h>
#include <taglib/wavfile.h>

namespace mirlo {

namespace {

// RIFF INFO and ID3v1 are read by TagLib as Latin-1, but most writers
// (FFmpeg, soundfile) store UTF-8 bytes there. If the Latin-1 reading is a
// valid UTF-8 byte sequence with non-ASCII bytes, it was UTF-8: a genuine
// Latin-1 text almost never forms valid multi-byte UTF-8 by accident.
QString fromTagLib(const TagLib::String &s)
{
    const QString text = QString::fromUtf8(s.toCString(true)).trimmed();
    bool latin1Only = true;
    bool nonAscii = false;
    for (const QChar c : text) {
        if (c.unicode() > 0xFF) {
            latin1Only = false;
            break;
        }
        if (c.unicode() >= 0x80)
            nonAscii = true;
    }
    if (!latin1Only || !nonAscii)
        return text;
    const QByteArray bytes = text.toLatin1();
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString reread = utf8.decode(bytes);
    return utf8.hasError() ? text : reread;
}

} // namespace

bool readTags(const QString &path, AudioFileInfo &info)
{
    const QFileInfo fi(path);
    if (!fi.isFile() || fi.size() == 0)
        return false;
    const QByteArray encoded = QFile::encodeName(path);
    TagLib::FileRef ref(encoded.constData(), true, TagLib::AudioProperties::Fast);
    if (ref.isNull())
        return false;

    // FileRef::tag() of a WAV file is only its ID3v2 chunk in TagLib 1.x; most
    // WAV writers use a RIFF LIST/INFO chunk instead.
    const TagLib::Tag *tag = ref.tag();
    if (const auto *wav = dynamic_cast<TagLib::RIFF::WAV::File *>(ref.file())) {
        if ((!tag || tag->isEmpty()) && wav->hasInfoTag())
            tag = wav->InfoTag();
    }
    if (tag) {
        info.title = fromTagLib(tag->title());
        info.artist = fromTagLib(tag->artist());
        info.album = fromTagLib(tag->album());
        info.genre = fromTagLib(tag->genre());
        info.comment = fromTagLib(tag->comment());
        info.year = int(tag->year());
        info.track = int(tag->track());
    }
    // FFmpeg's MP3 muxer stores the comment as TXXX:comment, which Tag::comment()
    // misses (it then shows the 28-character ID3v1 copy); the property map has it.
    if (const TagLib::File *file = ref.file()) {
        const TagLib::PropertyMap props = file->properties();
        const auto it = props.find("COMMENT");
        if (it != props.end() && !it->second.isEmpty()) {
            const QString full = fromTagLib(it->second.front());
            if (full.size() > info.comment.size())
                info.comment = full;
        }
    }
    if (const TagLib::AudioProperties *props = ref.audioProperties()) {
        if (info.bitrateKbps <= 0)
            info.bitrateKbps = props->bitrate();
        if (info.durationSec <= 0.0)
            info.durationSec = props->lengthInMilliseconds() / 1000.0;
        if (info.sampleRate <= 0)
            info.sampleRate = props->sampleRate();
        if (info.channels <= 0)
            info.channels = props->channels();
    }
    return true;
}

} // namespace mirlo
