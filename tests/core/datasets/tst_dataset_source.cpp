// Training data sources: class folders, file,label CSVs (single and multi-label, quoted paths,
// relative paths), the tutorial's label matrices, and line-numbered errors for bad CSVs.
#include "core/datasets/dataset_source.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace mirlo;

class TestDatasetSource : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void classFolders();
    void fileLabelCsv();
    void fileLabelCsvErrors();
    void tutorialMatrices();
    void formatRoundTrip();
};

namespace {

const QString kMtat = QStringLiteral(MIRLO_SHARED_DATA "/mtat/");

void touch(const QString &path, const QByteArray &content = "x")
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
}

} // namespace

void TestDatasetSource::classFolders()
{
    QTemporaryDir dir;
    touch(dir.filePath(QStringLiteral("vocal/b.wav")));
    touch(dir.filePath(QStringLiteral("vocal/a.wav")));
    touch(dir.filePath(QStringLiteral("vocal/.hidden")));
    touch(dir.filePath(QStringLiteral("vocal/a.vocals.lab"))); // annotations beside the audio are no items
    touch(dir.filePath(QStringLiteral("instrumental/notes.txt")));
    touch(dir.filePath(QStringLiteral("instrumental/Z.OGG")));   // extensions in any case
    touch(dir.filePath(QStringLiteral("only_annotations/x.lab"))); // no audio: not a class
    touch(dir.filePath(QStringLiteral("instrumental/x.flac")));
    touch(dir.filePath(QStringLiteral("instrumental/more/y.flac")));
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("empty")));
    touch(dir.filePath(QStringLiteral("README.txt"))); // a file at top level is not a class

    Dataset d;
    QString error;
    QVERIFY2(loadDataset(dir.path(), d, &error), qPrintable(error));
    QCOMPARE(d.classes, (QStringList{QStringLiteral("instrumental"), QStringLiteral("vocal")}));
    QCOMPARE(d.classCounts(), (std::vector<int>{3, 2}));
    QVERIFY(!d.isMultiLabel());
    QCOMPARE(int(d.items.size()), 5);
    QCOMPARE(QFileInfo(d.items[0].path).fileName(), QStringLiteral("Z.OGG")); // sorted by path: 'Z' < 'm' < 'x'
    QCOMPARE(QFileInfo(d.items[3].path).fileName(), QStringLiteral("a.wav"));
    QCOMPARE(d.items[3].labels, std::vector<int>{1});
    QVERIFY(QFileInfo(d.items[0].path).isAbsolute());

    QTemporaryDir emptyDir;
    QVERIFY(!loadDataset(emptyDir.path(), d, &error));
    QVERIFY2(error.contains(QStringLiteral("no class sub-folder")), qPrintable(error));
    QVERIFY(!loadDataset(emptyDir.filePath(QStringLiteral("nope")), d, &error));
    QVERIFY2(error.contains(QStringLiteral("no such file or folder")), qPrintable(error));
}

void TestDatasetSource::fileLabelCsv()
{
    QTemporaryDir dir;
    const QString csv = dir.filePath(QStringLiteral("list.csv"));
    touch(csv, "file,label\r\n"
               "a.wav,rock\r\n"
               "\"sub/b, live.wav\",jazz,rock\r\n"
               "/abs/c.wav,pop,\r\n"
               "\r\n"
               "d.wav,rock,rock\r\n");
    Dataset d;
    QString error;
    QVERIFY2(loadDataset(csv, d, &error), qPrintable(error));
    QCOMPARE(d.classes, (QStringList{QStringLiteral("jazz"), QStringLiteral("pop"), QStringLiteral("rock")}));
    QCOMPARE(int(d.items.size()), 4);
    QCOMPARE(d.items[0].path, dir.filePath(QStringLiteral("a.wav")));
    QCOMPARE(d.items[1].path, dir.filePath(QStringLiteral("sub/b, live.wav")));
    QCOMPARE(d.items[1].labels, (std::vector<int>{0, 2}));
    QCOMPARE(d.items[2].path, QStringLiteral("/abs/c.wav"));
    QCOMPARE(d.items[2].labels, std::vector<int>{1}); // trailing empty field ignored
    QCOMPARE(d.items[3].labels, std::vector<int>{2}); // repeated label counted once
    QVERIFY(d.isMultiLabel());
    QCOMPARE(d.classCounts(), (std::vector<int>{1, 1, 3}));

    // Labels "0"/"1" without a header stay a file,label list (not a label matrix).
    const QString binary = dir.filePath(QStringLiteral("binary.csv"));
    touch(binary, "a.wav,1\nb.wav,0\nc.wav,1\n");
    QVERIFY2(loadDataset(binary, d, &error), qPrintable(error));
    QCOMPARE(int(d.items.size()), 3);
    QCOMPARE(d.classes, (QStringList{QStringLiteral("0"), QStringLiteral("1")}));
    QCOMPARE(d.classCounts(), (std::vector<int>{1, 2}));

    // No header: the first row is data.
    QVERIFY(parseFileLabelCsv("x.wav,a\ny.wav,b\n", QStringLiteral("n.csv"), QString(), d, &error));
    QCOMPARE(int(d.items.size()), 2);
    QCOMPARE(d.items[0].path, QStringLiteral("x.wav"));
}

void TestDatasetSource::fileLabelCsvErrors()
{
    Dataset d;
    QString error;
    QVERIFY(!parseFileLabelCsv("file,label\na.wav,rock\nb.wav\n", QStringLiteral("l.csv"), QString(), d, &error));
    QCOMPARE(error, QStringLiteral("l.csv:3: 'b.wav' has no label"));
    QVERIFY(!parseFileLabelCsv("file,label\n,rock\n", QStringLiteral("l.csv"), QString(), d, &error));
    QCOMPARE(error, QStringLiteral("l.csv:2: empty file name"));
    QVERIFY(!parseFileLabelCsv("file,label\na.wav,rock\n\"b.wav,pop\n", QStringLiteral("l.csv"), QString(), d, &error));
    QVERIFY2(error.startsWith(QStringLiteral("l.csv:3: unterminated quoted field")), qPrintable(error));
    QVERIFY(!parseFileLabelCsv("file,label\n", QStringLiteral("l.csv"), QString(), d, &error));
    QCOMPARE(error, QStringLiteral("l.csv: no items"));
    // A label matrix with a bad cell names the matrix problem, not a file,label problem.
    QTemporaryDir dir;
    const QString m = dir.filePath(QStringLiteral("m.csv"));
    touch(m, ",a,b\n1,0,1\n2,1,x\n");
    QVERIFY(!loadDataset(m, d, &error));
    QVERIFY2(error.endsWith(QStringLiteral("m.csv:3: column 'b': expected 0 or 1, found 'x'")), qPrintable(error));
}

void TestDatasetSource::tutorialMatrices()
{
    // TUTORIAL 2.2: 1,680 clips, 420 instrumental = 1, 1,260 vocal = 0.
    Dataset d;
    QString error;
    QVERIFY2(
        loadDataset(kMtat + QStringLiteral("ismir2018_tut_part_1_instrumental_labels_subset_w_clipid.csv"), d, &error),
        qPrintable(error));
    QCOMPARE(d.classes, (QStringList{QStringLiteral("not_instrumental"), QStringLiteral("instrumental")}));
    QCOMPARE(d.classCounts(), (std::vector<int>{1260, 420}));
    QVERIFY(!d.isMultiLabel());
    QCOMPARE(d.items[0].path, QStringLiteral("37")); // the clip_id of the first row
    // TUTORIAL 1.4: 2,516 clips x 23 instruments.
    QVERIFY(loadDataset(kMtat + QStringLiteral("ismir2018_tut_part_2_instruments_labels.csv"), d, &error));
    QCOMPARE(d.classes.size(), 23);
    QCOMPARE(int(d.items.size()), 2516);
}

void TestDatasetSource::formatRoundTrip()
{
    Dataset d;
    QString error;
    QVERIFY(parseFileLabelCsv("file,label\n\"a,1.wav\",x\nb.wav,y,x\nc.wav,y\n", QStringLiteral("r.csv"), QString(), d,
                              &error));
    const QByteArray text = formatFileLabelCsv(d, {2, 1});
    QCOMPARE(text, QByteArray("file,labels\nc.wav,y\nb.wav,x,y\n"));
    Dataset back;
    QVERIFY(parseFileLabelCsv(formatFileLabelCsv(d, {0, 1, 2}), QStringLiteral("r2.csv"), QString(), back, &error));
    QCOMPARE(back.classes, d.classes);
    QCOMPARE(back.items.size(), d.items.size());
    for (size_t i = 0; i < d.items.size(); ++i) {
        QCOMPARE(back.items[i].path, d.items[i].path);
        QCOMPARE(back.items[i].labels, d.items[i].labels);
    }
}

QTEST_GUILESS_MAIN(TestDatasetSource)
#include "tst_dataset_source.moc"
