#include "core/audio/pcm_converter.h"

extern "C" {
#include <libavutil/opt.h>
}

#include <cmath>

namespace mirlo {

namespace {

// Native order with the standard layout for the count; decoders of plain PCM
// often leave the order unspecified, which swr cannot rematrix.
AVChannelLayout usableLayout(const AVChannelLayout &in)
{
    AVChannelLayout out{};
    if (in.order == AV_CHANNEL_ORDER_UNSPEC || av_channel_layout_check(&in) == 0)
        av_channel_layout_default(&out, in.nb_channels);
    else
        av_channel_layout_copy(&out, &in);
    return out;
}

template <typename T> int64_t zeroNonFinite(T *p, int64_t n)
{
    // Cheap test first: x * 0 is NaN exactly for NaN and +-Inf. Eight
    // independent sums, because one serial sum is a chain of dependent adds
    // (the compiler may not reorder float adds) and cost ~4 cycles a sample.
    constexpr int kLanes = 8;
    T probe[kLanes] = {};
    int64_t i = 0;
    for (; i + kLanes <= n; i += kLanes)
        for (int j = 0; j < kLanes; ++j)
            probe[j] += p[i + j] * T(0);
    for (; i < n; ++i)
        probe[0] += p[i] * T(0);
    T total = 0;
    for (int j = 0; j < kLanes; ++j)
        total += probe[j];
    if (total == T(0))
        return 0;
    int64_t count = 0;
    for (int64_t i = 0; i < n; ++i) {
        if (!std::isfinite(p[i])) {
            p[i] = 0;
            ++count;
        }
    }
    return count;
}

} // namespace

PcmConverter::~PcmConverter()
{
    av_channel_layout_uninit(&m_inLayout);
}

void PcmConverter::sanitize(AVFrame *frame)
{
    const auto fmt = AVSampleFormat(frame->format);
    const bool isFloat = fmt == AV_SAMPLE_FMT_FLT || fmt == AV_SAMPLE_FMT_FLTP;
    const bool isDouble = fmt == AV_SAMPLE_FMT_DBL || fmt == AV_SAMPLE_FMT_DBLP;
    if (!isFloat && !isDouble)
        return; // integer PCM cannot hold NaN or Inf
    if (av_frame_make_writable(frame) < 0)
        return;
    const bool planar = av_sample_fmt_is_planar(fmt);
    const int channels = frame->ch_layout.nb_channels;
    const int planes = planar ? channels : 1;
    const int64_t perPlane = int64_t(frame->nb_samples) * (planar ? 1 : channels);
    for (int p = 0; p < planes; ++p) {
        if (isFloat)
            m_nonFinite += zeroNonFinite(reinterpret_cast<float *>(frame->extended_data[p]), perPlane);
        else
            m_nonFinite += zeroNonFinite(reinterpret_cast<double *>(frame->extended_data[p]), perPlane);
    }
}

bool PcmConverter::configure(const AVFrame *frame, std::vector<float> &out, QString &error)
{
    const bool same = m_swr && frame->format == m_inFormat && frame->sample_rate == m_inRate &&
                      av_channel_layout_compare(&frame->ch_layout, &m_inLayout) == 0;
    if (same)
        return true;
    if (m_swr)
        flush(out); // the stream changed mid-file (e.g. chained Ogg): finish the old part

    av_channel_layout_uninit(&m_inLayout);
    av_channel_layout_copy(&m_inLayout, &frame->ch_layout);
    m_inFormat = frame->format;
    m_inRate = frame->sample_rate;
    if (m_outRate <= 0)
        m_outRate = frame->sample_rate;

    AVChannelLayout inLayout = usableLayout(frame->ch_layout);
    AVChannelLayout outLayout{};
    if (m_mono)
        av_channel_layout_default(&outLayout, 1);
    else if (m_outChannels > 0) // keep the first part's channel count for the whole output
        av_channel_layout_default(&outLayout, m_outChannels);
    else
        av_channel_layout_copy(&outLayout, &inLayout);
    if (m_outChannels > 0 && outLayout.nb_channels != m_outChannels)
        av_channel_layout_default(&outLayout, m_outChannels);

    SwrContext *raw = nullptr;
    int rc = swr_alloc_set_opts2(&raw, &outLayout, AV_SAMPLE_FMT_FLT, m_outRate, &inLayout,
                                 AVSampleFormat(frame->format), frame->sample_rate, 0, nullptr);
    m_swr.reset(raw);
    const int inChannels = inLayout.nb_channels;
    if (rc >= 0 && m_mono && inChannels > 1) {
        // Exact mean of the channels; swr's own downmix weights can exceed 1.0.
        std::vector<double> matrix(size_t(inChannels), 1.0 / inChannels);
        rc = swr_set_matrix(m_swr.get(), matrix.data(), inChannels);
    }
    if (rc >= 0)
        rc = initSwrWithQuality(m_swr.get());
    m_outChannels = outLayout.nb_channels;
    av_channel_layout_uninit(&inLayout);
    av_channel_layout_uninit(&outLayout);
    if (rc < 0) {
        m_swr.reset();
        error = QStringLiteral("cannot convert %1 channels of %2 at %3 Hz (%4)")
                    .arg(inChannels)
                    .arg(QString::fromUtf8(av_get_sample_fmt_name(AVSampleFormat(frame->format))))
                    .arg(frame->sample_rate)
                    .arg(ffmpegErrorText(rc));
        return false;
    }
    return true;
}

bool PcmConverter::convert(AVFrame *frame, std::vector<float> &out, QString &error)
{
    if (frame->nb_samples <= 0)
        return true;
    sanitize(frame);
    if (!configure(frame, out, error))
        return false;
    const int capacity = swr_get_out_samples(m_swr.get(), frame->nb_samples);
    if (capacity <= 0)
        return true;
    const size_t old = out.size();
    out.resize(old + size_t(capacity) * size_t(m_outChannels));
    auto *dst = reinterpret_cast<uint8_t *>(out.data() + old);
    const int n =
        swr_convert(m_swr.get(), &dst, capacity, const_cast<const uint8_t **>(frame->extended_data), frame->nb_samples);
    out.resize(old + size_t(std::max(n, 0)) * size_t(m_outChannels));
    if (n < 0) {
        error = QStringLiteral("sample conversion failed (%1)").arg(ffmpegErrorText(n));
        return false;
    }
    return true;
}

void PcmConverter::flush(std::vector<float> &out)
{
    if (!m_swr)
        return;
    // Bounded: a resampler's delay is finite, so a few rounds drain it.
    for (int round = 0; round < 64; ++round) {
        const int capacity = std::max(swr_get_out_samples(m_swr.get(), 0), 4096);
        const size_t old = out.size();
        out.resize(old + size_t(capacity) * size_t(m_outChannels));
        auto *dst = reinterpret_cast<uint8_t *>(out.data() + old);
        const int n = swr_convert(m_swr.get(), &dst, capacity, nullptr, 0);
        out.resize(old + size_t(std::max(n, 0)) * size_t(m_outChannels));
        if (n <= 0)
            break;
    }
}

} // namespace mirlo
