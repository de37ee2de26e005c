#pragma once
// numpy's float32 natural logarithm as numpy >= 1.20 computes it on x86-64
// CPUs with AVX2+FMA or AVX512F (the machines madmom's reference ran on): a
// rational minimax approximation evaluated with fused multiply-adds, within
// ~4 ulp of the true log but not equal to glibc's logf. madmom's onset CNN
// input is ln(x + eps) in float32, so reproducing it bit for bit needs this.
// Positive normal inputs follow numpy exactly; 0, denormals, negatives, inf
// and NaN fall back to std::log.
#include <cstddef>

namespace mirlo {

void numpyLogFloat(const float *in, float *out, size_t count);

} // namespace mirlo
