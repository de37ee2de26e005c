#pragma once
// Fits a tutorial CNN preset (tutorial_cnn_spec.h) to a labelled data source:
// the one place that decides the output units, the output label names and,
// for a one-output sigmoid preset (instrumental_vocal, instrumental_vocal_b),
// which of the two classes is the positive one (output 1). Used by mirlo-train
// cnn and the GUI training window, so both write the same model for the same data.
//
// Positive class: the class named "instrumental" (case-insensitive) when there
// is one, as in the tutorial (1 = instrumental, 0 = vocal); otherwise the second
// class in the data's (sorted) order.
#include "core/datasets/dataset_source.h"
#include "core/model/tutorial_cnn_spec.h"

#include <QString>
#include <QStringList>

namespace mirlo {

// Index into classes of the positive class of a two-class, one-output model; -1 unless two classes.
int tutorialCnnPositiveClass(const QStringList &classes);

// One sigmoid output: needs exactly two classes and one label per item; data.classes
// is reordered (and every item's labels remapped) so that the positive class is
// index 1, and spec.labels = {positive class}. Softmax and multi-tag sigmoid presets
// get one output unit per class, spec.labels = data.classes (multi-label data needs a
// sigmoid preset). False + *error ("<source>: <problem>") when the data does not fit.
bool adaptTutorialCnnSpec(TutorialCnnSpec &spec, Dataset &data, QString *error);

} // namespace mirlo
