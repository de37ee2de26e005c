#pragma once
// Internal to decodeFileParallel: delivers the spliced signal to onBlock in
// blocks of kSpliceBlockFrames (whole blocks pass through without a copy). Frames
// before the current part's boundary go out; frames from the boundary on are
// held back and compared bit for bit with the start of the next part.
// Units: output frames (interleaved samples / channels).
#include "core/audio/decoder.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace mirlo {

constexpr int64_t kSpliceBlockFrames = 16384;  // onBlock granularity, as decodeFile
constexpr int64_t kSpliceVerifyFrames = 16384; // bit-identical overlap required at each splice

class Splicer {
public:
    Splicer(int channels, int64_t verifyFrames, const BlockFn &onBlock, std::vector<float> *keep)
        : m_channels(channels), m_verifyFrames(verifyFrames), m_onBlock(onBlock), m_keep(keep)
    {
    }

    bool accept(const float *s, int64_t frames)
    {
        // Whole blocks before the boundary go straight out (no copy).
        if (m_pending.empty() && frames >= kSpliceBlockFrames && m_pos + frames <= m_boundary) {
            if (!deliver(s, frames))
                return false;
            m_pos += frames;
            return true;
        }
        const int64_t out = std::clamp<int64_t>(m_boundary - m_pos, 0, frames);
        m_pending.insert(m_pending.end(), s, s + out * m_channels);
        m_held.insert(m_held.end(), s + out * m_channels, s + frames * m_channels);
        m_pos += out;
        return int64_t(m_pending.size()) < kSpliceBlockFrames * m_channels || flush();
    }

    bool flush()
    {
        const int64_t frames = int64_t(m_pending.size()) / m_channels;
        if (frames == 0)
            return true;
        if (!deliver(m_pending.data(), frames))
            return false;
        m_pending.clear();
        return true;
    }

    // The first verifyFrames of the next part must equal the held frames bit for bit.
    bool matches(const std::vector<float> &next) const
    {
        const size_t n = size_t(m_verifyFrames * m_channels);
        return m_held.size() == n && next.size() >= n && std::memcmp(m_held.data(), next.data(), n * sizeof(float)) == 0;
    }
    void startPart(int64_t boundary)
    {
        m_boundary = boundary;
        m_held.clear();
    }

    int64_t position() const { return m_pos; }
    int64_t delivered() const { return m_delivered; }

private:
    bool deliver(const float *s, int64_t frames)
    {
        if (m_keep)
            m_keep->insert(m_keep->end(), s, s + frames * m_channels);
        if (m_onBlock && !m_onBlock(s, frames))
            return false;
        m_delivered += frames;
        return true;
    }

    const int m_channels;
    const int64_t m_verifyFrames;
    const BlockFn &m_onBlock;
    std::vector<float> *m_keep;
    std::vector<float> m_pending, m_held;
    int64_t m_boundary = 0;
    int64_t m_pos = 0;
    int64_t m_delivered = 0;
};

} // namespace mirlo
