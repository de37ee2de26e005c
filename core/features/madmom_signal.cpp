#include "core/features/madmom_signal.h"

#include "core/audio/resampler.h"

#include <cmath>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace mirlo {

namespace {

// Float PCM in [-1, 1) -> int16 value: exact for data that came from int16
// (x * 32768 is then an integer), rounded half to even and clipped like
// ffmpeg's s16 output otherwise. x * 32768 is exact in float (a power of two)
// and the magic-number rounding equals nearbyint for |v| < 2^22, so this is
// the double-precision rounding of before, in a form the compiler vectorises.
inline float toInt16(float x)
{
    constexpr float kRound = 12582912.f; // 1.5 * 2^23
    float v = x * 32768.f;
    v = v > 40000.f ? 40000.f : v; // NaN stays NaN through both comparisons
    v = v < -40000.f ? -40000.f : v;
    v = (v + kRound) - kRound;
    v = v > 32767.f ? 32767.f : v;
    v = v < -32768.f ? -32768.f : v;
    return v == v ? v : 0.f; // a NaN sample would poison every frame that overlaps it
}

#if defined(__SSE2__)
// toInt16 on four lanes: NaN lanes zeroed first (andps with the ordered mask),
// then the same clamps and magic-number rounding (identical results).
inline __m128 toInt16x4(__m128 x)
{
    const __m128 round = _mm_set1_ps(12582912.f);
    __m128 v = _mm_mul_ps(x, _mm_set1_ps(32768.f));
    v = _mm_and_ps(v, _mm_cmpord_ps(v, v));
    v = _mm_min_ps(_mm_max_ps(v, _mm_set1_ps(-40000.f)), _mm_set1_ps(40000.f));
    v = _mm_sub_ps(_mm_add_ps(v, round), round);
    return _mm_min_ps(_mm_max_ps(v, _mm_set1_ps(-32768.f)), _mm_set1_ps(32767.f));
}
#endif

} // namespace

std::vector<float> madmomSignal(const AudioBuffer &audio)
{
    if (audio.channels <= 0 || audio.samples.empty() || audio.sampleRate <= 0)
        return {};
    if (audio.sampleRate != kMadmomSampleRate)
        return madmomSignal(Resampler::resample(audio, kMadmomSampleRate));

    const int channels = audio.channels;
    const int64_t frames = audio.frameCount();
    std::vector<float> out(static_cast<size_t>(frames));
    const float *in = audio.samples.data();
    float *o = out.data();
    int64_t i = 0;
    if (channels == 1) {
#if defined(__SSE2__)
        for (; i + 4 <= frames; i += 4)
            _mm_storeu_ps(o + i, toInt16x4(_mm_loadu_ps(in + i)));
#endif
        for (; i < frames; ++i)
            o[i] = toInt16(in[i]);
        return out;
    }
    // numpy: mean(...).astype(int16), i.e. the mean truncated toward zero. The
    // sums and halves of int16 values are exact in float, and the float -> int
    // conversion truncates toward zero.
    if (channels == 2) {
#if defined(__SSE2__)
        for (; i + 4 <= frames; i += 4) {
            const __m128 a = toInt16x4(_mm_loadu_ps(in + 2 * i));     // L0 R0 L1 R1
            const __m128 b = toInt16x4(_mm_loadu_ps(in + 2 * i + 4)); // L2 R2 L3 R3
            const __m128 left = _mm_shuffle_ps(a, b, _MM_SHUFFLE(2, 0, 2, 0));
            const __m128 right = _mm_shuffle_ps(a, b, _MM_SHUFFLE(3, 1, 3, 1));
            const __m128 half = _mm_mul_ps(_mm_add_ps(left, right), _mm_set1_ps(0.5f));
            _mm_storeu_ps(o + i, _mm_cvtepi32_ps(_mm_cvttps_epi32(half)));
        }
#endif
        for (; i < frames; ++i)
            o[i] = float(int32_t((toInt16(in[2 * i]) + toInt16(in[2 * i + 1])) * 0.5f));
        return out;
    }
    for (; i < frames; ++i) {
        int32_t sum = 0;
        for (int c = 0; c < channels; ++c)
            sum += int32_t(toInt16(in[i * channels + c]));
        o[i] = float(sum / channels); // integer division truncates toward zero, as numpy's cast
    }
    return out;
}

MadmomSignalResult decodeMadmomSignal(const QString &path, const ProgressFn &progress)
{
    MadmomSignalResult result;
    DecodeOptions options;
    options.targetSampleRate = kMadmomSampleRate;
    options.mono = false; // madmom's own down-mix, below
    options.readTags = false;
    DecodeResult decoded = decodeFile(path, options, progress);
    result.cancelled = decoded.cancelled;
    result.warnings = decoded.warnings;
    if (!decoded.ok) {
        result.error = decoded.error;
        return result;
    }
    result.signal = madmomSignal(decoded.audio);
    decoded.audio.samples = {};
    result.ok = true;
    return result;
}

} // namespace mirlo
