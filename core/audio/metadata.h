#pragma once
// Tag reading with TagLib. Fills the tag fields of AudioFileInfo (title,
// artist, album, genre, comment, year, track) and, when FFmpeg has not set
// them, bitrate and header duration. Never throws; returns false when TagLib
// cannot open the file (a file without tags is not an error).
#include "core/audio/audio_file_info.h"

namespace mirlo {

bool readTags(const QString &path, AudioFileInfo &info);

} // namespace mirlo
