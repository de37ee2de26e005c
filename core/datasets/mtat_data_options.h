#pragma once
// The command-line options that point a data source at the MTAT audio (shared by
// `mirlo-train cnn` and `mirlo-cli evaluate`): --audio-root DIR, --metadata CSV and
// --ground-truth tags|instrumental|genre|mood (for annotations_final.csv).
#include "mtat_audio.h"

#include <QCommandLineParser>

namespace mirlo {

void addMtatDataOptions(QCommandLineParser &parser);
// Fills options from the parsed arguments (requireFiles is set: training and evaluation need
// audio); false + message for an unknown ground truth.
bool mtatDataOptions(const QCommandLineParser &parser, DatasetLoadOptions &options, QString *error);

} // namespace mirlo
