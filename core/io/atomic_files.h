#pragma once
// Writes a group of files into one folder so that a crash, a cancel or a full
// disk never leaves a torn set (e.g. a model folder with new weights but an old
// or half-written model.json): every file is first written in full to
// "<name>.part" and flushed to disk, and only then are the .part files renamed
// over their targets, in the given order (put the file readers look at first,
// e.g. model.json, last). A failure before the renames removes the .part files
// and leaves the old files untouched.
#include <QByteArray>
#include <QString>

#include <utility>
#include <vector>

namespace mirlo {

// files: (file name inside dir, contents). Creates dir. False + *error ("<path>: <problem>") on failure.
bool writeFilesAtomically(const QString &dir, const std::vector<std::pair<QString, QByteArray>> &files,
                          QString *error = nullptr);

} // namespace mirlo
