#include "core/io/atomic_files.h"

#include "core/io/file_replace.h"

#include <QDir>
#include <QFile>

#if defined(Q_OS_WIN)
#include <io.h>
#else
#include <unistd.h>
#endif

namespace mirlo {

namespace {

// After the rename the new contents must be on disk, not only the new name.
bool flushToDisk(QFile &f)
{
    if (!f.flush())
        return false;
#if defined(Q_OS_WIN)
    return ::_commit(f.handle()) == 0;
#else
    return ::fdatasync(f.handle()) == 0;
#endif
}

} // namespace

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
        const bool ok = f.write(file.second) == file.second.size() && flushToDisk(f);
        const QString why = f.errorString();
        f.close();
        if (!ok) {
            removeParts();
            return fail(QStringLiteral("%1: cannot write (%2)").arg(part, why));
        }
    }
    for (size_t i = 0; i < files.size(); ++i) {
        const QString target = d.filePath(files[i].first);
        QString why;
        if (!replaceFile(parts[i], target, &why)) {
            for (size_t k = i; k < parts.size(); ++k)
                QFile::remove(parts[k]);
            return fail(why);
        }
    }
    return true;
}

} // namespace mirlo
