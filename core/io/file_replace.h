#pragma once
// Atomic replacement of a file by a finished sibling (the ".part" pattern):
// readers see either the old or the new file, never a half-written one, and a
// failure leaves the old file untouched. POSIX rename(2); MoveFileEx with
// MOVEFILE_REPLACE_EXISTING on Windows.
#include <QString>

namespace mirlo {

// Renames `from` over `to`. False + *error ("<to>: cannot replace the file (...)") on failure;
// `from` is then left in place for the caller to remove.
bool replaceFile(const QString &from, const QString &to, QString *error = nullptr);

} // namespace mirlo
