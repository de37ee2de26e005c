#pragma once
// Common interface of the pretrained taggers' networks: one chunk's dB-mel
// (time-major, melFrames rows x nMels columns, column 0 = lowest band) in,
// one sigmoid probability per tag out. forward() is const and thread-safe.
namespace mirlo {

class TaggerNetwork {
public:
    virtual ~TaggerNetwork() = default;
    virtual void forward(const float *mel, float *probs) const = 0;
};

} // namespace mirlo
