// `mirlo-cli beats` and `mirlo-cli tempo` end to end (QProcess): sample.wav
// beats / downbeats equal madmom's program output (ref/sample_beats.txt,
// ref/sample_downbeats.txt), JSON agrees with the text, exit codes 0 / 1 / 2
// with one stderr line naming the file, silence gives no beats, and
// `onsets --method rnn|cnn` equals madmom's onset files.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include "cli_runner.h"

#include <cmath>

namespace {

const QString kData = QStringLiteral(MIRLO_SHARED_DATA);
const QString kRef = QStringLiteral(MIRLO_SHARED_DATA "/../models/madmom/ref");

using mirlo::test::Run;
using mirlo::test::runCli;

QStringList lines(const QByteArray &text)
{
    return QString::fromUtf8(text).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

// Rows of whitespace-separated numbers.
QVector<QVector<double>> table(const QByteArray &text)
{
    QVector<QVector<double>> rows;
    for (const QString &line : lines(text)) {
        QVector<double> row;
        for (const QString &f : line.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts))
            row.append(f.toDouble());
        rows.append(row);
    }
    return rows;
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void compareTables(const QVector<QVector<double>> &got, const QVector<QVector<double>> &want)
{
    QCOMPARE(got.size(), want.size());
    for (int i = 0; i < want.size(); ++i) {
        QCOMPARE(got[i].size(), want[i].size());
        for (int j = 0; j < want[i].size(); ++j)
            QVERIFY2(std::abs(got[i][j] - want[i][j]) < 5e-7,
                     qPrintable(QStringLiteral("row %1: %2 vs %3").arg(i).arg(got[i][j]).arg(want[i][j])));
    }
}

} // namespace

class TstCliBeats : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void beatsEqualMadmom()
    {
        const Run r = runCli({QStringLiteral("beats"), kRef + QStringLiteral("/sample.wav")});
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.err.isEmpty());
        // At least 4 decimals on every line.
        for (const QString &line : lines(r.out))
            QVERIFY2(line.section(QLatin1Char('.'), 1).size() >= 4, qPrintable(line));
        compareTables(table(r.out), table(readFile(kRef + QStringLiteral("/sample_beats.txt"))));
    }

    void downbeatsEqualMadmom()
    {
        const Run r =
            runCli({QStringLiteral("beats"), QStringLiteral("--downbeats"), kRef + QStringLiteral("/sample.wav")});
        QCOMPARE(r.exitCode, 0);
        for (const QString &line : lines(r.out))
            QVERIFY2(line.contains(QLatin1Char('\t')), qPrintable(line));
        compareTables(table(r.out), table(readFile(kRef + QStringLiteral("/sample_downbeats.txt"))));
    }

    void jsonAgreesWithText()
    {
        const Run r = runCli({QStringLiteral("beats"), QStringLiteral("--json"), QStringLiteral("--downbeats"),
                              kRef + QStringLiteral("/sample.wav")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        const QVector<QVector<double>> want = table(readFile(kRef + QStringLiteral("/sample_downbeats.txt")));
        const QJsonArray down = o.value(QStringLiteral("downbeats")).toArray();
        QCOMPARE(down.size(), want.size());
        for (int i = 0; i < want.size(); ++i) {
            QCOMPARE(down[i].toArray()[0].toDouble(), want[i][0]);
            QCOMPARE(down[i].toArray()[1].toDouble(), want[i][1]);
        }
        QCOMPARE(o.value(QStringLiteral("beats_per_bar")).toInt(), 4);
        QCOMPARE(o.value(QStringLiteral("beats")).toArray().size(), want.size());
    }

    void onsetsRnnCnnEqualMadmom()
    {
        const Run rnn = runCli({QStringLiteral("onsets"), QStringLiteral("--method"), QStringLiteral("rnn"),
                                kRef + QStringLiteral("/sample.wav")});
        QCOMPARE(rnn.exitCode, 0);
        compareTables(table(rnn.out), table(readFile(kRef + QStringLiteral("/sample_onsets.txt"))));
        const Run cnn = runCli({QStringLiteral("onsets"), QStringLiteral("--method"), QStringLiteral("cnn"),
                                kRef + QStringLiteral("/sample.wav")});
        QCOMPARE(cnn.exitCode, 0);
        compareTables(table(cnn.out), table(readFile(kRef + QStringLiteral("/sample_cnn_onsets.txt"))));
    }

    void tempoLine()
    {
        const Run r = runCli({QStringLiteral("tempo"), kRef + QStringLiteral("/sample.wav")});
        QCOMPARE(r.exitCode, 0);
        const QVector<QVector<double>> t = table(r.out);
        QCOMPARE(t.size(), 1);
        QCOMPARE(t[0].size(), 4);
        // Median IBI of madmom's beats (0.10 ... 2.49: intervals 0.32-0.35 s) -> 60 / 0.35.
        QVERIFY2(std::abs(t[0][3] - 60.0 / 0.35) < 0.01, qPrintable(QString::number(t[0][3])));
        QVERIFY(t[0][0] >= 40 && t[0][0] <= 250);
        QVERIFY(t[0][2] > 0 && t[0][2] <= 1);
        const Run j = runCli({QStringLiteral("tempo"), QStringLiteral("--json"), kRef + QStringLiteral("/sample.wav")});
        QCOMPARE(j.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(j.out).object();
        QVERIFY(std::abs(o.value(QStringLiteral("tempo1")).toDouble() - t[0][0]) < 0.006);
        QCOMPARE(o.value(QStringLiteral("curve")).toArray().size(), 7);
    }

    void silenceHasNoBeats()
    {
        const Run r = runCli({QStringLiteral("beats"), kData + QStringLiteral("/formats/bad/silent_5s.wav")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.trimmed().isEmpty());
    }

    void decoderWarningsReachStderr()
    {
        // NaN samples are zeroed with a warning naming the file; the analysis still succeeds.
        for (const QStringList &args :
             {QStringList{QStringLiteral("beats")}, QStringList{QStringLiteral("tempo")},
              QStringList{QStringLiteral("onsets"), QStringLiteral("--method"), QStringLiteral("rnn")}}) {
            const Run r = runCli(args + QStringList{kData + QStringLiteral("/formats/bad/nan_float.wav")});
            QCOMPARE(r.exitCode, 0);
            QVERIFY2(r.err.contains("warning") && r.err.contains("nan_float.wav"), r.err.constData());
        }
    }

    void badFileExitsOne()
    {
        for (const QString &cmd : {QStringLiteral("beats"), QStringLiteral("tempo")}) {
            for (const char *bad : {"corrupt_header.wav", "empty.wav", "not_audio.wav"}) {
                const Run r = runCli({cmd, kData + QStringLiteral("/formats/bad/") + QLatin1String(bad)});
                QVERIFY(!r.crashed);
                QCOMPARE(r.exitCode, 1);
                QVERIFY2(r.err.contains(bad), r.err.constData());
                QCOMPARE(lines(r.err).size(), 1);
            }
        }
        // A good and a bad file: the good one is still printed, exit 1.
        const Run mixed = runCli({QStringLiteral("beats"), kRef + QStringLiteral("/sample.wav"),
                                  kData + QStringLiteral("/formats/bad/empty.wav")});
        QCOMPARE(mixed.exitCode, 1);
        QVERIFY(mixed.out.contains("# "));
        QVERIFY(mixed.out.contains("0.450000"));
    }

    void badUsageExitsTwo()
    {
        const QString wav = kRef + QStringLiteral("/sample.wav");
        const QList<QStringList> cases = {
            {QStringLiteral("beats")},
            {QStringLiteral("beats"), QStringLiteral("--bogus"), wav},
            {QStringLiteral("beats"), QStringLiteral("--min-bpm"), QStringLiteral("abc"), wav},
            {QStringLiteral("beats"), QStringLiteral("--min-bpm"), QStringLiteral("200"), QStringLiteral("--max-bpm"),
             QStringLiteral("100"), wav},
            {QStringLiteral("beats"), QStringLiteral("--min-bpm"), QStringLiteral("0"), wav},
            {QStringLiteral("tempo")},
            {QStringLiteral("tempo"), QStringLiteral("--bogus"), wav},
            {QStringLiteral("onsets"), QStringLiteral("--method"), QStringLiteral("lstm"), wav},
        };
        for (const QStringList &args : cases) {
            const Run r = runCli(args);
            QVERIFY(!r.crashed);
            QVERIFY2(r.exitCode == 2, qPrintable(args.join(QLatin1Char(' '))));
            QVERIFY(r.out.isEmpty());
            QVERIFY(!r.err.isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TstCliBeats)
#include "tst_cli_beats.moc"
