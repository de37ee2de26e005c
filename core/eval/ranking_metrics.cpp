// ROC-AUC and average precision of one score column (declared in
// classification_metrics.h): the threshold-free halves of the report.
#include "core/eval/classification_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace mirlo {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Item indices sorted by score, highest first (stable, so equal scores keep their order;
// the metrics below treat a run of equal scores as one threshold anyway).
std::vector<size_t> descendingOrder(const std::vector<double> &scores)
{
    std::vector<size_t> order(scores.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] > scores[b]; });
    return order;
}

bool usable(const std::vector<double> &scores, const std::vector<int> &positive)
{
    if (scores.size() != positive.size() || scores.empty())
        return false;
    return std::all_of(scores.begin(), scores.end(), [](double s) { return std::isfinite(s); });
}

} // namespace

double rocAuc(const std::vector<double> &scores, const std::vector<int> &positive)
{
    if (!usable(scores, positive))
        return kNaN;
    // Mann-Whitney: for each group of tied scores (walking from the highest), every positive of
    // the group beats the negatives below it and ties half of the negatives inside it.
    const std::vector<size_t> order = descendingOrder(scores);
    double wins = 0.0;
    int64_t positives = 0, negatives = 0;
    // Walk from the lowest score up so "negatives below" is the count seen so far.
    size_t end = order.size();
    while (end > 0) {
        size_t begin = end - 1;
        while (begin > 0 && scores[order[begin - 1]] == scores[order[end - 1]])
            --begin;
        int64_t groupPos = 0, groupNeg = 0;
        for (size_t k = begin; k < end; ++k)
            (positive[order[k]] ? groupPos : groupNeg) += 1;
        wins += double(groupPos) * (double(negatives) + 0.5 * double(groupNeg));
        positives += groupPos;
        negatives += groupNeg;
        end = begin;
    }
    if (positives == 0 || negatives == 0)
        return kNaN;
    return wins / (double(positives) * double(negatives));
}

double averagePrecision(const std::vector<double> &scores, const std::vector<int> &positive)
{
    if (!usable(scores, positive))
        return kNaN;
    const int64_t total = std::count_if(positive.begin(), positive.end(), [](int p) { return p != 0; });
    if (total == 0)
        return kNaN;
    // sklearn: thresholds are the distinct scores, highest first; at each one precision and
    // recall count every item scoring >= it; AP = sum (R_n - R_{n-1}) * P_n.
    const std::vector<size_t> order = descendingOrder(scores);
    int64_t tp = 0, seen = 0;
    double ap = 0.0, lastRecall = 0.0;
    for (size_t k = 0; k < order.size(); ++k) {
        tp += positive[order[k]] ? 1 : 0;
        ++seen;
        if (k + 1 < order.size() && scores[order[k + 1]] == scores[order[k]])
            continue; // not the end of this threshold's group yet
        const double recall = double(tp) / double(total);
        ap += (recall - lastRecall) * (double(tp) / double(seen));
        lastRecall = recall;
    }
    return ap;
}

} // namespace mirlo
