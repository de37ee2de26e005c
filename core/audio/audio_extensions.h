#pragma once
// File-name extensions Mirlo treats as audio when it collects files from a
// folder (e.g. the class folders of a training set), so annotations kept next
// to the audio (.lab, .txt, .csv, .json, ...) are not taken for tracks.
#include <QString>
#include <QStringList>

namespace mirlo {

// Lower-case, without the dot.
const QStringList &audioFileExtensions();
// True when the file name ends in one of audioFileExtensions() (case-insensitive).
bool hasAudioExtension(const QString &fileName);

} // namespace mirlo
