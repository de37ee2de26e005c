// writeFilesAtomically: all files replaced together, in order, from complete
// .part files; when one cannot be written, none of the old files changes and no
// .part file stays behind; errors name the path.
#include "core/io/atomic_files.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace mirlo;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
}

QStringList parts(const QString &dir)
{
    return QDir(dir).entryList({QStringLiteral("*.part")}, QDir::Files);
}

} // namespace

class TstAtomicFiles : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void replacesAllOrNothing()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("a/b")); // created on demand
        QString error;
        QVERIFY2(writeFilesAtomically(dir, {{QStringLiteral("w.bin"), QByteArray(100000, 'x')},
                                            {QStringLiteral("m.json"), QByteArray("{\"v\": 1}")}},
                                      &error),
                 qPrintable(error));
        QCOMPARE(readAll(dir + QStringLiteral("/w.bin")), QByteArray(100000, 'x'));
        QCOMPARE(readAll(dir + QStringLiteral("/m.json")), QByteArray("{\"v\": 1}"));
        QVERIFY(parts(dir).isEmpty());

        // m.json.part blocked by a folder: the write fails before any rename.
        QVERIFY(QDir().mkpath(dir + QStringLiteral("/m.json.part")));
        QVERIFY(!writeFilesAtomically(dir, {{QStringLiteral("w.bin"), QByteArray("new")},
                                            {QStringLiteral("m.json"), QByteArray("{\"v\": 2}")}},
                                      &error));
        QVERIFY2(error.contains(dir + QStringLiteral("/m.json.part")), qPrintable(error));
        QCOMPARE(readAll(dir + QStringLiteral("/w.bin")), QByteArray(100000, 'x'));
        QCOMPARE(readAll(dir + QStringLiteral("/m.json")), QByteArray("{\"v\": 1}"));
        QVERIFY(parts(dir).isEmpty()); // w.bin.part removed (the blocking folder is not a file)
        QVERIFY(QDir(dir + QStringLiteral("/m.json.part")).removeRecursively());

        // A stale .part of an earlier crash is overwritten; the new contents replace the old.
        QFile stale(dir + QStringLiteral("/w.bin.part"));
        QVERIFY(stale.open(QIODevice::WriteOnly));
        stale.write("stale stale stale");
        stale.close();
        QVERIFY(writeFilesAtomically(dir, {{QStringLiteral("w.bin"), QByteArray("new")},
                                           {QStringLiteral("m.json"), QByteArray("{\"v\": 2}")}}));
        QCOMPARE(readAll(dir + QStringLiteral("/w.bin")), QByteArray("new"));
        QCOMPARE(readAll(dir + QStringLiteral("/m.json")), QByteArray("{\"v\": 2}"));
        QVERIFY(parts(dir).isEmpty());
    }

    void unwritableFolder()
    {
        QTemporaryDir tmp;
        QFile file(tmp.filePath(QStringLiteral("plain")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        QString error;
        QVERIFY(!writeFilesAtomically(tmp.filePath(QStringLiteral("plain/sub")), {{QStringLiteral("x"), "1"}}, &error));
        QVERIFY2(error.contains(QStringLiteral("plain/sub")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TstAtomicFiles)
#include "tst_atomic_files.moc"
