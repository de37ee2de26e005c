#include "core/audio/resampler.h"

#include "core/audio/ffmpeg_input.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace mirlo {

struct Resampler::Impl {
    int channels = 0;
    bool passThrough = false; // same rate (or unusable arguments): copy
    SwrPtr swr;
};

Resampler::Resampler(int channels, int fromRate, int toRate) : m(std::make_unique<Impl>())
{
    m->channels = std::max(channels, 0);
    m->passThrough = channels <= 0 || fromRate <= 0 || toRate <= 0 || fromRate == toRate;
    if (m->passThrough)
        return;
    AVChannelLayout layout{};
    av_channel_layout_default(&layout, channels);
    SwrContext *raw = nullptr;
    int rc =
        swr_alloc_set_opts2(&raw, &layout, AV_SAMPLE_FMT_FLT, toRate, &layout, AV_SAMPLE_FMT_FLT, fromRate, 0, nullptr);
    m->swr.reset(raw);
    av_channel_layout_uninit(&layout);
    if (rc >= 0)
        rc = initSwrWithQuality(m->swr.get());
    if (rc < 0) {
        // Cannot happen with valid arguments; degrade to a copy rather than crash.
        m->swr.reset();
        m->passThrough = true;
    }
}

Resampler::~Resampler() = default;

void Resampler::push(const float *in, int64_t frames, std::vector<float> &out)
{
    if (frames <= 0 || m->channels == 0)
        return;
    if (m->passThrough) {
        out.insert(out.end(), in, in + frames * m->channels);
        return;
    }
    // swr_convert takes int counts: feed huge inputs in slices.
    constexpr int64_t kSlice = 1 << 20;
    for (int64_t done = 0; done < frames;) {
        const int n = int(std::min(kSlice, frames - done));
        const int capacity = swr_get_out_samples(m->swr.get(), n);
        const size_t old = out.size();
        out.resize(old + size_t(std::max(capacity, 0)) * size_t(m->channels));
        auto *dst = reinterpret_cast<uint8_t *>(out.data() + old);
        const auto *src = reinterpret_cast<const uint8_t *>(in + done * m->channels);
        const int got = swr_convert(m->swr.get(), &dst, capacity, &src, n);
        out.resize(old + size_t(std::max(got, 0)) * size_t(m->channels));
        done += n;
    }
}

void Resampler::flush(std::vector<float> &out)
{
    if (m->passThrough || !m->swr)
        return;
    for (int round = 0; round < 64; ++round) {
        const int capacity = std::max(swr_get_out_samples(m->swr.get(), 0), 4096);
        const size_t old = out.size();
        out.resize(old + size_t(capacity) * size_t(m->channels));
        auto *dst = reinterpret_cast<uint8_t *>(out.data() + old);
        const int got = swr_convert(m->swr.get(), &dst, capacity, nullptr, 0);
        out.resize(old + size_t(std::max(got, 0)) * size_t(m->channels));
        if (got <= 0)
            break;
    }
}

AudioBuffer Resampler::resample(const AudioBuffer &in, int toRate)
{
    AudioBuffer out;
    out.channels = in.channels;
    out.sampleRate = toRate > 0 ? toRate : in.sampleRate;
    if (in.channels <= 0 || in.sampleRate <= 0 || toRate <= 0 || toRate == in.sampleRate) {
        out.samples = in.samples;
        return out;
    }
    Resampler r(in.channels, in.sampleRate, toRate);
    out.samples.reserve(size_t(double(in.frameCount()) * toRate / in.sampleRate + 64) * size_t(in.channels));
    r.push(in.samples.data(), in.frameCount(), out.samples);
    r.flush(out.samples);
    return out;
}

} // namespace mirlo
