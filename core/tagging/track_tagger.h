#pragma once
// Track-level tagging with the protocol of the model's manifest (MTAT
// taggers: 16 chunks of chunkSamples, chunk i starting at
// i * floor((n - chunkSamples) / 16), probabilities averaged). Audio of any
// rate / channel count is first mixed to mono (channel mean) and resampled
// with resampy kaiser_best to the model's rate, as in training. A track
// shorter than one chunk is zero-padded to one chunk (the manifest's
// suggestion; the original code does not handle it).
//
// Units: chunkStarts in samples at the model's rate.
#include "core/audio/audio_buffer.h"
#include "core/audio/decoder.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <functional>
#include <vector>

namespace mirlo {

class TaggerModel;

struct TrackTags {
    bool ok = false;
    bool cancelled = false;
    QString error;                          // "<file>: <problem>" when !ok
    QStringList warnings;                   // e.g. decoder warnings, short track padded
    QStringList tags;                       // model tag order
    std::vector<float> track;               // mean of the chunk probabilities, tags.size()
    std::vector<int64_t> chunkStarts;       // samples at the model rate
    std::vector<std::vector<float>> chunks; // per chunk, tags.size()
    double durationSec = 0;
    // A one-output binary classifier (tutorial CNN): the other class, whose probability is
    // 1 - track[0] (for display; not one of tags). Empty otherwise.
    QString complementTag;
};

// Chunk start samples of the track protocol for a signal of n samples.
std::vector<int64_t> trackChunkStarts(int64_t n, int chunkSamples, int chunks);

// mono16k: samples already at the model rate, mono. progress(fraction) returning false cancels.
TrackTags tagSamples(const TaggerModel &model, const std::vector<float> &mono,
                     const std::function<bool(double)> &progress = {});
// Any buffer: channel mean + kaiser_best resampling first (progress: 0.3 resampling, 0.7 network).
TrackTags tagAudio(const TaggerModel &model, const AudioBuffer &audio,
                   const std::function<bool(double)> &progress = {});
// Decodes path (native rate) then tagAudio (progress: 0.2 decoding, 0.8 the rest).
TrackTags tagFile(const TaggerModel &model, const QString &path, const std::function<bool(double)> &progress = {});

// Decodes path with `options` (the first decodeShare of the progress), then `tag` on the decoded
// audio (the rest); decoder warnings come first, an error names the file. Shared by the MTAT
// taggers and the tutorial CNNs (tutorial_cnn_tagging.h).
using TagAudioFn = std::function<TrackTags(const AudioBuffer &, const std::function<bool(double)> &)>;
TrackTags tagDecodedFile(const QString &path, const DecodeOptions &options, double decodeShare,
                         const std::function<bool(double)> &progress, const TagAudioFn &tag);

// Each tag's mean over the chunks (the track value); chunks hold `tags` values each.
std::vector<float> meanOverChunks(const std::vector<std::vector<float>> &chunks, size_t tags);

// (tag index, probability) sorted by probability, highest first (ties: model order).
std::vector<std::pair<int, float>> rankTags(const std::vector<float> &probabilities);

} // namespace mirlo
