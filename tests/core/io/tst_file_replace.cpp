// replaceFile and writeFileViaPart: the new content appears only complete,
// and every failure leaves the old file as it was, removes the .part and
// names the file and the problem.
#include "core/io/file_replace.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace mirlo;

namespace {

QByteArray contents(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
}

bool writeText(const QString &path, const QByteArray &text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text) == text.size();
}

} // namespace

class TestFileReplace : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void replacesAnExistingFile()
    {
        QTemporaryDir dir;
        const QString a = dir.filePath("a"), b = dir.filePath("b");
        QVERIFY(writeText(a, "new") && writeText(b, "old"));
        QString error;
        QVERIFY(replaceFile(a, b, &error));
        QCOMPARE(contents(b), QByteArray("new"));
        QVERIFY(!QFile::exists(a));
        // A missing source: false, the target untouched, the message names the target.
        QVERIFY(!replaceFile(dir.filePath("none"), b, &error));
        QVERIFY2(error.startsWith(b + ": cannot replace the file ("), qPrintable(error));
        QCOMPARE(contents(b), QByteArray("new"));
    }

    void writesThroughAPartFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("out.bin");
        QVERIFY(writeText(path, "old"));
        bool sawPart = false;
        QString error;
        QVERIFY(writeFileViaPart(
            path, "cannot write",
            [&](QFile &file, QString &) {
                sawPart = file.fileName() == path + ".part" && contents(path) == "old";
                return file.write("fresh content") == 13;
            },
            &error));
        QVERIFY(sawPart); // the old file stays readable while the new one is written
        QCOMPARE(contents(path), QByteArray("fresh content"));
        QVERIFY(!QFile::exists(path + ".part"));
    }

    void failuresKeepTheOldFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("out.bin");
        QVERIFY(writeText(path, "old"));
        QString error;
        // The body fails: its problem is reported, the half-written .part removed.
        QVERIFY(!writeFileViaPart(
            path, "cannot encode",
            [](QFile &file, QString &problem) {
                file.write("half");
                problem = "ran out of ideas";
                return false;
            },
            &error));
        QCOMPARE(error, path + ": cannot encode (ran out of ideas)");
        QCOMPARE(contents(path), QByteArray("old"));
        QVERIFY(!QFile::exists(path + ".part"));

        // A folder that does not exist: nothing to open.
        const QString missing = dir.filePath("no/such/dir/out.bin");
        QVERIFY(!writeFileViaPart(missing, "x", [](QFile &, QString &) { return true; }, &error));
        QVERIFY2(error.startsWith(missing + ": cannot open for writing ("), qPrintable(error));

        // The target is a folder: the rename fails, the .part is removed.
        const QString folder = dir.filePath("folder");
        QVERIFY(QDir(dir.path()).mkdir("folder"));
        QVERIFY(writeText(folder + "/inside", "keep"));
        QVERIFY(!writeFileViaPart(folder, "x", [](QFile &file, QString &) { return file.write("z") == 1; }, &error));
        QVERIFY2(error.startsWith(folder + ": cannot replace the file ("), qPrintable(error));
        QVERIFY(!QFile::exists(folder + ".part"));
        QCOMPARE(contents(folder + "/inside"), QByteArray("keep"));
    }

    void aFullDiskShowsAtClose()
    {
#if defined(Q_OS_LINUX)
        // "<path>.part" linked to /dev/full: the buffered bytes fail on close.
        QTemporaryDir dir;
        const QString path = dir.filePath("out.bin");
        QVERIFY(writeText(path, "old"));
        QVERIFY(QFile::link("/dev/full", path + ".part"));
        QString error;
        QVERIFY(!writeFileViaPart(path, "write failed", [](QFile &file, QString &) { return file.write("abc") == 3; },
                                  &error));
        QVERIFY2(error.startsWith(path + ": write failed ("), qPrintable(error));
        QCOMPARE(contents(path), QByteArray("old"));
#else
        QSKIP("needs /dev/full");
#endif
    }
};

QTEST_GUILESS_MAIN(TestFileReplace)
#include "tst_file_replace.moc"
