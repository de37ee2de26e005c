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

namespace mirlo {

struct ParallelDecodeResult : DecodeResult {
    bool parallel = false;  // true: the output was spliced from `parts` parts
    int parts = 1;
    QString fallbackReason; // why it decoded sequentially (empty when parallel)
    double workerCpuSec = 0.0; // CPU seconds of the threads decoding parts 2..K (timing reports)
};

// parts: 0 = automatic (2 when the file is at least 20 s long and more than
// one core is available, else sequential); >= 2 forces that many parts when
// each is at least 2 s long.
ParallelDecodeResult decodeFileParallel(const QString &path, const DecodeOptions &options = {},
                                        const ProgressFn &progress = {}, const BlockFn &onBlock = {},
                                        int parts = 0);

} // namespace mirlo
