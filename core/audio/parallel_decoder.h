#pragma once
// decodeFile on several threads for seekable files, with output identical to
// decodeFile's, sample for sample. The file's duration is split into K parts;
// part 0 is decoded from the start on the calling thread, every later part on
// its own thread from a seek about 1.5 s before its nominal start (decoder
// pre-roll). Sample positions come from frame timestamps (stream time base ->
// output frames, calibrated on the file's first decoded frame), and each
// splice is made only after the next part's first 16384 frames are
// bit-identical to the end of the previous part at the exact alignment.
// Anything irregular (no or inexact timestamps, inexact seek, mismatching
// overlap, decode/read errors, non-finite samples, resampling requested,
// short or unseekable input) falls back to plain sequential decodeFile and
// says so in `fallbackReason`; frames already delivered are not repeated.
// onBlock sees the blocks in order (one continuous signal); progress and
// cancel behave as in decodeFile. Units: output frames (interleaved samples
// / channels) at the file's rate.
#include "core/audio/decoder.h"

#include <functional>

namespace mirlo {

struct ParallelDecodeResult : DecodeResult {
    bool parallel = false;  // true: the output was spliced from `parts` parts
    int parts = 1;
    QString fallbackReason; // why it decoded sequentially (empty when parallel)
    double workerCpuSec = 0.0; // CPU seconds of the threads decoding parts 2..K (timing reports)
};

// For a consumer that processes each part on the part's own thread instead
// of receiving one ordered signal (mirlo-cli's spectrogram: two decoding and
// analysing threads, nothing left for after decoding). Used only when the file
// is split in exactly two parts and no samples are kept (options.keepSamples
// false); otherwise the hooks are never called.
// - onPlan(begin) runs first, on the calling thread: part 1 covers output
//   frames [begin, end of file), part 0 [0, begin).
// - onPart1 runs on part 1's thread, at normal priority, with its frames in
//   order from `begin` (interleaved as onBlock's). Returning false stops the
//   part, which makes the decode fall back to sequential.
// - onSpliceVerified runs on the calling thread once part 1's start matched
//   the end of part 0 bit for bit. onBlock then gets one more block of part 1
//   (kSplitHeadFrames frames from `begin`, fewer if part 1 is shorter: enough
//   for frames that straddle the split) and nothing after it; part 1 keeps
//   nothing in memory beyond that block.
// Whether the frames onPart1 saw are the file's is known at the end: they are
// when the result has parallel == true. After a fallback, onBlock receives
// every frame not delivered before, as without hooks, so a consumer that
// sees frames beyond that one block knows part 1's frames are void.
constexpr int64_t kSplitHeadFrames = 16384;
struct PartHooks {
    std::function<void(int64_t begin)> onPlan;
    std::function<bool(const float *samples, int64_t frames)> onPart1;
    std::function<void()> onSpliceVerified;
};

// parts: 0 = automatic (2 when the file is at least 20 s long, at most an
// hour - 20 minutes with keepSamples, whose peak memory is 1.5x the signal -
// and more than one core is available, else sequential); >= 2 forces that
// many parts when each is at least 2 s long.
ParallelDecodeResult decodeFileParallel(const QString &path, const DecodeOptions &options = {},
                                        const ProgressFn &progress = {}, const BlockFn &onBlock = {},
                                        int parts = 0, const PartHooks &hooks = {});

} // namespace mirlo
