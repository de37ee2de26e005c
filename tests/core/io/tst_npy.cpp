// .npy writer/reader: byte layout, round trip, and NumPy reading our files
// (and us reading NumPy's).
#include "core/io/npy_writer.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace mirlo;

namespace {

Matrix ramp(int r, int c)
{
    Matrix m(r, c);
    for (int i = 0; i < r * c; ++i)
        m.values[size_t(i)] = float(i) * 0.5f - 3.25f;
    return m;
}

// Debian's python3 has numpy; a pyenv shim first on PATH may not.
QString pythonWithNumpy()
{
    for (const QString &candidate : {QStringLiteral("/usr/bin/python3"), QStandardPaths::findExecutable("python3")}) {
        if (candidate.isEmpty() || !QFile::exists(candidate))
            continue;
        QProcess p;
        p.start(candidate, {"-c", "import numpy"});
        if (p.waitForFinished(30000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0)
            return candidate;
    }
    return QString();
}

QString runPython(const QString &python, const QString &code, bool *ok)
{
    QProcess p;
    p.start(python, {"-c", code});
    *ok = p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    if (!*ok)
        qWarning("python failed: %s", p.readAllStandardError().constData());
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

} // namespace

class TestNpy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void layout()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("a.npy");
        QVERIFY(writeNpy(path, ramp(3, 5)));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray d = f.readAll();
        QCOMPARE(d.left(8), QByteArray("\x93NUMPY\x01\x00", 8));
        const int headerLen = quint8(d[8]) | (quint8(d[9]) << 8);
        QCOMPARE((10 + headerLen) % 64, 0);
        const QByteArray header = d.mid(10, headerLen);
        QVERIFY(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 5), }"));
        QVERIFY(header.endsWith('\n'));
        QCOMPARE(d.size(), 10 + headerLen + 15 * 4);
    }

    void roundTrip()
    {
        QTemporaryDir dir;
        for (auto [r, c] : {std::pair{1, 1}, {3, 5}, {100, 257}, {0, 4}, {0, 0}}) {
            const QString path = dir.filePath(QString("m_%1_%2.npy").arg(r).arg(c));
            const Matrix m = ramp(r, c);
            QString error;
            QVERIFY2(writeNpy(path, m, &error), qPrintable(error));
            Matrix back;
            QVERIFY2(readNpy(path, back, &error), qPrintable(error));
            QCOMPARE(back.rows, r);
            QCOMPARE(back.cols, c);
            QVERIFY(back.values == m.values);
        }
    }

    // The command-line writer: large matrices go through two threads at their
    // own offsets; an older, larger file is replaced whole; a failure (here the
    // ".part" name is taken by a folder) leaves the older file untouched.
    void unsyncedReplacesSafely()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("big.npy");
        QVERIFY(writeNpyUnsynced(path, ramp(3000, 1025))); // 12 MB: the threaded path
        const Matrix small = ramp(7, 3);
        QString error;
        QVERIFY2(writeNpyUnsynced(path, small, &error), qPrintable(error));
        QVERIFY(!QFile::exists(path + ".part"));
        Matrix back;
        QVERIFY(readNpy(path, back, &error));
        QVERIFY(back.values == small.values);
        for (const Matrix &m : {ramp(2500, 1025), ramp(1, 1)}) {
            const QString other = dir.filePath(QString("m%1.npy").arg(m.rows));
            QVERIFY(writeNpyUnsynced(other, m, &error));
            QVERIFY(readNpy(other, back, &error));
            QCOMPARE(back.rows, m.rows);
            QVERIFY(back.values == m.values);
        }
        QVERIFY(QDir(dir.path()).mkdir("big.npy.part"));
        QVERIFY(!writeNpyUnsynced(path, ramp(3000, 1025), &error));
        QVERIFY(error.contains(path));
        QVERIFY(readNpy(path, back, &error));
        QVERIFY(back.values == small.values);
    }

    void errors()
    {
        QTemporaryDir dir;
        QString error;
        QVERIFY(!writeNpy("/nonexistent-dir/x.npy", ramp(2, 2), &error));
        QVERIFY(error.contains("/nonexistent-dir/x.npy"));
        Matrix broken = ramp(2, 2);
        broken.values.pop_back();
        QVERIFY(!writeNpy(dir.filePath("b.npy"), broken, &error));
        Matrix m;
        QVERIFY(!readNpy(dir.filePath("missing.npy"), m, &error));
        QVERIFY(error.contains("missing.npy"));
        // Not an npy file.
        QFile junk(dir.filePath("junk.npy"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("hello world, definitely not numpy");
        junk.close();
        QVERIFY(!readNpy(junk.fileName(), m, &error));
        QVERIFY(error.contains("junk.npy"));
        // Truncated data.
        const QString good = dir.filePath("good.npy");
        QVERIFY(writeNpy(good, ramp(10, 10)));
        QFile g(good);
        QVERIFY(g.open(QIODevice::ReadWrite));
        QVERIFY(g.resize(g.size() - 7));
        g.close();
        QVERIFY(!readNpy(good, m, &error));
        QVERIFY(error.contains("truncated"));
    }

    void numpyReadsOurFiles()
    {
        const QString python = pythonWithNumpy();
        if (python.isEmpty())
            QSKIP("python3 with numpy not available");
        QTemporaryDir dir;
        const QString path = dir.filePath("ours.npy");
        QVERIFY(writeNpy(path, ramp(4, 6)));
        bool ok = false;
        const QString out = runPython(python, QString("import numpy as np; a = np.load(r'%1'); "
                                                      "assert a.dtype == np.float32 and a.shape == (4, 6); "
                                                      "assert a.flags['C_CONTIGUOUS']; "
                                                      "print(repr(float(a[2, 3])), repr(float(a.sum())))")
                                                  .arg(path),
                                              &ok);
        QVERIFY(ok);
        // a[2, 3] = 15 * 0.5 - 3.25; sum over i < 24 of (0.5 i - 3.25) = 138 - 78
        QCOMPARE(out, QString("4.25 60.0"));
    }

    void weReadNumpyFiles()
    {
        const QString python = pythonWithNumpy();
        if (python.isEmpty())
            QSKIP("python3 with numpy not available");
        QTemporaryDir dir;
        bool ok = false;
        runPython(python, QString("import numpy as np\n"
                                  "a = np.arange(12, dtype=np.float32).reshape(3, 4) / 8\n"
                                  "np.save(r'%1/c.npy', a)\n"
                                  "np.save(r'%1/f.npy', np.asfortranarray(a))\n"
                                  "np.save(r'%1/d.npy', a.astype(np.float64))\n"
                                  "np.save(r'%1/v.npy', np.arange(5, dtype=np.float32))\n")
                              .arg(dir.path()),
                  &ok);
        QVERIFY(ok);
        for (const char *name : {"c.npy", "f.npy", "d.npy"}) {
            Matrix m;
            QString error;
            QVERIFY2(readNpy(dir.filePath(name), m, &error), qPrintable(error));
            QCOMPARE(m.rows, 3);
            QCOMPARE(m.cols, 4);
            for (int r = 0; r < 3; ++r)
                for (int c = 0; c < 4; ++c)
                    QCOMPARE(m.at(r, c), float(r * 4 + c) / 8.f);
        }
        Matrix v;
        QVERIFY(readNpy(dir.filePath("v.npy"), v));
        QCOMPARE(v.rows, 1);
        QCOMPARE(v.cols, 5);
        QCOMPARE(v.at(0, 4), 4.f);
    }
};

QTEST_GUILESS_MAIN(TestNpy)
#include "tst_npy.moc"
