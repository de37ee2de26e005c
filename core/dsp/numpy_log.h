#pragma once
// numpy's float32 natural logarithm as numpy >= 1.20 computes it on x86-64
// CPUs with AVX2+FMA or AVX512F (the machines madmom's reference ran on): the
// mantissa is brought to [sqrt(1/2), sqrt(2)), a 5th/5th-order rational
// minimax polynomial is evaluated with fused multiply-adds, plus exponent *
// ln 2. It is within ~4 ulp of the true log but not equal to glibc's logf,
// and those ulps matter: madmom's onset-CNN input is ln(x + eps) in float32
// (bit-exact features) and its DBN observation densities are float32 logs
// (exact Viterbi log probability). Subnormals are split exactly as numpy's
// getmant/getexp do; 0 -> -inf, negative -> NaN, inf -> inf, NaN -> NaN.
#include <cstddef>

namespace mirlo {

float numpyLogf(float x);
// out[i] = numpyLogf(in[i]); AVX2/FMA lanes when the CPU has them (same bits).
void numpyLogFloat(const float *in, float *out, size_t count);

} // namespace mirlo
