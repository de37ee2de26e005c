#pragma once
// Sample-rate conversion of interleaved float PCM with libswresample.
// Usable in one shot (resample) or block-wise (push / flush) while decoding.
#include "core/audio/audio_buffer.h"

#include <memory>

namespace mirlo {

class Resampler {
public:
    Resampler(int channels, int fromRate, int toRate);
    ~Resampler();
    Resampler(const Resampler &) = delete;
    Resampler &operator=(const Resampler &) = delete;

    // Converts `frames` input frames; appends output frames to `out`.
    void push(const float *in, int64_t frames, std::vector<float> &out);
    // Drains the filter delay at the end of the stream.
    void flush(std::vector<float> &out);

    static AudioBuffer resample(const AudioBuffer &in, int toRate);

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

} // namespace mirlo
