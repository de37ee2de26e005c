#include "core/eval/classification_metrics.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <limits>

namespace mirlo {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

// sklearn with zero_division=0: a class nobody predicted has precision 0, one without true
// items recall 0, and F1 = 2 tp / (2 tp + fp + fn) (0 when that is 0 / 0).
void fillCounts(ClassMetrics &c, int64_t tp, int64_t fp, int64_t fn)
{
    c.support = int(tp + fn);
    c.precision = tp + fp > 0 ? double(tp) / double(tp + fp) : 0.0;
    c.recall = tp + fn > 0 ? double(tp) / double(tp + fn) : 0.0;
    c.f1 = tp + fp + fn > 0 ? 2.0 * double(tp) / double(2 * tp + fp + fn) : 0.0;
}

double meanOfDefined(const std::vector<ClassMetrics> &classes, double ClassMetrics::*field)
{
    double sum = 0.0;
    int n = 0;
    for (const ClassMetrics &c : classes) {
        if (!std::isnan(c.*field)) {
            sum += c.*field;
            ++n;
        }
    }
    return n > 0 ? sum / n : kNaN;
}

void fillAverages(ClassificationReport &r)
{
    double f1Sum = 0.0, weighted = 0.0;
    int64_t support = 0;
    for (const ClassMetrics &c : r.classes) {
        f1Sum += c.f1;
        weighted += c.f1 * c.support;
        support += c.support;
    }
    r.macroF1 = r.classes.empty() ? 0.0 : f1Sum / double(r.classes.size());
    r.weightedF1 = support > 0 ? weighted / double(support) : 0.0;
    r.macroRocAuc = meanOfDefined(r.classes, &ClassMetrics::rocAuc);
    r.macroPrAuc = meanOfDefined(r.classes, &ClassMetrics::prAuc);
}

void fillRanking(ClassMetrics &c, const std::vector<double> &scores, const std::vector<int> &positive)
{
    c.rocAuc = rocAuc(scores, positive);
    c.prAuc = averagePrecision(scores, positive);
}

bool checkLabels(ClassificationTask task, int classCount, const std::vector<std::vector<int>> &labels, QString *error)
{
    for (size_t i = 0; i < labels.size(); ++i) {
        if (task != ClassificationTask::MultiLabel && labels[i].size() != 1)
            return fail(error, QStringLiteral("item %1 has %2 labels; a %3 task needs exactly one")
                                   .arg(i)
                                   .arg(labels[i].size())
                                   .arg(QString::fromLatin1(classificationTaskName(task))));
        for (int l : labels[i])
            if (l < 0 || l >= classCount)
                return fail(error,
                            QStringLiteral("item %1: label %2 is outside 0..%3").arg(i).arg(l).arg(classCount - 1));
    }
    return true;
}

void singleLabelReport(ClassificationTask task, const std::vector<float> &p,
                       const std::vector<std::vector<int>> &labels, ClassificationReport &r)
{
    const size_t k = r.classes.size(), n = labels.size();
    const bool oneOutput = task == ClassificationTask::Binary;
    r.confusion.assign(k, std::vector<int>(k, 0));
    std::vector<std::vector<double>> scores(k, std::vector<double>(n));
    int64_t correct = 0;
    for (size_t i = 0; i < n; ++i) {
        int predicted = 0;
        if (oneOutput) {
            predicted = p[i] >= 0.5f ? 1 : 0;
            scores[0][i] = 1.0 - double(p[i]);
            scores[1][i] = double(p[i]);
        } else {
            const float *row = p.data() + i * k;
            predicted = int(std::max_element(row, row + k) - row); // first maximum, like argmax
            for (size_t c = 0; c < k; ++c)
                scores[c][i] = double(row[c]);
        }
        const int truth = labels[i][0];
        ++r.confusion[size_t(truth)][size_t(predicted)];
        correct += predicted == truth ? 1 : 0;
    }
    for (size_t c = 0; c < k; ++c) {
        int64_t tp = r.confusion[c][c], fp = 0, fn = 0;
        for (size_t o = 0; o < k; ++o) {
            if (o == c)
                continue;
            fp += r.confusion[o][c];
            fn += r.confusion[c][o];
        }
        fillCounts(r.classes[c], tp, fp, fn);
        std::vector<int> positive(n);
        for (size_t i = 0; i < n; ++i)
            positive[i] = labels[i][0] == int(c) ? 1 : 0;
        fillRanking(r.classes[c], scores[c], positive);
    }
    r.accuracy = double(correct) / double(n);
    r.hammingLoss = 1.0 - r.accuracy;
}

void multiLabelReport(const std::vector<float> &p, const std::vector<std::vector<int>> &labels, ClassificationReport &r)
{
    const size_t k = r.classes.size(), n = labels.size();
    std::vector<std::vector<int>> truth(k, std::vector<int>(n, 0));
    for (size_t i = 0; i < n; ++i)
        for (int l : labels[i])
            truth[size_t(l)][i] = 1;
    std::vector<bool> exact(n, true);
    int64_t wrongBits = 0;
    for (size_t c = 0; c < k; ++c) {
        int64_t tp = 0, fp = 0, fn = 0;
        std::vector<double> scores(n);
        for (size_t i = 0; i < n; ++i) {
            scores[i] = double(p[i * k + c]);
            const bool predicted = p[i * k + c] >= 0.5f, actual = truth[c][i] != 0;
            tp += predicted && actual;
            fp += predicted && !actual;
            fn += !predicted && actual;
            if (predicted != actual) {
                exact[i] = false;
                ++wrongBits;
            }
        }
        fillCounts(r.classes[c], tp, fp, fn);
        fillRanking(r.classes[c], scores, truth[c]);
    }
    r.accuracy = double(std::count(exact.begin(), exact.end(), true)) / double(n);
    r.hammingLoss = double(wrongBits) / (double(n) * double(k));
}

QJsonValue numberOrNull(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null);
}

} // namespace

const char *classificationTaskName(ClassificationTask task)
{
    switch (task) {
    case ClassificationTask::Binary:
        return "binary";
    case ClassificationTask::MultiClass:
        return "multiclass";
    case ClassificationTask::MultiLabel:
        return "multilabel";
    }
    return "multiclass";
}

bool classificationReport(ClassificationTask task, const QStringList &classNames,
                          const std::vector<float> &probabilities, const std::vector<std::vector<int>> &labels,
                          ClassificationReport *out, QString *error)
{
    const int classCount = int(classNames.size());
    if (task == ClassificationTask::Binary && classCount != 2)
        return fail(error,
                    QStringLiteral("a binary task needs two class names (negative, positive), got %1").arg(classCount));
    if (classCount < 1)
        return fail(error, QStringLiteral("no class names"));
    if (labels.empty())
        return fail(error, QStringLiteral("no items to evaluate"));
    const size_t outputs = task == ClassificationTask::Binary ? 1 : size_t(classCount);
    if (probabilities.size() != labels.size() * outputs)
        return fail(error, QStringLiteral("%1 probabilities for %2 items x %3 outputs")
                               .arg(probabilities.size())
                               .arg(labels.size())
                               .arg(outputs));
    for (size_t i = 0; i < probabilities.size(); ++i)
        if (!std::isfinite(probabilities[i]))
            return fail(error, QStringLiteral("item %1: probability is not a finite number").arg(i / outputs));
    if (!checkLabels(task, classCount, labels, error))
        return false;

    ClassificationReport r;
    r.task = task;
    r.items = int(labels.size());
    r.classes.resize(size_t(classCount));
    for (int c = 0; c < classCount; ++c)
        r.classes[size_t(c)].name = classNames.at(c);
    if (task == ClassificationTask::MultiLabel)
        multiLabelReport(probabilities, labels, r);
    else
        singleLabelReport(task, probabilities, labels, r);
    fillAverages(r);
    if (out)
        *out = std::move(r);
    return true;
}

QJsonObject ClassificationReport::toJson() const
{
    QJsonArray perClass;
    for (const ClassMetrics &c : classes)
        perClass.append(QJsonObject{{QStringLiteral("name"), c.name},
                                    {QStringLiteral("support"), c.support},
                                    {QStringLiteral("precision"), numberOrNull(c.precision)},
                                    {QStringLiteral("recall"), numberOrNull(c.recall)},
                                    {QStringLiteral("f1"), numberOrNull(c.f1)},
                                    {QStringLiteral("rocAuc"), numberOrNull(c.rocAuc)},
                                    {QStringLiteral("prAuc"), numberOrNull(c.prAuc)}});
    QJsonObject o{{QStringLiteral("task"), QString::fromLatin1(classificationTaskName(task))},
                  {QStringLiteral("items"), items},
                  {QStringLiteral("accuracy"), numberOrNull(accuracy)},
                  {QStringLiteral("macroF1"), numberOrNull(macroF1)},
                  {QStringLiteral("weightedF1"), numberOrNull(weightedF1)},
                  {QStringLiteral("macroRocAuc"), numberOrNull(macroRocAuc)},
                  {QStringLiteral("macroPrAuc"), numberOrNull(macroPrAuc)},
                  {QStringLiteral("hammingLoss"), numberOrNull(hammingLoss)},
                  {QStringLiteral("classes"), perClass}};
    if (!confusion.empty()) {
        QJsonArray rows;
        for (const std::vector<int> &row : confusion) {
            QJsonArray cells;
            for (int v : row)
                cells.append(v);
            rows.append(cells);
        }
        o[QStringLiteral("confusion")] = rows;
    }
    return o;
}

} // namespace mirlo
