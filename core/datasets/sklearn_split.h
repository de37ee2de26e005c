#pragma once
// scikit-learn's ShuffleSplit and StratifiedShuffleSplit (n_splits = 1,
// test_size a fraction, random_state = seed; sklearn 0.19/0.20 as the tutorial
// used them, TUTORIAL.md 2.1) on numpy's legacy RandomState, so the same data in
// the same order gives the tutorial's split index for index. Sizes: n_test =
// ceil(testSize * n), n_train = n - n_test. Index lists come in sklearn's order
// (permuted, not sorted): Keras' validation_split takes the LAST part of the
// training arrays in this order.
#include <QString>

#include <cstdint>
#include <vector>

namespace mirlo {

struct SklearnSplit {
    std::vector<int> train, test;
};

// ShuffleSplit: permutation(n); test = its first n_test entries, train the next n_train.
SklearnSplit sklearnShuffleSplit(int n, double testSize, uint32_t seed);

// StratifiedShuffleSplit: classRank[i] = position of item i's class in np.unique order
// (the sorted label values; e.g. 0/1 labels as they are, one-hot rows compare as strings
// so class c of C ranks C-1-c). False + *error when a class has fewer than 2 items or a
// subset would be smaller than the number of classes (sklearn's ValueErrors).
bool sklearnStratifiedShuffleSplit(const std::vector<int> &classRank, double testSize, uint32_t seed,
                                   SklearnSplit *out, QString *error);

} // namespace mirlo
