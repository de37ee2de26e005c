#pragma once
// Writes NumPy .npy files (format 1.0, little-endian float32, C order).
#include "core/dsp/matrix.h"

#include <QByteArray>
#include <QString>

#include <cstdint>

namespace mirlo {

// Returns false and fills error when the file cannot be written.
bool writeNpy(const QString &path, const Matrix &m, QString *error = nullptr);
// Same file without QSaveFile's fdatasync: for large command-line outputs
// (~100 MB for a song's STFT), where forcing the data to disk would take
// longer than computing it. Written to "<path>.part" (two threads for large
// matrices) and renamed over path, so a failed write leaves an older file intact.
bool writeNpyUnsynced(const QString &path, const Matrix &m, QString *error = nullptr);
// The preamble (magic, version 1.0, header) of a rows x cols float32 matrix,
// padded to a multiple of 64 bytes and to at least minSize bytes (a multiple of 64).
QByteArray npyFloat32Preamble(int64_t rows, int cols, int minSize = 0);
// Reads a float32 2-D .npy written by writeNpy or NumPy (used by tests).
bool readNpy(const QString &path, Matrix &m, QString *error = nullptr);

} // namespace mirlo
