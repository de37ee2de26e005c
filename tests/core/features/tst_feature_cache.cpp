// FeatureCache: entries round-trip bit for bit; the key changes with the recipe
// and with the audio file's size / modification time; a damaged entry is a miss
// (and is replaced by the next store); no "<name>.part" file is left behind;
// clear() removes every entry.
#include "core/features/feature_cache.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <cstring>
#include <thread>

using namespace mirlo;

namespace {

std::vector<float> ramp(int n, float offset)
{
    std::vector<float> v(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i)
        v[size_t(i)] = offset + 0.37f * float(i) - 1e-3f * float(i * i);
    return v;
}

bool writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

QStringList entries(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files, QDir::Name);
}

} // namespace

class TstFeatureCache : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_audio; // stands in for an audio file: only its stamp matters

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_audio = m_tmp.filePath(QStringLiteral("clip.wav"));
        QVERIFY(writeBytes(m_audio, QByteArray(1000, 'a')));
    }

    void defaultDirFollowsEnvironment()
    {
        qputenv("MIRLO_CACHE_DIR", m_tmp.filePath(QStringLiteral("env")).toUtf8());
        QCOMPARE(FeatureCache::defaultDir(), m_tmp.filePath(QStringLiteral("env/features")));
        QCOMPARE(FeatureCache().dir(), m_tmp.filePath(QStringLiteral("env/features")));
        qunsetenv("MIRLO_CACHE_DIR");
        // Shared by every Mirlo program whatever its application name.
        const QString shared = FeatureCache::defaultDir();
        QCoreApplication::setApplicationName(QStringLiteral("another-mirlo-program"));
        QCOMPARE(FeatureCache::defaultDir(), shared);
        QVERIFY(shared.endsWith(QStringLiteral("/mirlo/features")));
    }

    void roundTrip()
    {
        const FeatureCache cache(m_tmp.filePath(QStringLiteral("rt")));
        const QString key = cache.key(m_audio, QStringLiteral("recipe A"));
        QVERIFY(!key.isEmpty());
        std::vector<float> data;
        int rows = 0, cols = 0;
        QVERIFY(!cache.load(key, &data, &rows, &cols)); // nothing stored yet
        const std::vector<float> v = ramp(3 * 6400, -80.0f);
        QString error;
        QVERIFY2(cache.store(key, v, 3, 6400, &error), qPrintable(error));
        QVERIFY(cache.load(key, &data, &rows, &cols));
        QCOMPARE(rows, 3);
        QCOMPARE(cols, 6400);
        QCOMPARE(data.size(), v.size());
        QVERIFY(std::memcmp(data.data(), v.data(), v.size() * sizeof(float)) == 0);
        // One entry, named by the SHA-1 of the key; no .part file.
        const QStringList files = entries(cache.dir());
        QCOMPARE(files.size(), 1);
        QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{40}\\.npy$")).match(files.first()).hasMatch());
        // Overwriting an entry replaces it.
        const std::vector<float> w = ramp(2 * 6400, 5.0f);
        QVERIFY(cache.store(key, w, 2, 6400));
        QVERIFY(cache.load(key, &data, &rows, &cols));
        QCOMPARE(rows, 2);
        QVERIFY(std::memcmp(data.data(), w.data(), w.size() * sizeof(float)) == 0);
        QCOMPARE(entries(cache.dir()).size(), 1);
        // Bad shapes are refused.
        QVERIFY(!cache.store(key, w, 3, 6400, &error));
        QVERIFY(error.contains(QStringLiteral("3 x 6400")));
    }

    void keyChangesWithRecipeAndFile()
    {
        const FeatureCache cache(m_tmp.filePath(QStringLiteral("keys")));
        const QString a = cache.key(m_audio, QStringLiteral("n_mels=80"));
        QCOMPARE(cache.key(m_audio, QStringLiteral("n_mels=80")), a); // stable
        QVERIFY(cache.key(m_audio, QStringLiteral("n_mels=96")) != a);
        QVERIFY(cache.key(m_tmp.filePath(QStringLiteral("missing.wav")), QStringLiteral("n_mels=80")).isEmpty());
        QVERIFY(cache.store(a, ramp(10, 0.0f), 1, 10));
        std::vector<float> data;
        int rows = 0, cols = 0;
        QVERIFY(!cache.load(cache.key(m_audio, QStringLiteral("n_mels=96")), &data, &rows, &cols));

        // A new modification time (same size) and a new size each give a new key: old entries miss.
        QFile f(m_audio);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.setFileTime(QFileInfo(m_audio).lastModified().addSecs(60), QFileDevice::FileModificationTime));
        f.close();
        const QString b = cache.key(m_audio, QStringLiteral("n_mels=80"));
        QVERIFY(b != a);
        QVERIFY(!cache.load(b, &data, &rows, &cols));
        // Same modification time as for key b, one byte more.
        const QDateTime mtimeB = QFileInfo(m_audio).lastModified();
        QVERIFY(writeBytes(m_audio, QByteArray(1001, 'a')));
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.setFileTime(mtimeB, QFileDevice::FileModificationTime));
        f.close();
        QCOMPARE(QFileInfo(m_audio).lastModified(), mtimeB);
        const QString c = cache.key(m_audio, QStringLiteral("n_mels=80"));
        QVERIFY(c != a && c != b);
        QVERIFY(!cache.load(c, &data, &rows, &cols));
        QVERIFY(cache.load(a, &data, &rows, &cols)); // the old entry itself is still intact
    }

    void damagedEntryIsAMiss()
    {
        const FeatureCache cache(m_tmp.filePath(QStringLiteral("damaged")));
        const QString key = cache.key(m_audio, QStringLiteral("r"));
        const std::vector<float> v = ramp(2 * 100, 1.0f);
        QVERIFY(cache.store(key, v, 2, 100));
        const QString path = cache.dir() + QLatin1Char('/') + entries(cache.dir()).first();
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray good = f.readAll();
        f.close();
        std::vector<float> data;
        int rows = 0, cols = 0;
        const QByteArray nan("\x00\x00\xc0\x7f", 4);
        for (const QByteArray &bad : {good.left(good.size() - 4),                // truncated data
                                      good.left(40),                             // truncated header
                                      good + QByteArray(4, '\0'),                // trailing bytes
                                      QByteArray("garbage"),                     // not .npy
                                      QByteArray(),                              // empty
                                      good.left(good.size() - 4) + nan}) {       // NaN value
            QVERIFY(writeBytes(path, bad));
            QVERIFY(!cache.load(key, &data, &rows, &cols));
        }
        // The next store replaces the damaged entry.
        QVERIFY(cache.store(key, v, 2, 100));
        QVERIFY(cache.load(key, &data, &rows, &cols));
        QVERIFY(data == v);
    }

    void neverLeavesPartFiles()
    {
        const FeatureCache cache(m_tmp.filePath(QStringLiteral("part")));
        const QString key = cache.key(m_audio, QStringLiteral("p"));
        QVERIFY(cache.store(key, ramp(64, 0.0f), 8, 8));
        const QString entry = cache.dir() + QLatin1Char('/') + entries(cache.dir()).first();
        QCOMPARE(entries(cache.dir()), QStringList{QFileInfo(entry).fileName()});
        // A stale .part from a crashed writer does not hide the entry or disturb a new store.
        const QString stale = entry + QStringLiteral(".0123456789abcdef.part");
        QVERIFY(writeBytes(stale, QByteArray("half")));
        std::vector<float> data;
        int rows = 0, cols = 0;
        QVERIFY(cache.load(key, &data, &rows, &cols));
        QVERIFY(cache.store(key, ramp(64, 1.0f), 8, 8));
        QVERIFY(cache.load(key, &data, &rows, &cols));
        QVERIFY(data == ramp(64, 1.0f));
        QCOMPARE(entries(cache.dir()), (QStringList{QFileInfo(entry).fileName(), QFileInfo(stale).fileName()}));
        QVERIFY(QFile::remove(stale));
        // When the entry cannot be renamed into place (a folder of that name), store fails
        // cleanly: an error naming the entry, and no .part left.
        const QString key2 = cache.key(m_audio, QStringLiteral("q"));
        QVERIFY(cache.store(key2, ramp(4, 0.0f), 2, 2));
        QStringList others = entries(cache.dir());
        others.removeAll(QFileInfo(entry).fileName());
        QCOMPARE(others.size(), 1);
        const QString entry2 = cache.dir() + QLatin1Char('/') + others.first();
        QVERIFY(QFile::remove(entry2));
        QVERIFY(QDir().mkpath(entry2 + QStringLiteral("/x")));
        QString error;
        QVERIFY(!cache.store(key2, ramp(4, 0.0f), 2, 2, &error));
        QVERIFY2(error.contains(QFileInfo(entry2).fileName()), qPrintable(error));
        QCOMPARE(entries(cache.dir()).filter(QStringLiteral(".part")), QStringList());
        QVERIFY(QDir(entry2).removeRecursively());
        // An unwritable folder: an error, not a crash.
        const FeatureCache bad(m_audio + QStringLiteral("/sub"));
        QVERIFY(!bad.store(bad.key(m_audio, QStringLiteral("p")), ramp(4, 0.0f), 2, 2, &error));
        QVERIFY(!error.isEmpty());
    }

    void concurrentWriters()
    {
        // Two writers store the same key over and over while a reader loads it: every load
        // is the whole entry (or a miss before the first store), and no .part remains.
        const FeatureCache cache(m_tmp.filePath(QStringLiteral("concurrent")));
        const QString key = cache.key(m_audio, QStringLiteral("c"));
        const std::vector<float> v = ramp(4 * 6400, 3.0f);
        std::atomic_bool storeFailed{false};
        auto writer = [&] {
            for (int i = 0; i < 40; ++i)
                if (!cache.store(key, v, 4, 6400))
                    storeFailed = true;
        };
        std::thread a(writer), b(writer);
        int hits = 0, bad = 0;
        for (int i = 0; i < 200; ++i) {
            std::vector<float> data;
            int rows = 0, cols = 0;
            if (cache.load(key, &data, &rows, &cols)) {
                ++hits;
                bad += (rows != 4 || cols != 6400 || data != v);
            }
        }
        a.join();
        b.join();
        QVERIFY(!storeFailed);
        QCOMPARE(bad, 0);
        qInfo("%d of 200 concurrent loads hit", hits);
        QCOMPARE(entries(cache.dir()).size(), 1);
    }

    void clearRemovesEverything()
    {
        const FeatureCache cache(m_tmp.filePath(QStringLiteral("clear")));
        QCOMPARE(cache.clear(), 0); // no folder yet
        for (int i = 0; i < 5; ++i)
            QVERIFY(cache.store(cache.key(m_audio, QString::number(i)), ramp(4, float(i)), 1, 4));
        QVERIFY(writeBytes(cache.dir() + QStringLiteral("/0123.npy.89ab.part"), QByteArray("x"))); // crashed writer
        QVERIFY(writeBytes(cache.dir() + QStringLiteral("/notes.txt"), QByteArray("x"))); // not ours: kept
        QCOMPARE(cache.clear(), 5);
        QCOMPARE(entries(cache.dir()), QStringList{QStringLiteral("notes.txt")});
        std::vector<float> data;
        int rows = 0, cols = 0;
        QVERIFY(!cache.load(cache.key(m_audio, QStringLiteral("0")), &data, &rows, &cols));
    }
};

QTEST_GUILESS_MAIN(TstFeatureCache)
#include "tst_feature_cache.moc"
