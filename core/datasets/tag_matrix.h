#pragma once
// A binary clip × tag matrix: the common form of MTAT's annotation table, the
// tutorial's label CSVs (data/mtat/*_labels_*.csv) and the ground truths built
// from them. Rows are clips, identified by a key (the MTAT row number 0..25862
// or a clip_id, as text); columns are tags; values are 0/1.
//
// Label CSV layout (tutorial section 7): comma-separated, header row, first
// column the key (unnamed = MTAT row number, or "clip_id"), then one column per
// tag holding 0/1 (the instrumental files write 0.0/1.0).
#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace mirlo {

struct TagMatrix {
    QString keyName;             // header of the key column ("" = MTAT row number, "clip_id", ...)
    QStringList tags;            // column names
    QStringList keys;            // one per row
    QStringList paths;           // MTAT mp3_path per row, or empty
    std::vector<uint8_t> values; // rowCount × tagCount, row-major

    int rowCount() const { return int(keys.size()); }
    int tagCount() const { return int(tags.size()); }
    uint8_t at(int row, int tag) const { return values[size_t(row) * size_t(tags.size()) + size_t(tag)]; }
    uint8_t &at(int row, int tag) { return values[size_t(row) * size_t(tags.size()) + size_t(tag)]; }
    int column(const QString &tag) const { return int(tags.indexOf(tag)); }
    // Positive count per tag, in column order.
    std::vector<int> positives() const;
    // Number of positive tags of one row.
    int rowSum(int row) const;
    // Histogram: element k = number of rows with exactly k positive tags.
    std::vector<int> labelsPerRow() const;
    // The columns named (in that order); false + message when a name is missing.
    bool selectColumns(const QStringList &names, TagMatrix &out, QString *error) const;
    // The rows given by index (in that order).
    TagMatrix selectRows(const std::vector<int> &rows) const;
};

// Reads a tutorial label CSV (layout above). Values must be 0, 1, 0.0 or 1.0;
// anything else is an error naming the file, line and column.
bool readLabelCsv(const QString &path, TagMatrix &out, QString *error);
// Same layout from text (nameForErrors prefixes the messages).
bool parseLabelCsv(const QByteArray &text, const QString &nameForErrors, TagMatrix &out, QString *error);
// Writes key column, tag columns (0/1) and, when paths are present, a final mp3_path column.
QByteArray formatLabelCsv(const TagMatrix &m);

// Parses one 0/1 cell ("0", "1", "0.0", "1.0", optionally quoted upstream).
bool parseBinaryCell(const QString &cell, uint8_t &value);

} // namespace mirlo
