// kaiserResample: applies the cached plan of kaiser_plan.cpp block by block,
// on up to two threads.
#include "core/audio/kaiser_resampler.h"

#include "core/audio/kaiser_plan.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <new>
#include <thread>

namespace mirlo {

namespace {

constexpr int64_t kBlock = 16384;       // outputs per work item (~1 s at 16 kHz)
constexpr int64_t kThreadedMin = 65536; // below this a second thread costs more than it saves
// Absurd rate pairs (e.g. 1 Hz -> 2 GHz) would ask for terabytes: refuse
// instead of throwing from the allocation.
constexpr int64_t kMaxOutput = int64_t(1) << 32;

// Computes outputs [t0, t1). Output t = q * L + p uses phase row p, input
// from q * M + base[p]; near the signal edges the taps read a zero-padded copy
// (resampy truncates the wings there, which is the same sum).
void runBlock(const kaiser::Plan &pl, const float *x, int64_t n, int64_t t0, int64_t t1, float *y,
              std::vector<float> &window, std::vector<double> &scratch)
{
    const int taps = pl.taps;
    for (int64_t t = t0; t < t1; ++t) {
        const double *w;
        int64_t start;
        if (pl.polyphase) {
            const int64_t q = t / pl.phases;
            int64_t row = t - q * pl.phases;
            if (row == 0 && q > 0 && double(t) * pl.increment < double(q * pl.inputStep))
                row = pl.phases;
            w = pl.coef.data() + size_t(row) * size_t(taps);
            start = q * pl.inputStep + pl.base[size_t(row)];
        } else {
            const double time = double(t) * pl.increment;
            const int64_t whole = int64_t(time);
            start = pl.weights(whole, time - double(whole), scratch.data());
            w = scratch.data();
        }
        const float *xs = window.data();
        if (start >= 0 && start + taps <= n) {
            xs = x + start;
        } else {
            for (int j = 0; j < taps; ++j) {
                const int64_t i = start + j;
                window[size_t(j)] = i >= 0 && i < n ? x[i] : 0.0f;
            }
        }
        y[t] = float(kaiser::dot(w, xs, taps));
    }
}

} // namespace

int64_t kaiserOutputLength(int64_t n, int fromRate, int toRate)
{
    if (n <= 0 || fromRate <= 0 || toRate <= 0)
        return 0;
    if (fromRate == toRate)
        return n;
    // librosa 0.7.2: int(np.ceil(y.shape[-1] * (float(target_sr) / orig_sr)))
    return int64_t(std::ceil(double(n) * (double(toRate) / double(fromRate))));
}

std::vector<float> kaiserResample(const float *mono, int64_t n, int fromRate, int toRate, KaiserFilter filter,
                                  const std::function<bool(double)> &progress)
{
    if (!mono || n <= 0 || fromRate <= 0 || toRate <= 0)
        return {};
    if (fromRate == toRate) {
        if (progress && !progress(1.0))
            return {};
        return std::vector<float>(mono, mono + n);
    }
    const int64_t length = kaiserOutputLength(n, fromRate, toRate);
    if (length > kMaxOutput)
        return {};
    std::vector<float> y;
    try {
        y.assign(size_t(length), 0.0f);
    } catch (const std::bad_alloc &) {
        return {};
    }
    const auto pl = kaiser::plan(filter, fromRate, toRate);
    // resampy's length: floor(n * to / from), exact in integers; the rest is
    // librosa's zero padding.
    const int64_t computed = std::min<int64_t>(length, int64_t(__int128(n) * toRate / fromRate));
    const int64_t blocks = (computed + kBlock - 1) / kBlock;
    std::atomic<int64_t> next{0};
    std::atomic<int64_t> done{0};
    std::atomic<bool> cancel{false};
    auto work = [&](bool reporting) {
        std::vector<float> window(size_t(pl->taps));
        std::vector<double> scratch(size_t(pl->taps));
        for (;;) {
            if (cancel.load(std::memory_order_relaxed))
                return;
            const int64_t b = next.fetch_add(1);
            if (b >= blocks)
                return;
            runBlock(*pl, mono, n, b * kBlock, std::min(computed, (b + 1) * kBlock), y.data(), window, scratch);
            const int64_t finished = done.fetch_add(1) + 1;
            if (reporting && progress && !progress(double(finished) / double(blocks)))
                cancel.store(true);
        }
    };
    const int hw = int(std::max(1u, std::thread::hardware_concurrency()));
    const int threads = computed >= kThreadedMin ? std::min(hw, kaiser::maxThreads()) : 1;
    std::vector<std::thread> helpers;
    for (int i = 1; i < threads; ++i)
        helpers.emplace_back(work, false);
    work(true);
    for (std::thread &h : helpers)
        h.join();
    if (cancel.load())
        return {};
    if (progress && !progress(1.0))
        return {};
    return y;
}

AudioBuffer kaiserResampleMono(const AudioBuffer &in, int toRate, KaiserFilter filter,
                               const std::function<bool(double)> &progress)
{
    AudioBuffer out;
    if (in.channels <= 0 || in.sampleRate <= 0 || toRate <= 0 || in.isEmpty())
        return out;
    const std::vector<float> mono = mixToMono(in);
    std::vector<float> y = kaiserResample(mono.data(), int64_t(mono.size()), in.sampleRate, toRate, filter, progress);
    if (y.empty())
        return out;
    out.sampleRate = toRate;
    out.channels = 1;
    out.samples = std::move(y);
    return out;
}

} // namespace mirlo
