#include "core/features/madmom_signal.h"

#include "core/audio/resampler.h"

#include <cmath>

namespace mirlo {

namespace {

// Float PCM in [-1, 1) -> int16 value: exact for data that came from int16
// (x * 32768 is then an integer), rounded and clipped like ffmpeg's s16 output otherwise.
inline double toInt16(float x)
{
    const double v = std::nearbyint(double(x) * 32768.0);
    if (std::isnan(v))
        return 0.0; // a NaN sample would poison every frame that overlaps it
    return v > 32767.0 ? 32767.0 : (v < -32768.0 ? -32768.0 : v);
}

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
    if (channels == 1) {
        for (int64_t i = 0; i < frames; ++i)
            out[size_t(i)] = float(toInt16(in[i]));
        return out;
    }
    for (int64_t i = 0; i < frames; ++i) {
        double sum = 0.0;
        for (int c = 0; c < channels; ++c)
            sum += toInt16(in[i * channels + c]);
        out[size_t(i)] = float(std::trunc(sum / channels)); // numpy: mean(...).astype(int16)
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
