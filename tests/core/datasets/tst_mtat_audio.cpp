// MTAT clips -> audio files (mtat_audio.h) on a synthetic mini MTAT tree: six clips whose WAV
// content is a constant equal to clip_id / 100 (so a resolved file proves which clip it is),
// stored as <hex dir>/<name>.mp3 or, converted, as .wav; annotations_final.csv with all 188
// tags; tutorial-style label matrices keyed by row number and by clip_id with metadata
// files (absolute Windows paths, float ids). Checks: every row maps to its own clip's file,
// the ground truths built from the annotations pick the clips worked out by hand, missing
// audio is one warning naming the clips, all missing / no metadata / no root are errors
// naming the folder or file; and on the real tutorial files in ../shared/data/mtat the
// metadata beside a label file (also the misspelled "similartiy" one) is found.
#include "../audio/test_audio_util.h"
#include "core/datasets/csv_table.h"
#include "core/datasets/mtat.h"
#include "core/datasets/mtat_audio.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace mirlo;

namespace {

const QString kMtat = QStringLiteral(MIRLO_SHARED_DATA "/mtat/");

struct Clip {
    int id;
    const char *relPath; // mp3_path in the annotations
    bool storedAsWav;    // the user converted it: same name, .wav
    QStringList tags;    // positive raw tags
};

// Hand-made expectations (TUTORIAL 1.5): instrumental = group 19 (no vocals, no voice, ...);
// singing = singer/vocal/female/male groups or chant; XOR keeps 2, 6, 15, 20 (10 has both,
// 11 neither). Genre = exactly one of 8 genres: 2 classical, 6 rock, 11 techno (15 has two).
const std::vector<Clip> kClips = {
    {2, "f/artist_a-album_a-01-one-0-29.mp3", true, {"no vocals", "classical"}},
    {6, "0/artist_b-album_b-02-two-0-29.mp3", true, {"female vocals", "rock"}},
    {10, "9/artist_c-album_c-03-three-0-29.mp3", false, {"singing", "instrumental"}},
    {11, "9/artist_d-album_d-04-four-29-58.mp3", false, {"techno"}},
    {15, "a/artist_e-album_e-05-five-0-29.mp3", false, {"no voice", "classical", "rock"}},
    {20, "c/artist_f-album_f-06-six-58-87.mp3", false, {"male vocal"}},
};

void writeFile(const QString &path, const QByteArray &text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

QString storedPath(const QString &root, const Clip &c)
{
    QString rel = QString::fromLatin1(c.relPath);
    if (c.storedAsWav)
        rel.replace(QLatin1String(".mp3"), QLatin1String(".wav"));
    return QDir(root).filePath(rel);
}

// The clip a file belongs to, from its content (the constant written by writeTree).
int clipOfFile(const QString &path)
{
    std::vector<float> samples;
    int channels = 0, rate = 0;
    if (!mirlo_test::readWav16(path, samples, channels, rate) || samples.empty())
        return -1;
    return int(std::lround(samples[100] * 100.0f));
}

void writeTree(const QString &root)
{
    for (const Clip &c : kClips) {
        const std::vector<float> samples(1600, float(c.id) / 100.0f);
        const QString path = storedPath(root, c);
        QDir().mkpath(QFileInfo(path).absolutePath());
        QVERIFY(mirlo_test::writeWav16(path, samples, 1, 16000));
    }
}

QByteArray annotations()
{
    QStringList tags = mtatUngroupedTags();
    for (const MtatSynonymGroup &g : mtatSynonymGroups())
        tags << g.members;
    QByteArray text = "\"clip_id\"";
    for (const QString &t : tags)
        text += "\t\"" + t.toUtf8() + '"';
    text += "\t\"mp3_path\"\n";
    for (const Clip &c : kClips) {
        text += '"' + QByteArray::number(c.id) + '"';
        for (const QString &t : tags)
            text += c.tags.contains(t) ? "\t\"1\"" : "\t\"0\"";
        text += "\t\"" + QByteArray(c.relPath) + "\"\n";
    }
    return text;
}

// Tutorial metadata layout: unnamed row number, clip_id (as float), absolute Windows mp3_path.
QByteArray metadata()
{
    QByteArray text = ",clip_id,mp3_path,track_number,title\n";
    for (size_t r = 0; r < kClips.size(); ++r)
        text += QByteArray::number(int(r)) + ',' + QByteArray::number(kClips[r].id) +
                ".0,D:/Research/Data/MIR/MagnaTagATune/mp3_full/" + kClips[r].relPath + ",1.0,x\n";
    return text;
}

DatasetLoadOptions optionsFor(const QString &root, MtatGroundTruth truth = MtatGroundTruth::Tags)
{
    DatasetLoadOptions o;
    o.audioRoot = root;
    o.groundTruth = truth;
    return o;
}

std::vector<int> clipsOf(const Dataset &d)
{
    std::vector<int> ids;
    for (const DatasetItem &it : d.items)
        ids.push_back(clipOfFile(it.path));
    return ids;
}

} // namespace

class TestMtatAudio : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_root, m_labels;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_root = m_tmp.filePath(QStringLiteral("mtat_audio"));
        m_labels = m_tmp.filePath(QStringLiteral("labels"));
        writeTree(m_root);
        writeFile(m_tmp.filePath(QStringLiteral("annotations_final.csv")), annotations());
        writeFile(m_labels + QStringLiteral("/mini_metadata_subset.csv"), metadata());
        // Row numbers 0, 1, 4 = clips 2, 6, 15.
        writeFile(m_labels + QStringLiteral("/mini_labels_subset_post.csv"), ",instrumental\n0,1.0\n1,0.0\n4,1.0\n");
        writeFile(m_labels + QStringLiteral("/mini_labels_subset_w_clipid.csv"),
                  "clip_id,instrumental\n20,0.0\n2,1.0\n");
    }

    void annotationsInstrumental()
    {
        const QString ann = m_tmp.filePath(QStringLiteral("annotations_final.csv"));
        QVERIFY(looksLikeMtatAnnotations(ann));
        QVERIFY(isMtatLabelSource(ann));
        const DatasetLoadOptions o = optionsFor(m_root, MtatGroundTruth::InstrumentalVocal);
        Dataset d;
        QString error;
        QStringList warnings;
        QVERIFY2(loadDataset(ann, o, d, &error, &warnings), qPrintable(error));
        QVERIFY(warnings.isEmpty());
        QVERIFY(!d.rowKeys);
        QCOMPARE(d.classes, (QStringList{QStringLiteral("not_instrumental"), QStringLiteral("instrumental")}));
        QCOMPARE(clipsOf(d), (std::vector<int>{2, 6, 15, 20}));
        QCOMPARE(d.items[0].path, QFileInfo(storedPath(m_root, kClips[0])).absoluteFilePath()); // .wav fallback
        QCOMPARE(d.items[2].path, QFileInfo(storedPath(m_root, kClips[4])).absoluteFilePath()); // exact .mp3
        const std::vector<std::vector<int>> labels = {{1}, {0}, {1}, {0}};
        for (size_t i = 0; i < labels.size(); ++i)
            QCOMPARE(d.items[i].labels, labels[i]);
    }

    void annotationsGenreAndTags()
    {
        const QString ann = m_tmp.filePath(QStringLiteral("annotations_final.csv"));
        DatasetLoadOptions o = optionsFor(m_root, MtatGroundTruth::Genre);
        Dataset d;
        QString error;
        QVERIFY2(loadDataset(ann, o, d, &error), qPrintable(error));
        QCOMPARE(clipsOf(d), (std::vector<int>{2, 6, 11}));
        QCOMPARE(d.classes.size(), 8);
        QCOMPARE(d.classes.at(d.items[2].labels.at(0)), QStringLiteral("techno"));

        o.groundTruth = MtatGroundTruth::Tags; // every clip, 135 cleaned tags
        QVERIFY2(loadDataset(ann, o, d, &error), qPrintable(error));
        QCOMPARE(d.classes.size(), kMtatCleanTagCount);
        QCOMPARE(clipsOf(d), (std::vector<int>{2, 6, 10, 11, 15, 20}));

        // Six clips cannot reach the tutorial's 100 positives per mood.
        o.groundTruth = MtatGroundTruth::Mood;
        QVERIFY(!loadDataset(ann, o, d, &error));
        QVERIFY2(error.contains(ann), qPrintable(error));

        MtatGroundTruth t;
        QVERIFY(parseMtatGroundTruth(QStringLiteral("Genre"), &t) && t == MtatGroundTruth::Genre);
        QVERIFY(!parseMtatGroundTruth(QStringLiteral("style"), &t));
    }

    void labelMatrixByRowNumber()
    {
        const QString file = m_labels + QStringLiteral("/mini_labels_subset_post.csv");
        QVERIFY(isMtatLabelSource(file));
        QCOMPARE(mtatMetadataCandidates(file, m_root).value(0),
                 QFileInfo(m_labels + QStringLiteral("/mini_metadata_subset.csv")).absoluteFilePath());
        Dataset d;
        QString error;
        QVERIFY(loadDataset(file, d, &error));
        QVERIFY(d.rowKeys);
        QStringList missing;
        QVERIFY2(resolveMtatAudio(d, m_root, QString(), &error, &missing), qPrintable(error));
        QVERIFY(missing.isEmpty());
        QCOMPARE(clipsOf(d), (std::vector<int>{2, 6, 15}));
        QCOMPARE(d.items[1].labels, std::vector<int>{0});
    }

    void labelMatrixByClipId()
    {
        const DatasetLoadOptions o = optionsFor(m_root);
        Dataset d;
        QString error;
        QVERIFY2(loadDataset(m_labels + QStringLiteral("/mini_labels_subset_w_clipid.csv"), o, d, &error),
                 qPrintable(error));
        QCOMPARE(clipsOf(d), (std::vector<int>{20, 2}));
        QCOMPARE(d.items[0].labels, std::vector<int>{0});
        QCOMPARE(d.items[1].labels, std::vector<int>{1});
    }

    void explicitMetadataAndAnnotationsAsTable()
    {
        // A label file alone in its folder: the annotations in the audio root give the paths.
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("root"));
        writeTree(root);
        writeFile(root + QStringLiteral("/annotations_final.csv"), annotations());
        const QString file = dir.filePath(QStringLiteral("mine.csv"));
        writeFile(file, ",rock\n1,1\n3,0\n"); // annotation rows 1 and 3 = clips 6 and 11
        DatasetLoadOptions o = optionsFor(root);
        Dataset d;
        QString error;
        QVERIFY2(loadDataset(file, o, d, &error), qPrintable(error));
        QCOMPARE(clipsOf(d), (std::vector<int>{6, 11}));
        // Named explicitly, the tutorial metadata works for the same row numbers.
        o.metadataCsv = m_labels + QStringLiteral("/mini_metadata_subset.csv");
        QVERIFY2(loadDataset(file, o, d, &error), qPrintable(error));
        QCOMPARE(clipsOf(d), (std::vector<int>{6, 11}));
        // The mtat-clean output layout carries its own mp3_path column.
        TagMatrix raw;
        QVERIFY(parseMtatAnnotations(annotations(), QStringLiteral("a"), raw, &error));
        const QString cleaned = dir.filePath(QStringLiteral("clean/cleaned.csv"));
        writeFile(cleaned, formatLabelCsv(cleanMtatTags(raw)));
        QVERIFY2(loadDataset(cleaned, optionsFor(root), d, &error), qPrintable(error));
        QCOMPARE(clipsOf(d), (std::vector<int>{2, 6, 10, 11, 15, 20}));
    }

    void missingAudio()
    {
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("root"));
        writeTree(root);
        QVERIFY(QFile::remove(storedPath(root, kClips[1]))); // clip 6
        QVERIFY(QFile::remove(storedPath(root, kClips[5]))); // clip 20
        DatasetLoadOptions o = optionsFor(root, MtatGroundTruth::InstrumentalVocal);
        Dataset d;
        QString error;
        QStringList warnings;
        QVERIFY2(loadDataset(m_tmp.filePath(QStringLiteral("annotations_final.csv")), o, d, &error, &warnings),
                 qPrintable(error));
        QCOMPARE(clipsOf(d), (std::vector<int>{2, 15}));
        QCOMPARE(warnings.size(), 1);
        const QString w = warnings.first();
        QVERIFY2(w.startsWith(QStringLiteral("2 of 4 clips have no audio under ") + root), qPrintable(w));
        QVERIFY2(w.contains(QStringLiteral("6 (0/artist_b-album_b-02-two-0-29.mp3)")), qPrintable(w));
        QVERIFY2(w.contains(QStringLiteral("20 (c/artist_f-album_f-06-six-58-87.mp3)")), qPrintable(w));

        // Long lists name the first five and count the rest.
        QStringList many;
        for (int i = 0; i < 8; ++i)
            many << QString::number(i);
        QVERIFY(missingAudioWarning(many, 10, root).endsWith(QStringLiteral(": 0, 1, 2, 3, 4 and 3 more")));

        // Nothing there: an error naming the root; no root: an error naming the folder.
        QTemporaryDir empty;
        o.audioRoot = empty.path();
        QVERIFY(!loadDataset(m_tmp.filePath(QStringLiteral("annotations_final.csv")), o, d, &error));
        QVERIFY2(error.startsWith(empty.path() + QStringLiteral(": none of the 4 clips")), qPrintable(error));
        o.audioRoot = empty.filePath(QStringLiteral("nope"));
        QVERIFY(!loadDataset(m_tmp.filePath(QStringLiteral("annotations_final.csv")), o, d, &error));
        QVERIFY2(error.contains(QStringLiteral("nope: no such audio folder")), qPrintable(error));
        // Training needs files: row keys without a root are an error that says what to give.
        o.audioRoot.clear();
        o.requireFiles = true;
        QVERIFY(!loadDataset(m_labels + QStringLiteral("/mini_labels_subset_w_clipid.csv"), o, d, &error));
        QVERIFY2(error.contains(QStringLiteral("--audio-root")), qPrintable(error));
    }

    void noMetadata()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("alone.csv"));
        writeFile(file, "clip_id,rock\n2,1\n");
        DatasetLoadOptions o = optionsFor(dir.path());
        Dataset d;
        QString error;
        QVERIFY(!loadDataset(file, o, d, &error));
        QVERIFY2(error.startsWith(file + QStringLiteral(": no metadata file")), qPrintable(error));
        // A metadata file that knows none of the keys.
        o.metadataCsv = m_labels + QStringLiteral("/mini_metadata_subset.csv");
        writeFile(file, "clip_id,rock\n999,1\n");
        QVERIFY(!loadDataset(file, o, d, &error));
        QVERIFY2(error.contains(QStringLiteral("gives an mp3_path")), qPrintable(error));
    }

    // The real label files: their metadata is found, and the paths it gives are MTAT's.
    void tutorialFiles_data()
    {
        QTest::addColumn<QString>("labels");
        QTest::addColumn<QString>("metadata");
        QTest::addColumn<int>("rows");
        QTest::newRow("instrumental w_clipid") << "ismir2018_tut_part_1_instrumental_labels_subset_w_clipid.csv"
                                               << "ismir2018_tut_part_1_instrumental_metadata_subset.csv" << 1680;
        QTest::newRow("moods post (row numbers)") << "ismir2018_tut_part_1_moods_labels_subset_post.csv"
                                                  << "ismir2018_tut_part_1_moods_metadata_subset.csv" << 719;
        QTest::newRow("similarity (misspelled metadata)") << "ismir2018_tut_part_3_similarity_labels.csv"
                                                          << "ismir2018_tut_part_3_similartiy_metadata.csv" << 2943;
    }
    void tutorialFiles()
    {
        QFETCH(QString, labels);
        QFETCH(QString, metadata);
        QFETCH(int, rows);
        // Three clips' audio (empty files: resolution only looks them up) at the relative paths the
        // test reads from the metadata file itself.
        CsvTable meta;
        QString error;
        QVERIFY2(readCsv(kMtat + metadata, QLatin1Char(','), meta, &error), qPrintable(error));
        const int pathCol = meta.column(QStringLiteral("mp3_path"));
        QTemporaryDir root;
        QStringList expected;
        for (int r = 0; r < 3; ++r) {
            const QString p = meta.rows[size_t(r)].at(pathCol);
            const QString rel = p.mid(p.indexOf(QStringLiteral("mp3_full/")) + 9);
            writeFile(root.filePath(rel), "x");
            expected << QFileInfo(root.filePath(rel)).absoluteFilePath();
        }
        Dataset d;
        QVERIFY(loadDataset(kMtat + labels, d, &error));
        QCOMPARE(int(d.items.size()), rows);
        QStringList missing;
        QVERIFY2(resolveMtatAudio(d, root.path(), QString(), &error, &missing), qPrintable(error));
        QCOMPARE(int(missing.size()), rows - 3);
        QCOMPARE(int(d.items.size()), 3);
        QStringList got;
        for (const DatasetItem &it : d.items)
            got << it.path;
        got.sort();
        expected.sort();
        QCOMPARE(got, expected);
        QVERIFY(missingAudioWarning(missing, rows, root.path())
                    .startsWith(QStringLiteral("%1 of %2 clips").arg(rows - 3).arg(rows)));
    }
};

QTEST_GUILESS_MAIN(TestMtatAudio)
#include "tst_mtat_audio.moc"
