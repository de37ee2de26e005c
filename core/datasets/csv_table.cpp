#include "csv_table.h"

#include <QFile>
#include <QSaveFile>

namespace mirlo {

namespace {

QString where(const QString &name, int line)
{
    return QStringLiteral("%1:%2: ").arg(name).arg(line);
}

} // namespace

bool parseCsv(const QByteArray &bytes, QChar separator, const QString &nameForErrors, CsvTable &out, QString *error)
{
    out = CsvTable();
    const QString text = QString::fromUtf8(bytes);
    const int n = int(text.size());
    int line = 1;
    int pos = 0;
    bool haveHeader = false;
    // A UTF-8 byte order mark would otherwise become part of the first column name.
    if (n > 0 && text.at(0) == QChar(0xFEFF))
        pos = 1;
    while (pos < n) {
        const int recordLine = line;
        QStringList fields;
        QString field;
        bool quoted = false;    // inside a quoted section
        bool wasQuoted = false; // the current field started with a quote
        bool recordDone = false;
        while (pos < n && !recordDone) {
            const QChar c = text.at(pos);
            if (quoted) {
                if (c == QLatin1Char('"')) {
                    if (pos + 1 < n && text.at(pos + 1) == QLatin1Char('"')) {
                        field += QLatin1Char('"');
                        pos += 2;
                        continue;
                    }
                    quoted = false;
                    ++pos;
                    continue;
                }
                if (c == QLatin1Char('\n'))
                    ++line;
                field += c;
                ++pos;
                continue;
            }
            if (c == QLatin1Char('"') && field.isEmpty() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
                ++pos;
            } else if (c == separator) {
                fields << field;
                field.clear();
                wasQuoted = false;
                ++pos;
            } else if (c == QLatin1Char('\r') || c == QLatin1Char('\n')) {
                if (c == QLatin1Char('\r') && pos + 1 < n && text.at(pos + 1) == QLatin1Char('\n'))
                    ++pos;
                ++pos;
                ++line;
                recordDone = true;
            } else {
                if (wasQuoted && !quoted) {
                    if (error)
                        *error = where(nameForErrors, recordLine) +
                                 QStringLiteral("text after the closing quote of field %1").arg(fields.size() + 1);
                    return false;
                }
                field += c;
                ++pos;
            }
        }
        if (quoted) {
            if (error)
                *error = where(nameForErrors, recordLine) + QStringLiteral("unterminated quoted field");
            return false;
        }
        fields << field;
        if (fields.size() == 1 && fields.at(0).isEmpty() && !wasQuoted)
            continue; // blank line
        if (!haveHeader) {
            out.header = fields;
            haveHeader = true;
            continue;
        }
        if (fields.size() != out.header.size()) {
            if (error)
                *error =
                    where(nameForErrors, recordLine) + QStringLiteral("expected %1 fields (as in the header), found %2")
                                                           .arg(out.header.size())
                                                           .arg(fields.size());
            return false;
        }
        out.rows.push_back(fields);
        out.lines.push_back(recordLine);
    }
    if (!haveHeader) {
        if (error)
            *error = nameForErrors + QStringLiteral(": empty file (no header row)");
        return false;
    }
    return true;
}

bool readCsv(const QString &path, QChar separator, CsvTable &out, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: cannot open (%2)").arg(path, f.errorString());
        return false;
    }
    return parseCsv(f.readAll(), separator, path, out, error);
}

QString csvField(const QString &field, QChar separator)
{
    if (!field.contains(separator) && !field.contains(QLatin1Char('"')) && !field.contains(QLatin1Char('\n')) &&
        !field.contains(QLatin1Char('\r')))
        return field;
    QString q = field;
    q.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + q + QLatin1Char('"');
}

QByteArray formatCsv(const CsvTable &table, QChar separator)
{
    QString out;
    auto appendRow = [&](const QStringList &row) {
        for (int i = 0; i < row.size(); ++i) {
            if (i)
                out += separator;
            out += csvField(row.at(i), separator);
        }
        out += QLatin1Char('\n');
    };
    appendRow(table.header);
    for (const QStringList &row : table.rows)
        appendRow(row);
    return out.toUtf8();
}

bool writeTextFile(const QString &path, const QByteArray &content, QString *error)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size() || !f.commit()) {
        if (error)
            *error = QStringLiteral("%1: cannot write (%2)").arg(path, f.errorString());
        return false;
    }
    return true;
}

} // namespace mirlo
