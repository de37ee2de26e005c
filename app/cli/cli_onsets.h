#pragma once
// `mirlo-cli onsets FILE... [--method flux|superflux|hfc|complex] [--threshold X]
// [--json|--jsonl]`: onset times in seconds, one per line (the .onsets format),
// or JSON objects with the detection function's frame rate and the parameters.
#include <QStringList>

namespace mirlo::cli {

int runOnsets(const QStringList &args);

} // namespace mirlo::cli
