#include "queued_analysis.h"

#include <ctime>
#include <exception>

namespace mirlo::cli {

namespace {

constexpr size_t kQueueBlocks = 32; // x 16384 samples: ~2 MB in flight at most

} // namespace

double threadCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

void BlockQueue::push(const float *samples, int64_t count)
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

void BlockQueue::close()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_closed = true;
    m_notEmpty.notify_one();
}

bool BlockQueue::popAll(std::vector<std::vector<float>> &blocks)
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

void BlockQueue::recycle(std::vector<float> &&block)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_free.size() < m_capacity)
        m_free.push_back(std::move(block));
}

QueuedAnalysis::QueuedAnalysis(StreamingSpectrogram &analysis, std::function<void()> prepare)
    : m_analysis(analysis), m_queue(kQueueBlocks)
{
    m_worker = std::thread([this, prepare = std::move(prepare)] {
        try {
            if (prepare)
                prepare();
        } catch (const std::exception &) { // e.g. std::bad_alloc
            m_failed.store(true);
        }
        std::vector<std::vector<float>> blocks;
        while (m_queue.popAll(blocks)) {
            // After a failure keep draining so the decoder never blocks on a full queue.
            if (!m_failed.load(std::memory_order_relaxed)) {
                try {
                    // All blocks in hand at once (a burst from the decoder) let
                    // the analysis use both cores (setParallelFrames).
                    for (size_t i = 0; i + 1 < blocks.size(); ++i)
                        m_analysis.append(blocks[i].data(), int64_t(blocks[i].size()));
                    m_analysis.push(blocks.back().data(), int64_t(blocks.back().size()));
                } catch (const std::exception &) { // e.g. std::bad_alloc on a huge file
                    m_failed.store(true);
                }
            }
            for (auto &block : blocks)
                m_queue.recycle(std::move(block));
            blocks.clear();
        }
        m_cpu = threadCpuSeconds();
    });
}

QueuedAnalysis::~QueuedAnalysis()
{
    finish();
}

bool QueuedAnalysis::push(const float *mono, int64_t samples)
{
    m_queue.push(mono, samples);
    return !m_failed.load(std::memory_order_relaxed);
}

void QueuedAnalysis::finish()
{
    if (!m_worker.joinable())
        return;
    m_queue.close();
    m_worker.join();
}

} // namespace mirlo::cli
