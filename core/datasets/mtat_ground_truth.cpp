#include "mtat_ground_truth.h"

#include "numpy_random.h"

#include <QHash>

#include <algorithm>
#include <numeric>

#include <cmath>

namespace mirlo {

namespace {

QStringList latin1List(std::initializer_list<const char *> names)
{
    QStringList out;
    for (const char *n : names)
        out << QString::fromLatin1(n);
    return out;
}

std::vector<int> rowsWhere(const TagMatrix &m, bool exactlyOne)
{
    std::vector<int> rows;
    for (int r = 0; r < m.rowCount(); ++r) {
        const int s = m.rowSum(r);
        if (exactlyOne ? s == 1 : s >= 1)
            rows.push_back(r);
    }
    return rows;
}

bool selectAndFilter(const TagMatrix &clean, const QStringList &tags, bool exactlyOne, TagMatrix &out, QString *error)
{
    TagMatrix cols;
    if (!clean.selectColumns(tags, cols, error))
        return false;
    out = cols.selectRows(rowsWhere(cols, exactlyOne));
    return true;
}

} // namespace

QStringList mtatPart1Genres()
{
    return latin1List({"classical", "country", "jazz", "pop", "rock", "techno", "blues", "dance"});
}

QStringList mtatPart1Moods()
{
    return latin1List({"airy", "calm", "dark", "deep", "different", "eerie", "happy", "light", "loud", "low", "mellow",
                       "quiet", "sad", "scary", "soft", "strange"});
}

QStringList mtatPart2Genres()
{
    return latin1List({"blues", "classical", "country", "jazz", "pop", "rock", "techno"});
}

QStringList mtatPart2Moods()
{
    return latin1List({"airy", "calm", "dark", "eerie", "happy", "light", "sad", "scary", "soft", "strange"});
}

QStringList mtatPart2InstrumentCandidates()
{
    return latin1List({"acoustic guitar",
                       "banjo",
                       "bass",
                       "bongos",
                       "cello",
                       "chimes",
                       "clarinet",
                       "classical guitar",
                       "drum",
                       "electric guitar",
                       "male",
                       "female",
                       "fiddle",
                       "flute",
                       "guitar",
                       "harp",
                       "harpsichord",
                       "horn",
                       "keyboard",
                       "lute",
                       "oboe",
                       "organ",
                       "percussion",
                       "piano",
                       "sax",
                       "sitar",
                       "string",
                       "synth",
                       "trumpet",
                       "viola",
                       "violin",
                       "woodwind"});
}

bool mtatInstrumentalSinging(const TagMatrix &clean, MtatTagVariant variant, TagMatrix &out, QString *error)
{
    const std::vector<MtatSynonymGroup> groups = mtatSynonymGroups(variant);
    // Group indices of TUTORIAL 1.3 (0-based): 7 female/woman singing, 16 male/man singing, 18 no singer/instrumental.
    const QString instrumental = groups[18].name;
    const QStringList singing = {QStringLiteral("singer"), QStringLiteral("vocal"), groups[7].name, groups[16].name,
                                 QStringLiteral("chant")};
    TagMatrix cols;
    if (!clean.selectColumns(QStringList{instrumental} + singing, cols, error))
        return false;
    TagMatrix both;
    both.keyName = clean.keyName;
    both.tags = QStringList{QStringLiteral("instrumental"), QStringLiteral("singing")};
    for (int r = 0; r < cols.rowCount(); ++r) {
        const uint8_t i = cols.at(r, 0);
        uint8_t s = 0;
        for (int c = 1; c < cols.tagCount(); ++c)
            s |= cols.at(r, c);
        if (!i && !s)
            continue;
        both.keys << cols.keys.at(r);
        if (!cols.paths.isEmpty())
            both.paths << cols.paths.at(r);
        both.values.push_back(i);
        both.values.push_back(s);
    }
    out = both;
    return true;
}

bool mtatInstrumentalPost(const TagMatrix &in, TagMatrix &out, QString *error)
{
    const int ci = in.column(QStringLiteral("instrumental"));
    const int cs = in.column(QStringLiteral("singing"));
    if (ci < 0 || cs < 0) {
        if (error)
            *error = QStringLiteral("instrumental post-processing needs the columns 'instrumental' and 'singing'");
        return false;
    }
    std::vector<int> rows;
    for (int r = 0; r < in.rowCount(); ++r)
        if (in.at(r, ci) != in.at(r, cs))
            rows.push_back(r);
    TagMatrix xorRows = in.selectRows(rows);
    return xorRows.selectColumns({QStringLiteral("instrumental")}, out, error);
}

bool mtatGenreGroundTruth(const TagMatrix &clean, TagMatrix &out, QString *error)
{
    return selectAndFilter(clean, mtatPart1Genres(), true, out, error);
}

bool mtatMoodGroundTruth(const TagMatrix &clean, TagMatrix &out, QString *error)
{
    return selectAndFilter(clean, mtatPart1Moods(), false, out, error);
}

TagMatrix mtatMoodPost(const TagMatrix &moods, int minPositives)
{
    const std::vector<int> pos = moods.positives();
    QStringList keep;
    for (int t = 0; t < moods.tagCount(); ++t)
        if (pos[size_t(t)] >= minPositives)
            keep << moods.tags.at(t);
    TagMatrix out;
    moods.selectColumns(keep, out, nullptr); // names come from the table itself: cannot fail
    return out;
}

bool mtatKeysToClipIds(const TagMatrix &labels, const CsvTable &metadata, const QString &metadataName, TagMatrix &out,
                       QString *error)
{
    const int idCol = metadata.column(QStringLiteral("clip_id"));
    if (idCol < 0 || metadata.columnCount() < 2) {
        if (error)
            *error = metadataName + QStringLiteral(":1: no 'clip_id' column");
        return false;
    }
    QHash<QString, QString> idOfRow;
    for (int r = 0; r < metadata.rowCount(); ++r) {
        const QString cell = metadata.rows[size_t(r)].at(idCol).trimmed();
        if (cell.isEmpty())
            continue; // genres_full / moods_full end with rows that carry no metadata
        bool ok = false;
        const double v = cell.toDouble(&ok);
        if (!ok || v != std::floor(v) || v < 0) {
            if (error)
                *error = QStringLiteral("%1:%2: clip_id '%3' is not a non-negative integer")
                             .arg(metadataName)
                             .arg(metadata.lines[size_t(r)])
                             .arg(cell);
            return false;
        }
        idOfRow.insert(metadata.rows[size_t(r)].at(0).trimmed(), QString::number(qint64(v)));
    }
    out = labels;
    out.keyName = QStringLiteral("clip_id");
    for (int r = 0; r < out.rowCount(); ++r) {
        const auto it = idOfRow.constFind(labels.keys.at(r));
        if (it == idOfRow.constEnd()) {
            if (error)
                *error = QStringLiteral("%1: no clip_id for row key %2").arg(metadataName, labels.keys.at(r));
            return false;
        }
        out.keys[r] = it.value();
    }
    return true;
}

bool mtatGenrePartitionCandidates(const TagMatrix &clean, TagMatrix &out, QString *error)
{
    return selectAndFilter(clean, mtatPart2Genres(), true, out, error);
}

bool mtatInstrumentPartitionCandidates(const TagMatrix &clean, TagMatrix &out, QString *error, int minPositives)
{
    TagMatrix any;
    if (!selectAndFilter(clean, mtatPart2InstrumentCandidates(), false, any, error))
        return false;
    const std::vector<int> pos = any.positives();
    QStringList keep;
    for (int t = 0; t < any.tagCount(); ++t)
        if (pos[size_t(t)] > minPositives)
            keep << any.tags.at(t);
    return selectAndFilter(any, keep, false, out, error);
}

bool mtatMoodPartition(const TagMatrix &clean, TagMatrix &out, QString *error)
{
    return selectAndFilter(clean, mtatPart2Moods(), false, out, error);
}

TagMatrix mtatUnion(const std::vector<TagMatrix> &parts)
{
    TagMatrix out;
    for (const TagMatrix &p : parts) {
        if (out.keyName.isEmpty())
            out.keyName = p.keyName;
        for (const QString &t : p.tags)
            if (!out.tags.contains(t))
                out.tags << t;
    }
    QHash<QString, int> seen;
    for (const TagMatrix &p : parts) {
        std::vector<int> map;
        for (const QString &t : p.tags)
            map.push_back(int(out.tags.indexOf(t)));
        for (int r = 0; r < p.rowCount(); ++r) {
            if (seen.contains(p.keys.at(r)))
                continue;
            seen.insert(p.keys.at(r), out.rowCount());
            out.keys << p.keys.at(r);
            const size_t base = out.values.size();
            out.values.resize(base + size_t(out.tags.size()), 0);
            for (int c = 0; c < p.tagCount(); ++c)
                out.values[base + size_t(map[size_t(c)])] = p.at(r, c);
        }
    }
    return out;
}

std::vector<int> mtatSamplePerTag(const TagMatrix &m, int maxPerTag, uint32_t seed, bool ascendingFrequency)
{
    const std::vector<int> pos = m.positives();
    std::vector<int> order(size_t(m.tagCount()));
    std::iota(order.begin(), order.end(), 0);
    // numpy's default quicksort is not stable; the tutorial's 40 union columns have no ties.
    if (ascendingFrequency)
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return pos[size_t(a)] < pos[size_t(b)]; });
    std::vector<int> out;
    std::vector<char> taken(size_t(m.rowCount()), 0);
    for (int c : order) {
        std::vector<int> rows;
        for (int r = 0; r < m.rowCount(); ++r)
            if (m.at(r, c))
                rows.push_back(r);
        const int k = std::min(int(rows.size()), maxPerTag);
        for (int p : pandasSamplePositions(int(rows.size()), k, seed)) {
            const int r = rows[size_t(p)];
            if (!taken[size_t(r)]) {
                taken[size_t(r)] = 1;
                out.push_back(r);
            }
        }
    }
    return out;
}

} // namespace mirlo
