#include "spectrogram_pipeline.h"

#include "core/audio/parallel_decoder.h"
#include "core/dsp/streaming_spectrogram.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace mirlo::cli {

namespace {

// Bounded single-producer / single-consumer queue of sample blocks. The bound
// keeps memory flat when the consumer is slower; used blocks are recycled so
// the steady state allocates nothing.
class BlockQueue {
public:
    explicit BlockQueue(size_t capacity) : m_capacity(capacity) {}

    void push(const float *samples, int64_t count)
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_notFull.wait(lock, [&] { return m_blocks.size() < m_capacity; });
        std::vector<float> block;
        if (!m_free.empty()) {
            block = std::move(m_free.back());
            m_free.pop_back();
        }
        lock.unlock();
        block.assign(samples, samples + count);
        lock.lock();
        m_blocks.push_back(std::move(block));
        m_notEmpty.notify_one();
    }

    void close()
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_closed = true;
        m_notEmpty.notify_one();
    }

    // Moves every queued block (at least one) to the end of `blocks`; false
    // when the queue is closed and drained.
    bool popAll(std::vector<std::vector<float>> &blocks)
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_notEmpty.wait(lock, [&] { return !m_blocks.empty() || m_closed; });
        if (m_blocks.empty())
            return false;
        for (auto &block : m_blocks)
            blocks.push_back(std::move(block));
        m_blocks.clear();
        m_notFull.notify_one();
        return true;
    }

    void recycle(std::vector<float> &&block)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_free.size() < m_capacity)
            m_free.push_back(std::move(block));
    }

private:
    const size_t m_capacity;
    std::mutex m_mutex;
    std::condition_variable m_notFull, m_notEmpty;
    std::deque<std::vector<float>> m_blocks;
    std::vector<std::vector<float>> m_free;
    bool m_closed = false;
};

double threadCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

double wallSeconds()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

constexpr size_t kQueueBlocks = 32; // x 16384 samples: ~2 MB in flight at most
// Frames in hand from which the analysis splits them over two threads (a
// thread start costs ~0.05 ms, 128 frames of 2048 samples ~0.5 ms of work).
constexpr int64_t kParallelFrames = 128;

} // namespace

PipelineResult decodeAndAnalyse(const QString &path, const SpectrogramParams &params, int targetRate,
                                const ProgressFn &progress, const QString &npyOut)
{
    PipelineResult out;
    const double wall0 = wallSeconds();
    const double cpu0 = threadCpuSeconds();
    // The filterbank needs the output rate before the first block: read it
    // from the header (cheap) unless the caller fixed it.
    int rate = targetRate;
    double headerSec = 0.0;
    if (rate <= 0) {
        const DecodeResult probe = probeFile(path);
        if (!probe.ok) {
            out.error = probe.error;
            return out;
        }
        rate = probe.info.sampleRate;
        headerSec = probe.info.durationSec;
    }
    if (rate <= 0) {
        out.error = path + QStringLiteral(": unknown sample rate");
        return out;
    }

    StreamingSpectrogram analysis(params, rate);
    std::unique_ptr<NpyMappedWriter> npy;
    // Runs on the analysis thread before its first block: creating the output
    // file can stall for ~10 ms (ext4 journal, e.g. right after the previous
    // output was replaced), which the decoder then spends decoding ahead.
    auto prepareOutput = [&] {
        if (headerSec <= 0.0 || headerSec >= 4 * 3600.0)
            return;
        const int64_t maxSamples = int64_t(headerSec * rate * 1.01) + 1;
        // Long enough to matter (a mapping costs a few system calls); a failed
        // mapping (e.g. no disk space) just falls back to the ordinary write.
        if (!npyOut.isEmpty() && analysis.isValid() && params.kind == SpectrogramKind::Stft
            && headerSec >= 10.0) {
            const int64_t maxRows = 1 + maxSamples / params.hopSize;
            npy = std::make_unique<NpyMappedWriter>();
            if (!npy->open(npyOut, maxRows, analysis.bandCount()) || !analysis.setExternalRows(npy->rows(), maxRows))
                npy.reset();
        }
        analysis.reserveSamples(maxSamples);
    };
    BlockQueue queue(kQueueBlocks);
    double analysisCpu = 0.0;
    std::atomic<bool> analysisFailed{false};
    // The decoder delivers a long file's second half in a burst (it was
    // decoded ahead on its own thread), when the analysis is the only work
    // left: taking all queued blocks at once lets it use both cores then.
    analysis.setParallelFrames(kParallelFrames);
    std::thread worker([&] {
        try {
            prepareOutput();
        } catch (const std::exception &) { // e.g. std::bad_alloc
            analysisFailed.store(true);
        }
        std::vector<std::vector<float>> blocks;
        while (queue.popAll(blocks)) {
            // After a failure keep draining so the decoder never blocks on a full queue.
            if (!analysisFailed.load(std::memory_order_relaxed)) {
                try {
                    for (size_t i = 0; i + 1 < blocks.size(); ++i)
                        analysis.append(blocks[i].data(), int64_t(blocks[i].size()));
                    analysis.push(blocks.back().data(), int64_t(blocks.back().size()));
                } catch (const std::exception &) { // e.g. std::bad_alloc on a huge file
                    analysisFailed.store(true);
                }
            }
            for (auto &block : blocks)
                queue.recycle(std::move(block));
            blocks.clear();
        }
        analysisCpu = threadCpuSeconds();
    });

    DecodeOptions options;
    options.targetSampleRate = targetRate;
    options.mono = true;
    options.keepSamples = false;
    options.readTags = false;
    ParallelDecodeResult decoded;
    try {
        // Long seekable files decode on two threads (bit-identical to decodeFile);
        // the blocks still arrive in order, so the analysis sees one signal.
        // MIRLO_DECODE_PARTS=1 forces the sequential decoder (benchmark comparisons).
        const int parts = qEnvironmentVariableIntValue("MIRLO_DECODE_PARTS");
        decoded = decodeFileParallel(
            path, options, progress,
            [&](const float *s, int64_t frames) {
                queue.push(s, frames); // mono: frames == samples
                return !analysisFailed.load(std::memory_order_relaxed); // false cancels decoding
            },
            std::max(0, parts));
    } catch (const std::exception &) {
        analysisFailed.store(true); // the worker must be joined before leaving
    }
    queue.close();
    out.decodeCpu = threadCpuSeconds() - cpu0;
    out.decodeWall = wallSeconds() - wall0;
    worker.join();
    out.analysisCpu = analysisCpu;
    out.decodeParts = decoded.parallel ? decoded.parts : 1;
    out.decodeWorkerCpu = decoded.workerCpuSec;
    out.warnings = decoded.warnings;
    if (analysisFailed.load()) {
        out.error = path + QStringLiteral(": out of memory for the spectrogram (file too long for these settings)");
        return out;
    }
    const double finish0 = wallSeconds();
    SpectrogramData data;
    try {
        data = analysis.finish();
    } catch (const std::exception &) {
        out.error = path + QStringLiteral(": out of memory for the spectrogram (file too long for these settings)");
        return out;
    }
    out.finishWall = wallSeconds() - finish0;
    if (npy && analysis.rowsInExternal())
        out.npy = std::move(npy);

    if (!decoded.ok) {
        out.error = decoded.error;
        return out;
    }
    if (targetRate <= 0 && decoded.info.sampleRate != rate) {
        out.error = path + QStringLiteral(": sample rate changed while decoding (%1 Hz, header said %2 Hz)")
                               .arg(decoded.info.sampleRate).arg(rate);
        return out;
    }
    out.ok = true;
    out.sampleRate = rate;
    out.samples = analysis.samplesPushed();
    out.data = std::move(data);
    return out;
}

} // namespace mirlo::cli
