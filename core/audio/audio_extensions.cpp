#include "audio_extensions.h"

#include <QFileInfo>

namespace mirlo {

const QStringList &audioFileExtensions()
{
    static const QStringList exts = {QStringLiteral("wav"),  QStringLiteral("flac"), QStringLiteral("mp3"),
                                     QStringLiteral("ogg"),  QStringLiteral("oga"),  QStringLiteral("opus"),
                                     QStringLiteral("m4a"),  QStringLiteral("aac"),  QStringLiteral("aiff"),
                                     QStringLiteral("aif"),  QStringLiteral("wma"),  QStringLiteral("mp4"),
                                     QStringLiteral("webm"), QStringLiteral("w64")};
    return exts;
}

bool hasAudioExtension(const QString &fileName)
{
    return audioFileExtensions().contains(QFileInfo(fileName).suffix().toLower());
}

} // namespace mirlo
