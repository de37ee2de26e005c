#pragma once
// Metrics of a classifier's probabilities against true labels (issue 5), as
// scikit-learn defines them, so that numbers printed by Mirlo can be compared
// with the tutorial's (TUTORIAL.md 2.4, 2.5):
// * single-label tasks (binary with one sigmoid output, or softmax): predicted
//   class = argmax (one sigmoid output: class 1 when p >= 0.5); accuracy,
//   per-class precision / recall / F1 / support, macro and weighted F1 (a class
//   with no prediction has precision 0, like sklearn's zero_division=0), the
//   confusion matrix (rows = true class, columns = predicted class);
// * multi-label tasks (sigmoid per tag): per-tag ROC-AUC (area under the ROC
//   curve from the scores, ties counted one half, i.e. the Mann-Whitney U
//   statistic; NaN for a tag whose test items are all positive or all
//   negative) and PR-AUC (average precision, sklearn's step-wise
//   sum (R_n - R_{n-1}) P_n over distinct score thresholds; NaN without
//   positives), their macro means over the tags where they are defined,
//   Hamming loss and subset (exact-match) accuracy of the predictions
//   rounded at 0.5, and per-tag precision / recall / F1 of those predictions.
//   ROC-AUC and PR-AUC are also filled for single-label tasks (one-vs-rest per
//   class), so the per-class bars exist for every task.
//
// Units: probabilities in 0..1, one row of classCount values per item.
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <vector>

namespace mirlo {

enum class ClassificationTask { Binary, MultiClass, MultiLabel };
const char *classificationTaskName(ClassificationTask task); // "binary", "multiclass", "multilabel"

struct ClassMetrics {
    QString name;
    int support = 0; // true items of the class (multi-label: positives of the tag)
    double precision = 0, recall = 0, f1 = 0;
    double rocAuc = 0;  // NaN when undefined
    double prAuc = 0;   // average precision; NaN when undefined
};

struct ClassificationReport {
    ClassificationTask task = ClassificationTask::MultiClass;
    int items = 0;
    std::vector<ClassMetrics> classes;
    // Single-label: fraction of items whose predicted class is the true one.
    // Multi-label: subset (exact-match) accuracy.
    double accuracy = 0;
    double macroF1 = 0, weightedF1 = 0;
    double macroRocAuc = 0, macroPrAuc = 0; // NaN when no class defines them
    double hammingLoss = 0;                 // multi-label: wrong label bits / all bits; single-label: 1 - accuracy
    // classes x classes, confusion[true][predicted]; empty for multi-label.
    std::vector<std::vector<int>> confusion;

    QJsonObject toJson() const; // NaN -> null
};

// probabilities: items x outputs, row-major. Binary with one output: outputs = 1
// and classNames has two entries (negative, positive); labels[i] = {0} or {1}.
// MultiClass: outputs = classNames.size(), labels[i] = {true class}.
// MultiLabel: outputs = classNames.size(), labels[i] = the item's tags (may be empty).
// False + *error when the sizes do not fit together or a label is out of range.
bool classificationReport(ClassificationTask task, const QStringList &classNames,
                          const std::vector<float> &probabilities, const std::vector<std::vector<int>> &labels,
                          ClassificationReport *out, QString *error = nullptr);

// The building blocks, exposed for tests and for other callers.
// NaN when all labels are equal.
double rocAuc(const std::vector<double> &scores, const std::vector<int> &positive);
// NaN when there is no positive.
double averagePrecision(const std::vector<double> &scores, const std::vector<int> &positive);

} // namespace mirlo
