#include "tag_matrix.h"

#include "csv_table.h"

#include <QFile>

namespace mirlo {

std::vector<int> TagMatrix::positives() const
{
    std::vector<int> count(size_t(tags.size()), 0);
    for (int r = 0; r < rowCount(); ++r)
        for (int t = 0; t < tagCount(); ++t)
            count[size_t(t)] += at(r, t);
    return count;
}

int TagMatrix::rowSum(int row) const
{
    int s = 0;
    for (int t = 0; t < tagCount(); ++t)
        s += at(row, t);
    return s;
}

std::vector<int> TagMatrix::labelsPerRow() const
{
    std::vector<int> hist(size_t(tagCount()) + 1, 0);
    for (int r = 0; r < rowCount(); ++r)
        ++hist[size_t(rowSum(r))];
    while (hist.size() > 1 && hist.back() == 0)
        hist.pop_back();
    return hist;
}

bool TagMatrix::selectColumns(const QStringList &names, TagMatrix &out, QString *error) const
{
    std::vector<int> cols;
    for (const QString &name : names) {
        const int c = column(name);
        if (c < 0) {
            if (error)
                *error = QStringLiteral("tag '%1' is not a column of the table").arg(name);
            return false;
        }
        cols.push_back(c);
    }
    out = TagMatrix();
    out.keyName = keyName;
    out.tags = names;
    out.keys = keys;
    out.paths = paths;
    out.values.reserve(size_t(rowCount()) * cols.size());
    for (int r = 0; r < rowCount(); ++r)
        for (int c : cols)
            out.values.push_back(at(r, c));
    return true;
}

TagMatrix TagMatrix::selectRows(const std::vector<int> &rows) const
{
    TagMatrix out;
    out.keyName = keyName;
    out.tags = tags;
    out.values.reserve(rows.size() * size_t(tagCount()));
    for (int r : rows) {
        out.keys << keys.at(r);
        if (!paths.isEmpty())
            out.paths << paths.at(r);
        for (int t = 0; t < tagCount(); ++t)
            out.values.push_back(at(r, t));
    }
    return out;
}

bool parseBinaryCell(const QString &cell, uint8_t &value)
{
    const QString s = cell.trimmed();
    if (s == QLatin1String("0") || s == QLatin1String("0.0")) {
        value = 0;
        return true;
    }
    if (s == QLatin1String("1") || s == QLatin1String("1.0")) {
        value = 1;
        return true;
    }
    return false;
}

bool parseLabelCsv(const QByteArray &text, const QString &name, TagMatrix &out, QString *error)
{
    CsvTable table;
    if (!parseCsv(text, QLatin1Char(','), name, table, error))
        return false;
    if (table.columnCount() < 2) {
        if (error)
            *error = name + QStringLiteral(":1: a label file needs a key column and at least one label column");
        return false;
    }
    out = TagMatrix();
    out.keyName = table.header.at(0);
    // formatLabelCsv (and mirlo-cli dataset mtat-clean) end with the clips' mp3_path column.
    const bool withPaths = table.header.last() == QLatin1String("mp3_path") && table.columnCount() > 2;
    out.tags = table.header.mid(1, table.columnCount() - (withPaths ? 2 : 1));
    for (int t = 0; t < out.tags.size(); ++t) {
        if (out.tags.at(t).isEmpty() || out.tags.indexOf(out.tags.at(t)) != t) {
            if (error)
                *error =
                    name +
                    QStringLiteral(":1: label column %1 is empty or repeated ('%2')").arg(t + 2).arg(out.tags.at(t));
            return false;
        }
    }
    out.values.reserve(size_t(table.rowCount()) * size_t(out.tags.size()));
    for (int r = 0; r < table.rowCount(); ++r) {
        const QStringList &row = table.rows[size_t(r)];
        if (row.at(0).trimmed().isEmpty()) {
            if (error)
                *error =
                    QStringLiteral("%1:%2: empty key ('%3')").arg(name).arg(table.lines[size_t(r)]).arg(out.keyName);
            return false;
        }
        out.keys << row.at(0).trimmed();
        if (withPaths)
            out.paths << row.last();
        for (int c = 1; c <= out.tagCount(); ++c) {
            uint8_t v = 0;
            if (!parseBinaryCell(row.at(c), v)) {
                if (error)
                    *error = QStringLiteral("%1:%2: column '%3': expected 0 or 1, found '%4'")
                                 .arg(name)
                                 .arg(table.lines[size_t(r)])
                                 .arg(table.header.at(c), row.at(c));
                return false;
            }
            out.values.push_back(v);
        }
    }
    return true;
}

bool readLabelCsv(const QString &path, TagMatrix &out, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: cannot open (%2)").arg(path, f.errorString());
        return false;
    }
    return parseLabelCsv(f.readAll(), path, out, error);
}

QByteArray formatLabelCsv(const TagMatrix &m)
{
    CsvTable t;
    t.header << m.keyName << m.tags;
    const bool withPaths = !m.paths.isEmpty();
    if (withPaths)
        t.header << QStringLiteral("mp3_path");
    t.rows.reserve(size_t(m.rowCount()));
    for (int r = 0; r < m.rowCount(); ++r) {
        QStringList row;
        row << m.keys.at(r);
        for (int c = 0; c < m.tagCount(); ++c)
            row << (m.at(r, c) ? QStringLiteral("1") : QStringLiteral("0"));
        if (withPaths)
            row << m.paths.at(r);
        t.rows.push_back(row);
    }
    return formatCsv(t);
}

} // namespace mirlo
