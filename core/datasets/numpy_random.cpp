#include "numpy_random.h"

#include <utility>

namespace mirlo {

uint32_t NumpyLegacyRandom::interval(uint32_t max)
{
    if (max == 0)
        return 0;
    uint32_t mask = max;
    mask |= mask >> 1;
    mask |= mask >> 2;
    mask |= mask >> 4;
    mask |= mask >> 8;
    mask |= mask >> 16;
    uint32_t value = 0;
    while ((value = (nextUint32() & mask)) > max) {
    }
    return value;
}

std::vector<int> NumpyLegacyRandom::permutation(int n)
{
    std::vector<int> v(size_t(n > 0 ? n : 0));
    for (int i = 0; i < n; ++i)
        v[size_t(i)] = i;
    for (int i = n - 1; i >= 1; --i)
        std::swap(v[size_t(i)], v[size_t(interval(uint32_t(i)))]);
    return v;
}

std::vector<int> pandasSamplePositions(int n, int k, uint32_t seed)
{
    NumpyLegacyRandom rs(seed);
    std::vector<int> p = rs.permutation(n);
    if (k < int(p.size()))
        p.resize(size_t(k > 0 ? k : 0));
    return p;
}

} // namespace mirlo
