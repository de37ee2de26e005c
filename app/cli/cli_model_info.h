#pragma once
// `mirlo-cli model-info DIR|PRESET`: architecture, layers with output shapes
// and parameter counts (Keras "Total params" incl. BatchNorm moving
// statistics, and trainable / non-trainable), feature recipe, labels and the
// training preset of a tutorial CNN model folder or preset; for a folder the
// weights file is checked against the architecture. Pretrained tagger folders
// (musicnn / FCN / CRNN) get a summary of their manifest and tensors.
// Torch-free: counts come from core/model/tutorial_cnn_spec.h.
#include <QStringList>

namespace mirlo::cli {

int runModelInfo(const QStringList &args);

} // namespace mirlo::cli
