// MTAT tag cleaning (TUTORIAL.md 1.3) on a synthetic annotations_final.csv, and the tutorial's
// ground truths / partitions (1.4, 1.5) checked against the label files in shared/data/mtat.
// MTAT's own annotations_final.csv is not shipped, so the counts the tutorial reports on the
// full 25,863-clip table (e.g. 181/4358/... genre positives, 16,327 instrument clips) cannot
// be reproduced here; every count that the shipped files determine is checked below.
#include "core/datasets/csv_table.h"
#include "core/datasets/mtat.h"
#include "core/datasets/mtat_ground_truth.h"
#include "core/datasets/numpy_random.h"
#include "core/datasets/tag_matrix.h"

#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include <random>

using namespace mirlo;

class TestMtat : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void tablesMatchTutorialText();
    void cleanedOrderMatchesShippedFiles();
    void syntheticCleaning();
    void part1InstrumentalCounts();
    void part1GenreCounts();
    void part1MoodCounts();
    void part1ClipIdFiles();
    void part1SubsetsOneClipPerTrack();
    void part1RulesOn133Table();
    void variant133FromShipped135();
    void metadataFacts();
    void part2PartitionCounts();
    void part2RulesOn135Table();
    void numpyPermutation();
    void part2SimilaritySampling();
    void part2GenreSampling();
    void malformedAnnotations();
    void malformedLabelFiles();
};

namespace {

const QString kMtat = QStringLiteral(MIRLO_SHARED_DATA "/mtat/");
const QString kTutorial = QStringLiteral(MIRLO_SHARED_DATA "/../docs/TUTORIAL.md");

TagMatrix load(const QString &name)
{
    TagMatrix m;
    QString error;
    if (!readLabelCsv(kMtat + name, m, &error))
        qFatal("%s", qPrintable(error));
    return m;
}

int count(const TagMatrix &m, const QString &tag)
{
    const int c = m.column(tag);
    return c < 0 ? -1 : m.positives()[size_t(c)];
}

// Section 1.3 of TUTORIAL.md: the synonym table rows "| n | kept ← members |" and the
// paragraph listing the 106 ungrouped tags (ends with "The final column order").
struct TutorialTables {
    std::vector<std::pair<QString, QStringList>> groups;
    QStringList ungrouped;
};

bool readTutorialTables(TutorialTables &t)
{
    QFile f(kTutorial);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QString text = QString::fromUtf8(f.readAll());
    const int start = text.indexOf(QStringLiteral("### 1.3"));
    const int end = text.indexOf(QStringLiteral("### 1.4"));
    const QString sec = text.mid(start, end - start);
    const QRegularExpression row(QStringLiteral("^\\| (\\d+) \\| ([^|←]+) ← ([^|]+) \\|$"),
                                 QRegularExpression::MultilineOption);
    auto it = row.globalMatch(sec);
    while (it.hasNext()) {
        const auto m = it.next();
        QStringList members;
        for (const QString &s : m.captured(3).split(QLatin1Char(',')))
            members << s.trimmed();
        t.groups.push_back({m.captured(2).trimmed(), members});
    }
    const int a = sec.indexOf(QStringLiteral("make up all 188 MTAT tags):"));
    const int b = sec.indexOf(QStringLiteral("The final column order"));
    QString list = sec.mid(a, b - a).section(QLatin1Char(':'), 1).simplified();
    list.chop(1); // final '.'
    for (const QString &s : list.split(QLatin1Char(',')))
        t.ungrouped << s.trimmed();
    return true;
}

QByteArray quoted(const QStringList &fields)
{
    QStringList q;
    for (const QString &s : fields)
        q << QLatin1Char('"') + s + QLatin1Char('"');
    return q.join(QLatin1Char('\t')).toUtf8() + '\n';
}

} // namespace

void TestMtat::tablesMatchTutorialText()
{
    TutorialTables t;
    if (!readTutorialTables(t))
        QSKIP("TUTORIAL.md not found next to the shared data");
    // TUTORIAL 1.3: 29 groups with 82 members, 106 ungrouped tags, 188 in all.
    QCOMPARE(int(t.groups.size()), 29);
    int members = 0;
    for (const auto &g : t.groups)
        members += int(g.second.size());
    QCOMPARE(members, 82);
    QCOMPARE(int(t.ungrouped.size()), 106);
    QSet<QString> all(t.ungrouped.begin(), t.ungrouped.end());
    for (const auto &g : t.groups)
        for (const QString &m : g.second)
            all.insert(m);
    QCOMPARE(all.size(), kMtatRawTagCount);

    const std::vector<MtatSynonymGroup> groups = mtatSynonymGroups();
    QCOMPARE(groups.size(), t.groups.size());
    for (size_t i = 0; i < groups.size(); ++i) {
        QCOMPARE(groups[i].name, t.groups[i].first);
        QCOMPARE(groups[i].members, t.groups[i].second);
    }
    QCOMPARE(mtatUngroupedTags(), t.ungrouped);
}

void TestMtat::cleanedOrderMatchesShippedFiles()
{
    // The 135-tag file of P2c and the 133-tag variant file (TUTORIAL 1.3, section 7).
    const TagMatrix t135 = load(QStringLiteral("ismir2018_tut_part_3_similarity_labels.csv"));
    QCOMPARE(t135.tagCount(), kMtatCleanTagCount);
    QCOMPARE(mtatCleanTagNames(MtatTagVariant::Tags135), t135.tags);
    const TagMatrix t133 = load(QStringLiteral("ismir2018_tut_part_2_similarity_labels_subset.csv"));
    QCOMPARE(t133.tagCount(), 133);
    QCOMPARE(mtatCleanTagNames(MtatTagVariant::Tags133), t133.tags);
}

void TestMtat::syntheticCleaning()
{
    // A 188-column annotations file built from the tutorial's lists, with the raw column order
    // interleaved (group members between ungrouped tags) and every field quoted like MTAT's file.
    QStringList rawTags;
    std::vector<QStringList> groups;
    for (const MtatSynonymGroup &g : mtatSynonymGroups())
        groups.push_back(g.members);
    const QStringList ungrouped = mtatUngroupedTags();
    int gi = 0, mi = 0;
    for (int u = 0; u < ungrouped.size(); ++u) {
        rawTags << ungrouped.at(u);
        // two group members after every ungrouped tag, walking the groups back to front
        for (int k = 0; k < 2 && gi < int(groups.size()); ++k) {
            const QStringList &g = groups[groups.size() - 1 - size_t(gi)];
            rawTags << g.at(mi);
            if (++mi == g.size()) {
                mi = 0;
                ++gi;
            }
        }
    }
    while (gi < int(groups.size())) {
        const QStringList &g = groups[groups.size() - 1 - size_t(gi)];
        rawTags << g.at(mi);
        if (++mi == g.size()) {
            mi = 0;
            ++gi;
        }
    }
    QCOMPARE(rawTags.size(), 188);

    std::mt19937 rng(7);
    const int nRandom = 40;
    std::vector<std::vector<int>> rows;
    auto oneHot = [&](std::initializer_list<const char *> on) {
        std::vector<int> r(188, 0);
        for (const char *t : on)
            r[size_t(rawTags.indexOf(QString::fromLatin1(t)))] = 1;
        return r;
    };
    rows.push_back(oneHot({"beats"}));
    rows.push_back(oneHot({"woman", "female vocals"}));
    rows.push_back(oneHot({"instrumental"}));
    rows.push_back(oneHot({"female vocal", "weird", "classic", "clasical"}));
    rows.push_back(oneHot({}));
    for (int i = 0; i < nRandom; ++i) {
        std::vector<int> r(188);
        for (int &v : r)
            v = (rng() % 7) == 0;
        rows.push_back(r);
    }
    QByteArray text =
        quoted(QStringList{QStringLiteral("clip_id")} + rawTags + QStringList{QStringLiteral("mp3_path")});
    for (size_t i = 0; i < rows.size(); ++i) {
        QStringList f{QString::number(2 + 3 * i)};
        for (int v : rows[i])
            f << QString::number(v);
        f << QStringLiteral("f/artist-album-01-title-%1-%2.mp3").arg(i * 29).arg(i * 29 + 29);
        text += quoted(f);
    }
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("annotations_final.csv"));
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(text);
    out.close();

    TagMatrix raw;
    QString error;
    QVERIFY2(readMtatAnnotations(path, raw, &error, true), qPrintable(error));
    QCOMPARE(raw.tagCount(), 188);
    QCOMPARE(raw.rowCount(), int(rows.size()));
    QCOMPARE(raw.keys.at(1), QStringLiteral("5"));
    QCOMPARE(raw.paths.at(1), QStringLiteral("f/artist-album-01-title-29-58.mp3"));

    QStringList missing;
    const TagMatrix clean = cleanMtatTags(raw, MtatTagVariant::Tags135, &missing);
    QVERIFY(missing.isEmpty());
    QCOMPARE(clean.tagCount(), 135);
    // Order: ungrouped tags in raw-file order, then the groups in table order.
    QCOMPARE(clean.tags.mid(0, 106), ungrouped);
    QCOMPARE(clean.tags.at(106), QStringLiteral("beat"));
    QCOMPARE(clean.tags.at(134), QStringLiteral("strange"));
    QCOMPARE(clean.keys, raw.keys);
    QCOMPARE(clean.paths, raw.paths);

    // Hand-made rows.
    auto onTags = [&](const TagMatrix &m, int r) {
        QStringList on;
        for (int t = 0; t < m.tagCount(); ++t)
            if (m.at(r, t))
                on << m.tags.at(t);
        return on;
    };
    QCOMPARE(onTags(clean, 0), QStringList{QStringLiteral("beat")});
    QCOMPARE(onTags(clean, 1), QStringList{QStringLiteral("female")}); // OR, not a sum of 2
    QCOMPARE(onTags(clean, 2), QStringList{QStringLiteral("no singer")});
    QCOMPARE(onTags(clean, 3),
             (QStringList{QStringLiteral("female vocal"), QStringLiteral("classical"), QStringLiteral("strange")}));
    QCOMPARE(onTags(clean, 4), QStringList{});

    // Every cell: value = max over the members (computed from the raw rows the test wrote).
    for (size_t r = 0; r < rows.size(); ++r) {
        for (int u = 0; u < 106; ++u)
            QCOMPARE(int(clean.at(int(r), u)), rows[r][size_t(rawTags.indexOf(ungrouped.at(u)))]);
        for (size_t g = 0; g < groups.size(); ++g) {
            int v = 0;
            for (const QString &m : groups[g])
                v = std::max(v, rows[r][size_t(rawTags.indexOf(m))]);
            QCOMPARE(int(clean.at(int(r), 106 + int(g))), v);
        }
    }

    // 133 variant: female vocal / female opera fold into "woman singing"; renamed groups.
    const TagMatrix c133 = cleanMtatTags(raw, MtatTagVariant::Tags133);
    QCOMPARE(c133.tags, mtatCleanTagNames(MtatTagVariant::Tags133));
    QCOMPARE(onTags(c133, 1), QStringList{QStringLiteral("woman singing")});
    QCOMPARE(onTags(c133, 2), QStringList{QStringLiteral("instrumental")});
    QCOMPARE(onTags(c133, 3),
             (QStringList{QStringLiteral("classical"), QStringLiteral("woman singing"), QStringLiteral("strange")}));

    // Round trip through the writer (the 135-tag table of `mirlo-cli dataset mtat-clean`).
    const QByteArray written = formatLabelCsv(clean);
    QVERIFY(written.startsWith("clip_id,duet,plucking,"));
    QVERIFY(written.contains("strange,mp3_path\n"));
    TagMatrix noPaths = clean;
    noPaths.paths.clear();
    TagMatrix back;
    QVERIFY2(parseLabelCsv(formatLabelCsv(noPaths), QStringLiteral("x"), back, &error), qPrintable(error));
    QCOMPARE(back.keyName, QStringLiteral("clip_id"));
    QCOMPARE(back.tags, clean.tags);
    QCOMPARE(back.keys, clean.keys);
    QVERIFY(back.values == clean.values);
}

void TestMtat::part1InstrumentalCounts()
{
    // TUTORIAL 1.5 table: full 7,593 (2,550 instrumental, 5,174 singing, 131 both);
    // subset 1,703 (443, 1,283, 23); P0a XOR -> 1,680 (420 instrumental, 1,260 vocal).
    for (const auto &c :
         {std::make_tuple("full", 7593, 2550, 5174, 131), std::make_tuple("subset", 1703, 443, 1283, 23)}) {
        const TagMatrix m =
            load(QStringLiteral("ismir2018_tut_part_1_instrumental_labels_%1.csv").arg(QLatin1String(std::get<0>(c))));
        QCOMPARE(m.rowCount(), std::get<1>(c));
        QCOMPARE(count(m, QStringLiteral("instrumental")), std::get<2>(c));
        QCOMPARE(count(m, QStringLiteral("singing")), std::get<3>(c));
        int both = 0;
        for (int r = 0; r < m.rowCount(); ++r)
            both += m.rowSum(r) == 2;
        QCOMPARE(both, std::get<4>(c));
        QCOMPARE(m.labelsPerRow()[0], 0); // "keep clips with >= 1 of the two"
    }
    TagMatrix post;
    QString error;
    QVERIFY(mtatInstrumentalPost(load(QStringLiteral("ismir2018_tut_part_1_instrumental_labels_subset.csv")), post,
                                 &error));
    QCOMPARE(post.rowCount(), 1680);
    QCOMPARE(count(post, QStringLiteral("instrumental")), 420);
    QCOMPARE(post.rowCount() - 420, 1260);
    const TagMatrix shipped = load(QStringLiteral("ismir2018_tut_part_1_instrumental_labels_subset_post.csv"));
    QCOMPARE(post.tags, shipped.tags);
    QCOMPARE(post.keys, shipped.keys);
    QVERIFY(post.values == shipped.values);
}

void TestMtat::part1GenreCounts()
{
    // TUTORIAL 1.5: full 9,338: classical 4300, techno 2114, rock 1755, pop 443, jazz 371,
    // country 265, dance 60, blues 30; subset 1,998: classical 999, rock 379, techno 341,
    // pop 94, jazz 90, country 72, dance 14, blues 9. Section 7: _subset_post identical.
    const QStringList order = mtatPart1Genres();
    const std::vector<int> full = {4300, 265, 371, 443, 1755, 2114, 30, 60};
    const std::vector<int> subset = {999, 72, 90, 94, 379, 341, 9, 14};
    for (const auto &c :
         {std::make_pair("full", full), std::make_pair("subset", subset), std::make_pair("subset_post", subset)}) {
        const TagMatrix m =
            load(QStringLiteral("ismir2018_tut_part_1_genres_labels_%1.csv").arg(QLatin1String(c.first)));
        QCOMPARE(m.tags, order);
        QCOMPARE(m.positives(), c.second);
        // exactly one genre per clip: the ground-truth rule keeps every row
        TagMatrix gt;
        QString error;
        QVERIFY(mtatGenreGroundTruth(m, gt, &error));
        QCOMPARE(gt.rowCount(), m.rowCount());
    }
    QCOMPARE(load(QStringLiteral("ismir2018_tut_part_1_genres_labels_full.csv")).rowCount(), 9338);
    QCOMPARE(load(QStringLiteral("ismir2018_tut_part_1_genres_labels_subset.csv")).rowCount(), 1998);
    // 2.4: baseline 999/1998 = 0.5
    QCOMPARE(999.0 / 1998.0, 0.5);
}

void TestMtat::part1MoodCounts()
{
    // TUTORIAL 1.5: full 3,896, subset 719; subset counts airy 7, calm 25, dark 37, deep 17,
    // different 23, eerie 14, happy 9, light 12, loud 209, low 21, mellow 16, quiet 177, sad 14,
    // scary 9, soft 200, strange 120; P0a keeps >= 100 -> loud, quiet, soft, strange;
    // labels per clip 0: 108, 1: 518, 2: 91, 3: 2.
    const TagMatrix full = load(QStringLiteral("ismir2018_tut_part_1_moods_labels_full.csv"));
    QCOMPARE(full.rowCount(), 3896);
    QCOMPARE(full.tags, mtatPart1Moods());
    QCOMPARE(full.labelsPerRow()[0], 0);
    const TagMatrix sub = load(QStringLiteral("ismir2018_tut_part_1_moods_labels_subset.csv"));
    QCOMPARE(sub.rowCount(), 719);
    QCOMPARE(sub.positives(), (std::vector<int>{7, 25, 37, 17, 23, 14, 9, 12, 209, 21, 16, 177, 14, 9, 200, 120}));
    const TagMatrix post = mtatMoodPost(sub, 100);
    QCOMPARE(post.tags, (QStringList{QStringLiteral("loud"), QStringLiteral("quiet"), QStringLiteral("soft"),
                                     QStringLiteral("strange")}));
    QCOMPARE(post.positives(), (std::vector<int>{209, 177, 200, 120}));
    QCOMPARE(post.labelsPerRow(), (std::vector<int>{108, 518, 91, 2}));
    const TagMatrix shipped = load(QStringLiteral("ismir2018_tut_part_1_moods_labels_subset_post.csv"));
    QCOMPARE(post.keys, shipped.keys);
    QCOMPARE(post.tags, shipped.tags);
    QVERIFY(post.values == shipped.values);
}

void TestMtat::part1ClipIdFiles()
{
    // P0b (TUTORIAL 1.5): row index -> clip_id via _metadata_subset gives the _w_clipid files
    // (1680x1, 1998x8, 719x4).
    const struct {
        const char *task;
        int rows;
        int cols;
    } cases[] = {{"instrumental", 1680, 1}, {"genres", 1998, 8}, {"moods", 719, 4}};
    for (const auto &c : cases) {
        const QString task = QLatin1String(c.task);
        const TagMatrix post = load(QStringLiteral("ismir2018_tut_part_1_%1_labels_subset_post.csv").arg(task));
        CsvTable meta;
        QString error;
        const QString metaPath = kMtat + QStringLiteral("ismir2018_tut_part_1_%1_metadata_subset.csv").arg(task);
        QVERIFY2(readCsv(metaPath, QLatin1Char(','), meta, &error), qPrintable(error));
        TagMatrix withIds;
        QVERIFY2(mtatKeysToClipIds(post, meta, metaPath, withIds, &error), qPrintable(error));
        const TagMatrix shipped = load(QStringLiteral("ismir2018_tut_part_1_%1_labels_subset_w_clipid.csv").arg(task));
        QCOMPARE(shipped.rowCount(), c.rows);
        QCOMPARE(shipped.tagCount(), c.cols);
        QCOMPARE(withIds.keyName, shipped.keyName);
        QCOMPARE(withIds.keys, shipped.keys);
        QVERIFY(withIds.values == shipped.values);
    }
}

void TestMtat::part1RulesOn133Table()
{
    // The 1,998 genre-subset clips with their 133-tag rows (section 7). Applying the 1.5 rules
    // to them must give exactly the shipped ground truths for these clips.
    const TagMatrix t133 = load(QStringLiteral("ismir2018_tut_part_2_similarity_labels_subset.csv"));
    QCOMPARE(t133.rowCount(), 1998);
    QString error;
    TagMatrix genres;
    QVERIFY(mtatGenreGroundTruth(t133, genres, &error));
    const TagMatrix genreSubset = load(QStringLiteral("ismir2018_tut_part_1_genres_labels_subset.csv"));
    QCOMPARE(genres.keys, genreSubset.keys);
    QVERIFY(genres.values == genreSubset.values);

    // Returns the number of derived rows, or -1 (with a warning) on the first disagreement.
    auto checkAgainstFull = [&](const TagMatrix &derived, const TagMatrix &full) -> int {
        QHash<QString, int> fullRow;
        for (int r = 0; r < full.rowCount(); ++r)
            fullRow.insert(full.keys.at(r), r);
        QSet<QString> derivedKeys(derived.keys.begin(), derived.keys.end());
        for (int r = 0; r < t133.rowCount(); ++r) { // same qualifying clips
            if (derivedKeys.contains(t133.keys.at(r)) != fullRow.contains(t133.keys.at(r))) {
                qWarning("row %s qualifies differently", qPrintable(t133.keys.at(r)));
                return -1;
            }
        }
        for (int r = 0; r < derived.rowCount(); ++r) { // same values
            const int f = fullRow.value(derived.keys.at(r));
            for (int t = 0; t < derived.tagCount(); ++t) {
                if (derived.at(r, t) != full.at(f, full.column(derived.tags.at(t)))) {
                    qWarning("row %s tag %s differs", qPrintable(derived.keys.at(r)), qPrintable(derived.tags.at(t)));
                    return -1;
                }
            }
        }
        return derived.rowCount();
    };
    TagMatrix instr;
    QVERIFY(mtatInstrumentalSinging(t133, MtatTagVariant::Tags133, instr, &error));
    const int nInstr =
        checkAgainstFull(instr, load(QStringLiteral("ismir2018_tut_part_1_instrumental_labels_full.csv")));
    TagMatrix moods;
    QVERIFY(mtatMoodGroundTruth(t133, moods, &error));
    const int nMoods = checkAgainstFull(moods, load(QStringLiteral("ismir2018_tut_part_1_moods_labels_full.csv")));
    qInfo("133-tag rows: %d instrumental/vocal and %d mood clips agree with the full files", nInstr, nMoods);
    QVERIFY(nInstr > 500);
    QVERIFY(nMoods > 200);
}

void TestMtat::part2PartitionCounts()
{
    // TUTORIAL 1.4 "Result" column and the instrument counts below the table.
    const TagMatrix instr = load(QStringLiteral("ismir2018_tut_part_2_instruments_labels.csv"));
    QCOMPARE(instr.rowCount(), 2516);
    QCOMPARE(instr.tagCount(), 23);
    const QList<QPair<QString, int>> instrCounts = {{"guitar", 865},     {"string", 651},
                                                    {"drum", 447},       {"violin", 375},
                                                    {"piano", 367},      {"harpsichord", 265},
                                                    {"flute", 259},      {"synth", 244},
                                                    {"male", 233},       {"harp", 230},
                                                    {"female", 198},     {"sitar", 193},
                                                    {"cello", 182},      {"classical guitar", 147},
                                                    {"bass", 142},       {"banjo", 131},
                                                    {"organ", 128},      {"electric guitar", 127},
                                                    {"percussion", 124}, {"lute", 122},
                                                    {"horn", 114},       {"oboe", 107},
                                                    {"sax", 101}};
    for (const auto &c : instrCounts)
        QCOMPARE(count(instr, c.first), c.second);
    QCOMPARE(instr.labelsPerRow()[0], 0);

    const TagMatrix genre = load(QStringLiteral("ismir2018_tut_part_2_genre_labels.csv"));
    QCOMPARE(genre.rowCount(), 2617);
    QCOMPARE(genre.tags, mtatPart2Genres()); // "one-hot again (alphabetical columns)"
    QCOMPARE(genre.positives(), (std::vector<int>{30, 500, 265, 373, 449, 500, 500}));
    QCOMPARE(genre.labelsPerRow(), (std::vector<int>{0, 2617}));

    const TagMatrix mood = load(QStringLiteral("ismir2018_tut_part_2_moods_labels.csv"));
    QCOMPARE(mood.rowCount(), 2047);
    QCOMPARE(mood.tags, mtatPart2Moods());
    const QList<QPair<QString, int>> moodCounts = {{"soft", 985}, {"strange", 640}, {"dark", 193}, {"calm", 131},
                                                   {"sad", 72},   {"airy", 66},     {"eerie", 65}, {"light", 62},
                                                   {"scary", 49}, {"happy", 37}};
    for (const auto &c : moodCounts)
        QCOMPARE(count(mood, c.first), c.second);

    // Union: 7,180 rows x 40 columns -> 6,380 clips.
    QCOMPARE(instr.rowCount() + genre.rowCount() + mood.rowCount(), 7180);
    const TagMatrix all = mtatUnion({instr, genre, mood});
    QCOMPARE(all.tagCount(), 40);
    QCOMPARE(all.rowCount(), 6380);

    // Similarity: 2,943 clips x 135 tags, 1-23 tags per clip, mean 5.1; drawn from the union.
    const TagMatrix sim = load(QStringLiteral("ismir2018_tut_part_3_similarity_labels.csv"));
    QCOMPARE(sim.rowCount(), 2943);
    QCOMPARE(sim.tagCount(), 135);
    const std::vector<int> hist = sim.labelsPerRow();
    QCOMPARE(hist[0], 0);
    QVERIFY(hist[1] > 0);
    QCOMPARE(int(hist.size()) - 1, 23);
    long total = 0;
    for (size_t k = 0; k < hist.size(); ++k)
        total += long(k) * hist[k];
    QCOMPARE(QString::number(double(total) / sim.rowCount(), 'f', 1), QStringLiteral("5.1"));
    const QSet<QString> unionKeys(all.keys.begin(), all.keys.end());
    for (const QString &k : sim.keys)
        QVERIFY2(unionKeys.contains(k), qPrintable(k));
}

void TestMtat::part2RulesOn135Table()
{
    // The 2,943 similarity clips carry full 135-tag rows: for those that are also in a Part 2
    // partition, the partition rules applied to the 135-tag row give the partition's labels.
    const TagMatrix sim = load(QStringLiteral("ismir2018_tut_part_3_similarity_labels.csv"));
    // Returns the number of partition clips that are also similarity clips, or -1 on a mismatch.
    auto compareOnShared = [&](const TagMatrix &derived, const TagMatrix &part) -> int {
        QHash<QString, int> derivedRow;
        for (int r = 0; r < derived.rowCount(); ++r)
            derivedRow.insert(derived.keys.at(r), r);
        const QSet<QString> simKeys(sim.keys.begin(), sim.keys.end());
        int shared = 0;
        for (int r = 0; r < part.rowCount(); ++r) {
            if (!simKeys.contains(part.keys.at(r)))
                continue;
            ++shared;
            if (!derivedRow.contains(part.keys.at(r))) {
                qWarning("clip %s fails the partition rule", qPrintable(part.keys.at(r)));
                return -1;
            }
            const int d = derivedRow.value(part.keys.at(r));
            for (int t = 0; t < part.tagCount(); ++t) {
                if (derived.at(d, derived.column(part.tags.at(t))) != part.at(r, t)) {
                    qWarning("clip %s tag %s differs", qPrintable(part.keys.at(r)), qPrintable(part.tags.at(t)));
                    return -1;
                }
            }
        }
        return shared;
    };
    QString error;
    TagMatrix genre;
    QVERIFY(mtatGenrePartitionCandidates(sim, genre, &error));
    const int g = compareOnShared(genre, load(QStringLiteral("ismir2018_tut_part_2_genre_labels.csv")));
    TagMatrix mood;
    QVERIFY(mtatMoodPartition(sim, mood, &error));
    const int m = compareOnShared(mood, load(QStringLiteral("ismir2018_tut_part_2_moods_labels.csv")));
    TagMatrix instr;
    QVERIFY(sim.selectColumns(load(QStringLiteral("ismir2018_tut_part_2_instruments_labels.csv")).tags, instr, &error));
    const int i = compareOnShared(instr, load(QStringLiteral("ismir2018_tut_part_2_instruments_labels.csv")));
    qInfo("similarity clips shared with genre / mood / instrument partitions: %d / %d / %d", g, m, i);
    QVERIFY(g > 100 && m > 100 && i > 100);
}

void TestMtat::malformedAnnotations()
{
    const QByteArray header = "\"clip_id\"\t\"guitar\"\t\"beats\"\t\"mp3_path\"\n";
    TagMatrix m;
    QString error;
    QVERIFY(parseMtatAnnotations(header + "\"2\"\t\"1\"\t\"0\"\t\"f/a.mp3\"\n", "ann.csv", m, &error));
    QCOMPARE(m.rowCount(), 1);

    QVERIFY(!parseMtatAnnotations(header + "2\t1\t0\tf/a.mp3\n6\t2\t0\tf/b.mp3\n", "ann.csv", m, &error));
    QVERIFY2(error.startsWith(QStringLiteral("ann.csv:3: tag 'guitar'")), qPrintable(error));
    QVERIFY(error.contains(QStringLiteral("'2'")));

    QVERIFY(!parseMtatAnnotations(header + "2\t1\t0\tf/a.mp3\n\n6\t1\tf/b.mp3\n", "ann.csv", m, &error));
    QVERIFY2(error.startsWith(QStringLiteral("ann.csv:4: expected 4 fields")), qPrintable(error));

    QVERIFY(!parseMtatAnnotations(header + "x7\t1\t0\tf/a.mp3\n", "ann.csv", m, &error));
    QVERIFY2(error.contains(QStringLiteral("ann.csv:2: clip_id 'x7'")), qPrintable(error));

    QVERIFY(!parseMtatAnnotations(header + "2\t1\t0\tf/a.mp3\n2\t0\t0\tf/b.mp3\n", "ann.csv", m, &error));
    QVERIFY2(error.contains(QStringLiteral("ann.csv:3: clip_id 2 appears twice")), qPrintable(error));

    QVERIFY(!parseMtatAnnotations(header + "2\t\"1\t0\tf/a.mp3\n", "ann.csv", m, &error));
    QVERIFY2(error.contains(QStringLiteral("ann.csv:2: unterminated")), qPrintable(error));

    // comma-separated by mistake: one column, not an annotation header
    QVERIFY(!parseMtatAnnotations("clip_id,guitar,mp3_path\n2,1,a.mp3\n", "ann.csv", m, &error));
    QVERIFY2(error.startsWith(QStringLiteral("ann.csv:1: not an MTAT annotation header")), qPrintable(error));

    // 188 tags required but only 2 present
    QVERIFY(!parseMtatAnnotations(header, "ann.csv", m, &error, true));
    QVERIFY2(error.contains(QStringLiteral("expected the 188 MTAT tags, found 2")), qPrintable(error));

    QVERIFY(!parseMtatAnnotations("", "ann.csv", m, &error));
    QVERIFY2(error.contains(QStringLiteral("empty file")), qPrintable(error));
    QVERIFY(!readMtatAnnotations(QStringLiteral("/nonexistent/annotations_final.csv"), m, &error));
    QVERIFY2(error.startsWith(QStringLiteral("/nonexistent/annotations_final.csv: cannot open")), qPrintable(error));
}

void TestMtat::malformedLabelFiles()
{
    TagMatrix m;
    QString error;
    QVERIFY(parseLabelCsv(",a,b\n3,0,1.0\n", "l.csv", m, &error));
    QVERIFY(!parseLabelCsv(",a,b\n3,0,1\n4,0,yes\n", "l.csv", m, &error));
    QVERIFY2(error == QStringLiteral("l.csv:3: column 'b': expected 0 or 1, found 'yes'"), qPrintable(error));
    QVERIFY(!parseLabelCsv(",a,b\r\n3,0,1\r\n4,0\r\n", "l.csv", m, &error));
    QVERIFY2(error.startsWith(QStringLiteral("l.csv:3: expected 3 fields")), qPrintable(error));
    QVERIFY(!parseLabelCsv(",a,a\n3,0,1\n", "l.csv", m, &error));
    QVERIFY2(error.contains(QStringLiteral("repeated")), qPrintable(error));
    QVERIFY(!parseLabelCsv(",a\n,1\n", "l.csv", m, &error));
    QVERIFY2(error.startsWith(QStringLiteral("l.csv:2: empty key")), qPrintable(error));
    QVERIFY(!parseLabelCsv("only\n1\n", "l.csv", m, &error));
    QVERIFY2(error.startsWith(QStringLiteral("l.csv:1:")), qPrintable(error));
}

void TestMtat::numpyPermutation()
{
    // Reference values from numpy 1.24: np.random.RandomState(s).permutation(n)[:k].
    QCOMPARE(pandasSamplePositions(10, 10, 2), (std::vector<int>{4, 1, 5, 0, 7, 2, 3, 6, 9, 8}));
    QCOMPARE(pandasSamplePositions(25, 7, 0), (std::vector<int>{5, 2, 19, 16, 11, 22, 17}));
    QCOMPARE(pandasSamplePositions(300, 5, 2), (std::vector<int>{98, 259, 184, 256, 29}));
    QCOMPARE(pandasSamplePositions(3, 5, 2).size(), size_t(3));
    // RandomState(12345).randint(0, 2**32, 3, dtype=np.uint64): raw 32-bit outputs.
    NumpyLegacyRandom rs(12345);
    QCOMPARE(rs.nextUint32(), 3992670690u);
    QCOMPARE(rs.nextUint32(), 3823185381u);
    QCOMPARE(rs.nextUint32(), 1358822685u);
}

void TestMtat::part2SimilaritySampling()
{
    // TUTORIAL 1.4 "Similarity": on the 6,380 x 40 union, for each column in ascending frequency
    // order draw min(n, 100) positive clips (seed 2), drop duplicates -> 2,943 clips. Rebuilt
    // from the three Part 2 label files, the clip sequence equals the shipped P2c file row for row.
    const TagMatrix all = mtatUnion({load(QStringLiteral("ismir2018_tut_part_2_instruments_labels.csv")),
                                     load(QStringLiteral("ismir2018_tut_part_2_genre_labels.csv")),
                                     load(QStringLiteral("ismir2018_tut_part_2_moods_labels.csv"))});
    const std::vector<int> rows = mtatSamplePerTag(all, 100, 2);
    QCOMPARE(int(rows.size()), 2943);
    QStringList keys;
    for (int r : rows)
        keys << all.keys.at(r);
    QCOMPARE(keys, load(QStringLiteral("ismir2018_tut_part_3_similarity_labels.csv")).keys);
    // Another seed draws other clips (guards against the sampling being ignored).
    QVERIFY(mtatSamplePerTag(all, 100, 3) != rows);
}

void TestMtat::part2GenreSampling()
{
    // TUTORIAL 1.4 "Genre": per genre draw min(n, 500) single-label clips (seed 3). Genres with
    // fewer than 500 candidates (blues 30, country 265, jazz 373, pop 449) keep all of them, so
    // their candidates are known: those clips in ascending row order. Drawing with seed 3 must
    // give the order in which the shipped P2b file lists them.
    const TagMatrix genre = load(QStringLiteral("ismir2018_tut_part_2_genre_labels.csv"));
    const QStringList small = {QStringLiteral("blues"), QStringLiteral("country"), QStringLiteral("jazz"),
                               QStringLiteral("pop")};
    TagMatrix cols;
    QString error;
    QVERIFY(genre.selectColumns(small, cols, &error));
    std::vector<int> rows;
    for (int r = 0; r < cols.rowCount(); ++r)
        if (cols.rowSum(r) == 1)
            rows.push_back(r);
    QCOMPARE(int(rows.size()), 30 + 265 + 373 + 449);
    QStringList fileOrder;
    for (int r : rows)
        fileOrder << cols.keys.at(r);
    std::sort(rows.begin(), rows.end(),
              [&](int a, int b) { return cols.keys.at(a).toInt() < cols.keys.at(b).toInt(); });
    const TagMatrix candidates = cols.selectRows(rows);
    QStringList drawn;
    for (int r : mtatSamplePerTag(candidates, 500, 3, false))
        drawn << candidates.keys.at(r);
    QCOMPARE(drawn, fileOrder);
}

void TestMtat::part1SubsetsOneClipPerTrack()
{
    // TUTORIAL 1.5: each "subset" holds one clip per original Magnatune track, drawn from the
    // "full" set with unchanged labels; 1.4: the instrument partition is sorted by row index
    // and the mood partition is not resampled (ascending too).
    for (const char *task : {"instrumental", "genres", "moods"}) {
        const QString t = QLatin1String(task);
        const TagMatrix full = load(QStringLiteral("ismir2018_tut_part_1_%1_labels_full.csv").arg(t));
        const TagMatrix sub = load(QStringLiteral("ismir2018_tut_part_1_%1_labels_subset.csv").arg(t));
        QHash<QString, int> fullRow;
        for (int r = 0; r < full.rowCount(); ++r)
            fullRow.insert(full.keys.at(r), r);
        for (int r = 0; r < sub.rowCount(); ++r) {
            QVERIFY2(fullRow.contains(sub.keys.at(r)), qPrintable(sub.keys.at(r)));
            const int f = fullRow.value(sub.keys.at(r));
            for (int c = 0; c < sub.tagCount(); ++c)
                QCOMPARE(sub.at(r, c), full.at(f, c));
        }
        CsvTable meta;
        QString error;
        QVERIFY(readCsv(kMtat + QStringLiteral("ismir2018_tut_part_1_%1_metadata_subset.csv").arg(t), QLatin1Char(','),
                        meta, &error));
        QCOMPARE(meta.rowCount(), sub.rowCount());
        const int url = meta.column(QStringLiteral("original_url"));
        QVERIFY(url > 0);
        QSet<QString> tracks;
        for (const QStringList &row : meta.rows)
            tracks.insert(row.at(url));
        QCOMPARE(tracks.size(), sub.rowCount());
    }
    for (const char *f : {"ismir2018_tut_part_2_instruments_labels.csv", "ismir2018_tut_part_2_moods_labels.csv"}) {
        const TagMatrix m = load(QLatin1String(f));
        for (int r = 1; r < m.rowCount(); ++r)
            QVERIFY(m.keys.at(r - 1).toInt() < m.keys.at(r).toInt());
    }
}

void TestMtat::variant133FromShipped135()
{
    // TUTORIAL 1.3 "Variant with 133 tags": the three mappings reproduce the 133-tag file
    // exactly on shared clips (1,741 in the full files; the shipped subset and P2c file share
    // 369). Cleaning an already cleaned 135-tag table with the 133 groups applies exactly them.
    const TagMatrix t135 = load(QStringLiteral("ismir2018_tut_part_3_similarity_labels.csv"));
    const TagMatrix t133 = load(QStringLiteral("ismir2018_tut_part_2_similarity_labels_subset.csv"));
    const TagMatrix converted = cleanMtatTags(t135, MtatTagVariant::Tags133);
    QCOMPARE(converted.tags, t133.tags);
    QHash<QString, int> row133;
    for (int r = 0; r < t133.rowCount(); ++r)
        row133.insert(t133.keys.at(r), r);
    int shared = 0, identical = 0;
    for (int r = 0; r < converted.rowCount(); ++r) {
        if (!row133.contains(converted.keys.at(r)))
            continue;
        ++shared;
        const int o = row133.value(converted.keys.at(r));
        bool same = true;
        for (int t = 0; t < converted.tagCount(); ++t)
            same = same && converted.at(r, t) == t133.at(o, t);
        identical += same;
    }
    QCOMPARE(shared, 369);
    QCOMPARE(identical, shared);
}

void TestMtat::metadataFacts()
{
    // Section 7: the key is the row number in annotations_final.csv, 0 ... 25,862 (25,863 rows);
    // genres_full metadata rows 25860-25862 and moods_full row 25861 are empty; 10 metadata columns.
    int maxKey = 0;
    for (const char *f :
         {"part_1_instrumental_labels_full", "part_1_genres_labels_full", "part_1_moods_labels_full",
          "part_2_instruments_labels", "part_2_genre_labels", "part_2_moods_labels", "part_3_similarity_labels"}) {
        for (const QString &k : load(QStringLiteral("ismir2018_tut_%1.csv").arg(QLatin1String(f))).keys) {
            bool ok = false;
            maxKey = std::max(maxKey, k.toInt(&ok));
            QVERIFY(ok);
        }
    }
    QVERIFY(maxKey <= 25862);
    const QStringList columns = {"clip_id", "mp3_path", "track_number", "title",      "artist",
                                 "album",   "url",      "segmentStart", "segmentEnd", "original_url"};
    auto emptyRows = [&](const QString &name) {
        CsvTable meta;
        QString error;
        if (!readCsv(kMtat + name, QLatin1Char(','), meta, &error))
            qFatal("%s", qPrintable(error));
        QStringList empty;
        if (meta.header.mid(1) != columns)
            empty << QStringLiteral("bad header");
        for (const QStringList &row : meta.rows)
            if (row.at(1).isEmpty())
                empty << row.at(0);
        return empty;
    };
    QCOMPARE(emptyRows(QStringLiteral("ismir2018_tut_part_1_genres_metadata_full.csv")),
             (QStringList{"25860", "25861", "25862"}));
    QCOMPARE(emptyRows(QStringLiteral("ismir2018_tut_part_1_moods_metadata_full.csv")), QStringList{"25861"});
    QCOMPARE(emptyRows(QStringLiteral("ismir2018_tut_part_3_similartiy_metadata.csv")), QStringList{});
}

QTEST_GUILESS_MAIN(TestMtat)
#include "tst_mtat.moc"
