#pragma once
// `mirlo-cli beats FILE... [--downbeats] [--min-bpm X] [--max-bpm X] [--json|--jsonl]`:
// madmom's RNN + DBN beat tracker; beat times in seconds, one per line (the
// .beats format), with --downbeats `time<TAB>position in bar` (1 = downbeat).
#include <QStringList>

namespace mirlo::cli {

int runBeats(const QStringList &args);

} // namespace mirlo::cli
