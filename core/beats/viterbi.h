#pragma once
// Viterbi decoding of a sparse HMM (TransitionModel in CSR form plus an
// observation pointer per state into a LogDensities table), with madmom's
// exact semantics: uniform initial distribution, one transition applied
// before frame 0, delta_t(s) = max over predecessors in ascending order of
// (delta_{t-1}(s') + log p(s'->s)) + logdens(t, s), back-pointer replaced only
// by a strictly larger value, final state = first argmax. A best log
// probability of -inf yields an empty path. Time unit: frames.
#include "core/beats/observation_model.h"
#include "core/beats/transition_model.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace mirlo {

struct ViterbiResult {
    std::vector<int32_t> path; // best state per frame; empty if no valid path
    double logProbability = 0.0;
};

// Fast decoder. States whose only predecessor is s-1 with log probability 0
// ("shift" states, all but the first state of each beat in a bar-pointer
// model) are updated as a vector shift in runs of equal observation pointer;
// only the remaining states evaluate their CSR predecessor lists and keep
// back-pointers (16-bit offsets into their row).
class SparseViterbi {
public:
    SparseViterbi(TransitionModel transitions, std::vector<uint8_t> observationPointers);

    // isCancelled (optional) is polled every few hundred frames; a cancelled
    // decode, or densities with too few columns for the observation pointers,
    // return an empty path with logProbability -inf.
    ViterbiResult decode(const LogDensities &densities, const std::function<bool()> &isCancelled = {}) const;

    int numStates() const { return m_numStates; }

private:
    struct Run {
        int32_t begin, end; // shift states [begin, end) sharing one observation column
        uint8_t column;
    };
    struct Special {
        int32_t state;
        int32_t csrBegin, count; // CSR row
        int32_t gatherBegin;     // row's predecessors are gathered[gatherBegin .. +count), or -1
    };
    TransitionModel m_tm; // own copy: small, and keeps the decoder self-contained
    std::vector<uint8_t> m_obs;
    int m_numStates = 0;
    uint8_t m_baseColumn = 0;            // column of most shift states: written in one long pass
    std::vector<Run> m_runs;             // shift states with another column, overwritten after that pass
    std::vector<Special> m_special;      // states that need the predecessor max
    std::vector<int32_t> m_gather;       // predecessor states of the specials, ascending, unique
    std::vector<int32_t> m_specialIndex; // per state: index into m_special or -1
    int m_maxColumn = 0;                 // highest observation column used
    int m_maxRow = 0;                    // longest CSR row of a special state
    bool m_fastOk = true;                // false if a row is too long for 16-bit offsets
};

// Straightforward per-state loop over the CSR rows, kept as the readable
// definition the fast decoder is tested against.
ViterbiResult viterbiReference(const TransitionModel &transitions, const std::vector<uint8_t> &observationPointers,
                               const LogDensities &densities);

} // namespace mirlo
