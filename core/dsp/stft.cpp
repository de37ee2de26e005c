#include "core/dsp/stft.h"

#include "core/dsp/real_spectrum.h"

#include <fftw3.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>
#include <vector>

namespace mirlo {

std::mutex &fftwPlannerMutex()
{
    static std::mutex mutex;
    return mutex;
}

namespace {

// FFTW-aligned work arrays. fftwf_execute_dft_r2c needs arrays with the same
// alignment as the ones the plan was made with; fftwf_malloc guarantees that.
struct FftBuffers {
    int size = 0;
    float *in = nullptr;
    fftwf_complex *out = nullptr;

    FftBuffers() = default;
    explicit FftBuffers(int n) { resize(n); }
    ~FftBuffers() { release(); }
    FftBuffers(const FftBuffers &) = delete;
    FftBuffers &operator=(const FftBuffers &) = delete;

    void resize(int n)
    {
        if (n == size)
            return;
        release();
        in = static_cast<float *>(fftwf_malloc(sizeof(float) * size_t(n)));
        out = static_cast<fftwf_complex *>(fftwf_malloc(sizeof(fftwf_complex) * size_t(n / 2 + 1)));
        if (!in || !out)
            throw std::bad_alloc();
        size = n;
    }
    void release()
    {
        fftwf_free(in);
        fftwf_free(out);
        in = nullptr;
        out = nullptr;
        size = 0;
    }
};

// numpy.pad(mode='reflect') index for any offset, including pads longer than
// the signal (the reflection then repeats with period 2 * (n - 1)).
int64_t reflectIndex(int64_t i, int64_t n)
{
    if (n == 1)
        return 0;
    const int64_t period = 2 * (n - 1);
    int64_t j = i % period;
    if (j < 0)
        j += period;
    return j < n ? j : period - j;
}

constexpr int kChunkFrames = 128;

} // namespace

struct Stft::Impl {
    std::unique_ptr<RealSpectrum> spectrum;
    std::vector<float> window;
    int fftSize = 0;
};

Stft::Stft(const StftParams &params) : m_params(params), m(std::make_unique<Impl>())
{
    // Invalid sizes give an unusable (isValid() == false) transform that yields
    // no frames, rather than an exception the GUI would have to catch.
    if (m_params.frameSize <= 0 || m_params.hopSize <= 0)
        return;
    m->fftSize = std::max(m_params.fftSize, m_params.frameSize);
    m_params.fftSize = m->fftSize;
    m->window = makeWindow(m_params.window, m_params.frameSize, m_params.periodicWindow);
    m->spectrum = std::make_unique<RealSpectrum>(m->fftSize);
}

Stft::~Stft() = default;

int Stft::fftSize() const
{
    return m->fftSize;
}

bool Stft::isValid() const
{
    return m->spectrum && m->spectrum->isValid();
}

int64_t Stft::frameCount(int64_t signalSamples) const
{
    if (signalSamples <= 0 || !isValid())
        return 0;
    if (m_params.center)
        return 1 + signalSamples / m_params.hopSize;
    if (signalSamples < m_params.frameSize)
        return 0;
    return 1 + (signalSamples - m_params.frameSize) / m_params.hopSize;
}

namespace {

// Windows `frame` into bufs.in, transforms, and writes |X| or |X|^2.
void transformWith(const RealSpectrum &spectrum, const std::vector<float> &window, int fftSize,
                   const float *frame, float *out, SpectrumValue value, FftBuffers &bufs)
{
    const int frameSize = int(window.size());
    for (int i = 0; i < frameSize; ++i)
        bufs.in[i] = frame[i] * window[size_t(i)];
    std::fill(bufs.in + frameSize, bufs.in + fftSize, 0.f);
    if (value == SpectrumValue::Power)
        spectrum.power(bufs.in, bufs.out, out);
    else
        spectrum.magnitude(bufs.in, bufs.out, out);
}

} // namespace

void Stft::transformFrame(const float *frame, float *out, SpectrumValue value) const
{
    // One buffer set per thread, reused across calls of any Stft of that size.
    if (!isValid()) {
        out[0] = 0.f;
        return;
    }
    thread_local FftBuffers bufs;
    bufs.resize(m->fftSize);
    transformWith(*m->spectrum, m->window, m->fftSize, frame, out, value, bufs);
}

Matrix Stft::compute(const float *signal, int64_t samples, SpectrumValue value,
                     const std::function<bool(double)> &progress) const
{
    return computeFrames(signal, samples, 0, frameCount(samples), value, progress);
}

Matrix Stft::computeFrames(const float *signal, int64_t samples, int64_t firstFrame, int64_t count,
                           SpectrumValue value, const std::function<bool(double)> &progress) const
{
    const int64_t total = frameCount(samples);
    if (firstFrame < 0 || firstFrame >= total || count <= 0 || !signal)
        return {};
    const int64_t frames = std::min(count, total - firstFrame);
    const int frameSize = m_params.frameSize;
    const int hop = m_params.hopSize;
    const int64_t offset = m_params.center ? frameSize / 2 : 0;
    const bool reflect = m_params.pad == PadMode::Reflect;

    Matrix result(int(frames), binCount());
    const int64_t chunks = (frames + kChunkFrames - 1) / kChunkFrames;
    std::atomic<int64_t> nextChunk{0};
    std::atomic<int64_t> doneChunks{0};
    std::atomic<bool> cancelled{false};

    // Workers take chunks of frames from a shared counter; only the calling
    // thread reports progress, so the callback never runs concurrently.
    auto work = [&](bool reportProgress) {
        FftBuffers bufs(m->fftSize);
        std::vector<float> padded(static_cast<size_t>(frameSize));
        while (!cancelled.load(std::memory_order_relaxed)) {
            const int64_t chunk = nextChunk.fetch_add(1);
            if (chunk >= chunks)
                break;
            const int64_t end = std::min(frames, (chunk + 1) * kChunkFrames);
            for (int64_t t = chunk * kChunkFrames; t < end; ++t) {
                const int64_t start = (firstFrame + t) * hop - offset;
                const float *frame = signal + start;
                if (start < 0 || start + frameSize > samples) {
                    for (int i = 0; i < frameSize; ++i) {
                        const int64_t s = start + i;
                        if (s >= 0 && s < samples)
                            padded[size_t(i)] = signal[s];
                        else
                            padded[size_t(i)] = reflect ? signal[reflectIndex(s, samples)] : 0.f;
                    }
                    frame = padded.data();
                }
                transformWith(*m->spectrum, m->window, m->fftSize, frame, result.row(int(t)), value, bufs);
            }
            const int64_t done = doneChunks.fetch_add(1) + 1;
            if (reportProgress && progress && !progress(double(done) / double(chunks)))
                cancelled.store(true);
        }
    };

    const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
    const int threads = (chunks >= 4 && hw >= 2) ? 2 : 1;
    std::vector<std::thread> helpers;
    for (int i = 1; i < threads; ++i)
        helpers.emplace_back(work, false);
    work(true);
    for (auto &h : helpers)
        h.join();
    if (cancelled.load())
        return {};
    return result;
}

} // namespace mirlo
