#pragma once
// numpy's legacy RandomState (MT19937 seeded with init_genrand, bounded integers by masked
// rejection) as far as the tutorial needs it: pandas DataFrame.sample(n, random_state=seed)
// without replacement picks the rows RandomState(seed).permutation(len)[:n]. Reproducing it
// makes the tutorial's seeded partitions (TUTORIAL.md 1.4) come out row for row.
#include <cstdint>
#include <random>
#include <vector>

namespace mirlo {

class NumpyLegacyRandom {
public:
    explicit NumpyLegacyRandom(uint32_t seed) : m_mt(seed) {}
    uint32_t nextUint32() { return uint32_t(m_mt()); }
    // Uniform integer in [0, max] (numpy's random_interval for max < 2^32).
    uint32_t interval(uint32_t max);
    // np.random.RandomState.permutation(n): Fisher-Yates from the back over 0..n-1.
    std::vector<int> permutation(int n);

private:
    std::mt19937 m_mt; // std::mt19937(seed) is init_genrand(seed), as numpy's legacy seeding
};

// The positions pandas' sample(n=k, random_state=seed) returns from a frame of n rows (k <= n).
std::vector<int> pandasSamplePositions(int n, int k, uint32_t seed);

} // namespace mirlo
