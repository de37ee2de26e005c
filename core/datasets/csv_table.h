#pragma once
// Delimited text tables (CSV with commas, MTAT's tab-separated files): a header
// row plus data rows of strings. Quoted fields follow RFC 4180 ("a, b" and ""
// for a literal quote; quoted fields may span lines). Every row remembers the
// 1-based line it starts on so that callers can name "file:line" in errors.
// Blank lines are skipped. Rows with a different number of fields than the
// header are an error (a truncated or damaged file must not load silently).
#include <QByteArray>
#include <QString>
#include <QStringList>

#include <vector>

namespace mirlo {

struct CsvTable {
    QStringList header;
    std::vector<QStringList> rows;
    std::vector<int> lines; // 1-based source line of each row

    int columnCount() const { return int(header.size()); }
    int rowCount() const { return int(rows.size()); }
    int column(const QString &name) const { return int(header.indexOf(name)); }
};

// Parses text; nameForErrors prefixes messages ("<name>:<line>: <problem>").
bool parseCsv(const QByteArray &text, QChar separator, const QString &nameForErrors, CsvTable &out, QString *error);
// Reads a file ("<path>: cannot open ..." when it cannot be read; an empty file is an error).
bool readCsv(const QString &path, QChar separator, CsvTable &out, QString *error);

// Quotes a field when it holds the separator, a quote or a line break.
QString csvField(const QString &field, QChar separator = QLatin1Char(','));
QByteArray formatCsv(const CsvTable &table, QChar separator = QLatin1Char(','));
bool writeTextFile(const QString &path, const QByteArray &content, QString *error);

} // namespace mirlo
