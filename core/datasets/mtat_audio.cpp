#include "mtat_audio.h"

#include "core/audio/audio_extensions.h"
#include "csv_table.h"
#include "mtat.h"
#include "mtat_ground_truth.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>

#include <cmath>

namespace mirlo {

namespace {

constexpr int kMissingNamesShown = 5;

// "37", "37.0" -> "37": the tutorial's full files write numbers as floats.
QString normalisedKey(const QString &cell)
{
    const QString s = cell.trimmed();
    bool ok = false;
    const double v = s.toDouble(&ok);
    if (ok && v >= 0 && v == std::floor(v) && v < 1e15)
        return QString::number(qint64(v));
    return s;
}

// The MTAT relative path "<dir>/<file>.mp3" of a stored mp3_path (relative already, or the
// tutorial author's absolute Windows path ".../mp3_full/<dir>/<file>.mp3").
QString relativeMp3Path(QString p)
{
    p = p.trimmed();
    p.replace(QLatin1Char('\\'), QLatin1Char('/'));
    const int full = int(p.lastIndexOf(QLatin1String("mp3_full/")));
    if (full >= 0)
        return p.mid(full + 9);
    const bool drive = p.size() > 2 && p.at(1) == QLatin1Char(':') && p.at(2) == QLatin1Char('/');
    if (drive || p.startsWith(QLatin1Char('/'))) {
        const QStringList parts = p.split(QLatin1Char('/'), Qt::SkipEmptyParts);
        return parts.mid(std::max(0, int(parts.size()) - 2)).join(QLatin1Char('/'));
    }
    return p;
}

// The audio file of one clip below root, or "" when there is none.
QString locateAudio(const QString &root, const QString &relative)
{
    if (relative.isEmpty())
        return {};
    const QDir dir(root);
    const QString exact = dir.filePath(relative);
    if (QFileInfo(exact).isFile())
        return QFileInfo(exact).absoluteFilePath();
    // A converted collection keeps the names with another audio extension.
    const QFileInfo info(exact);
    const QString stem = info.path() + QLatin1Char('/') + info.completeBaseName() + QLatin1Char('.');
    for (const QString &ext : audioFileExtensions()) {
        const QFileInfo alt(stem + ext);
        if (alt.isFile())
            return alt.absoluteFilePath();
    }
    return {};
}

// key -> relative mp3 path of one table, for keys of the given kind ("" = row number).
bool readPathTable(const QString &path, const QString &keyName, QHash<QString, QString> &out, QString *error)
{
    out.clear();
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: cannot open (%2)").arg(path, f.errorString());
        return false;
    }
    const QByteArray head = f.peek(4096);
    const bool annotations = head.left(head.indexOf('\n')).contains('\t');
    CsvTable t;
    if (!readCsv(path, annotations ? QLatin1Char('\t') : QLatin1Char(','), t, error))
        return false;
    const int pathCol = t.column(QStringLiteral("mp3_path"));
    const int idCol = t.column(QStringLiteral("clip_id"));
    if (pathCol < 0 || idCol < 0) {
        if (error)
            *error = QStringLiteral("%1:1: no clip_id and mp3_path columns").arg(path);
        return false;
    }
    const bool byClipId = keyName.trimmed().toLower() == QLatin1String("clip_id");
    for (int r = 0; r < t.rowCount(); ++r) {
        const QStringList &row = t.rows[size_t(r)];
        const QString mp3 = row.at(pathCol).trimmed();
        if (mp3.isEmpty())
            continue; // genres_full / moods_full end with rows without metadata
        // The row number is the annotation file's data row, or the metadata's first column.
        const QString key =
            byClipId ? normalisedKey(row.at(idCol)) : (annotations ? QString::number(r) : normalisedKey(row.at(0)));
        out.insert(key, relativeMp3Path(mp3));
    }
    return true;
}

int coveredKeys(const Dataset &d, const QHash<QString, QString> &table)
{
    int n = 0;
    for (const DatasetItem &item : d.items)
        n += table.contains(normalisedKey(item.path)) ? 1 : 0;
    return n;
}

// The key -> path table for d: the best of the candidate files.
bool pathTableFor(const Dataset &d, const QString &audioRoot, const QString &metadataCsv, QHash<QString, QString> &best,
                  QString *error)
{
    const QStringList candidates =
        metadataCsv.isEmpty() ? mtatMetadataCandidates(d.source, audioRoot) : QStringList{metadataCsv};
    int bestCount = 0;
    QStringList problems;
    for (const QString &c : candidates) {
        QHash<QString, QString> table;
        QString e;
        if (!readPathTable(c, d.keyName, table, &e)) {
            problems << e;
            continue;
        }
        const int n = coveredKeys(d, table);
        if (n > bestCount) {
            bestCount = n;
            best = table;
        }
        if (n == int(d.items.size()))
            break;
    }
    if (bestCount > 0)
        return true;
    if (error) {
        const QString kind = d.keyName.isEmpty() ? QStringLiteral("MTAT row numbers") : d.keyName;
        *error = candidates.isEmpty()
                     ? QStringLiteral("%1: no metadata file (*_metadata*.csv or annotations_final.csv) beside it to "
                                      "find the audio of its %2; name one")
                           .arg(d.source, kind)
                     : QStringLiteral("%1: none of %2 gives an mp3_path for its %3%4")
                           .arg(d.source, candidates.join(QStringLiteral(", ")), kind,
                                problems.isEmpty()
                                    ? QString()
                                    : QStringLiteral(" (") + problems.join(QStringLiteral("; ")) + QLatin1Char(')'));
    }
    return false;
}

} // namespace

QStringList mtatGroundTruthNames()
{
    return {QStringLiteral("tags"), QStringLiteral("instrumental"), QStringLiteral("genre"), QStringLiteral("mood")};
}

bool parseMtatGroundTruth(const QString &name, MtatGroundTruth *out)
{
    const int i = int(mtatGroundTruthNames().indexOf(name.trimmed().toLower()));
    if (i < 0)
        return false;
    *out = MtatGroundTruth(i);
    return true;
}

bool looksLikeMtatAnnotations(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    QByteArray line = f.readLine(4096);
    if (line.startsWith("\xef\xbb\xbf"))
        line.remove(0, 3);
    return line.contains('\t') && (line.startsWith("clip_id") || line.startsWith("\"clip_id\""));
}

bool mtatGroundTruthMatrix(const TagMatrix &raw, MtatGroundTruth truth, bool post, TagMatrix &out, QString *error,
                           int minMoodPositives)
{
    if (truth == MtatGroundTruth::Tags) {
        out = cleanMtatTags(raw, MtatTagVariant::Tags135);
        return true;
    }
    const TagMatrix clean = cleanMtatTags(raw, MtatTagVariant::Tags133);
    if (truth == MtatGroundTruth::Genre)
        return mtatGenreGroundTruth(clean, out, error);
    TagMatrix full;
    if (truth == MtatGroundTruth::InstrumentalVocal) {
        if (!mtatInstrumentalSinging(clean, MtatTagVariant::Tags133, full, error))
            return false;
        if (!post) {
            out = full;
            return true;
        }
        return mtatInstrumentalPost(full, out, error);
    }
    if (!mtatMoodGroundTruth(clean, full, error))
        return false;
    out = post ? mtatMoodPost(full, minMoodPositives) : full;
    return true;
}

bool datasetFromMtatAnnotations(const QString &path, MtatGroundTruth truth, Dataset &out, QString *error,
                                int minMoodPositives)
{
    TagMatrix raw, m;
    if (!readMtatAnnotations(path, raw, error))
        return false;
    QString e;
    if (mtatGroundTruthMatrix(raw, truth, true, m, &e, minMoodPositives)) {
        if (m.tagCount() == 0)
            e = QStringLiteral("no mood tag has %1 or more clips").arg(minMoodPositives);
        else if (m.rowCount() == 0)
            e = QStringLiteral("no clip qualifies for the %1 ground truth").arg(mtatGroundTruthNames().at(int(truth)));
        else {
            out = datasetFromTagMatrix(m, path);
            return true;
        }
    }
    if (error)
        *error = QStringLiteral("%1: %2").arg(path, e);
    return false;
}

QStringList mtatMetadataCandidates(const QString &labelFile, const QString &audioRoot)
{
    QStringList out;
    auto add = [&out](const QString &p) {
        const QString abs = QFileInfo(p).absoluteFilePath();
        if (QFileInfo(abs).isFile() && !out.contains(abs))
            out << abs;
    };
    const QFileInfo info(labelFile);
    const QDir dir = info.absoluteDir();
    QString name = info.fileName();
    if (name.contains(QLatin1String("_labels"))) {
        name.replace(QLatin1String("_w_clipid"), QString()).replace(QLatin1String("_post"), QString());
        name.replace(QLatin1String("_labels"), QLatin1String("_metadata"));
        add(dir.filePath(name));
    }
    for (const QString &f : dir.entryList({QStringLiteral("*_metadata*.csv")}, QDir::Files, QDir::Name))
        add(dir.filePath(f));
    add(dir.filePath(QStringLiteral("annotations_final.csv")));
    if (!audioRoot.isEmpty())
        add(QDir(audioRoot).filePath(QStringLiteral("annotations_final.csv")));
    return out;
}

bool resolveMtatAudio(Dataset &d, const QString &audioRoot, const QString &metadataCsv, QString *error,
                      QStringList *missing)
{
    if (missing)
        missing->clear();
    if (!QFileInfo(audioRoot).isDir()) {
        if (error)
            *error = QStringLiteral("%1: no such audio folder").arg(audioRoot);
        return false;
    }
    const bool ownPaths = d.mp3Paths.size() == int(d.items.size()) && !d.items.empty();
    QHash<QString, QString> table;
    if (!ownPaths && !pathTableFor(d, audioRoot, metadataCsv, table, error))
        return false;
    std::vector<DatasetItem> found;
    QStringList lost;
    for (size_t i = 0; i < d.items.size(); ++i) {
        const QString key = d.items[i].path;
        const QString rel = ownPaths ? relativeMp3Path(d.mp3Paths.at(int(i))) : table.value(normalisedKey(key));
        const QString file = locateAudio(audioRoot, rel);
        if (file.isEmpty()) {
            lost << (rel.isEmpty() ? QStringLiteral("%1 (no mp3_path)").arg(key)
                                   : QStringLiteral("%1 (%2)").arg(key, rel));
            continue;
        }
        found.push_back({file, d.items[i].labels});
    }
    if (found.empty()) {
        if (error)
            *error = QStringLiteral("%1: none of the %2 clips of %3 is there (first: %4)")
                         .arg(audioRoot)
                         .arg(d.items.size())
                         .arg(d.source, lost.value(0));
        return false;
    }
    d.items = std::move(found);
    d.rowKeys = false;
    d.mp3Paths.clear();
    if (missing)
        *missing = lost;
    return true;
}

QString missingAudioWarning(const QStringList &missing, int total, const QString &audioRoot)
{
    if (missing.isEmpty())
        return {};
    QString names = missing.mid(0, kMissingNamesShown).join(QStringLiteral(", "));
    if (missing.size() > kMissingNamesShown)
        names += QStringLiteral(" and %1 more").arg(missing.size() - kMissingNamesShown);
    return QStringLiteral("%1 of %2 clips have no audio under %3 and are left out: %4")
        .arg(missing.size())
        .arg(total)
        .arg(audioRoot, names);
}

bool loadDataset(const QString &path, const DatasetLoadOptions &options, Dataset &out, QString *error,
                 QStringList *warnings)
{
    const bool annotations = !QFileInfo(path).isDir() && looksLikeMtatAnnotations(path);
    if (annotations ? !datasetFromMtatAnnotations(path, options.groundTruth, out, error, options.minMoodPositives)
                    : !loadDataset(path, out, error))
        return false;
    if (out.rowKeys && options.audioRoot.isEmpty() && options.requireFiles) {
        if (error)
            *error = QStringLiteral("%1: its items are MTAT clips (%2), not audio files; give the folder holding the "
                                    "MTAT audio (--audio-root DIR, or the Audio folder field)")
                         .arg(path, out.keyName.isEmpty() ? QStringLiteral("row numbers") : out.keyName);
        return false;
    }
    if (!out.rowKeys || options.audioRoot.isEmpty())
        return true;
    const int total = int(out.items.size());
    QStringList missing;
    if (!resolveMtatAudio(out, options.audioRoot, options.metadataCsv, error, &missing))
        return false;
    if (warnings && !missing.isEmpty())
        *warnings << missingAudioWarning(missing, total, options.audioRoot);
    return true;
}

bool isMtatLabelSource(const QString &path)
{
    const QFileInfo info(path);
    if (!info.isFile())
        return false;
    if (looksLikeMtatAnnotations(path))
        return true;
    QFile f(path);
    return f.open(QIODevice::ReadOnly) && looksLikeLabelMatrix(f.readLine(4096));
}

} // namespace mirlo
