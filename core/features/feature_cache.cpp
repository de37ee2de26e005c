#include "core/features/feature_cache.h"

#include "core/analysis/analysis_cache.h"
#include "core/io/file_replace.h"
#include "core/io/npy_writer.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QtEndian>

#include <cmath>
#include <cstdio>

namespace mirlo {

namespace {

const QString kSuffix = QStringLiteral(".npy");
const QString kPartSuffix = QStringLiteral(".part");

} // namespace

FeatureCache::FeatureCache(const QString &dir) : m_dir(dir) {}

QString FeatureCache::defaultDir()
{
    const QString env = qEnvironmentVariable("MIRLO_CACHE_DIR");
    const QString base =
        env.isEmpty()
            ? QDir(QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation)).filePath(QStringLiteral("mirlo"))
            : env;
    return QDir(base).filePath(QStringLiteral("features"));
}

QString FeatureCache::key(const QString &audioPath, const QString &recipe) const
{
    // Path, size and modification time of the file plus the recipe (empty for a missing file).
    return analysisKey(audioPath, QStringLiteral("features"), recipe);
}

QString FeatureCache::entryPath(const QString &key) const
{
    const QByteArray sha = QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha1).toHex();
    return QDir(m_dir).filePath(QString::fromLatin1(sha) + kSuffix);
}

bool FeatureCache::load(const QString &key, std::vector<float> *data, int *rows, int *cols) const
{
    if (key.isEmpty())
        return false;
    const QString path = entryPath(key);
    if (!QFileInfo::exists(path))
        return false;
    Matrix m;
    if (!readNpy(path, m))
        return false;
    // Our writer's exact length: anything else (appended bytes, a truncated file
    // that happens to parse) is a damaged entry. Non-finite values never come from
    // the feature code either.
    const qint64 expected = qint64(npyFloat32Preamble(m.rows, m.cols).size()) + qint64(m.values.size()) * 4;
    if (QFileInfo(path).size() != expected || m.rows <= 0 || m.cols <= 0)
        return false;
    for (float v : m.values)
        if (!std::isfinite(v))
            return false;
    *rows = m.rows;
    *cols = m.cols;
    *data = std::move(m.values);
    return true;
}

bool FeatureCache::store(const QString &key, const std::vector<float> &data, int rows, int cols,
                         QString *error) const
{
    auto fail = [&](const QString &text) {
        if (error)
            *error = text;
        return false;
    };
    if (key.isEmpty())
        return fail(QStringLiteral("feature cache: no key (the audio file does not exist)"));
    if (rows <= 0 || cols <= 0 || data.size() != size_t(rows) * size_t(cols))
        return fail(QStringLiteral("feature cache: %1 values do not make a %2 x %3 matrix")
                        .arg(data.size())
                        .arg(rows)
                        .arg(cols));
    if (!QDir().mkpath(m_dir))
        return fail(QStringLiteral("%1: cannot create the feature cache folder").arg(m_dir));
    // Written beside the entry as "<name>.<random>.part" and renamed over it: readers see
    // the old entry or the complete new one, never a torn file, and two writers of one
    // key (threads, or the GUI and mirlo-train) never write into the same .part file.
    const QString path = entryPath(key);
    const QString part =
        path + QStringLiteral(".%1").arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0')) +
        kPartSuffix;
    QFile f(part);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return fail(QStringLiteral("%1: cannot write (%2)").arg(part, f.errorString()));
    const QByteArray pre = npyFloat32Preamble(rows, cols);
    bool ok = f.write(pre) == pre.size();
#if Q_BYTE_ORDER == Q_LITTLE_ENDIAN
    const qint64 bytes = qint64(data.size() * sizeof(float));
    ok = ok && f.write(reinterpret_cast<const char *>(data.data()), bytes) == bytes;
#else
    for (size_t i = 0; ok && i < data.size(); ++i) {
        const float le = qToLittleEndian(data[i]);
        ok = f.write(reinterpret_cast<const char *>(&le), sizeof le) == sizeof le;
    }
#endif
    ok = ok && f.flush();
    const QString writeError = f.errorString();
    f.close();
    QString replaceError;
    if (!ok || !replaceFile(part, path, &replaceError)) {
        QFile::remove(part);
        return fail(ok ? replaceError : QStringLiteral("%1: cannot write (%2)").arg(path, writeError));
    }
    return true;
}

int FeatureCache::clear() const
{
    QDir dir(m_dir);
    if (!dir.exists())
        return 0;
    int removed = 0;
    for (const QString &name :
         dir.entryList({QStringLiteral("*") + kSuffix, QStringLiteral("*") + kSuffix + QStringLiteral("*") + kPartSuffix},
                       QDir::Files))
        if (dir.remove(name) && name.endsWith(kSuffix))
            ++removed;
    return removed;
}

} // namespace mirlo
