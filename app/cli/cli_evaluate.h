#pragma once
// `mirlo-cli evaluate --model DIR|NAME --data PATH [--audio-root DIR] [--json] [--top N]`: scores
// a tutorial CNN folder or an MTAT tagger (folder or built-in name) on labelled
// audio (class folders, file,label CSV, MTAT label CSV + --audio-root) with evaluateModel: a summary table
// (accuracy, macro / weighted F1, macro ROC-AUC and PR-AUC, Hamming loss),
// per-class rows and, for single-label tasks, the confusion matrix; or the
// report as JSON. Inference is plain C++ (no torch).
#include <QStringList>

namespace mirlo::cli {

int runEvaluate(const QStringList &args);

} // namespace mirlo::cli
