#pragma once
// `mirlo-cli classify --model DIR [--json] FILE...`: class / tag probabilities
// of each file from a tutorial CNN model folder (mirlo-cli train), computed
// torch-free: the folder's feature recipe (TUTORIAL 1.6 mel patch of the
// file's start), its scaler, then the network.
#include <QStringList>

namespace mirlo::cli {

int runClassify(const QStringList &args);

} // namespace mirlo::cli
