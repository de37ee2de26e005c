#pragma once
// `mirlo-cli eval onsets|beats --ref FILE --est FILE`: mir_eval-compatible
// onset (F-measure, precision, recall) and beat scores of an estimate against
// a reference annotation, as "Name: value" lines or JSON with mir_eval's keys.
#include <QStringList>

namespace mirlo::cli {

int runEval(const QStringList &args);

} // namespace mirlo::cli
