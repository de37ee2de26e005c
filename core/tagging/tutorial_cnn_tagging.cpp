#include "core/tagging/tutorial_cnn_tagging.h"

#include "core/audio/decoder.h"
#include "core/dsp/parallel_rows.h"
#include "core/features/mel_patch.h"
#include "core/model/tutorial_cnn_inference.h"

#include <algorithm>
#include <atomic>
#include <mutex>

namespace mirlo {

std::vector<int64_t> tutorialPatchStarts(int64_t n, int64_t patchSamples)
{
    if (patchSamples <= 0)
        return {};
    int64_t count = std::max<int64_t>(n, 0) / patchSamples;
    if (2 * (n - count * patchSamples) >= patchSamples || count == 0)
        ++count; // a last partial patch of at least half a patch; or the one padded patch of a short track
    std::vector<int64_t> starts(static_cast<size_t>(count));
    for (int64_t k = 0; k < count; ++k)
        starts[size_t(k)] = k * patchSamples;
    return starts;
}

TrackTags tagSamplesWithTutorialCnn(const TutorialCnnInference &model, const std::vector<float> &mono,
                                    const std::function<bool(double)> &progress)
{
    const TutorialCnnSpec &spec = model.spec();
    const MelPatchFeatureConfig &f = spec.features;
    TrackTags r;
    r.tags = spec.labels;
    if (spec.outputCount() == 1)
        r.complementTag = spec.negativeLabel;
    const int64_t n = int64_t(mono.size());
    r.durationSec = f.sampleRate > 0 ? double(n) / f.sampleRate : 0.0;
    if (n == 0) {
        r.error = QStringLiteral("no audio samples");
        return r;
    }
    const int64_t patch = int64_t(f.patchFrames) * f.hopSamples;
    if (n < patch)
        r.warnings.append(QStringLiteral("shorter than one %1 s patch: zero-padded").arg(double(patch) / f.sampleRate));
    r.chunkStarts = tutorialPatchStarts(n, patch);
    r.chunks.assign(r.chunkStarts.size(), {});
    std::atomic<int> done{0};
    std::atomic<bool> cancelled{false};
    std::mutex mutex; // progress calls and the first error
    QString error;
    // Patches are independent (melPatch and predict keep no state): two threads.
    detail::parallelRanges(int64_t(r.chunkStarts.size()), 2, [&](int64_t a, int64_t b) {
        std::vector<float> mel;
        for (int64_t i = a; i < b && !cancelled.load(); ++i) {
            QString why;
            if (!melPatchAt(mono.data(), n, r.chunkStarts[size_t(i)], f, &mel, &why)) {
                std::lock_guard<std::mutex> lock(mutex);
                error = why;
                cancelled.store(true);
                break;
            }
            r.chunks[size_t(i)] = model.predict(mel);
            if (r.chunks[size_t(i)].size() != size_t(r.tags.size())) {
                std::lock_guard<std::mutex> lock(mutex);
                error = QStringLiteral("the model gives %1 outputs for %2 labels")
                            .arg(r.chunks[size_t(i)].size())
                            .arg(r.tags.size());
                cancelled.store(true);
                break;
            }
            const int d = done.fetch_add(1) + 1;
            if (progress) {
                std::lock_guard<std::mutex> lock(mutex);
                if (!progress(double(d) / double(r.chunkStarts.size())))
                    cancelled.store(true);
            }
        }
    });
    if (!error.isEmpty() || cancelled.load()) {
        r.cancelled = error.isEmpty();
        r.error = error.isEmpty() ? QStringLiteral("cancelled") : error;
        r.chunks.clear();
        r.chunkStarts.clear();
        return r;
    }
    r.track = meanOverChunks(r.chunks, size_t(r.tags.size()));
    r.ok = true;
    return r;
}

TrackTags tagFileWithTutorialCnn(const TutorialCnnInference &model, const QString &path,
                                 const std::function<bool(double)> &progress)
{
    DecodeOptions opt;
    opt.mono = true;
    opt.targetSampleRate = model.spec().features.sampleRate;
    opt.readTags = false;
    return tagDecodedFile(path, opt, 0.3, progress, [&](const AudioBuffer &audio, const std::function<bool(double)> &p) {
        return tagSamplesWithTutorialCnn(model, audio.samples, p);
    });
}

} // namespace mirlo
