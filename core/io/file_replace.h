#pragma once
// Atomic replacement of a file by a finished sibling (the ".part" pattern):
// readers see either the old or the new file, never a half-written one, and a
// failure leaves the old file untouched. POSIX rename(2); MoveFileEx with
// MOVEFILE_REPLACE_EXISTING on Windows.
#include <QString>

#include <functional>

class QFile;

namespace mirlo {

// Renames `from` over `to`. False + *error ("<to>: cannot replace the file (...)") on failure;
// `from` is then left in place for the caller to remove.
bool replaceFile(const QString &from, const QString &to, QString *error = nullptr);

// Writes `path` through "<path>.part": opens it, lets `body` write (false
// with `problem` set on failure), closes it (a full disk may show only then)
// and renames it over `path`; on any failure the .part is removed, `path`
// stays as it was and *error reads "<path>: cannot open for writing (...)",
// "<path>: <what> (<problem>)" or replaceFile's message. No fsync: for large
// outputs the caller can regenerate (see atomic_files.h for durable saves).
using PartWriter = std::function<bool(QFile &file, QString &problem)>;
bool writeFileViaPart(const QString &path, const QString &what, const PartWriter &body, QString *error = nullptr);

} // namespace mirlo
