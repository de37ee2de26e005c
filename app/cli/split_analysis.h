#pragma once
// Two-thread analysis of a file that decodeFileParallel decodes in two parts
// (see PartHooks): part 0 is decoded on the calling thread and analysed right
// there by lane A, up to the frame where part 1 takes over; part 1 is decoded
// and analysed on its own thread by lane B. That is two threads of about equal
// work and nothing left over when decoding ends, where one decoding thread
// feeding one analysis thread leaves the second half's frames for afterwards.
// Both lanes write rows of one plain-STFT matrix in external storage (the
// .npy mapping). Lane B's rows count only when the decode ends in parallel;
// after a fallback lane A receives the rest of the signal (decodeFileParallel
// delivers every frame not delivered before) and computes it itself.
// Units: samples and frames of the mono signal at the file's rate.
#include "core/dsp/streaming_spectrogram.h"

#include <atomic>
#include <cstdint>
#include <memory>

namespace mirlo::cli {

class SplitAnalysis {
public:
    // laneA: set up with setExternalRows(rows, maxRows), not yet fed.
    SplitAnalysis(StreamingSpectrogram &laneA, const SpectrogramParams &params, int sampleRate, float *rows,
                  int64_t maxRows);
    ~SplitAnalysis();

    // PartHooks::onPlan (calling thread, before any frame): part 1 starts at
    // sample `begin`. False when the split cannot be used (lane A then stays
    // unlimited and active() false).
    bool plan(int64_t begin);
    bool active() const { return m_laneB != nullptr; }
    // PartHooks::onPart1 (part 1's thread); false after a failure (stops part 1).
    bool feedPart1(const float *mono, int64_t samples);
    // PartHooks::onSpliceVerified.
    void spliceVerified() { m_verified = true; }
    // onBlock while active() (calling thread): lane A, and the switch to
    // lane A alone when frames beyond what a split delivers arrive.
    void feedPart0(const float *mono, int64_t samples);
    // After decoding: `decodedInParallel` is ParallelDecodeResult::parallel.
    // Fills `out` as StreamingSpectrogram::finish() would for the whole
    // signal; false when the lanes do not join up (the caller starts again
    // without a split). Exceptions (std::bad_alloc) pass through.
    bool finish(bool decodedInParallel, SpectrogramData &out);
    // Samples of the whole signal analysed (valid after a successful finish).
    int64_t samples() const { return m_samples; }

private:
    StreamingSpectrogram &m_laneA;
    const SpectrogramParams m_params;
    const int m_rate;
    float *const m_rows;
    const int64_t m_maxRows;
    std::unique_ptr<StreamingSpectrogram> m_laneB;
    int64_t m_begin = 0;         // part 1's first sample
    int64_t m_skipB = 0;         // part 1 samples before lane B's first frame
    int64_t m_deliveredA = 0;    // samples lane A received
    bool m_verified = false;
    bool m_laneAAlone = false;   // fallback seen: lane A computes everything
    std::atomic<bool> m_laneBFailed{false};
    int64_t m_samples = 0;
};

} // namespace mirlo::cli
