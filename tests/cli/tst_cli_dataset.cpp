// `mirlo-cli dataset` end to end (QProcess): summary counts of the tutorial label files
// (TUTORIAL.md 1.5) as JSON and text, mtat-clean on a small hand-made annotations file,
// split determinism / coverage / stratification of the written CSVs, and exit codes.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include "cli_runner.h"

#include <cmath>

namespace {

const QString kMtat = QStringLiteral(MIRLO_SHARED_DATA "/mtat/");

using mirlo::test::Run;
using mirlo::test::runCli;

QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return QByteArray();
    return f.readAll();
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &text)
{
    const QString path = dir.filePath(name);
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    f.write(text);
    return path;
}

QList<QByteArray> dataLines(const QByteArray &csv)
{
    QList<QByteArray> lines = csv.split('\n');
    lines.removeFirst(); // header
    lines.removeAll(QByteArray());
    return lines;
}

} // namespace

class TestCliDataset : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void summaryJson();
    void summaryText();
    void mtatClean();
    void mtatGroundTruth();
    void splitFiles();
    void splitFolder();
    void errors();
};

void TestCliDataset::summaryJson()
{
    // TUTORIAL 1.5 genre full: 9,338 clips; classical 4300, techno 2114, rock 1755, pop 443,
    // jazz 371, country 265, dance 60, blues 30.
    const Run r = runCli({QStringLiteral("dataset"), QStringLiteral("summary"), QStringLiteral("--json"),
                          kMtat + QStringLiteral("ismir2018_tut_part_1_genres_labels_full.csv")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o.value(QStringLiteral("items")).toInt(), 9338);
    QCOMPARE(o.value(QStringLiteral("multi_label")).toBool(), false);
    const QJsonObject c = o.value(QStringLiteral("counts")).toObject();
    const QList<QPair<QString, int>> expected = {{"classical", 4300}, {"techno", 2114}, {"rock", 1755}, {"pop", 443},
                                                 {"jazz", 371},       {"country", 265}, {"dance", 60},  {"blues", 30}};
    for (const auto &e : expected)
        QCOMPARE(c.value(e.first).toInt(), e.second);
}

void TestCliDataset::summaryText()
{
    // TUTORIAL 1.5 moods after P0a: loud 209, quiet 177, soft 200, strange 120; 0:108 1:518 2:91 3:2.
    const Run r = runCli({QStringLiteral("dataset"), QStringLiteral("summary"),
                          kMtat + QStringLiteral("ismir2018_tut_part_1_moods_labels_subset_post.csv")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray("items\t719\nclasses\t4 (multi-label)\nlabels per item\t0:108 1:518 2:91 3:2\n"
                               "loud\t209\nquiet\t177\nsoft\t200\nstrange\t120\n"));
}

void TestCliDataset::mtatClean()
{
    // Quoted, tab-separated like MTAT's file; a few tags only (the other members are reported missing).
    QTemporaryDir dir;
    const QString ann =
        writeFile(dir, QStringLiteral("annotations_final.csv"),
                  "\"clip_id\"\t\"guitars\"\t\"female vocal\"\t\"woman\"\t\"beats\"\t\"guitar\"\t\"mp3_path\"\n"
                  "\"2\"\t\"1\"\t\"0\"\t\"0\"\t\"0\"\t\"1\"\t\"f/a-b-01-c-0-29.mp3\"\n"
                  "\"6\"\t\"0\"\t\"1\"\t\"1\"\t\"1\"\t\"0\"\t\"f/a-b-01-c-29-58.mp3\"\n"
                  "\"10\"\t\"0\"\t\"0\"\t\"0\"\t\"0\"\t\"0\"\t\"0/x.mp3\"\n");
    const QString out = dir.filePath(QStringLiteral("clean.csv"));
    Run r = runCli({QStringLiteral("dataset"), QStringLiteral("mtat-clean"), ann, QStringLiteral("--out"), out});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.err.contains("warning"));
    // ungrouped "female vocal" first, then groups in table order: beat (1), female (8), guitar (10)
    QCOMPARE(readAll(out), QByteArray("clip_id,female vocal,beat,female,guitar,mp3_path\n"
                                      "2,0,0,0,1,f/a-b-01-c-0-29.mp3\n"
                                      "6,1,1,1,0,f/a-b-01-c-29-58.mp3\n"
                                      "10,0,0,0,0,0/x.mp3\n"));
    QVERIFY(r.out.contains("3 clips x 4 tags (from 5)"));
    r = runCli({QStringLiteral("dataset"), QStringLiteral("mtat-clean"), ann, QStringLiteral("--out"), out,
                QStringLiteral("--variant"), QStringLiteral("133")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(readAll(out), QByteArray("clip_id,beat,woman singing,guitar,mp3_path\n"
                                      "2,0,0,1,f/a-b-01-c-0-29.mp3\n"
                                      "6,1,1,0,f/a-b-01-c-29-58.mp3\n"
                                      "10,0,0,0,0/x.mp3\n"));
    // summary --clean counts the cleaned tags
    r = runCli({QStringLiteral("dataset"), QStringLiteral("summary"), QStringLiteral("--clean"),
                QStringLiteral("--json"), ann});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject c = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("counts")).toObject();
    QCOMPARE(c.value(QStringLiteral("guitar")).toInt(), 1);
    QCOMPARE(c.value(QStringLiteral("female")).toInt(), 1);
    QCOMPARE(c.size(), 4);
}

void TestCliDataset::mtatGroundTruth()
{
    // Hand-made clips: 2 instrumental only, 6 female vocals + chant (singing), 10 both (dropped by
    // --post), 14 neither; genres: 2 rock, 6 rock+pop (not single-label), 10 dance; moods: 6 quiet.
    // Every raw tag the three rules read must be present (a missing one is an error).
    const QStringList tags = {"no vocals", "female vocals", "chanting", "singing", "voice", "man",
                              "classical", "country",       "jazz",     "pop",     "rock",  "techno",
                              "blues",     "dance",         "airy",     "calm",    "dark",  "deep",
                              "different", "eerie",         "happy",    "light",   "loud",  "low",
                              "mellow",    "silence",       "sad",      "scary",   "soft",  "weird"};
    const QList<QPair<int, QStringList>> clips = {{2, {"no vocals", "rock"}},
                                                  {6, {"female vocals", "chanting", "rock", "pop", "silence"}},
                                                  {10, {"no vocals", "chanting", "dance"}},
                                                  {14, {}}};
    QByteArray text = "clip_id\t" + tags.join(QLatin1Char('\t')).toUtf8() + "\tmp3_path\n";
    for (const auto &c : clips) {
        text += QByteArray::number(c.first);
        for (const QString &t : tags)
            text += c.second.contains(t) ? "\t1" : "\t0";
        text += "\tx.mp3\n";
    }
    QTemporaryDir dir;
    const QString ann = writeFile(dir, QStringLiteral("annotations_final.csv"), text);
    const QString out = dir.filePath(QStringLiteral("gt.csv"));
    auto gt = [&](const QString &task, bool post) {
        QStringList a{QStringLiteral("dataset"),
                      QStringLiteral("mtat-gt"),
                      ann,
                      QStringLiteral("--task"),
                      task,
                      QStringLiteral("--out"),
                      out};
        if (post)
            a << QStringLiteral("--post");
        const Run r = runCli(a);
        return r.exitCode == 0 ? readAll(out) : QByteArray("exit ") + QByteArray::number(r.exitCode) + r.err;
    };
    QCOMPARE(gt(QStringLiteral("instrumental"), false),
             QByteArray("clip_id,instrumental,singing\n2,1,0\n6,0,1\n10,1,1\n"));
    QCOMPARE(gt(QStringLiteral("instrumental"), true), QByteArray("clip_id,instrumental\n2,1\n6,0\n"));
    QCOMPARE(gt(QStringLiteral("genre"), false).split('\n').first(),
             QByteArray("clip_id,classical,country,jazz,pop,rock,techno,blues,dance"));
    QCOMPARE(gt(QStringLiteral("genre"), false).split('\n').mid(1),
             (QList<QByteArray>{"2,0,0,0,0,1,0,0,0", "10,0,0,0,0,0,0,0,1", ""}));
    const QByteArray moods = gt(QStringLiteral("mood"), false);
    QVERIFY2(moods.startsWith("clip_id,airy,calm,"), moods.constData());
    QCOMPARE(moods.count('\n'), 2);                                    // header + clip 6 (quiet <- silence)
    QVERIFY(gt(QStringLiteral("mood"), true).startsWith("clip_id\n")); // no mood reaches 100 positives
    QVERIFY(gt(QStringLiteral("tempo"), false).startsWith("exit 2"));
    // A file without the singing tags cannot give the instrumental ground truth.
    const QString partial = writeFile(dir, QStringLiteral("partial.csv"), "clip_id\trock\tmp3_path\n2\t1\ta.mp3\n");
    const Run r = runCli({QStringLiteral("dataset"), QStringLiteral("mtat-gt"), partial, QStringLiteral("--task"),
                          QStringLiteral("instrumental"), QStringLiteral("--out"), out});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("partial.csv: tag 'instrumental' is not a column"), r.err.constData());
}

void TestCliDataset::splitFiles()
{
    QTemporaryDir dir;
    const QString src = kMtat + QStringLiteral("ismir2018_tut_part_1_genres_labels_subset_w_clipid.csv");
    auto split = [&](const QString &sub, const QString &seed) {
        return runCli({QStringLiteral("dataset"), QStringLiteral("split"), src, QStringLiteral("--seed"), seed,
                       QStringLiteral("--val"), QStringLiteral("0.1"), QStringLiteral("--test"), QStringLiteral("0.2"),
                       QStringLiteral("--out"), dir.filePath(sub), QStringLiteral("--json")});
    };
    const Run a = split(QStringLiteral("a"), QStringLiteral("5"));
    QCOMPARE(a.exitCode, 0);
    QCOMPARE(split(QStringLiteral("b"), QStringLiteral("5")).exitCode, 0);
    QCOMPARE(split(QStringLiteral("c"), QStringLiteral("6")).exitCode, 0);
    for (const char *f : {"train.csv", "val.csv", "test.csv"})
        QCOMPARE(readAll(dir.filePath(QStringLiteral("a/") + QLatin1String(f))),
                 readAll(dir.filePath(QStringLiteral("b/") + QLatin1String(f))));
    QVERIFY(readAll(dir.filePath(QStringLiteral("a/test.csv"))) != readAll(dir.filePath(QStringLiteral("c/test.csv"))));

    // The three files hold exactly the input rows, each once, with the input header.
    const QByteArray input = readAll(src);
    const QByteArray header = input.left(input.indexOf('\n'));
    QSet<QByteArray> seen;
    int total = 0;
    for (const char *f : {"train.csv", "val.csv", "test.csv"}) {
        const QByteArray text = readAll(dir.filePath(QStringLiteral("a/") + QLatin1String(f)));
        QVERIFY(text.startsWith(header + '\n'));
        for (const QByteArray &l : dataLines(text)) {
            QVERIFY(!seen.contains(l));
            seen.insert(l);
            ++total;
        }
    }
    QCOMPARE(total, 1998);
    QSet<QByteArray> inputRows;
    for (const QByteArray &l : dataLines(input))
        inputRows.insert(l.trimmed());
    QCOMPARE(seen, inputRows);

    // Per class within ±1 of 20 % / 10 % (class sizes 999/72/90/94/379/341/9/14, TUTORIAL 2.4).
    const QJsonObject o = QJsonDocument::fromJson(a.out).object();
    const QList<QPair<QString, int>> sizes = {{"classical", 999}, {"country", 72}, {"jazz", 90}, {"pop", 94},
                                              {"rock", 379},      {"techno", 341}, {"blues", 9}, {"dance", 14}};
    for (const auto &s : sizes) {
        const int t = o.value(QStringLiteral("test"))
                          .toObject()
                          .value(QStringLiteral("counts"))
                          .toObject()
                          .value(s.first)
                          .toInt();
        const int v =
            o.value(QStringLiteral("val")).toObject().value(QStringLiteral("counts")).toObject().value(s.first).toInt();
        QVERIFY2(std::abs(t - 0.2 * s.second) < 1.0, qPrintable(s.first));
        QVERIFY2(std::abs(v - 0.1 * s.second) < 1.0, qPrintable(s.first));
    }
}

void TestCliDataset::splitFolder()
{
    QTemporaryDir dir;
    for (int i = 0; i < 10; ++i)
        writeFile(dir, QStringLiteral("data/vocal/v%1.wav").arg(i), "x");
    for (int i = 0; i < 5; ++i)
        writeFile(dir, QStringLiteral("data/instrumental/i%1.wav").arg(i), "x");
    const Run r = runCli({QStringLiteral("dataset"), QStringLiteral("split"), dir.filePath(QStringLiteral("data")),
                          QStringLiteral("--test"), QStringLiteral("0.2"), QStringLiteral("--val"),
                          QStringLiteral("0.2"), QStringLiteral("--out"), dir.filePath(QStringLiteral("out"))});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.startsWith("train\t9\t"), r.out.constData());
    const QByteArray test = readAll(dir.filePath(QStringLiteral("out/test.csv")));
    QVERIFY(test.startsWith("file,label\n"));
    QCOMPARE(dataLines(test).size(), 3);
    QCOMPARE(test.count(",vocal\n"), 2);
    QCOMPARE(test.count(",instrumental\n"), 1);
    // The written CSV is itself a valid source.
    const Run s =
        runCli({QStringLiteral("dataset"), QStringLiteral("summary"), dir.filePath(QStringLiteral("out/train.csv"))});
    QCOMPARE(s.exitCode, 0);
    QVERIFY2(s.out.startsWith("items\t9\n"), s.out.constData());
}

void TestCliDataset::errors()
{
    QTemporaryDir dir;
    const QString bad =
        writeFile(dir, QStringLiteral("ann.csv"), "clip_id\tguitar\tmp3_path\n2\t1\ta.mp3\n3\t7\tb.mp3\n");
    Run r = runCli({QStringLiteral("dataset"), QStringLiteral("mtat-clean"), bad, QStringLiteral("--out"),
                    dir.filePath(QStringLiteral("o.csv"))});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains((bad + QStringLiteral(":3: tag 'guitar': expected 0 or 1, found '7'")).toUtf8()),
             r.err.constData());
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("o.csv"))));

    r = runCli({QStringLiteral("dataset"), QStringLiteral("split"),
                kMtat + QStringLiteral("ismir2018_tut_part_2_genre_labels.csv"), QStringLiteral("--val"),
                QStringLiteral("abc"), QStringLiteral("--out"), dir.path()});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("--val must be a number"));
    r = runCli({QStringLiteral("dataset"), QStringLiteral("split"),
                kMtat + QStringLiteral("ismir2018_tut_part_2_genre_labels.csv"), QStringLiteral("--val"),
                QStringLiteral("0.6"), QStringLiteral("--test"), QStringLiteral("0.6"), QStringLiteral("--out"),
                dir.path()});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("sum to at most 1"));
    r = runCli({QStringLiteral("dataset"), QStringLiteral("split"),
                kMtat + QStringLiteral("ismir2018_tut_part_2_genre_labels.csv")});
    QCOMPARE(r.exitCode, 2);
    r = runCli({QStringLiteral("dataset"), QStringLiteral("frobnicate")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("unknown sub-command 'frobnicate'"));
    r = runCli({QStringLiteral("dataset"), QStringLiteral("summary"), dir.filePath(QStringLiteral("missing"))});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("no such file or folder"));
    QVERIFY(!r.crashed);
}

QTEST_GUILESS_MAIN(TestCliDataset)
#include "tst_cli_dataset.moc"
