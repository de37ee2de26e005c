#include "core/beats/viterbi.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace mirlo {

namespace {

constexpr double kMinusInf = -std::numeric_limits<double>::infinity();

ViterbiResult emptyResult()
{
    ViterbiResult r;
    r.logProbability = kMinusInf;
    return r;
}

// First argmax, like numpy.argmax (no NaN can occur: densities are sanitised).
int firstArgmax(const std::vector<double> &v)
{
    int best = 0;
    for (int s = 1; s < int(v.size()); ++s)
        if (v[size_t(s)] > v[size_t(best)])
            best = s;
    return best;
}

} // namespace

SparseViterbi::SparseViterbi(TransitionModel transitionModel, std::vector<uint8_t> observationPointers)
    : m_tm(std::move(transitionModel)), m_obs(std::move(observationPointers)), m_numStates(m_tm.numStates())
{
    const TransitionModel &tm = m_tm;
    const auto &ptr = tm.pointers;
    m_obs.resize(size_t(m_numStates), 0);
    m_specialIndex.assign(size_t(m_numStates), -1);

    // Classify states; count shift-state columns to pick the base column.
    std::vector<char> isShift(size_t(m_numStates), 0);
    int columnCount[256] = {};
    for (int s = 0; s < m_numStates; ++s) {
        const int b = ptr[size_t(s)], e = ptr[size_t(s) + 1];
        isShift[size_t(s)] =
            s > 0 && e - b == 1 && tm.states[size_t(b)] == s - 1 && tm.logProbabilities[size_t(b)] == 0.0;
        if (isShift[size_t(s)])
            ++columnCount[m_obs[size_t(s)]];
    }
    m_baseColumn = uint8_t(std::max_element(columnCount, columnCount + 256) - columnCount);
    for (uint8_t c : m_obs)
        m_maxColumn = std::max(m_maxColumn, int(c));

    std::vector<char> isPred(size_t(m_numStates), 0);
    for (int s = 0; s < m_numStates; ++s) {
        const int b = ptr[size_t(s)], e = ptr[size_t(s) + 1];
        if (isShift[size_t(s)]) {
            const uint8_t col = m_obs[size_t(s)];
            if (col == m_baseColumn)
                continue;
            if (!m_runs.empty() && m_runs.back().end == s && m_runs.back().column == col)
                m_runs.back().end = s + 1;
            else
                m_runs.push_back({s, s + 1, col});
        } else {
            m_specialIndex[size_t(s)] = int32_t(m_special.size());
            m_special.push_back({s, b, e - b, -1});
            m_maxRow = std::max(m_maxRow, e - b);
            if (e - b > 65536)
                m_fastOk = false;
            for (int p = b; p < e; ++p)
                isPred[size_t(tm.states[size_t(p)])] = 1;
        }
    }
    // Gather the specials' predecessors into one dense array per frame; a row whose
    // predecessors are consecutive there is then a contiguous max (the common case:
    // first states are reached from a contiguous range of last states).
    std::vector<int32_t> gatherPos(size_t(m_numStates), -1);
    for (int s = 0; s < m_numStates; ++s)
        if (isPred[size_t(s)]) {
            gatherPos[size_t(s)] = int32_t(m_gather.size());
            m_gather.push_back(s);
        }
    for (Special &sp : m_special) {
        if (sp.count == 0)
            continue;
        const int32_t g0 = gatherPos[size_t(tm.states[size_t(sp.csrBegin)])];
        bool contiguous = true;
        for (int i = 1; i < sp.count && contiguous; ++i)
            contiguous = gatherPos[size_t(tm.states[size_t(sp.csrBegin + i)])] == g0 + i;
        if (contiguous)
            sp.gatherBegin = g0;
    }
}

namespace {

// max_i ((g[i] + lp[i]) + d), the same sums madmom forms. No NaN can occur
// (densities are sanitised), so the SSE2 max is an exact maximum.
inline double maxOfSums(const double *g, const double *lp, int count, double d)
{
    int i = 0;
    double best = kMinusInf;
#ifdef __SSE2__
    if (count >= 4) {
        const __m128d vd = _mm_set1_pd(d);
        __m128d b0 = _mm_set1_pd(kMinusInf), b1 = b0;
        for (; i + 4 <= count; i += 4) {
            b0 = _mm_max_pd(b0, _mm_add_pd(_mm_add_pd(_mm_loadu_pd(g + i), _mm_loadu_pd(lp + i)), vd));
            b1 = _mm_max_pd(b1, _mm_add_pd(_mm_add_pd(_mm_loadu_pd(g + i + 2), _mm_loadu_pd(lp + i + 2)), vd));
        }
        const __m128d m = _mm_max_pd(b0, b1);
        best = std::max(_mm_cvtsd_f64(m), _mm_cvtsd_f64(_mm_unpackhi_pd(m, m)));
    }
#endif
    for (; i < count; ++i) {
        const double v = g[i] + lp[i] + d;
        best = v > best ? v : best;
    }
    return best;
}

} // namespace

// The per-frame loops are plain adds and maxima (no multiplies, so no FMA
// contraction can change a result): an AVX2 clone runs the same IEEE
// operations twice as wide where the CPU has it.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
__attribute__((target_clones("avx2", "default")))
#endif
ViterbiResult
SparseViterbi::decode(const LogDensities &densities, const std::function<bool()> &isCancelled) const
{
    const int n = m_numStates;
    const int frames = densities.frames;
    if (n == 0 || frames <= 0)
        return emptyResult();
    if (m_maxColumn >= densities.columns) // densities of another model: nothing sensible to decode
        return emptyResult();
    if (!m_fastOk)
        return viterbiReference(m_tm, m_obs, densities);

    const int32_t *tmStates = m_tm.states.data();
    const double *tmLog = m_tm.logProbabilities.data();
    const size_t numSpecial = m_special.size();

    std::vector<double> prevV(size_t(n), std::log(1.0 / double(n)));
    std::vector<double> curV(size_t(n), kMinusInf);
    std::vector<double> gathered(m_gather.size());
    // Back-pointers are offsets into the CSR row: one byte when every row has at
    // most 256 entries (bar models: ~60), else two. A 1-hour 4/4 bar model then
    // needs 360,000 x 240 bytes.
    const bool narrow = m_maxRow <= 256;
    std::vector<uint8_t> back8(narrow ? size_t(frames) * numSpecial : 0, 0);
    std::vector<uint16_t> back16(narrow ? 0 : size_t(frames) * numSpecial, 0);

    for (int t = 0; t < frames; ++t) {
        if (isCancelled && (t & 255) == 0 && isCancelled())
            return emptyResult();
        const double *dens = densities.row(t);
        const double *__restrict prev = prevV.data();
        double *__restrict cur = curV.data();
        // Shift states: delta(s) = delta_prev(s-1) + 0 + dens, and adding log 1 = 0 is
        // exact, so this equals madmom's sum. One long pass with the base column...
        const double base = dens[m_baseColumn];
        for (int s = 1; s < n; ++s)
            cur[s] = prev[s - 1] + base;
        // ...then the (short) runs with another column.
        for (const Run &run : m_runs) {
            const double c = dens[run.column];
            for (int32_t s = run.begin; s < run.end; ++s)
                cur[s] = prev[s - 1] + c;
        }
        for (size_t i = 0; i < m_gather.size(); ++i)
            gathered[i] = prev[m_gather[i]];
        // Specials: max over predecessors in ascending order; the first (lowest)
        // predecessor reaching the maximum is the one madmom's strict '>' keeps.
        uint8_t *bt8 = narrow ? back8.data() + size_t(t) * numSpecial : nullptr;
        uint16_t *bt16 = narrow ? nullptr : back16.data() + size_t(t) * numSpecial;
        for (size_t k = 0; k < numSpecial; ++k) {
            const Special &sp = m_special[k];
            const double d = dens[m_obs[size_t(sp.state)]];
            const double *lp = tmLog + sp.csrBegin;
            double best = kMinusInf;
            int arg = 0;
            if (sp.gatherBegin >= 0) {
                const double *g = gathered.data() + sp.gatherBegin;
                best = maxOfSums(g, lp, sp.count, d);
                if (best != kMinusInf)
                    while (g[arg] + lp[arg] + d != best)
                        ++arg;
            } else {
                for (int i = 0; i < sp.count; ++i) {
                    const double v = prev[tmStates[sp.csrBegin + i]] + lp[i] + d;
                    if (v > best) {
                        best = v;
                        arg = i;
                    }
                }
            }
            cur[sp.state] = best;
            if (narrow)
                bt8[k] = uint8_t(arg);
            else
                bt16[k] = uint16_t(arg);
        }
        std::swap(prevV, curV);
    }

    ViterbiResult r;
    int state = firstArgmax(prevV);
    r.logProbability = prevV[size_t(state)];
    if (std::isinf(r.logProbability) || std::isnan(r.logProbability)) {
        r.logProbability = kMinusInf;
        return r;
    }
    r.path.resize(size_t(frames));
    for (int t = frames - 1; t >= 0; --t) {
        r.path[size_t(t)] = state;
        const int32_t k = m_specialIndex[size_t(state)];
        if (k < 0)
            state = state - 1;
        else {
            const size_t i = size_t(t) * numSpecial + size_t(k);
            state = tmStates[m_special[size_t(k)].csrBegin + (narrow ? int(back8[i]) : int(back16[i]))];
        }
    }
    return r;
}

ViterbiResult viterbiReference(const TransitionModel &tm, const std::vector<uint8_t> &obs,
                               const LogDensities &densities)
{
    const int n = tm.numStates();
    const int frames = densities.frames;
    if (n == 0 || frames <= 0 || int(obs.size()) < n)
        return emptyResult();
    for (int s = 0; s < n; ++s)
        if (obs[size_t(s)] >= densities.columns)
            return emptyResult();
    std::vector<double> prev(size_t(n), std::log(1.0 / double(n)));
    std::vector<double> cur(static_cast<size_t>(n));
    std::vector<int32_t> back(size_t(frames) * size_t(n), 0);
    for (int t = 0; t < frames; ++t) {
        const double *dens = densities.row(t);
        for (int s = 0; s < n; ++s) {
            cur[size_t(s)] = kMinusInf;
            const double d = dens[obs[size_t(s)]];
            for (int32_t p = tm.pointers[size_t(s)]; p < tm.pointers[size_t(s) + 1]; ++p) {
                const int32_t ps = tm.states[size_t(p)];
                const double v = prev[size_t(ps)] + tm.logProbabilities[size_t(p)] + d;
                if (v > cur[size_t(s)]) {
                    cur[size_t(s)] = v;
                    back[size_t(t) * size_t(n) + size_t(s)] = ps;
                }
            }
        }
        std::swap(prev, cur);
    }
    ViterbiResult r;
    int state = firstArgmax(prev);
    r.logProbability = prev[size_t(state)];
    if (std::isinf(r.logProbability) || std::isnan(r.logProbability)) {
        r.logProbability = kMinusInf;
        return r;
    }
    r.path.resize(size_t(frames));
    for (int t = frames - 1; t >= 0; --t) {
        r.path[size_t(t)] = state;
        state = back[size_t(t) * size_t(n) + size_t(state)];
    }
    return r;
}

} // namespace mirlo
