#include "core/eval/event_matching.h"

#include <algorithm>
#include <deque>
#include <limits>
#include <numeric>

namespace mirlo::eval {

namespace {

// Hopcroft-Karp on the window graph. Left side = estimates, right side =
// references (mir_eval builds its graph the same way round).
class HopcroftKarp {
public:
    explicit HopcroftKarp(const std::vector<std::vector<int>> &adjacency, int rightCount)
        : m_adj(adjacency), m_matchLeft(adjacency.size(), -1), m_matchRight(rightCount, -1),
          m_dist(adjacency.size(), 0), m_next(adjacency.size(), 0)
    {
    }

    void run()
    {
        // Greedy start (as mir_eval), then augment along shortest paths.
        for (size_t u = 0; u < m_adj.size(); ++u)
            for (int v : m_adj[u])
                if (m_matchRight[v] < 0) {
                    m_matchRight[v] = int(u);
                    m_matchLeft[u] = v;
                    break;
                }
        while (buildLayers()) {
            std::fill(m_next.begin(), m_next.end(), 0);
            for (size_t u = 0; u < m_adj.size(); ++u)
                if (m_matchLeft[u] < 0)
                    augmentFrom(int(u));
        }
    }

    const std::vector<int> &matchRight() const { return m_matchRight; }

private:
    static constexpr int kInf = std::numeric_limits<int>::max();

    bool buildLayers()
    {
        std::deque<int> queue;
        for (size_t u = 0; u < m_adj.size(); ++u) {
            if (m_matchLeft[u] < 0) {
                m_dist[u] = 0;
                queue.push_back(int(u));
            } else {
                m_dist[u] = kInf;
            }
        }
        bool foundFree = false;
        while (!queue.empty()) {
            const int u = queue.front();
            queue.pop_front();
            for (int v : m_adj[u]) {
                const int w = m_matchRight[v];
                if (w < 0) {
                    foundFree = true;
                } else if (m_dist[w] == kInf) {
                    m_dist[w] = m_dist[u] + 1;
                    queue.push_back(w);
                }
            }
        }
        return foundFree;
    }

    // Iterative DFS along the layers (augmenting paths can be long for dense
    // event lists; no recursion depth limit).
    bool augmentFrom(int root)
    {
        std::vector<int> path{root};
        while (!path.empty()) {
            const int u = path.back();
            bool advanced = false;
            while (m_next[u] < int(m_adj[u].size())) {
                const int v = m_adj[u][m_next[u]];
                const int w = m_matchRight[v];
                if (w < 0) {
                    // Free reference: flip the path.
                    for (size_t i = path.size(); i-- > 0;) {
                        const int left = path[i];
                        const int right = m_adj[left][m_next[left]];
                        m_matchLeft[left] = right;
                        m_matchRight[right] = left;
                    }
                    return true;
                }
                if (m_dist[w] == m_dist[u] + 1) {
                    path.push_back(w);
                    advanced = true;
                    break;
                }
                ++m_next[u];
            }
            if (!advanced) {
                m_dist[u] = kInf; // dead end for this phase
                path.pop_back();
                if (!path.empty())
                    ++m_next[path.back()];
            }
        }
        return false;
    }

    const std::vector<std::vector<int>> &m_adj;
    std::vector<int> m_matchLeft;
    std::vector<int> m_matchRight;
    std::vector<int> m_dist;
    std::vector<int> m_next;
};

} // namespace

std::vector<std::pair<int, int>> matchEvents(const std::vector<double> &reference, const std::vector<double> &estimated,
                                             double window)
{
    std::vector<std::pair<int, int>> pairs;
    if (reference.empty() || estimated.empty())
        return pairs;
    // Candidate references of each estimate by binary search in the sorted
    // references, with the bounds computed as mir_eval does (est -/+ window).
    std::vector<int> order(reference.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return reference[a] < reference[b]; });
    std::vector<double> sorted(reference.size());
    for (size_t i = 0; i < order.size(); ++i)
        sorted[i] = reference[order[i]];

    std::vector<std::vector<int>> adjacency(estimated.size());
    for (size_t j = 0; j < estimated.size(); ++j) {
        const auto lo = std::lower_bound(sorted.begin(), sorted.end(), estimated[j] - window);
        const auto hi = std::upper_bound(sorted.begin(), sorted.end(), estimated[j] + window);
        for (auto it = lo; it < hi; ++it)
            adjacency[j].push_back(order[size_t(it - sorted.begin())]);
    }
    HopcroftKarp matcher(adjacency, int(reference.size()));
    matcher.run();
    const std::vector<int> &matchRight = matcher.matchRight();
    for (size_t r = 0; r < matchRight.size(); ++r)
        if (matchRight[r] >= 0)
            pairs.emplace_back(int(r), matchRight[r]);
    return pairs;
}

double fMeasure(double precision, double recall, double beta)
{
    if (precision == 0.0 && recall == 0.0)
        return 0.0;
    const double b2 = beta * beta;
    return (1.0 + b2) * precision * recall / (b2 * precision + recall);
}

double numpySum(const double *a, long n)
{
    // numpy's DOUBLE_pairwise_sum: 8 accumulators up to 128 values, halves above.
    if (n < 8) {
        double res = 0.0;
        for (long i = 0; i < n; ++i)
            res += a[i];
        return res;
    }
    if (n <= 128) {
        double r[8];
        for (int k = 0; k < 8; ++k)
            r[k] = a[k];
        long i = 8;
        for (; i < n - (n % 8); i += 8)
            for (int k = 0; k < 8; ++k)
                r[k] += a[i + k];
        double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; ++i)
            res += a[i];
        return res;
    }
    long n2 = n / 2;
    n2 -= n2 % 8;
    return numpySum(a, n2) + numpySum(a + n2, n - n2);
}

} // namespace mirlo::eval
