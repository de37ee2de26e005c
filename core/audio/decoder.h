#pragma once
// In-process decoding of any audio file FFmpeg understands, to float PCM.
// The decoder reads in blocks, reports progress and can be cancelled; it
// optionally mixes to mono (mean of channels, never clips) and resamples with
// libswresample. Broken input yields ok == false and an error sentence naming
// the file and the problem; recoverable problems (truncation, non-finite
// samples replaced by 0) yield ok == true plus warnings.
#include "core/audio/audio_buffer.h"
#include "core/audio/audio_file_info.h"

#include <QString>
#include <QStringList>

#include <functional>

namespace mirlo {

struct DecodeOptions {
    int targetSampleRate = 0; // 0 = keep the file's rate
    bool mono = false;        // mix down to one channel
    bool keepSamples = true;  // false: only stream blocks to onBlock
    bool readTags = true;     // also fill tag fields with TagLib
};

struct DecodeResult {
    bool ok = false;
    bool cancelled = false;
    QString error;       // when !ok: "<file>: <problem>"
    QStringList warnings;
    AudioBuffer audio;   // output layout: targetSampleRate / mono as requested
    AudioFileInfo info;  // native stream facts + tags; durationSec from decoded frames
};

// Fraction in [0, 1]; return false to cancel.
using ProgressFn = std::function<bool(double fraction)>;
// Each decoded block in output layout (interleaved frames); return false to cancel.
using BlockFn = std::function<bool(const float *samples, int64_t frames)>;

DecodeResult decodeFile(const QString &path, const DecodeOptions &options = {},
                        const ProgressFn &progress = {}, const BlockFn &onBlock = {});

// Stream facts, and tags unless readTags is false, without decoding the audio
// (durationSec from the header).
DecodeResult probeFile(const QString &path, bool readTags = true);

} // namespace mirlo
