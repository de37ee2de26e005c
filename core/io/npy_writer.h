#pragma once
// Writes NumPy .npy files (format 1.0, little-endian float32, C order).
#include "core/dsp/matrix.h"

#include <QString>

namespace mirlo {

// Returns false and fills error when the file cannot be written.
bool writeNpy(const QString &path, const Matrix &m, QString *error = nullptr);
// Reads a float32 2-D .npy written by writeNpy or NumPy (used by tests).
bool readNpy(const QString &path, Matrix &m, QString *error = nullptr);

} // namespace mirlo
