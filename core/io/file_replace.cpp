#include "core/io/file_replace.h"

#include <QDir>
#include <QFile>

#include <cerrno>
#include <cstdio>
#include <cstring>
#if defined(Q_OS_WIN)
#include <windows.h>
#endif

namespace mirlo {

bool replaceFile(const QString &from, const QString &to, QString *error)
{
#if defined(Q_OS_WIN)
    const bool ok = MoveFileExW(reinterpret_cast<const wchar_t *>(QDir::toNativeSeparators(from).utf16()),
                                reinterpret_cast<const wchar_t *>(QDir::toNativeSeparators(to).utf16()),
                                MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH);
    const QString reason = ok ? QString() : QStringLiteral("error %1").arg(GetLastError());
#else
    const bool ok = std::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) == 0;
    const QString reason = ok ? QString() : QString::fromLocal8Bit(std::strerror(errno));
#endif
    if (!ok && error)
        *error = QStringLiteral("%1: cannot replace the file (%2)").arg(to, reason);
    return ok;
}

bool writeFileViaPart(const QString &path, const QString &what, const PartWriter &body, QString *error)
{
    const QString tmpPath = path + QStringLiteral(".part");
    QFile file(tmpPath);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        if (error)
            *error = QStringLiteral("%1: cannot open for writing (%2)").arg(path, file.errorString());
        return false;
    }
    QString problem;
    bool ok = body(file, problem);
    file.close(); // flushes QFile's buffer: a full disk may only show here
    if (ok && file.error() != QFileDevice::NoError) {
        ok = false;
        problem = file.errorString();
    }
    if (!ok && error)
        *error = QStringLiteral("%1: %2 (%3)").arg(path, what, problem.isEmpty() ? file.errorString() : problem);
    if (ok)
        ok = replaceFile(tmpPath, path, error);
    if (!ok)
        QFile::remove(tmpPath);
    return ok;
}

} // namespace mirlo
