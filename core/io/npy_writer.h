#pragma once
// Writes NumPy .npy files (format 1.0, little-endian float32, C order).
#include "core/dsp/matrix.h"

#include <QString>

namespace mirlo {

// Returns false and fills error when the file cannot be written.
bool writeNpy(const QString &path, const Matrix &m, QString *error = nullptr);
// Same file, written in place without QSaveFile's fdatasync + rename: for
// large command-line outputs (~100 MB for a song's STFT), where forcing the
// data to disk would take longer than computing it. A failed write removes
// the partial file.
bool writeNpyUnsynced(const QString &path, const Matrix &m, QString *error = nullptr);
// Reads a float32 2-D .npy written by writeNpy or NumPy (used by tests).
bool readNpy(const QString &path, Matrix &m, QString *error = nullptr);

} // namespace mirlo
