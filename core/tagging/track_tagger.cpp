#include "core/tagging/track_tagger.h"

#include "core/audio/decoder.h"
#include "core/audio/kaiser_resampler.h"
#include "core/dsp/parallel_rows.h"
#include "core/tagging/tagger_model.h"

#include <QFileInfo>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <numeric>

namespace mirlo {

std::vector<int64_t> trackChunkStarts(int64_t n, int chunkSamples, int chunks)
{
    const int64_t hop = n > chunkSamples ? (n - chunkSamples) / chunks : 0;
    std::vector<int64_t> starts(size_t(std::max(chunks, 0)));
    for (int i = 0; i < chunks; ++i)
        starts[size_t(i)] = int64_t(i) * hop;
    return starts;
}

TrackTags tagSamples(const TaggerModel &model, const std::vector<float> &mono,
                     const std::function<bool(double)> &progress)
{
    TrackTags r;
    r.tags = model.tags();
    const int len = model.chunkSamples();
    const int64_t n = int64_t(mono.size());
    r.durationSec = double(n) / model.sampleRate();
    if (n == 0) {
        r.error = QStringLiteral("no audio samples");
        return r;
    }
    const float *signal = mono.data();
    std::vector<float> padded;
    if (n < len) {
        padded.assign(size_t(len), 0.f);
        std::copy(mono.begin(), mono.end(), padded.begin());
        signal = padded.data();
        r.warnings.append(QStringLiteral("shorter than one %1 s chunk: zero-padded (not part of the model's protocol)")
                              .arg(double(len) / model.sampleRate()));
    }
    r.chunkStarts = trackChunkStarts(n, len, model.manifest().trackChunks);
    r.chunks.assign(r.chunkStarts.size(), {});
    std::atomic<int> done{0};
    std::atomic<bool> cancelled{false};
    std::mutex progressMutex;
    // Chunks are independent: two threads, each with its own scratch.
    detail::parallelRanges(int64_t(r.chunkStarts.size()), 1, [&](int64_t a, int64_t b) {
        for (int64_t i = a; i < b && !cancelled.load(); ++i) {
            r.chunks[size_t(i)] = model.predictChunk(signal + r.chunkStarts[size_t(i)]);
            const int d = done.fetch_add(1) + 1;
            if (progress) {
                std::lock_guard<std::mutex> lock(progressMutex);
                if (!progress(double(d) / double(r.chunkStarts.size())))
                    cancelled.store(true);
            }
        }
    });
    if (cancelled.load()) {
        r.cancelled = true;
        r.error = QStringLiteral("cancelled");
        r.chunks.clear();
        return r;
    }
    r.track = meanOverChunks(r.chunks, size_t(r.tags.size()));
    r.ok = true;
    return r;
}

TrackTags tagAudio(const TaggerModel &model, const AudioBuffer &audio, const std::function<bool(double)> &progress)
{
    auto scaled = [&](double from, double span) -> std::function<bool(double)> {
        if (!progress)
            return {};
        return [=](double f) { return progress(from + span * f); };
    };
    if (audio.channels == 1 && audio.sampleRate == model.sampleRate())
        return tagSamples(model, audio.samples, scaled(0, 1));
    if (audio.isEmpty() || audio.sampleRate <= 0) {
        TrackTags r;
        r.error = QStringLiteral("no audio samples");
        return r;
    }
    const AudioBuffer mono = kaiserResampleMono(audio, model.sampleRate(), KaiserFilter::Best, scaled(0, 0.3));
    if (mono.isEmpty()) {
        TrackTags r;
        r.cancelled = true;
        r.error = QStringLiteral("cancelled");
        return r;
    }
    return tagSamples(model, mono.samples, scaled(0.3, 0.7));
}

TrackTags tagDecodedFile(const QString &path, const DecodeOptions &options, double decodeShare,
                         const std::function<bool(double)> &progress, const TagAudioFn &tag)
{
    const DecodeResult d = decodeFile(
        path, options, progress ? ProgressFn([&](double f) { return progress(decodeShare * f); }) : ProgressFn());
    TrackTags r;
    if (!d.ok) {
        r.cancelled = d.cancelled;
        r.error = d.error.isEmpty() ? QStringLiteral("%1: cannot decode").arg(path) : d.error;
        return r;
    }
    r = tag(d.audio, progress ? std::function<bool(double)>(
                                    [&](double f) { return progress(decodeShare + (1.0 - decodeShare) * f); })
                              : std::function<bool(double)>());
    r.warnings = d.warnings + r.warnings;
    if (!r.ok && !r.cancelled)
        r.error = QStringLiteral("%1: %2").arg(QFileInfo(path).fileName(), r.error);
    return r;
}

TrackTags tagFile(const TaggerModel &model, const QString &path, const std::function<bool(double)> &progress)
{
    DecodeOptions opt;
    opt.readTags = false;
    return tagDecodedFile(path, opt, 0.2, progress, [&](const AudioBuffer &audio, const std::function<bool(double)> &p) {
        return tagAudio(model, audio, p);
    });
}

std::vector<float> meanOverChunks(const std::vector<std::vector<float>> &chunks, size_t tags)
{
    std::vector<float> mean(tags, 0.f);
    for (size_t k = 0; k < tags && !chunks.empty(); ++k) {
        double sum = 0;
        for (const std::vector<float> &c : chunks)
            sum += c[k];
        mean[k] = float(sum / double(chunks.size()));
    }
    return mean;
}

std::vector<std::pair<int, float>> rankTags(const std::vector<float> &p)
{
    std::vector<std::pair<int, float>> out;
    for (size_t i = 0; i < p.size(); ++i)
        out.emplace_back(int(i), p[i]);
    std::stable_sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return a.second > b.second; });
    return out;
}

} // namespace mirlo
