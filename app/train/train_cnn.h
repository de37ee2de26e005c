#pragma once
// `mirlo-train cnn ...` (run by `mirlo-cli train`): trains a tutorial Part 1 CNN
// preset on a labelled data source (class folders, file,label CSV) and writes
// a model folder (model.json + weights.safetensors + scaler.safetensors).
#include <QStringList>

namespace mirlo::train {

// args[0] is the program name, args[1] the word "cnn".
int runTrainCnn(const QStringList &args);

} // namespace mirlo::train
