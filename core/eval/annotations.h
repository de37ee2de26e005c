#pragma once
// Annotation (ground truth) event lists: reading and writing the text formats
// of shared/data (.beats "time<TAB>position", .downbeats, .onsets, .txt, and
// .csv with commas or whitespace), and finding the files that belong to an
// audio file. Times are seconds from the first sample. Reading skips '#'
// comment lines and blank lines; anything else that is not a number gives an
// error naming the file and the line.
#include <QByteArray>
#include <QString>

#include <vector>

namespace mirlo {

struct EventList {
    std::vector<double> times;  // seconds, in file order
    std::vector<int> positions; // beat position per event (1 = downbeat); empty when the file has none
    std::vector<int> lines;     // 1-based source line of each event (for messages); may be empty
    bool hasPositions() const { return !positions.empty() && positions.size() == times.size(); }
};

// Parses annotation text. nameForErrors prefixes messages: "<name>: line 7: 'abc' is not a time in seconds".
// The first field of a line is the time; a second field that is an integer on every line is the beat
// position; further fields are ignored (labels, durations). A .csv header line is allowed when
// allowHeader is true (the first data line, when its first field is not a number).
bool parseEventText(const QByteArray &text, const QString &nameForErrors, EventList &out, QString *error,
                    bool allowHeader = false);

// Reads a file (headers allowed for .csv). False + "<file>: <problem>" on failure.
bool readEventFile(const QString &path, EventList &out, QString *error);

// mir_eval's validate_events: times at most 30000 s and never decreasing. False + "<name>: line N: ..." .
bool validateEventTimes(const EventList &events, const QString &nameForErrors, QString *error);

// One event per line, "%.{decimals}f" seconds, plus "<TAB>position" when known.
QByteArray formatEventList(const EventList &events, int decimals = 6);
QByteArray formatEventList(const std::vector<double> &times, int decimals = 6);
bool writeEventFile(const QString &path, const EventList &events, QString *error, int decimals = 6);

// Truth files next to an audio file: same folder and stem ("song.flac" -> "song.beats"), else a shared
// name made by cutting the stem at its last underscores ("clip_44k_s16_mono.wav" -> "clip.beats").
// Empty strings where nothing was found.
struct AnnotationFiles {
    QString beats;
    QString downbeats;
    QString onsets;
    bool isEmpty() const { return beats.isEmpty() && downbeats.isEmpty() && onsets.isEmpty(); }
};
AnnotationFiles findAnnotationFiles(const QString &audioPath);
// The same search for one extension (without dot, e.g. "onsets").
QString findAnnotationFile(const QString &audioPath, const QString &extension);

} // namespace mirlo
