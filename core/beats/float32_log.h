#pragma once
// Natural logarithm in float32 that reproduces numpy's SIMD float32 log
// (numpy >= 1.20 on AVX2/AVX512F machines, the one madmom's observation
// models ran through): mantissa in [sqrt(1/2), sqrt(2)), a 5th/5th order
// rational polynomial evaluated with FMA, plus exponent * ln 2. It is up to
// ~4 ulp away from the correctly rounded logf, and those ulps decide exact
// Viterbi log-probability parity with the madmom reference.
namespace mirlo {

float numpyLogf(float x);

} // namespace mirlo
