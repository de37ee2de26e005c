#pragma once
#include <QStringList>

namespace mirlo::cli {

// mirlo-cli train-onsets: runs the mirlo-train executable next to mirlo-cli
// (training links libtorch, which mirlo-cli does not load; see app/CMakeLists.txt).
int runTrainOnsets(const QStringList &args);

} // namespace mirlo::cli
