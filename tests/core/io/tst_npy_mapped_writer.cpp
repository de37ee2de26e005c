// NpyMappedWriter: the file it leaves must be byte for byte what
// writeNpyUnsynced writes for the same matrix, also over an older larger
// file; without commit() no file is left.
#include "core/io/npy_mapped_writer.h"
#include "core/io/npy_writer.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

using namespace mirlo;

namespace {

Matrix ramp(int r, int c)
{
    Matrix m(r, c);
    for (int i = 0; i < r * c; ++i)
        m.values[size_t(i)] = float(i) * 0.25f - 7.5f;
    return m;
}

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Fills the first m.rows rows of a writer reserved for maxRows and commits.
bool writeMapped(const QString &path, const Matrix &m, int64_t maxRows)
{
    NpyMappedWriter w;
    if (!w.open(path, maxRows, m.cols))
        return false;
    std::copy(m.values.begin(), m.values.end(), w.rows());
    return w.commit(m.rows);
}

} // namespace

class TestNpyMappedWriter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sameBytesAsWriteNpy()
    {
        QTemporaryDir dir;
        const QString ref = dir.filePath(QStringLiteral("ref.npy"));
        const QString out = dir.filePath(QStringLiteral("mapped.npy"));
        const Matrix m = ramp(37, 1025);
        QVERIFY(writeNpyUnsynced(ref, m));
        QVERIFY(writeMapped(out, m, 40)); // room for more rows than filled
        const QByteArray expected = fileBytes(ref);
        QCOMPARE(expected.size(), 128 + 37 * 1025 * 4);
        QVERIFY(fileBytes(out) == expected);
        Matrix back;
        QVERIFY(readNpy(out, back));
        QCOMPARE(back.rows, 37);
        QVERIFY(back.values == m.values);
    }

    void overwritesLargerFileAndTrims()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("x.npy"));
        QVERIFY(writeNpyUnsynced(out, ramp(100, 50)));
        const Matrix m = ramp(9, 50);
        QVERIFY(writeMapped(out, m, 9));
        QCOMPARE(QFileInfo(out).size(), qint64(128 + 9 * 50 * 4));
        Matrix back;
        QVERIFY(readNpy(out, back));
        QCOMPARE(back.rows, 9);
        QVERIFY(back.values == m.values);
    }

    void noCommitRemovesFile()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("gone.npy"));
        {
            NpyMappedWriter w;
            QVERIFY(w.open(out, 10, 4));
            QVERIFY(QFile::exists(out + QStringLiteral(".part"))); // filled under a sibling name
            QVERIFY(!QFile::exists(out));
            w.rows()[0] = 1.f;
        }
        QVERIFY(!QFile::exists(out));
        QVERIFY(!QFile::exists(out + QStringLiteral(".part")));
    }

    void noCommitKeepsExistingFile()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("keep.npy"));
        {
            QFile f(out);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("earlier result");
        }
        {
            NpyMappedWriter w;
            QVERIFY(w.open(out, 10, 4));
            w.rows()[0] = 1.f;
        } // e.g. the decode failed: no commit
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("earlier result"));
        QVERIFY(!QFile::exists(out + QStringLiteral(".part")));
    }

    void errors()
    {
        QTemporaryDir dir;
        NpyMappedWriter w;
        QString error;
        QVERIFY(!w.open(dir.path(), 10, 4, &error)); // a directory
        QVERIFY(error.contains(dir.path()));
        QVERIFY(QFileInfo(dir.path()).isDir());
        error.clear();
        QVERIFY(!w.open(dir.filePath(QStringLiteral("no/such/dir/x.npy")), 10, 4, &error));
        QVERIFY(error.contains(QStringLiteral("x.npy")));
        QVERIFY(w.open(dir.filePath(QStringLiteral("y.npy")), 10, 4));
        QVERIFY(!w.commit(11, &error)); // more rows than reserved
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("y.npy"))));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("y.npy.part"))));
    }
};

QTEST_GUILESS_MAIN(TestNpyMappedWriter)
#include "tst_npy_mapped_writer.moc"
