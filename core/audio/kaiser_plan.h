#pragma once
// Internals of kaiserResample (not a public API; tests use it to check the
// kernels): resampy's filter tables, the per-rate-pair polyphase plan and the
// dot-product kernels.
//
// resampy computes output sample t at time = t * (1 / ratio) input samples
// (double precision), n = int(time), and weights the input x[n - i] (left
// wing) and x[n + 1 + k] (right wing) with table entries at offset + i * step,
// step = int(min(1, ratio) * precision), interpolated linearly with one eta
// per wing. Because the offsets depend only on t mod L (L = toRate / gcd), the
// weights of each phase are computed once and laid out as one contiguous FIR
// over x[start .. start + taps).
#include "core/audio/kaiser_resampler.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace mirlo::kaiser {

struct FilterTable {
    int zeros = 0;     // zero crossings of the right wing
    int precision = 0; // table entries per zero crossing
    double rolloff = 0;
    double beta = 0;
    std::vector<double> h; // right wing, zeros * precision + 1 entries, h[0] = rolloff
};

// Built once per filter on first use (thread-safe static initialisation).
const FilterTable &filterTable(KaiserFilter filter);

struct Plan {
    const FilterTable *table = nullptr;
    int64_t phases = 0;    // L = toRate / gcd: outputs per period
    int64_t inputStep = 0; // M = fromRate / gcd: input samples per period
    double ratio = 0;      // toRate / fromRate as resampy computes it
    double increment = 0;  // 1 / ratio: input samples per output sample
    double scale = 0;      // min(1, ratio)
    int64_t step = 0;      // int(scale * precision)
    int taps = 0;          // FIR length of every phase (multiple of 16, zero padded)
    bool polyphase = false;
    // Polyphase only: phases + 1 rows of `taps` weights; row L is phase 0 for
    // outputs whose time resampy rounds to just below the integer q * M.
    std::vector<double> coef;
    std::vector<int64_t> base; // first input index of each row relative to q * M

    // Weights for an output at n + unit (unit in [0, 1), resampy's
    // time - int(time)) into w[0 .. taps), zero padded; returns the input
    // index of w[0].
    int64_t weights(int64_t n, double unit, double *w) const;
};

// Cached per (filter, fromRate, toRate); rates must be > 0 and differ.
std::shared_ptr<const Plan> plan(KaiserFilter filter, int fromRate, int toRate);

// sum_j w[j] * x[j], taps a multiple of 16; accumulates in double.
double dot(const double *w, const float *x, int taps);
// Tests: force the portable kernel (false) or allow AVX2 again (true).
void setAllowAvx2(bool allow);
bool usingAvx2();
// Tests / benchmarks: cap the worker threads of kaiserResample (default 2).
void setMaxThreads(int threads);
int maxThreads();

namespace avx2 {
bool supported();
double dot(const double *w, const float *x, int taps);
} // namespace avx2

} // namespace mirlo::kaiser
