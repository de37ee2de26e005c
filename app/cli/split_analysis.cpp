#include "split_analysis.h"

#include "core/audio/parallel_decoder.h"

#include <algorithm>
#include <exception>

namespace mirlo::cli {

SplitAnalysis::SplitAnalysis(StreamingSpectrogram &laneA, const SpectrogramParams &params, int sampleRate,
                             float *rows, int64_t maxRows)
    : m_laneA(laneA), m_params(params), m_rate(sampleRate), m_rows(rows), m_maxRows(maxRows)
{
}

SplitAnalysis::~SplitAnalysis() = default;

bool SplitAnalysis::plan(int64_t begin)
{
    const int64_t hop = m_params.hopSize;
    const int64_t half = m_params.frameSize / 2;
    // Lane B starts at the first frame that lies wholly in part 1; the frames
    // before it (straddling the split included) are lane A's.
    const int64_t first = (begin + half + hop - 1) / hop;
    if (begin <= 0 || first <= 0 || first >= m_maxRows || !m_rows)
        return false;
    auto laneB = std::make_unique<StreamingSpectrogram>(m_params, m_rate);
    const size_t cols = size_t(laneB->bandCount());
    if (!laneB->setExternalRows(m_rows + size_t(first) * cols, m_maxRows - first) || !laneB->startAtFrame(first))
        return false;
    m_laneA.setFrameLimit(first);
    m_begin = begin;
    m_skipB = first * hop - half - begin;
    m_laneB = std::move(laneB);
    return true;
}

bool SplitAnalysis::feedPart1(const float *mono, int64_t samples)
{
    if (!m_laneB || m_laneBFailed.load(std::memory_order_relaxed))
        return false;
    const int64_t skip = std::min(m_skipB, samples);
    m_skipB -= skip;
    try {
        if (samples > skip)
            m_laneB->push(mono + skip, samples - skip);
    } catch (const std::exception &) { // std::bad_alloc: part 1 stops, the decode falls back
        m_laneBFailed.store(true);
        return false;
    }
    return true;
}

void SplitAnalysis::feedPart0(const float *mono, int64_t samples)
{
    // A split delivers part 0, then (once verified) the first kSplitHeadFrames
    // of part 1. Anything else comes from decodeFileParallel's sequential
    // fallback, which has stopped part 1: lane A takes over all frames.
    const int64_t end = m_deliveredA + samples;
    if (!m_laneAAlone && ((!m_verified && end > m_begin) || end > m_begin + kSplitHeadFrames)) {
        m_laneAAlone = true;
        m_laneA.setFrameLimit(-1);
    }
    m_laneA.push(mono, samples);
    m_deliveredA = end;
}

bool SplitAnalysis::finish(bool decodedInParallel, SpectrogramData &out)
{
    if (!m_laneB || m_laneAAlone || !decodedInParallel) {
        // No split, or lane A has the whole signal (decodeFileParallel fell
        // back, or the file ended before part 1 began).
        m_laneA.setFrameLimit(-1);
        m_samples = m_laneA.samplesPushed();
        out = m_laneA.finish();
        return true;
    }
    if (m_laneBFailed.load())
        return false;
    m_samples = m_laneB->samplesPushed();
    return m_laneA.finishJoined(*m_laneB, out);
}

} // namespace mirlo::cli
