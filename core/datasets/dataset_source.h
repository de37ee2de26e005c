#pragma once
// Labelled file collections for training (issue 5, data sources):
// * a folder with one sub-folder per class (every audio file below a class folder, by its
//   extension (core/audio/audio_extensions.h), is an item of that class; annotations beside
//   the audio and hidden files are skipped; classes sorted by name);
// * a CSV "file,label[,label...]": one item per row, labels in the remaining fields (more
//   than one label makes the set multi-label); an optional header row whose first field is
//   "file" or "path"; relative paths are resolved against the CSV's folder;
// * a tutorial label matrix (data/mtat/*_labels_*.csv, see tag_matrix.h): the row key is the
//   item, each column a class; a single 0/1 column becomes two classes ("not_<name>", "<name>").
// Labels are indices into classes; items keep the file order.
#include "tag_matrix.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace mirlo {

struct DatasetItem {
    QString path;            // file path (absolute for folder / CSV sources) or row key
    std::vector<int> labels; // indices into Dataset::classes, ascending
};

struct Dataset {
    QString source; // where it came from (for messages)
    QStringList classes;
    std::vector<DatasetItem> items;
    // Label matrix / MTAT annotation sources: item paths are row keys (clip ids or MTAT row
    // numbers), not files, until resolveMtatAudio (mtat_audio.h) maps them to audio.
    bool rowKeys = false;
    QString keyName;      // the key column: "" = MTAT row number, "clip_id"
    QStringList mp3Paths; // MTAT mp3_path per item when the source holds it, else empty

    bool isMultiLabel() const; // some item has != 1 label
    std::vector<int> classCounts() const;
};

bool datasetFromFolder(const QString &dir, Dataset &out, QString *error);
bool datasetFromFileLabelCsv(const QString &csvPath, Dataset &out, QString *error);
bool parseFileLabelCsv(const QByteArray &text, const QString &nameForErrors, const QString &baseDir, Dataset &out,
                       QString *error);
Dataset datasetFromTagMatrix(const TagMatrix &m, const QString &source);
// Picks the reader: a directory -> folder source; a CSV whose first header field is empty or
// "clip_id" -> label matrix (also returned in *matrix when given, otherwise cleared); any
// other CSV -> file,label (read line by line: quoted fields may not span lines).
bool loadDataset(const QString &path, Dataset &out, QString *error, TagMatrix *matrix = nullptr);
// The header test loadDataset uses: the first field of the first line is empty or clip_id.
bool looksLikeLabelMatrix(const QByteArray &text);

// file,label[,label...] text (with a "file,labels..." header), paths as stored in the items.
QByteArray formatFileLabelCsv(const Dataset &d, const std::vector<int> &itemIndices);

} // namespace mirlo
