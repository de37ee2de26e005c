#include "core/audio/audio_buffer.h"

#include <cstddef>

namespace mirlo {

std::vector<float> mixToMono(const AudioBuffer &buffer)
{
    const int channels = buffer.channels;
    if (channels <= 1)
        return buffer.samples;
    const int64_t frames = buffer.frameCount();
    std::vector<float> mono(std::size_t(frames), 0.0f);
    const float scale = 1.0f / float(channels);
    const float *in = buffer.samples.data();
    if (channels == 2) {
        for (int64_t i = 0; i < frames; ++i)
            mono[std::size_t(i)] = 0.5f * (in[2 * i] + in[2 * i + 1]);
        return mono;
    }
    for (int64_t i = 0; i < frames; ++i) {
        float sum = 0.0f;
        for (int c = 0; c < channels; ++c)
            sum += in[i * channels + c];
        mono[std::size_t(i)] = sum * scale;
    }
    return mono;
}

} // namespace mirlo
