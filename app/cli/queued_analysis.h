#pragma once
// The analysis of a decoded signal on its own thread: the decoder pushes mono
// blocks into a bounded queue and a worker turns them into spectrogram frames
// as they arrive, so analysis overlaps with decoding (mirlo-cli's pipeline
// when the file is decoded in one stream). A failure in the worker (e.g.
// std::bad_alloc) is recorded and the queue keeps draining, so the decoder
// never blocks on it.
#include "core/dsp/streaming_spectrogram.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace mirlo::cli {

// Bounded single-producer / single-consumer queue of sample blocks. The bound
// keeps memory flat when the consumer is slower; used blocks are recycled so
// the steady state allocates nothing.
class BlockQueue {
public:
    explicit BlockQueue(size_t capacity) : m_capacity(capacity) {}
    void push(const float *samples, int64_t count);
    void close();
    // Moves every queued block (at least one) to the end of `blocks`; false
    // when the queue is closed and drained.
    bool popAll(std::vector<std::vector<float>> &blocks);
    void recycle(std::vector<float> &&block);

private:
    const size_t m_capacity;
    std::mutex m_mutex;
    std::condition_variable m_notFull, m_notEmpty;
    std::deque<std::vector<float>> m_blocks;
    std::vector<std::vector<float>> m_free;
    bool m_closed = false;
};

class QueuedAnalysis {
public:
    // `prepare` runs first on the worker (e.g. creating the output file, which
    // can stall for ~10 ms while the decoder decodes ahead).
    QueuedAnalysis(StreamingSpectrogram &analysis, std::function<void()> prepare);
    ~QueuedAnalysis(); // finishes like finish() if still running
    QueuedAnalysis(const QueuedAnalysis &) = delete;
    QueuedAnalysis &operator=(const QueuedAnalysis &) = delete;

    // Decoder side; false once the worker has failed (the decoder should stop).
    bool push(const float *mono, int64_t samples);
    // Closes the queue and waits for the worker to drain it.
    void finish();
    bool failed() const { return m_failed.load(); }
    double cpuSeconds() const { return m_cpu; } // the worker's, valid after finish()

private:
    StreamingSpectrogram &m_analysis;
    BlockQueue m_queue;
    std::atomic<bool> m_failed{false};
    double m_cpu = 0.0;
    std::thread m_worker;
};

double threadCpuSeconds();

} // namespace mirlo::cli
