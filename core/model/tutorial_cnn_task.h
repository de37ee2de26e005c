#pragma once
// Which classification task a labelled data source implies for a tutorial CNN
// and which preset serves a task by default (issue 5: "binary / multi-class /
// multi-label, defaulting from the data"), shared by the GUI training window
// and mirlo-train cnn. Pairs with tutorial_cnn_adapt.h, which fits the chosen
// preset's outputs to the data's classes.
#include "core/datasets/dataset_source.h"
#include "core/eval/classification_metrics.h"
#include "core/model/tutorial_cnn_spec.h"

#include <QString>

namespace mirlo {

// "binary", "multiclass", "multilabel" (classificationTaskName's names); false for anything else.
bool parseClassificationTask(const QString &name, ClassificationTask *out);
// Multi-label when some item has != 1 label; else binary for two classes, multi-class otherwise.
ClassificationTask datasetTask(const Dataset &data);
// True when the task can be trained on the data: the implied task, or a two-way softmax
// (multi-class) for two single-label classes. Else false + *error "<source>: the data is ...".
bool taskFitsData(ClassificationTask task, const Dataset &data, QString *error);
// instrumental_vocal (binary), compact_cnn_genre (multi-class), compact_cnn_mood (multi-label).
QString defaultCnnPreset(ClassificationTask task);
// The report task of a network: one output -> binary, sigmoid outputs -> multi-label, else multi-class.
ClassificationTask networkTask(const TutorialCnnSpec &spec);

} // namespace mirlo
