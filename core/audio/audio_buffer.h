#pragma once
// Decoded PCM held in memory: interleaved float samples, nominally in [-1, 1].
// Units: "frames" are sample instants (one value per channel), "samples" are
// individual float values; frameCount() * channels == samples.size().
#include <cstdint>
#include <vector>

namespace mirlo {

struct AudioBuffer {
    int sampleRate = 0;
    int channels = 0;
    std::vector<float> samples; // interleaved

    int64_t frameCount() const { return channels > 0 ? int64_t(samples.size()) / channels : 0; }
    double durationSec() const { return sampleRate > 0 ? double(frameCount()) / sampleRate : 0.0; }
    bool isEmpty() const { return samples.empty(); }
};

// Mean of the channels: a mono mix that can never exceed the input's peak.
std::vector<float> mixToMono(const AudioBuffer &buffer);

} // namespace mirlo
