// Annotation files: parsing (.beats with positions, time-only files, CSV with
// header, comments, CRLF), line-numbered errors for garbage, validation,
// write/read round trip, and finding truth files next to the audio files of
// shared/data, checked against the truth_files column of manifest.csv.
#include "core/eval/annotations.h"

#include <QDir>
#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

using namespace mirlo;

class TestAnnotations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void beatsWithPositions();
    void timeOnlyAndWhitespace();
    void csvFiles();
    void garbageNamesFileAndLine();
    void validation();
    void sharedDataFiles();
    void writeReadRoundTrip();
    void missingFile();
    void findNextToAudio();
};

namespace {
const QString kData = QStringLiteral(MIRLO_SHARED_DATA);
}

void TestAnnotations::beatsWithPositions()
{
    EventList ev;
    QString error;
    QVERIFY(parseEventText("# comment\r\n0.500000\t1\r\n\r\n1.000000\t2\r\n  1.5\t3  \n", "x.beats", ev, &error));
    QCOMPARE(ev.times, (std::vector<double>{0.5, 1.0, 1.5}));
    QVERIFY(ev.hasPositions());
    QCOMPARE(ev.positions, (std::vector<int>{1, 2, 3}));
    QCOMPARE(ev.lines, (std::vector<int>{2, 4, 5}));
}

void TestAnnotations::timeOnlyAndWhitespace()
{
    EventList ev;
    QString error;
    QVERIFY(parseEventText("5.980385487528344646e-01\n1.0\n", "r.txt", ev, &error));
    QCOMPARE(ev.times.size(), size_t(2));
    QCOMPARE(ev.times[0], 0.5980385487528344646);
    QVERIFY(!ev.hasPositions());
    // A second column that is not an integer on every line is a label, not a position.
    QVERIFY(parseEventText("0.1 1\n0.2 onset\n", "l.txt", ev, &error));
    QVERIFY(!ev.hasPositions());
    QCOMPARE(ev.times, (std::vector<double>{0.1, 0.2}));
    // Empty and comment-only files are valid, with no events.
    QVERIFY(parseEventText("", "e.onsets", ev, &error));
    QVERIFY(ev.times.empty());
    QVERIFY(parseEventText("# nothing\n\n", "e.onsets", ev, &error));
    QVERIFY(ev.times.empty());
}

void TestAnnotations::csvFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("labels.csv"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("time,label\n0.25,a\n0.75 , b\n1.5,c\n");
    f.close();
    EventList ev;
    QString error;
    QVERIFY2(readEventFile(path, ev, &error), qPrintable(error));
    QCOMPARE(ev.times, (std::vector<double>{0.25, 0.75, 1.5}));
    // Comma-separated beats with positions.
    QVERIFY(parseEventText("0.5,1\n1.0,2\n", "b.csv", ev, &error, true));
    QCOMPARE(ev.positions, (std::vector<int>{1, 2}));
    // A header is only accepted once, at the top.
    QVERIFY(!parseEventText("time\n0.5\nfoo\n", "b.csv", ev, &error, true));
    QVERIFY2(error.contains(QStringLiteral("line 3")), qPrintable(error));
}

void TestAnnotations::garbageNamesFileAndLine()
{
    EventList ev;
    QString error;
    QVERIFY(!parseEventText("0.5\n# ok\nabc\n", "/some/truth.onsets", ev, &error));
    QVERIFY2(error.startsWith(QStringLiteral("/some/truth.onsets: line 3:")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("'abc'")), qPrintable(error));
    QVERIFY(parseEventText("-0.01\n0.5\n", "n.onsets", ev, &error)); // negative but finite: kept, as mir_eval
    QCOMPARE(ev.times, (std::vector<double>{-0.01, 0.5}));
    QVERIFY(!parseEventText("0.5\ninf\n", "n.onsets", ev, &error));
    QVERIFY2(error.contains(QStringLiteral("line 2")), qPrintable(error));
    QVERIFY(!parseEventText("nan\n", "n.onsets", ev, &error));
    QVERIFY2(error.contains(QStringLiteral("line 1")), qPrintable(error));
    QVERIFY(!parseEventText("1,2\n,3\n", "n.csv", ev, &error));
    QVERIFY2(error.contains(QStringLiteral("line 2")), qPrintable(error));
}

void TestAnnotations::validation()
{
    EventList ev;
    QString error;
    QVERIFY(parseEventText("0.5\n\n0.4\n", "d.onsets", ev, &error));
    QVERIFY(!validateEventTimes(ev, QStringLiteral("d.onsets"), &error));
    QVERIFY2(error.startsWith(QStringLiteral("d.onsets: line 3:")) && error.contains(QStringLiteral("increasing")),
             qPrintable(error));
    QVERIFY(parseEventText("1\n40000\n", "ms.onsets", ev, &error));
    QVERIFY(!validateEventTimes(ev, QStringLiteral("ms.onsets"), &error));
    QVERIFY2(error.contains(QStringLiteral("line 2")), qPrintable(error));
    QVERIFY(parseEventText("1\n1\n2\n", "eq.onsets", ev, &error)); // equal times are allowed (mir_eval)
    QVERIFY(validateEventTimes(ev, QStringLiteral("eq.onsets"), &error));
}

void TestAnnotations::sharedDataFiles()
{
    EventList ev;
    QString error;
    QVERIFY2(readEventFile(kData + QStringLiteral("/beats/sample.beats"), ev, &error), qPrintable(error));
    QCOMPARE(ev.times.size(), size_t(4));
    QVERIFY(ev.hasPositions());
    QCOMPARE(ev.times[0], 0.0913);
    QCOMPARE(ev.positions[0], 1);
    QVERIFY(readEventFile(kData + QStringLiteral("/beats/muldjord_mutilated_mime_039-099s.beats"), ev, &error));
    QCOMPARE(ev.times.size(), size_t(180));
    QVERIFY(!ev.hasPositions());
    QVERIFY(readEventFile(kData + QStringLiteral("/beats/muldjord_chaos_god_021-081s.beats"), ev, &error));
    QCOMPARE(ev.times.size(), size_t(170));
    QCOMPARE(ev.positions[0], 4);
    QCOMPARE(ev.positions[1], 1);
    QVERIFY(readEventFile(kData + QStringLiteral("/onsets/sample.onsets"), ev, &error));
    QCOMPARE(ev.times.size(), size_t(15));
    QVERIFY(validateEventTimes(ev, QStringLiteral("sample.onsets"), &error));
    QVERIFY(readEventFile(kData + QStringLiteral("/metrics/beat/est00.txt"), ev, &error)); // '# A comment'
    QVERIFY(!ev.times.empty());
}

void TestAnnotations::writeReadRoundTrip()
{
    QTemporaryDir dir;
    EventList ev;
    ev.times = {0.5, 1.25, 2.0000004};
    ev.positions = {1, 2, 3};
    const QString path = dir.filePath(QStringLiteral("out.beats"));
    QString error;
    QVERIFY2(writeEventFile(path, ev, &error), qPrintable(error));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("0.500000\t1\n1.250000\t2\n2.000000\t3\n"));
    EventList back;
    QVERIFY(readEventFile(path, back, &error));
    QCOMPARE(back.positions, ev.positions);
    QCOMPARE(formatEventList(std::vector<double>{0.123456789}, 4), QByteArray("0.1235\n"));
    QVERIFY(!writeEventFile(dir.filePath(QStringLiteral("no/such/dir/x.onsets")), ev, &error));
    QVERIFY(error.contains(QStringLiteral("x.onsets")));
}

void TestAnnotations::missingFile()
{
    EventList ev;
    QString error;
    QVERIFY(!readEventFile(QStringLiteral("/nonexistent/a.onsets"), ev, &error));
    QVERIFY2(error.startsWith(QStringLiteral("/nonexistent/a.onsets:")), qPrintable(error));
}

void TestAnnotations::findNextToAudio()
{
    // manifest.csv: path,kind,duration_s,sample_rate,channels,truth_files,licence
    QFile manifest(kData + QStringLiteral("/manifest.csv"));
    QVERIFY(manifest.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(manifest.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    int checked = 0, withTruth = 0;
    for (int i = 1; i < lines.size(); ++i) {
        const QStringList cols = lines[i].split(QLatin1Char(','));
        if (cols.size() < 6 || cols[1] != QLatin1String("audio"))
            continue;
        QSet<QString> expected;
        for (const QString &t : cols[5].split(QLatin1Char(';'), Qt::SkipEmptyParts))
            if (t.endsWith(QLatin1String(".beats")) || t.endsWith(QLatin1String(".downbeats")) ||
                t.endsWith(QLatin1String(".onsets")))
                expected.insert(t);
        const AnnotationFiles found = findAnnotationFiles(kData + QLatin1Char('/') + cols[0]);
        QSet<QString> got;
        for (const QString &p : {found.beats, found.downbeats, found.onsets})
            if (!p.isEmpty())
                got.insert(QDir(kData).relativeFilePath(p));
        QVERIFY2(got == expected,
                 qPrintable(cols[0] + QStringLiteral(": found ") + QStringList(got.values()).join(' ') +
                            QStringLiteral(" expected ") + QStringList(expected.values()).join(' ')));
        ++checked;
        withTruth += expected.isEmpty() ? 0 : 1;
    }
    QVERIFY(checked > 50);
    QVERIFY(withTruth >= 20);
    const AnnotationFiles clip = findAnnotationFiles(kData + QStringLiteral("/formats/clip_44k_s16_mono.wav"));
    QCOMPARE(clip.beats, kData + QStringLiteral("/formats/clip.beats"));
    QVERIFY(clip.downbeats.isEmpty());
    QVERIFY(findAnnotationFiles(QStringLiteral("/nonexistent/x.wav")).isEmpty());
}

QTEST_GUILESS_MAIN(TestAnnotations)
#include "tst_annotations.moc"
