#include "mtat.h"

#include "csv_table.h"

#include <QFile>
#include <QSet>

namespace mirlo {

namespace {

// TUTORIAL.md 1.3, table order.
const char *const kGroups[29][9] = {
    {"beat", "beats"},
    {"chant", "chanting"},
    {"choir", "choral"},
    {"classical", "clasical", "classic"},
    {"drum", "drums"},
    {"electro", "electronic", "electronica", "electric"},
    {"fast", "fast beat", "quick"},
    {"female", "female singer", "female singing", "female vocals", "female voice", "woman", "woman singing", "women"},
    {"flute", "flutes"},
    {"guitar", "guitars"},
    {"hard", "hard rock"},
    {"harpsichord", "harpsicord"},
    {"heavy", "heavy metal", "metal"},
    {"horn", "horns"},
    {"india", "indian"},
    {"jazz", "jazzy"},
    {"male", "male singer", "male vocal", "male vocals", "male voice", "man", "man singing", "men"},
    {"no beat", "no drums"},
    {"no singer", "no singing", "no vocal", "no vocals", "no voice", "no voices", "instrumental"},
    {"opera", "operatic"},
    {"orchestra", "orchestral"},
    {"quiet", "silence"},
    {"singer", "singing"},
    {"space", "spacey"},
    {"string", "strings"},
    {"synth", "synthesizer"},
    {"violin", "violins"},
    {"vocal", "vocals", "voice", "voices"},
    {"strange", "weird"},
};

// TUTORIAL.md 1.3: the 106 tags in no group, in the order of the cleaned files.
const char *const kUngrouped[] = {
    "duet",
    "plucking",
    "world",
    "bongos",
    "sitar",
    "chorus",
    "female opera",
    "clarinet",
    "woodwind",
    "funky",
    "no strings",
    "chimes",
    "foreign",
    "no piano",
    "soft rock",
    "eerie",
    "banjo",
    "solo",
    "folk",
    "wind",
    "happy",
    "ambient",
    "new age",
    "funk",
    "middle eastern",
    "trumpet",
    "percussion",
    "airy",
    "repetitive",
    "birds",
    "bass",
    "medieval",
    "girl",
    "keyboard",
    "acoustic",
    "loud",
    "not classical",
    "no violin",
    "not rock",
    "no guitar",
    "organ",
    "talking",
    "soprano",
    "acoustic guitar",
    "electric guitar",
    "classical guitar",
    "country",
    "reggae",
    "tribal",
    "dark",
    "male opera",
    "irish",
    "arabic",
    "lol",
    "low",
    "trance",
    "drone",
    "modern",
    "disco",
    "bells",
    "deep",
    "industrial",
    "harp",
    "no flute",
    "jungle",
    "pop",
    "lute",
    "female vocal",
    "oboe",
    "mellow",
    "viola",
    "light",
    "echo",
    "piano",
    "celtic",
    "eastern",
    "old",
    "punk",
    "spanish",
    "sad",
    "sax",
    "slow",
    "blues",
    "scary",
    "rock",
    "dance",
    "piano solo",
    "cello",
    "calm",
    "different",
    "techno",
    "clapping",
    "house",
    "monks",
    "not opera",
    "not english",
    "oriental",
    "upbeat",
    "soft",
    "noise",
    "rap",
    "hip hop",
    "water",
    "baroque",
    "fiddle",
    "english",
};

} // namespace

std::vector<MtatSynonymGroup> mtatSynonymGroups(MtatTagVariant variant)
{
    std::vector<MtatSynonymGroup> groups;
    for (const auto &g : kGroups) {
        MtatSynonymGroup group;
        for (const char *m : g)
            if (m)
                group.members << QString::fromLatin1(m);
        group.name = group.members.first();
        groups.push_back(group);
    }
    if (variant == MtatTagVariant::Tags133) {
        groups[7].name = QStringLiteral("woman singing");
        groups[7].members << QStringLiteral("female vocal") << QStringLiteral("female opera");
        groups[16].name = QStringLiteral("man singing");
        groups[18].name = QStringLiteral("instrumental");
    }
    return groups;
}

QStringList mtatUngroupedTags()
{
    QStringList tags;
    for (const char *t : kUngrouped)
        tags << QString::fromLatin1(t);
    return tags;
}

QStringList mtatCleanTagNames(MtatTagVariant variant)
{
    const std::vector<MtatSynonymGroup> groups = mtatSynonymGroups(variant);
    QSet<QString> grouped;
    for (const MtatSynonymGroup &g : groups)
        for (const QString &m : g.members)
            grouped.insert(m);
    QStringList names;
    for (const QString &t : mtatUngroupedTags())
        if (!grouped.contains(t))
            names << t;
    for (const MtatSynonymGroup &g : groups)
        names << g.name;
    return names;
}

bool parseMtatAnnotations(const QByteArray &text, const QString &name, TagMatrix &out, QString *error,
                          bool requireAllTags)
{
    CsvTable table;
    if (!parseCsv(text, QLatin1Char('\t'), name, table, error))
        return false;
    const int cols = table.columnCount();
    if (cols < 3 || table.header.first() != QLatin1String("clip_id") ||
        table.header.last() != QLatin1String("mp3_path")) {
        if (error)
            *error = name + QStringLiteral(":1: not an MTAT annotation header (expected tab-separated "
                                           "'clip_id', tag columns, 'mp3_path'; found %1 column(s) starting '%2')")
                                .arg(cols)
                                .arg(table.header.first().left(40));
        return false;
    }
    out = TagMatrix();
    out.keyName = QStringLiteral("clip_id");
    out.tags = table.header.mid(1, cols - 2);
    QSet<QString> seen;
    for (const QString &t : out.tags) {
        if (t.isEmpty() || seen.contains(t)) {
            if (error)
                *error = name + QStringLiteral(":1: tag column '%1' is empty or repeated").arg(t);
            return false;
        }
        seen.insert(t);
    }
    if (requireAllTags) {
        QStringList all = mtatUngroupedTags();
        for (const MtatSynonymGroup &g : mtatSynonymGroups())
            all << g.members;
        QStringList missing;
        for (const QString &t : all)
            if (!seen.contains(t))
                missing << t;
        if (!missing.isEmpty() || out.tags.size() != kMtatRawTagCount) {
            if (error)
                *error = name + QStringLiteral(":1: expected the %1 MTAT tags, found %2 tag columns%3")
                                    .arg(kMtatRawTagCount)
                                    .arg(out.tags.size())
                                    .arg(missing.isEmpty() ? QString()
                                                           : QStringLiteral(" (missing: ") +
                                                                 missing.join(QStringLiteral(", ")) + QLatin1Char(')'));
            return false;
        }
    }
    out.values.reserve(size_t(table.rowCount()) * size_t(out.tags.size()));
    QSet<QString> ids;
    for (int r = 0; r < table.rowCount(); ++r) {
        const QStringList &row = table.rows[size_t(r)];
        const int line = table.lines[size_t(r)];
        bool ok = false;
        const QString id = row.first().trimmed();
        id.toLongLong(&ok);
        if (!ok) {
            if (error)
                *error = QStringLiteral("%1:%2: clip_id '%3' is not an integer").arg(name).arg(line).arg(id);
            return false;
        }
        if (ids.contains(id)) {
            if (error)
                *error = QStringLiteral("%1:%2: clip_id %3 appears twice").arg(name).arg(line).arg(id);
            return false;
        }
        ids.insert(id);
        out.keys << id;
        out.paths << row.last();
        for (int c = 1; c < cols - 1; ++c) {
            uint8_t v = 0;
            if (!parseBinaryCell(row.at(c), v)) {
                if (error)
                    *error = QStringLiteral("%1:%2: tag '%3': expected 0 or 1, found '%4'")
                                 .arg(name)
                                 .arg(line)
                                 .arg(table.header.at(c), row.at(c));
                return false;
            }
            out.values.push_back(v);
        }
    }
    return true;
}

bool readMtatAnnotations(const QString &path, TagMatrix &out, QString *error, bool requireAllTags)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: cannot open (%2)").arg(path, f.errorString());
        return false;
    }
    return parseMtatAnnotations(f.readAll(), path, out, error, requireAllTags);
}

TagMatrix cleanMtatTags(const TagMatrix &raw, MtatTagVariant variant, QStringList *missing)
{
    const std::vector<MtatSynonymGroup> groups = mtatSynonymGroups(variant);
    QSet<QString> grouped;
    for (const MtatSynonymGroup &g : groups)
        for (const QString &m : g.members)
            grouped.insert(m);

    // Output columns: each is the OR of a list of input columns.
    QStringList names;
    std::vector<std::vector<int>> sources;
    for (int c = 0; c < raw.tagCount(); ++c) {
        if (!grouped.contains(raw.tags.at(c))) {
            names << raw.tags.at(c);
            sources.push_back({c});
        }
    }
    for (const MtatSynonymGroup &g : groups) {
        std::vector<int> cols;
        for (const QString &m : g.members) {
            const int c = raw.column(m);
            if (c >= 0)
                cols.push_back(c);
            else if (missing)
                *missing << m;
        }
        if (cols.empty())
            continue;
        names << g.name;
        sources.push_back(cols);
    }

    TagMatrix out;
    out.keyName = raw.keyName;
    out.keys = raw.keys;
    out.paths = raw.paths;
    out.tags = names;
    out.values.reserve(size_t(raw.rowCount()) * names.size());
    for (int r = 0; r < raw.rowCount(); ++r) {
        for (const std::vector<int> &cols : sources) {
            uint8_t v = 0;
            for (int c : cols)
                v |= raw.at(r, c);
            out.values.push_back(v ? 1 : 0);
        }
    }
    return out;
}

} // namespace mirlo
