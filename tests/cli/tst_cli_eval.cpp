// `mirlo-cli eval` end to end (QProcess): scores of the mir_eval fixtures in
// shared/data/metrics as JSON and text, the --window option on a hand-made
// case, empty inputs, and exit codes / error lines for bad files and usage.
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "cli_runner.h"

#include <cmath>

namespace {

const QString kMetrics = QStringLiteral(MIRLO_SHARED_DATA "/metrics/");

using mirlo::test::Run;
using mirlo::test::runCli;

QJsonObject readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open %s", qPrintable(path));
    return QJsonDocument::fromJson(f.readAll()).object();
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &text)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    f.write(text);
    return path;
}

// "Name: 0.123456" lines -> map
QMap<QString, QString> textScores(const QByteArray &out)
{
    QMap<QString, QString> m;
    for (const QString &line : QString::fromUtf8(out).split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const int colon = line.lastIndexOf(QStringLiteral(": "));
        m.insert(line.left(colon), line.mid(colon + 2));
    }
    return m;
}

} // namespace

class TestCliEval : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fixturesJson_data();
    void fixturesJson();
    void textFormat();
    void windowOption();
    void emptyEstimate();
    void badInput();
    void badUsage();
};

void TestCliEval::fixturesJson_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("folder");
    QTest::addColumn<QString>("number");
    for (int i = 0; i < 10; ++i) {
        const QString n = QStringLiteral("%1").arg(i, 2, 10, QLatin1Char('0'));
        QTest::newRow(qPrintable(QStringLiteral("beat%1").arg(n)))
            << QStringLiteral("beats") << QStringLiteral("beat") << n;
        QTest::newRow(qPrintable(QStringLiteral("onset%1").arg(n)))
            << QStringLiteral("onsets") << QStringLiteral("onset") << n;
    }
}

void TestCliEval::fixturesJson()
{
    QFETCH(QString, kind);
    QFETCH(QString, folder);
    QFETCH(QString, number);
    const QString dir = kMetrics + folder + QLatin1Char('/');
    const Run r = runCli({QStringLiteral("eval"), kind, QStringLiteral("--ref"),
                          dir + QStringLiteral("ref") + number + QStringLiteral(".txt"), QStringLiteral("--est"),
                          dir + QStringLiteral("est") + number + QStringLiteral(".txt"), QStringLiteral("--json")});
    QVERIFY(!r.crashed);
    QCOMPARE(r.exitCode, 0);
    QJsonParseError perr;
    const QJsonObject got = QJsonDocument::fromJson(r.out, &perr).object();
    QVERIFY2(perr.error == QJsonParseError::NoError, r.out.constData());
    const QJsonObject expected = readJson(dir + QStringLiteral("output") + number + QStringLiteral(".json"));
    QCOMPARE(got.keys(), expected.keys());
    for (const QString &key : expected.keys())
        QVERIFY2(std::abs(got.value(key).toDouble() - expected.value(key).toDouble()) <= 1e-9, qPrintable(key));
}

void TestCliEval::textFormat()
{
    const QString dir = kMetrics + QStringLiteral("beat/");
    const Run r =
        runCli({QStringLiteral("eval"), QStringLiteral("beats"), QStringLiteral("--ref"),
                dir + QStringLiteral("ref05.txt"), QStringLiteral("--est"), dir + QStringLiteral("est05.txt")});
    QCOMPARE(r.exitCode, 0);
    const QMap<QString, QString> scores = textScores(r.out);
    const QJsonObject expected = readJson(dir + QStringLiteral("output05.json"));
    QCOMPARE(scores.keys(), expected.keys());
    for (const QString &key : expected.keys()) {
        const QString v = scores.value(key);
        QCOMPARE(v.size() - v.indexOf(QLatin1Char('.')) - 1, 6); // six decimals
        QVERIFY2(std::abs(v.toDouble() - expected.value(key).toDouble()) <= 5.0000001e-7, qPrintable(key));
    }
}

void TestCliEval::windowOption()
{
    QTemporaryDir tmp;
    const QString ref = writeFile(tmp, QStringLiteral("ref.onsets"), "1.0\n2.0\n3.0\n");
    const QString est = writeFile(tmp, QStringLiteral("est.txt"), "# estimate\n1.02\n2.04\n3.0\n");
    Run r = runCli(
        {QStringLiteral("eval"), QStringLiteral("onsets"), QStringLiteral("--ref"), ref, QStringLiteral("--est"), est});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(textScores(r.out).value(QStringLiteral("F-measure")), QStringLiteral("1.000000"));
    r = runCli({QStringLiteral("eval"), QStringLiteral("onsets"), QStringLiteral("--ref"), ref, QStringLiteral("--est"),
                est, QStringLiteral("--window"), QStringLiteral("0.025")});
    QCOMPARE(r.exitCode, 0);
    const QMap<QString, QString> s = textScores(r.out);
    QCOMPARE(s.value(QStringLiteral("F-measure")), QStringLiteral("0.666667"));
    QCOMPARE(s.value(QStringLiteral("Precision")), QStringLiteral("0.666667"));
    QCOMPARE(s.value(QStringLiteral("Recall")), QStringLiteral("0.666667"));
}

void TestCliEval::emptyEstimate()
{
    QTemporaryDir tmp;
    const QString ref = writeFile(tmp, QStringLiteral("ref.beats"), "5.0\t1\n5.5\t2\n6.0\t3\n6.5\t4\n");
    const QString est = writeFile(tmp, QStringLiteral("est.beats"), "# nothing found\n");
    const Run r = runCli({QStringLiteral("eval"), QStringLiteral("beats"), QStringLiteral("--ref"), ref,
                          QStringLiteral("--est"), est, QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject got = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(got.size(), 10);
    for (const QString &key : got.keys())
        QCOMPARE(got.value(key).toDouble(-1.0), 0.0);
    QVERIFY2(r.err.contains("est.beats"), r.err.constData()); // warning names the empty file
}

void TestCliEval::badInput()
{
    QTemporaryDir tmp;
    const QString ok = writeFile(tmp, QStringLiteral("ok.onsets"), "1.0\n2.0\n");
    const QString garbage = writeFile(tmp, QStringLiteral("garbage.onsets"), "1.0\n\n# c\nhello\n");
    const QString unsorted = writeFile(tmp, QStringLiteral("unsorted.onsets"), "1.0\n3.0\n2.0\n");
    struct Case {
        QString est;
        QByteArray mustContain;
    };
    const Case cases[] = {
        {garbage, "line 4"}, {unsorted, "line 3"}, {tmp.filePath(QStringLiteral("missing.onsets")), "missing.onsets"}};
    for (const Case &c : cases) {
        const Run r = runCli({QStringLiteral("eval"), QStringLiteral("onsets"), QStringLiteral("--ref"), ok,
                              QStringLiteral("--est"), c.est});
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.isEmpty());
        const QList<QByteArray> lines = r.err.trimmed().split('\n');
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines[0].contains(c.est.toUtf8()) && lines[0].contains(c.mustContain), r.err.constData());
    }
}

void TestCliEval::badUsage()
{
    const QString ref = kMetrics + QStringLiteral("onset/ref00.txt");
    const QList<QStringList> cases = {
        {QStringLiteral("eval")},
        {QStringLiteral("eval"), QStringLiteral("tempo"), QStringLiteral("--ref"), ref, QStringLiteral("--est"), ref},
        {QStringLiteral("eval"), QStringLiteral("onsets"), QStringLiteral("--ref"), ref},
        {QStringLiteral("eval"), QStringLiteral("onsets"), QStringLiteral("--ref"), ref, QStringLiteral("--est"), ref,
         QStringLiteral("--window"), QStringLiteral("0")},
        {QStringLiteral("eval"), QStringLiteral("onsets"), QStringLiteral("--ref"), ref, QStringLiteral("--est"), ref,
         QStringLiteral("--window"), QStringLiteral("abc")},
        {QStringLiteral("eval"), QStringLiteral("beats"), QStringLiteral("--ref"), ref, QStringLiteral("--est"), ref,
         QStringLiteral("--bogus")},
    };
    for (const QStringList &args : cases) {
        const Run r = runCli(args);
        QVERIFY(!r.crashed);
        QVERIFY2(r.exitCode == 2, qPrintable(args.join(' ')));
        QVERIFY(!r.err.isEmpty());
    }
    const Run help = runCli({QStringLiteral("eval"), QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("--window"));
}

QTEST_GUILESS_MAIN(TestCliEval)
#include "tst_cli_eval.moc"
