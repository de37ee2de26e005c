#pragma once
// Export of event lists (onsets, beats, downbeats) for other tools:
//  - Text: one "time" per line with 6 decimals, plus "<TAB>position" for beats
//    with bar positions (.txt, .beats, .onsets; what core/eval/annotations reads).
//  - Audacity label track: "start<TAB>end<TAB>label" per line; point labels
//    (start == end); the label is the beat position ("1", "2", ...) when known,
//    else LabelExportOptions::label (e.g. "onset"). Audacity uses .txt too, so
//    this format is never guessed from a suffix.
//  - Sonic Visualiser CSV: "time,label" per line without a header (SV's
//    "Import Annotation Layer" makes a time-instants layer of it).
//  - Sonic Visualiser layer (.svl): the XML SV writes for a time-instants layer
//    (a sparse one-dimensional model, resolution 1, points at sample frames
//    round(time * sampleRate)).
// Times are seconds from the first sample; sampleRate is only used by .svl.
#include "core/eval/annotations.h"

#include <QByteArray>
#include <QString>

namespace mirlo {

enum class LabelFormat { Text, Audacity, SonicVisualiserCsv, SonicVisualiserSvl };

struct LabelExportOptions {
    QString label = QStringLiteral("event"); // for events without a beat position
    QString layerName;                       // .svl: model and layer name (may be empty)
    int sampleRate = 44100;                  // .svl: frames per second of the points (use the track's rate)
    int decimals = 6;                        // text formats
};

// Beats with bar positions for export: a beat within `toleranceSec` of a
// downbeat is position 1, the following beats count 2, 3, ... up to the most
// common number of beats per bar (4 when fewer than two downbeats), wrapping
// where a downbeat is missing; beats before the first downbeat count back.
// No downbeat near any beat: plain beat times without positions.
EventList beatsWithBarPositions(const std::vector<double> &beatSec, const std::vector<double> &downbeatSec,
                                double toleranceSec = 0.035);

// Text for .txt/.beats/.onsets/.downbeats (and anything unknown), SV CSV for
// .csv, SV layer for .svl (case-insensitive).
LabelFormat labelFormatForPath(const QString &path);
// The usual suffix (without dot) and a file-dialog filter for a format.
QString labelFormatSuffix(LabelFormat format);
QString labelFormatFilter(LabelFormat format);

QByteArray formatLabels(const EventList &events, LabelFormat format, const LabelExportOptions &options = {});

// Writes atomically (QSaveFile). False + "<path>: <problem>" when the file
// cannot be written, a time is not finite or (.svl) the sample rate is not positive.
bool exportLabels(const QString &path, const EventList &events, LabelFormat format, QString *error,
                  const LabelExportOptions &options = {});

} // namespace mirlo
