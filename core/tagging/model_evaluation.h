#pragma once
// Evaluation of a saved classifier on a labelled data source (issue 5:
// `mirlo-cli evaluate --model DIR --data PATH` and the GUI's evaluation view).
//
// Model kinds (by model.json): a tutorial Part 1 CNN folder (mirlo-train cnn /
// the training window; inference in plain C++ with TutorialCnnInference, the
// feature recipe from its manifest: one mel patch per file = the tutorial's
// first excerpt) or a pretrained MTAT tagger folder / built-in name (track
// protocol of its manifest). The data's class names are matched to the model's
// output labels by name (case-insensitive); a one-output sigmoid model (e.g.
// "instrumental") with two data classes treats the class of that name as
// positive. Classes of the data the model does not know, or model outputs the
// data does not name, are reported in an error (tutorial CNN) or ignored
// (tagger: only tags present in both are scored; none in common is an error).
//
// Runs on the calling thread; progress(fraction, detail) returning false cancels.
#include "core/datasets/dataset_source.h"
#include "core/eval/classification_metrics.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace mirlo {

struct ModelEvaluation {
    bool ok = false;
    bool cancelled = false;
    QString error;        // "<file>: <problem>"
    QStringList warnings; // per-file decode warnings, skipped files
    QString model;        // folder / name as given
    QString modelName;    // the manifest's name
    ClassificationReport report;
    // Per evaluated item: its path and its probabilities in report.classes order
    // (one value for a one-output binary model).
    QStringList itemPaths;
    std::vector<std::vector<float>> probabilities;
};

ModelEvaluation evaluateModel(const QString &modelDirOrName, const Dataset &data,
                              const std::function<bool(double, const QString &)> &progress = {});

class FeatureCache;

// Added: tutorial CNN patches read from / written to a feature cache (the one mirlo-train uses,
// so evaluating on training data starts at once); nullptr = no cache (the overload above).
struct ModelEvaluationOptions {
    const FeatureCache *cache = nullptr;
    int threads = 0; // files decoded in parallel for tutorial CNNs; 0: QThread::idealThreadCount()
};
ModelEvaluation evaluateModel(const QString &modelDirOrName, const Dataset &data,
                              const ModelEvaluationOptions &options,
                              const std::function<bool(double, const QString &)> &progress = {});

} // namespace mirlo
