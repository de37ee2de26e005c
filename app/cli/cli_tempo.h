#pragma once
// `mirlo-cli tempo FILE... [--json|--jsonl]`: tempo of each file in BPM as
// madmom's TempoDetector .tempo line (tempo1 tempo2 strength) plus the
// median inter-beat-interval tempo of the DBN beats.
#include <QStringList>

namespace mirlo::cli {

int runTempo(const QStringList &args);

} // namespace mirlo::cli
