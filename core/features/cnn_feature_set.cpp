#include "core/features/cnn_feature_set.h"

#include "core/audio/decoder.h"
#include "core/features/feature_cache.h"
#include "core/features/mel_patch.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace mirlo {

namespace {

struct FilePatches {
    bool done = false;
    bool ok = false;
    bool hit = false;
    QString error; // "<file>: <problem>"
    QStringList warnings;
    int count = 0;
    std::vector<float> patches; // count x bands x frames
};

// Patch k of a decoded file: melPatchAt k patch lengths on (peak over the rest of
// the file; patch 0 = the tutorial's first excerpt of the whole clip). Later
// patches only while they fit in the file (the first one is zero-padded by
// melPatch when the file is short).
bool patchesOfSignal(const std::vector<float> &mono, const MelPatchFeatureConfig &config, int perFile,
                     FilePatches *out, QString *error)
{
    const int64_t n = int64_t(mono.size());
    const int64_t step = int64_t(config.patchFrames) * config.hopSamples;
    for (int k = 0; k < perFile && (k == 0 || k * step + step <= n); ++k) {
        std::vector<float> patch;
        if (!melPatchAt(mono.data(), n, k * step, config, &patch, error))
            return false;
        out->patches.insert(out->patches.end(), patch.begin(), patch.end());
        ++out->count;
    }
    return true;
}

FilePatches filePatches(const QString &path, const MelPatchFeatureConfig &config, int perFile,
                        const FeatureCache *cache, const QString &recipe, const std::atomic_bool &stop)
{
    FilePatches f;
    const int patchSize = config.nMels * config.patchFrames;
    const QString key = cache ? cache->key(path, recipe) : QString();
    if (!key.isEmpty()) {
        int rows = 0, cols = 0;
        if (cache->load(key, &f.patches, &rows, &cols) && cols == patchSize && rows >= 1 && rows <= perFile) {
            f.ok = f.hit = true;
            f.count = rows;
            return f;
        }
        f.patches.clear();
    }
    DecodeOptions d;
    d.mono = true;
    d.targetSampleRate = config.sampleRate;
    d.readTags = false;
    const DecodeResult r = decodeFile(path, d, [&](double) { return !stop.load(); });
    if (r.cancelled)
        return f;
    if (!r.ok) {
        f.error = r.error;
        return f;
    }
    f.warnings = r.warnings;
    QString error;
    if (!patchesOfSignal(r.audio.samples, config, perFile, &f, &error)) {
        f.error = QStringLiteral("%1: %2").arg(path, error);
        return f;
    }
    f.ok = true;
    // A file that decoded with warnings is not cached, so its warnings show on every run.
    if (!key.isEmpty() && f.warnings.isEmpty()) {
        QString storeError;
        if (!cache->store(key, f.patches, f.count, patchSize, &storeError))
            f.warnings << QStringLiteral("feature cache: %1").arg(storeError);
    }
    return f;
}

} // namespace

QString cnnFeatureRecipe(const MelPatchFeatureConfig &config, int patchesPerFile)
{
    // Versioned so a change of the decoder path or the patch layout can retire old entries.
    return QStringLiteral("cnn_mel_patches/2 decode=ffmpeg_mono_swr patches_per_file=%1 ").arg(patchesPerFile) +
           QString::fromUtf8(QJsonDocument(melPatchFeaturesToJson(config)).toJson(QJsonDocument::Compact));
}

CnnFeatureSet extractCnnFeatures(const Dataset &data, const MelPatchFeatureConfig &config,
                                 const CnnFeatureOptions &options,
                                 const std::function<bool(double, const QString &)> &progress)
{
    CnnFeatureSet set;
    set.bands = config.nMels;
    set.frames = config.patchFrames;
    const int n = int(data.items.size());
    if (n == 0) {
        set.error = QStringLiteral("%1: no items").arg(data.source);
        return set;
    }
    if (options.patchesPerFile < 1) {
        set.error = QStringLiteral("patches per file must be at least 1, not %1").arg(options.patchesPerFile);
        return set;
    }
    const QString recipe = cnnFeatureRecipe(config, options.patchesPerFile);
    std::vector<FilePatches> results(static_cast<size_t>(n));
    std::atomic_int next{0};
    std::atomic_bool stop{false};
    std::mutex mutex;
    std::condition_variable finished;
    int done = 0, lastDone = -1;

    // Workers take items in order; progress and cancel are handled on the calling
    // thread only (callers such as a job's progress sink need not be thread-safe).
    auto work = [&] {
        for (int i; !stop.load() && (i = next.fetch_add(1)) < n;) {
            FilePatches f = filePatches(data.items[size_t(i)].path, config, options.patchesPerFile, options.cache,
                                        recipe, stop);
            const bool fatal = !f.ok && !f.error.isEmpty() && !options.skipBadFiles;
            std::lock_guard<std::mutex> lock(mutex);
            f.done = true;
            results[size_t(i)] = std::move(f);
            ++done;
            if (fatal)
                stop = true;
            finished.notify_one();
        }
    };
    const int threads = std::clamp(options.threads > 0 ? options.threads : QThread::idealThreadCount(), 1, n);
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back(work);
    {
        std::unique_lock<std::mutex> lock(mutex);
        while (done < n && !(stop.load() && done == std::min(next.load(), n))) {
            finished.wait_for(lock, std::chrono::milliseconds(100));
            if (progress && done != lastDone) {
                lastDone = done;
                int last = -1; // the most recently finished item, for the detail text
                for (int i = n - 1; i >= 0 && last < 0; --i)
                    if (results[size_t(i)].done)
                        last = i;
                const QString detail = last >= 0 ? QFileInfo(data.items[size_t(last)].path).fileName() : QString();
                lock.unlock();
                const bool goOn = progress(double(lastDone) / n, detail);
                lock.lock();
                if (!goOn) {
                    set.cancelled = true;
                    stop = true;
                }
            }
        }
    }
    for (std::thread &t : pool)
        t.join();
    if (set.cancelled)
        return set;

    const int patchSize = set.bands * set.frames;
    for (int i = 0; i < n; ++i) {
        FilePatches &f = results[size_t(i)];
        set.warnings += f.warnings;
        if (!f.ok) {
            if (f.error.isEmpty())
                continue; // not reached: a fatal failure elsewhere stopped the workers
            if (!options.skipBadFiles) {
                set.error = f.error;
                set.patches.clear();
                set.labels.clear();
                set.groups.clear();
                return set;
            }
            set.warnings << f.error + QStringLiteral(" (skipped)");
            continue;
        }
        if (options.cache)
            (f.hit ? set.cacheHits : set.cacheMisses) += 1;
        set.patches.insert(set.patches.end(), f.patches.begin(), f.patches.begin() + size_t(f.count) * patchSize);
        for (int k = 0; k < f.count; ++k) {
            set.labels.push_back(data.items[size_t(i)].labels);
            set.groups.push_back(i);
        }
    }
    if (set.count() == 0) {
        set.error = QStringLiteral("%1: no file could be read").arg(data.source);
        return set;
    }
    if (progress)
        progress(1.0, QString());
    set.ok = true;
    return set;
}

} // namespace mirlo
