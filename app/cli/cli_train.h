#pragma once
// `mirlo-cli train --data PATH [--task binary|multiclass|multilabel] [--arch NAME] --out DIR [--epochs N]
// [--audio-root DIR]`: trains a tutorial CNN by running `mirlo-train cnn` (mirlo-cli does not link
// libtorch), forwarding its output and exit code.
#include <QStringList>

namespace mirlo::cli {

int runTrain(const QStringList &args);

} // namespace mirlo::cli
