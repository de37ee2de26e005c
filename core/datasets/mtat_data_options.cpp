#include "mtat_data_options.h"

namespace mirlo {

void addMtatDataOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("audio-root"),
                      QStringLiteral("MTAT audio folder (its 0..9, a..f sub-folders) for a tutorial label CSV or "
                                     "annotations_final.csv: rows are clips, found by their mp3_path."),
                      QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("metadata"),
                      QStringLiteral("Metadata CSV (clip_id, mp3_path) for a label CSV (default: the *_metadata_* "
                                     "file beside it, or annotations_final.csv)."),
                      QStringLiteral("CSV")});
    parser.addOption({QStringLiteral("ground-truth"),
                      QStringLiteral("For annotations_final.csv: %1 (default tags: the 135 cleaned tags).")
                          .arg(mtatGroundTruthNames().join(QStringLiteral(", "))),
                      QStringLiteral("NAME")});
}

bool mtatDataOptions(const QCommandLineParser &parser, DatasetLoadOptions &options, QString *error)
{
    options.audioRoot = parser.value(QStringLiteral("audio-root"));
    options.metadataCsv = parser.value(QStringLiteral("metadata"));
    options.requireFiles = true;
    const QString truth = parser.value(QStringLiteral("ground-truth"));
    if (!truth.isEmpty() && !parseMtatGroundTruth(truth, &options.groundTruth)) {
        if (error)
            *error = QStringLiteral("--ground-truth must be one of %1")
                         .arg(mtatGroundTruthNames().join(QStringLiteral(", ")));
        return false;
    }
    return true;
}

} // namespace mirlo
