#include "stratified_split.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace mirlo {

namespace {

// Uniform integer in [0, n) by rejection (std::uniform_int_distribution differs between
// standard libraries, which would make splits platform dependent).
uint64_t bounded(std::mt19937_64 &rng, uint64_t n)
{
    const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x = 0;
    do {
        x = rng();
    } while (x >= limit);
    return x % n;
}

void shuffle(std::vector<int> &v, std::mt19937_64 &rng)
{
    for (size_t i = v.size(); i > 1; --i)
        std::swap(v[i - 1], v[size_t(bounded(rng, i))]);
}

// Per-class shares of `total` items: floor(n_c·f) plus one for the largest remainders.
std::vector<int> allocate(const std::vector<int> &classSizes, double fraction)
{
    const int n = std::accumulate(classSizes.begin(), classSizes.end(), 0);
    const int total = int(std::lround(n * fraction));
    std::vector<int> share(classSizes.size());
    std::vector<std::pair<double, int>> rem;
    int used = 0;
    for (size_t c = 0; c < classSizes.size(); ++c) {
        const double exact = classSizes[c] * fraction;
        share[c] = int(std::floor(exact + 1e-9));
        used += share[c];
        rem.push_back({exact - share[c], int(c)});
    }
    // Larger remainder first; ties by class index keep it deterministic.
    std::stable_sort(rem.begin(), rem.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    for (size_t k = 0; k < rem.size() && used < total; ++k) {
        const int c = rem[k].second;
        if (rem[k].first > 1e-9 && share[size_t(c)] < classSizes[size_t(c)]) {
            ++share[size_t(c)];
            ++used;
        }
    }
    return share;
}

void singleLabel(const std::vector<std::vector<int>> &labels, int classCount, const SplitFractions &f,
                 std::mt19937_64 &rng, DatasetSplit &out)
{
    std::vector<std::vector<int>> members(static_cast<size_t>(classCount));
    for (size_t i = 0; i < labels.size(); ++i)
        members[size_t(labels[i][0])].push_back(int(i));
    std::vector<int> sizes;
    for (const auto &m : members)
        sizes.push_back(int(m.size()));
    const std::vector<int> test = allocate(sizes, f.test);
    const std::vector<int> val = allocate(sizes, f.validation);
    for (int c = 0; c < classCount; ++c) {
        std::vector<int> &m = members[size_t(c)];
        shuffle(m, rng);
        const int nt = test[size_t(c)];
        const int nv = std::min(val[size_t(c)], int(m.size()) - nt);
        for (int k = 0; k < int(m.size()); ++k)
            (k < nt ? out.test : k < nt + nv ? out.validation : out.train).push_back(m[size_t(k)]);
    }
}

void multiLabel(const std::vector<std::vector<int>> &labels, int classCount, const SplitFractions &f,
                std::mt19937_64 &rng, DatasetSplit &out)
{
    const double ratio[3] = {1.0 - f.validation - f.test, f.validation, f.test};
    std::vector<int> *subset[3] = {&out.train, &out.validation, &out.test};
    const size_t n = labels.size();
    std::vector<double> wantItems(3);
    std::vector<std::vector<double>> wantLabel(3, std::vector<double>(size_t(classCount)));
    std::vector<int> labelCount(size_t(classCount), 0);
    for (const auto &l : labels)
        for (int c : l)
            ++labelCount[size_t(c)];
    for (int j = 0; j < 3; ++j) {
        wantItems[size_t(j)] = ratio[j] * double(n);
        for (int c = 0; c < classCount; ++c)
            wantLabel[size_t(j)][size_t(c)] = ratio[j] * labelCount[size_t(c)];
    }
    // The seeded order decides all remaining ties.
    std::vector<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    shuffle(order, rng);
    std::vector<char> done(n, 0);
    auto assign = [&](int item, int j) {
        subset[j]->push_back(item);
        done[size_t(item)] = 1;
        wantItems[size_t(j)] -= 1;
        for (int c : labels[size_t(item)])
            wantLabel[size_t(j)][size_t(c)] -= 1;
    };
    std::vector<int> remaining = labelCount;
    for (;;) {
        int rarest = -1;
        for (int c = 0; c < classCount; ++c)
            if (remaining[size_t(c)] > 0 && (rarest < 0 || remaining[size_t(c)] < remaining[size_t(rarest)]))
                rarest = c;
        if (rarest < 0)
            break;
        for (int item : order) {
            if (done[size_t(item)])
                continue;
            const auto &l = labels[size_t(item)];
            if (std::find(l.begin(), l.end(), rarest) == l.end())
                continue;
            int best = 0;
            for (int j = 1; j < 3; ++j) {
                const double a = wantLabel[size_t(j)][size_t(rarest)], b = wantLabel[size_t(best)][size_t(rarest)];
                if (a > b + 1e-9 || (std::abs(a - b) <= 1e-9 && wantItems[size_t(j)] > wantItems[size_t(best)] + 1e-9))
                    best = j;
            }
            assign(item, best);
            for (int c : l)
                --remaining[size_t(c)];
        }
    }
    for (int item : order) {
        if (done[size_t(item)])
            continue;
        int best = 0;
        for (int j = 1; j < 3; ++j)
            if (wantItems[size_t(j)] > wantItems[size_t(best)] + 1e-9)
                best = j;
        assign(item, best);
    }
}

} // namespace

bool stratifiedSplit(const std::vector<std::vector<int>> &labels, const SplitFractions &f, uint64_t seed,
                     DatasetSplit &out, QString *error)
{
    out = DatasetSplit();
    if (!(f.validation >= 0) || !(f.test >= 0) || f.validation + f.test > 1.0 + 1e-12) {
        if (error)
            *error = QStringLiteral("split fractions must be >= 0 and sum to at most 1 (validation %1, test %2)")
                         .arg(f.validation)
                         .arg(f.test);
        return false;
    }
    int classCount = 0;
    bool single = true;
    for (const auto &l : labels) {
        if (l.size() != 1)
            single = false;
        for (int c : l) {
            if (c < 0) {
                if (error)
                    *error = QStringLiteral("negative label index");
                return false;
            }
            classCount = std::max(classCount, c + 1);
        }
    }
    std::mt19937_64 rng(seed);
    if (single)
        singleLabel(labels, classCount, f, rng, out);
    else
        multiLabel(labels, classCount, f, rng, out);
    std::sort(out.train.begin(), out.train.end());
    std::sort(out.validation.begin(), out.validation.end());
    std::sort(out.test.begin(), out.test.end());
    return true;
}

} // namespace mirlo
