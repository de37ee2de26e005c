#include "core/io/atomic_files.h"

#include <QDir>
#include <QFile>

#include <cstdio>
#include <unistd.h>

namespace mirlo {

bool writeFilesAtomically(const QString &dir, const std::vector<std::pair<QString, QByteArray>> &files,
                          QString *error)
{
    auto fail = [&](const QString &text) {
        if (error)
            *error = text;
        return false;
    };
    if (!QDir().mkpath(dir))
        return fail(QStringLiteral("%1: cannot create the folder").arg(dir));
    const QDir d(dir);
    std::vector<QString> parts;
    auto removeParts = [&] {
        for (const QString &p : parts)
            QFile::remove(p);
    };
    for (const auto &file : files) {
        const QString part = d.filePath(file.first + QStringLiteral(".part"));
        QFile f(part);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            removeParts();
            return fail(QStringLiteral("%1: cannot write (%2)").arg(part, f.errorString()));
        }
        parts.push_back(part);
        // fdatasync: after the rename the new contents must be on disk, not only the new name.
        const bool ok = f.write(file.second) == file.second.size() && f.flush() && ::fdatasync(f.handle()) == 0;
        const QString why = f.errorString();
        f.close();
        if (!ok) {
            removeParts();
            return fail(QStringLiteral("%1: cannot write (%2)").arg(part, why));
        }
    }
    for (size_t i = 0; i < files.size(); ++i) {
        // std::rename replaces the target atomically (QFile::rename refuses an existing target).
        const QString target = d.filePath(files[i].first);
        if (std::rename(QFile::encodeName(parts[i]).constData(), QFile::encodeName(target).constData()) != 0) {
            for (size_t k = i; k < parts.size(); ++k)
                QFile::remove(parts[k]);
            return fail(QStringLiteral("%1: cannot replace (rename failed)").arg(target));
        }
    }
    return true;
}

} // namespace mirlo
