#pragma once
// Finding the audio of MagnaTagATune label rows (issue 5, data sources).
//
// A tutorial label matrix (data/mtat/*_labels_*.csv) names clips by a key: the MTAT row
// number (unnamed first column) or a clip_id (the `_w_clipid` files), never by a file. Users
// who own the MTAT audio point Mirlo at the folder holding its 0..9, a..f sub-folders (the
// "audio root"); each key is looked up in a table that gives the clip's mp3_path:
// * MTAT's annotations_final.csv (tab-separated; clip_id first, mp3_path last; the row
//   number is the 0-based data row), or
// * a tutorial metadata CSV (`,clip_id,mp3_path,...`; the unnamed first column is the row
//   number; mp3_path is the author's absolute path whose part after "mp3_full/" is the MTAT
//   relative path; numbers may be written as floats, "37.0").
// A clip is found at <root>/<relative path>, or with the same name and another audio
// extension (core/audio/audio_extensions.h) for users who converted the MP3s.
// MTAT's annotations_final.csv can also be a data source on its own, with one of the
// tutorial's ground truths (mtat_ground_truth.h) built from it; it carries its mp3 paths.
#include "dataset_source.h"

#include <QString>
#include <QStringList>

namespace mirlo {

enum class MtatGroundTruth {
    Tags,              // the 135 cleaned tags (TUTORIAL 1.3), multi-label
    InstrumentalVocal, // TUTORIAL 1.5 + P0a XOR: binary "instrumental"
    Genre,             // TUTORIAL 1.5: clips with exactly one of 8 genres
    Mood,              // TUTORIAL 1.5 + P0a: moods with >= minMoodPositives clips, multi-label
};

QStringList mtatGroundTruthNames(); // "tags", "instrumental", "genre", "mood" (enum order)
bool parseMtatGroundTruth(const QString &name, MtatGroundTruth *out);

// True when the file's first line is a tab-separated header starting with clip_id.
bool looksLikeMtatAnnotations(const QString &path);

// The ground truth of a raw annotation table (readMtatAnnotations); post applies P0a (XOR for
// instrumental, moods with >= minMoodPositives clips; Tags and Genre have none). The Part 1
// ground truths use the 133-tag variant of the cleaning, as the tutorial.
bool mtatGroundTruthMatrix(const TagMatrix &raw, MtatGroundTruth truth, bool post, TagMatrix &out, QString *error,
                           int minMoodPositives = 100);
// annotations_final.csv -> a dataset of the chosen ground truth (row keys = clip ids, with
// mp3Paths), post-processed.
bool datasetFromMtatAnnotations(const QString &path, MtatGroundTruth truth, Dataset &out, QString *error,
                                int minMoodPositives = 100);

// Tables that may hold the mp3 paths of a label file's keys, most likely first: the tutorial's
// metadata file of the same name ("_labels" -> "_metadata", without "_post" / "_w_clipid"),
// the other *_metadata*.csv beside it, then annotations_final.csv beside it or in audioRoot.
QStringList mtatMetadataCandidates(const QString &labelFile, const QString &audioRoot);

// Maps every row-key item of d (rowKeys) to its audio file under audioRoot. The mp3 paths come
// from d.mp3Paths when present, else from metadataCsv, else from the first candidate above
// that knows every key (or the one knowing most). Items without audio are removed and
// described in *missing ("<key> (<relative path>)"); false + *error when the root is not a
// folder, no table knows the keys, or no item has audio (the error names the root).
// On success the item paths are absolute files and d.rowKeys is false.
bool resolveMtatAudio(Dataset &d, const QString &audioRoot, const QString &metadataCsv, QString *error,
                      QStringList *missing = nullptr);
// One warning line for items left out: count, root and the first few names.
QString missingAudioWarning(const QStringList &missing, int total, const QString &audioRoot);

// loadDataset plus the MTAT options: annotations_final.csv becomes the chosen ground truth,
// and with an audio root row keys are resolved (warnings: missing audio).
struct DatasetLoadOptions {
    QString audioRoot;   // empty: row keys stay keys
    QString metadataCsv; // empty: look beside the label file
    MtatGroundTruth groundTruth = MtatGroundTruth::Tags;
    int minMoodPositives = 100;
    bool requireFiles = false; // row keys without an audio root are an error (training, evaluation)
};
bool loadDataset(const QString &path, const DatasetLoadOptions &options, Dataset &out, QString *error,
                 QStringList *warnings = nullptr);
// True when path is a source whose items are MTAT row keys (a label matrix or
// annotations_final.csv), i.e. one that needs an audio root for training or evaluation.
bool isMtatLabelSource(const QString &path);

} // namespace mirlo
