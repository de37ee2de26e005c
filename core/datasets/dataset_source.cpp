#include "dataset_source.h"

#include "csv_table.h"

#include "core/audio/audio_extensions.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace mirlo {

bool Dataset::isMultiLabel() const
{
    for (const DatasetItem &it : items)
        if (it.labels.size() != 1)
            return true;
    return false;
}

std::vector<int> Dataset::classCounts() const
{
    std::vector<int> counts(size_t(classes.size()), 0);
    for (const DatasetItem &it : items)
        for (int l : it.labels)
            ++counts[size_t(l)];
    return counts;
}

bool datasetFromFolder(const QString &dirPath, Dataset &out, QString *error)
{
    QDir dir(dirPath);
    if (!dir.exists()) {
        if (error)
            *error = QStringLiteral("%1: no such folder").arg(dirPath);
        return false;
    }
    out = Dataset();
    out.source = dirPath;
    const QStringList classDirs = dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString &cls : classDirs) {
        QStringList files;
        QDirIterator it(dir.filePath(cls), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            // Annotations often sit beside the audio (song.vocals.lab): they are not items.
            const QString f = it.next();
            if (hasAudioExtension(f))
                files << QFileInfo(f).absoluteFilePath();
        }
        if (files.isEmpty())
            continue; // an empty class folder would make a class nobody can learn
        std::sort(files.begin(), files.end()); // directory order is not portable
        const int label = int(out.classes.size());
        out.classes << cls;
        for (const QString &f : files)
            out.items.push_back({f, {label}});
    }
    if (out.classes.isEmpty()) {
        if (error)
            *error = QStringLiteral("%1: no class sub-folder with files").arg(dirPath);
        return false;
    }
    return true;
}

bool parseFileLabelCsv(const QByteArray &text, const QString &name, const QString &baseDir, Dataset &out,
                       QString *error)
{
    out = Dataset();
    out.source = name;
    // Rows may have different numbers of labels, so this is parsed line by line rather than
    // as a rectangular table; quoted fields (paths with commas) are handled by parseCsv per line.
    const QList<QByteArray> lines = text.split('\n');
    QStringList labelsInOrder;
    struct Row {
        QString path;
        QStringList labels;
    };
    std::vector<Row> rows;
    bool first = true;
    for (int i = 0; i < lines.size(); ++i) {
        QByteArray line = lines.at(i);
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.trimmed().isEmpty())
            continue;
        CsvTable one;
        QString err;
        if (!parseCsv(line, QLatin1Char(','), name, one, &err)) {
            if (error)
                *error = QStringLiteral("%1:%2: %3").arg(name).arg(i + 1).arg(err.section(QStringLiteral(": "), 1, -1));
            return false;
        }
        QStringList fields = one.header;
        for (QString &f : fields)
            f = f.trimmed();
        if (first) {
            first = false;
            const QString f0 = fields.first().toLower();
            if (f0 == QLatin1String("file") || f0 == QLatin1String("path"))
                continue;
        }
        if (fields.first().isEmpty()) {
            if (error)
                *error = QStringLiteral("%1:%2: empty file name").arg(name).arg(i + 1);
            return false;
        }
        QStringList labels;
        for (int f = 1; f < fields.size(); ++f) {
            if (fields.at(f).isEmpty())
                continue; // trailing commas of spreadsheet exports
            if (!labels.contains(fields.at(f)))
                labels << fields.at(f);
        }
        if (labels.isEmpty()) {
            if (error)
                *error = QStringLiteral("%1:%2: '%3' has no label").arg(name).arg(i + 1).arg(fields.first());
            return false;
        }
        for (const QString &l : labels)
            if (!labelsInOrder.contains(l))
                labelsInOrder << l;
        QString path = fields.first();
        if (!baseDir.isEmpty() && QFileInfo(path).isRelative())
            path = QDir(baseDir).filePath(path);
        rows.push_back({path, labels});
    }
    if (rows.empty()) {
        if (error)
            *error = QStringLiteral("%1: no items").arg(name);
        return false;
    }
    out.classes = labelsInOrder;
    std::sort(out.classes.begin(), out.classes.end());
    for (const Row &r : rows) {
        DatasetItem item;
        item.path = r.path;
        for (const QString &l : r.labels)
            item.labels.push_back(int(out.classes.indexOf(l)));
        std::sort(item.labels.begin(), item.labels.end());
        out.items.push_back(item);
    }
    return true;
}

bool datasetFromFileLabelCsv(const QString &csvPath, Dataset &out, QString *error)
{
    QFile f(csvPath);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: cannot open (%2)").arg(csvPath, f.errorString());
        return false;
    }
    return parseFileLabelCsv(f.readAll(), csvPath, QFileInfo(csvPath).absolutePath(), out, error);
}

Dataset datasetFromTagMatrix(const TagMatrix &m, const QString &source)
{
    Dataset d;
    d.source = source;
    d.rowKeys = true;
    d.keyName = m.keyName;
    d.mp3Paths = m.paths;
    const bool binary = m.tagCount() == 1;
    if (binary)
        d.classes << QStringLiteral("not_") + m.tags.first() << m.tags.first();
    else
        d.classes = m.tags;
    for (int r = 0; r < m.rowCount(); ++r) {
        DatasetItem item;
        item.path = m.keys.at(r);
        if (binary) {
            item.labels.push_back(m.at(r, 0) ? 1 : 0);
        } else {
            for (int t = 0; t < m.tagCount(); ++t)
                if (m.at(r, t))
                    item.labels.push_back(t);
        }
        d.items.push_back(item);
    }
    return d;
}

bool looksLikeLabelMatrix(const QByteArray &text)
{
    // A label matrix is recognised by its key column header (the tutorial's files: unnamed or
    // clip_id); anything else is read as file,label so that a header-less list whose labels
    // happen to be "0"/"1" is never mistaken for a matrix.
    QByteArray firstField = text.left(text.indexOf('\n'));
    firstField = firstField.left(firstField.indexOf(',')).trimmed().toLower();
    if (firstField.startsWith("\xef\xbb\xbf"))
        firstField.remove(0, 3);
    return firstField.isEmpty() || firstField == "clip_id" || firstField == "\"clip_id\"" || firstField == "\"\"";
}

bool loadDataset(const QString &path, Dataset &out, QString *error, TagMatrix *matrix)
{
    if (matrix)
        *matrix = TagMatrix();
    const QFileInfo info(path);
    if (info.isDir())
        return datasetFromFolder(path, out, error);
    if (!info.exists()) {
        if (error)
            *error = QStringLiteral("%1: no such file or folder").arg(path);
        return false;
    }
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: cannot open (%2)").arg(path, f.errorString());
        return false;
    }
    const QByteArray text = f.readAll();
    if (looksLikeLabelMatrix(text)) {
        TagMatrix m;
        if (!parseLabelCsv(text, path, m, error))
            return false;
        out = datasetFromTagMatrix(m, path);
        if (matrix)
            *matrix = m;
        return true;
    }
    return parseFileLabelCsv(text, path, info.absolutePath(), out, error);
}

QByteArray formatFileLabelCsv(const Dataset &d, const std::vector<int> &itemIndices)
{
    QString out = d.isMultiLabel() ? QStringLiteral("file,labels\n") : QStringLiteral("file,label\n");
    for (int i : itemIndices) {
        const DatasetItem &item = d.items[size_t(i)];
        out += csvField(item.path);
        for (int l : item.labels)
            out += QLatin1Char(',') + csvField(d.classes.at(l));
        out += QLatin1Char('\n');
    }
    return out.toUtf8();
}

} // namespace mirlo
