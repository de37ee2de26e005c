#pragma once
// Band-limited sinc resampling with resampy's Kaiser-windowed filters, the
// resampler the pretrained MTAT taggers were trained with (librosa 0.7.2
// load(sr=16000) -> resampy 0.4.2 'kaiser_best'). Unlike Resampler
// (libswresample) this reproduces resampy's output to float32 rounding
// (<= ~1e-6 max abs for signals in [-1, 1]), including its truncated table
// stride and linear interpolation between table entries.
//
// Units: rates in Hz; n and all lengths in samples of ONE channel (mono in,
// mono out). Mix to mono before resampling (model preprocessing: mean of the
// channels first), e.g. with kaiserResampleMono() below.
//
// The interpolation weights depend only on the output phase t mod (toRate /
// gcd), so they are precomputed once per (filter, rate pair), cached for the
// life of the process (thread-safe) and applied as one dot product per output
// sample (AVX2 when available, scalar otherwise; 2 threads for long inputs).
#include "core/audio/audio_buffer.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace mirlo {

enum class KaiserFilter {
    Best, // resampy 'kaiser_best': 50 zero crossings, 8192 entries each, roll-off 0.917347, beta 12.9846
    Fast, // resampy 'kaiser_fast': 24 zero crossings, 512 entries each, roll-off 0.868212, beta 9.90322
};

// librosa 0.7.2's output length: ceil(n * (toRate / fromRate)) with the ratio
// in double precision (equals the exact ceil(n * toRate / fromRate) except
// that an exact integer can round up by one, as in librosa). n for equal
// rates; 0 for n <= 0 or a rate <= 0.
int64_t kaiserOutputLength(int64_t n, int fromRate, int toRate);

// Resamples n mono samples from fromRate to toRate (Hz). Returns
// kaiserOutputLength(n, fromRate, toRate) samples: the first
// floor(n * toRate / fromRate) are resampy's interpolation (input treated as
// zero outside [0, n)), the rest (at most one) is librosa's zero padding.
// Equal rates: a copy. n == 0, mono == nullptr, a rate <= 0, or an output
// of more than 2^32 samples: empty (no crash). Input samples must be finite. progress(fraction in [0, 1]) is called
// from the calling thread; returning false cancels and the result is empty.
std::vector<float> kaiserResample(const float *mono, int64_t n, int fromRate, int toRate,
                                  KaiserFilter filter = KaiserFilter::Best,
                                  const std::function<bool(double)> &progress = {});

// The taggers' preprocessing: mean of the channels (mixToMono), then
// kaiserResample to toRate. Returns a 1-channel buffer at toRate (empty for
// an empty or invalid input or on cancel).
AudioBuffer kaiserResampleMono(const AudioBuffer &in, int toRate, KaiserFilter filter = KaiserFilter::Best,
                               const std::function<bool(double)> &progress = {});

} // namespace mirlo
