#include "core/beats/viterbi.h"

#include <cmath>
#include <limits>
#include <utility>

namespace mirlo {

namespace {

constexpr double kMinusInf = -std::numeric_limits<double>::infinity();

ViterbiResult emptyResult() {
    ViterbiResult r;
    r.logProbability = kMinusInf;
    return r;
}

// First argmax, like numpy.argmax (no NaN can occur: densities are sanitised).
int firstArgmax(const std::vector<double> &v) {
    int best = 0;
    for (int s = 1; s < int(v.size()); ++s)
        if (v[size_t(s)] > v[size_t(best)])
            best = s;
    return best;
}

} // namespace

SparseViterbi::SparseViterbi(TransitionModel transitionModel, std::vector<uint8_t> observationPointers)
    : m_tm(std::move(transitionModel)), m_obs(std::move(observationPointers)), m_numStates(m_tm.numStates()) {
    const TransitionModel &transitions = m_tm;
    const auto &ptr = transitions.pointers;
    m_specialIndex.assign(size_t(m_numStates), -1);
    for (int s = 0; s < m_numStates; ++s) {
        const int b = ptr[size_t(s)], e = ptr[size_t(s) + 1];
        const bool shift = s > 0 && e - b == 1 && transitions.states[size_t(b)] == s - 1 &&
                           transitions.logProbabilities[size_t(b)] == 0.0;
        if (shift) {
            const uint8_t col = m_obs[size_t(s)];
            if (!m_runs.empty() && m_runs.back().end == s && m_runs.back().column == col)
                m_runs.back().end = s + 1;
            else
                m_runs.push_back({s, s + 1, col});
        } else {
            m_specialIndex[size_t(s)] = int32_t(m_special.size());
            m_special.push_back(s);
            if (e - b > 65535)
                m_fastOk = false;
        }
    }
}

ViterbiResult SparseViterbi::decode(const LogDensities &densities, const std::function<bool()> &isCancelled) const {
    const int n = m_numStates;
    const int frames = densities.frames;
    if (n == 0 || frames <= 0)
        return emptyResult();
    if (!m_fastOk)
        return viterbiReference(m_tm, m_obs, densities);

    const int32_t *tmStates = m_tm.states.data();
    const int32_t *tmPtr = m_tm.pointers.data();
    const double *tmLog = m_tm.logProbabilities.data();
    const size_t numSpecial = m_special.size();

    std::vector<double> prevV(size_t(n), std::log(1.0 / double(n)));
    std::vector<double> curV(size_t(n), kMinusInf);
    std::vector<uint16_t> back(size_t(frames) * numSpecial, 0);

    for (int t = 0; t < frames; ++t) {
        if (isCancelled && (t & 255) == 0 && isCancelled())
            return emptyResult();
        const double *dens = densities.row(t);
        const double *__restrict prev = prevV.data();
        double *__restrict cur = curV.data();
        // Shift states: delta(s) = delta_prev(s-1) + 0 + dens (adding log 1 = 0 is exact).
        for (const Run &run : m_runs) {
            const double c = dens[run.column];
            for (int32_t s = run.begin; s < run.end; ++s)
                cur[s] = prev[s - 1] + c;
        }
        uint16_t *bt = back.data() + size_t(t) * numSpecial;
        for (size_t k = 0; k < numSpecial; ++k) {
            const int32_t s = m_special[k];
            const double d = dens[m_obs[size_t(s)]];
            const int32_t b = tmPtr[s], e = tmPtr[s + 1];
            double best = kMinusInf;
            int32_t arg = 0;
            for (int32_t p = b; p < e; ++p) {
                // Same association as madmom: (prev + log p) + density.
                const double v = prev[tmStates[p]] + tmLog[p] + d;
                if (v > best) {
                    best = v;
                    arg = p - b;
                }
            }
            cur[s] = best;
            bt[k] = uint16_t(arg);
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
        else
            state = tmStates[tmPtr[state] + back[size_t(t) * numSpecial + size_t(k)]];
    }
    return r;
}

ViterbiResult viterbiReference(const TransitionModel &tm, const std::vector<uint8_t> &obs,
                               const LogDensities &densities) {
    const int n = tm.numStates();
    const int frames = densities.frames;
    if (n == 0 || frames <= 0)
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
