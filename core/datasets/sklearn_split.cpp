#include "sklearn_split.h"

#include "numpy_random.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace mirlo {

namespace {

void testTrainSizes(int n, double testSize, int *nTrain, int *nTest)
{
    *nTest = int(std::ceil(testSize * n));
    *nTrain = n - *nTest;
}

// rng.permutation(list): numpy shuffles a copy with the same swaps as permutation(len).
std::vector<int> permuted(NumpyLegacyRandom &rng, const std::vector<int> &v)
{
    const std::vector<int> p = rng.permutation(int(v.size()));
    std::vector<int> out(v.size());
    for (size_t i = 0; i < v.size(); ++i)
        out[i] = v[size_t(p[i])];
    return out;
}

// sklearn.model_selection._split._approximate_mode (0.19/0.20): floor of the
// proportional share, the rest handed out by largest remainder, ties drawn with
// rng.choice(inds, add_now, replace=False) = inds[permutation(len(inds))[:add_now]].
std::vector<int> approximateMode(const std::vector<int> &counts, int draws, NumpyLegacyRandom &rng)
{
    int64_t total = 0;
    for (int c : counts)
        total += c;
    std::vector<double> continuous(counts.size()), remainder(counts.size());
    std::vector<int> floored(counts.size());
    int64_t flooredSum = 0;
    for (size_t i = 0; i < counts.size(); ++i) {
        continuous[i] = double(int64_t(draws) * counts[i]) / double(total); // n_draws * class_counts / sum
        floored[i] = int(std::floor(continuous[i]));
        remainder[i] = continuous[i] - std::floor(continuous[i]);
        flooredSum += floored[i];
    }
    int needToAdd = int(draws - flooredSum);
    if (needToAdd > 0) {
        std::vector<double> values = remainder;
        std::sort(values.begin(), values.end(), std::greater<double>());
        values.erase(std::unique(values.begin(), values.end()), values.end());
        for (double value : values) {
            std::vector<int> inds;
            for (size_t i = 0; i < remainder.size(); ++i)
                if (remainder[i] == value)
                    inds.push_back(int(i));
            const int addNow = std::min(int(inds.size()), needToAdd);
            const std::vector<int> p = rng.permutation(int(inds.size()));
            for (int k = 0; k < addNow; ++k)
                floored[size_t(inds[size_t(p[size_t(k)])])] += 1;
            needToAdd -= addNow;
            if (needToAdd == 0)
                break;
        }
    }
    return floored;
}

} // namespace

SklearnSplit sklearnShuffleSplit(int n, double testSize, uint32_t seed)
{
    int nTrain = 0, nTest = 0;
    testTrainSizes(n, testSize, &nTrain, &nTest);
    NumpyLegacyRandom rng(seed);
    const std::vector<int> p = rng.permutation(n);
    SklearnSplit s;
    s.test.assign(p.begin(), p.begin() + nTest);
    s.train.assign(p.begin() + nTest, p.begin() + nTest + nTrain);
    return s;
}

bool sklearnStratifiedShuffleSplit(const std::vector<int> &classRank, double testSize, uint32_t seed,
                                   SklearnSplit *out, QString *error)
{
    const int n = int(classRank.size());
    int nTrain = 0, nTest = 0;
    testTrainSizes(n, testSize, &nTrain, &nTest);
    // np.unique(y, return_inverse=True): ranks of the classes present, in order.
    std::vector<int> ranks = classRank;
    std::sort(ranks.begin(), ranks.end());
    ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());
    const int classes = int(ranks.size());
    std::vector<std::vector<int>> classIndices(static_cast<size_t>(classes)); // argsort(kind='mergesort'): ascending items
    for (int i = 0; i < n; ++i)
        classIndices[size_t(std::lower_bound(ranks.begin(), ranks.end(), classRank[size_t(i)]) - ranks.begin())]
            .push_back(i);
    std::vector<int> counts;
    for (const auto &c : classIndices) {
        counts.push_back(int(c.size()));
        if (c.size() < 2) {
            if (error)
                *error = QStringLiteral("the least populated class has only 1 member; a stratified split needs 2");
            return false;
        }
    }
    if (nTrain < classes || nTest < classes) {
        if (error)
            *error = QStringLiteral("%1 training / %2 test items cannot hold all %3 classes")
                         .arg(nTrain)
                         .arg(nTest)
                         .arg(classes);
        return false;
    }
    NumpyLegacyRandom rng(seed);
    const std::vector<int> nI = approximateMode(counts, nTrain, rng);
    std::vector<int> remaining(counts.size());
    for (size_t i = 0; i < counts.size(); ++i)
        remaining[i] = counts[i] - nI[i];
    const std::vector<int> tI = approximateMode(remaining, nTest, rng);
    std::vector<int> train, test;
    for (int i = 0; i < classes; ++i) {
        const std::vector<int> items = permuted(rng, classIndices[size_t(i)]);
        train.insert(train.end(), items.begin(), items.begin() + nI[size_t(i)]);
        test.insert(test.end(), items.begin() + nI[size_t(i)], items.begin() + nI[size_t(i)] + tI[size_t(i)]);
    }
    out->train = permuted(rng, train);
    out->test = permuted(rng, test);
    return true;
}

} // namespace mirlo
