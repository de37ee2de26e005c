#pragma once
// Seeded, deterministic train / validation / test split that keeps class proportions.
//
// Single-label items (every item has exactly one label): for each class c with n_c items
// the test and validation shares are floor or ceil of n_c·fraction (so every class is
// within ±1 item of its exact proportion), chosen by largest remainder so that the totals
// are round(N·fraction); the items of each class are shuffled with the seed first.
// Multi-label items: iterative stratification (Sechidis, Tsoumakas, Vlahavas 2011): labels
// are handled rarest first; each item of that label goes to the subset that still wants
// most of that label (ties: most wanted items overall, then the seeded random order).
// Items with no label are dealt to the subsets that want most items. Per-label counts are
// then close to the proportions but not guaranteed within ±1.
// The random generator is a fixed 64-bit Mersenne Twister with our own bounded draws, so
// the same seed gives the same split on every platform and standard library.
#include <QString>

#include <cstdint>
#include <vector>

namespace mirlo {

struct SplitFractions {
    double validation = 0.1;
    double test = 0.2;
};

struct DatasetSplit {
    std::vector<int> train, validation, test; // item indices, ascending
};

// labels[i] = label indices of item i (class count = max index + 1).
// False + message when the fractions are negative or sum to more than 1.
bool stratifiedSplit(const std::vector<std::vector<int>> &labels, const SplitFractions &fractions, uint64_t seed,
                     DatasetSplit &out, QString *error);

} // namespace mirlo
