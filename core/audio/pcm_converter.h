#pragma once
// Internal: turns decoded AVFrames of any sample format / layout / rate into
// interleaved float frames at a fixed output rate and channel count, in one
// libswresample pass (format conversion, mono mean and resampling together).
// Non-finite input samples are replaced by 0 before filtering and counted,
// so a NaN cannot smear across the resampler's kernel.
#include "core/audio/ffmpeg_input.h"

#include <vector>

namespace mirlo {

class PcmConverter {
public:
    // outRate: output frames per second; mono: mean of all input channels.
    PcmConverter(int outRate, bool mono) : m_outRate(outRate), m_mono(mono) {}
    ~PcmConverter();

    // Appends the converted frame to `out`. Returns false (with `error`) when
    // the conversion cannot be set up.
    bool convert(AVFrame *frame, std::vector<float> &out, QString &error);
    // Drains the resampler's delay line at the end of the stream.
    void flush(std::vector<float> &out);

    int outChannels() const { return m_outChannels; }
    int64_t nonFiniteCount() const { return m_nonFinite; }

private:
    bool configure(const AVFrame *frame, std::vector<float> &out, QString &error);
    void sanitize(AVFrame *frame);

    int m_outRate;
    bool m_mono;
    int m_outChannels = 0;
    SwrPtr m_swr;
    int m_inFormat = -1;
    int m_inRate = 0;
    AVChannelLayout m_inLayout{};
    int64_t m_nonFinite = 0;
};

} // namespace mirlo
