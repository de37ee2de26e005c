#include "spectrogram_pipeline.h"

#include "core/audio/parallel_decoder.h"
#include "core/dsp/streaming_spectrogram.h"
#include "queued_analysis.h"
#include "split_analysis.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <optional>

namespace mirlo::cli {

namespace {

double wallSeconds()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Frames in hand from which the one analysis thread splits them over two
// threads (a thread start costs ~0.05 ms, 128 frames of 2048 samples ~0.5 ms
// of work): a long file's second half reaches it in a burst when the decoder
// decoded it ahead on its own thread.
constexpr int64_t kParallelFrames = 128;
// Files from this long get a split analysis (decodeFileParallel splits from 20 s).
constexpr double kSplitMinSec = 20.0;

QString outOfMemory(const QString &path)
{
    return path + QStringLiteral(": out of memory for the spectrogram (file too long for these settings)");
}

PipelineResult run(const QString &path, const SpectrogramParams &params, int targetRate, const ProgressFn &progress,
                   const QString &npyOut, bool allowSplit)
{
    PipelineResult out;
    const double wall0 = wallSeconds();
    const double cpu0 = threadCpuSeconds();
    // The filterbank needs the output rate before the first block: read it
    // from the header (cheap) unless the caller fixed it.
    int rate = targetRate;
    double headerSec = 0.0;
    if (rate <= 0) {
        const DecodeResult probe = probeFile(path, false); // the rate and length; no tags
        if (!probe.ok) {
            out.error = probe.error;
            return out;
        }
        rate = probe.info.sampleRate;
        headerSec = probe.info.durationSec;
    }
    if (rate <= 0) {
        out.error = path + QStringLiteral(": unknown sample rate");
        return out;
    }
    // MIRLO_DECODE_PARTS=1 forces the sequential decoder (benchmark comparisons).
    const int parts = std::max(0, qEnvironmentVariableIntValue("MIRLO_DECODE_PARTS"));

    StreamingSpectrogram analysis(params, rate);
    std::unique_ptr<NpyMappedWriter> npy;
    int64_t maxRows = 0;
    // Rows straight into the .npy mapping for a plain STFT of known length;
    // a failed mapping (e.g. no disk space) falls back to the ordinary write.
    auto prepareOutput = [&] {
        if (headerSec <= 0.0 || headerSec >= 4 * 3600.0)
            return;
        const int64_t maxSamples = int64_t(headerSec * rate * 1.01) + 1;
        if (!npyOut.isEmpty() && analysis.isValid() && params.kind == SpectrogramKind::Stft && headerSec >= 10.0) {
            maxRows = 1 + maxSamples / params.hopSize;
            npy = std::make_unique<NpyMappedWriter>();
            if (!npy->open(npyOut, maxRows, analysis.bandCount()) || !analysis.setExternalRows(npy->rows(), maxRows))
                npy.reset();
        }
        analysis.reserveSamples(maxSamples);
    };

    // Long files: two threads that each decode and analyse half the file (the
    // output must exist before either starts). Otherwise (or when the decoder
    // does not split after all) one decoding thread feeds an analysis thread,
    // which creates the output while the decoder starts.
    std::optional<SplitAnalysis> split;
    std::optional<QueuedAnalysis> queued;
    PartHooks hooks;
    bool failed = false;
    bool prepared = false;
    try {
        // Only a plain STFT into a mapped .npy can be split: lane B writes its rows there.
        if (allowSplit && parts != 1 && headerSec >= kSplitMinSec && params.kind == SpectrogramKind::Stft
            && !npyOut.isEmpty()) {
            prepareOutput();
            prepared = true;
            if (npy) {
                split.emplace(analysis, params, rate, npy->rows(), maxRows);
                hooks.onPlan = [&](int64_t begin) { split->plan(begin); };
                hooks.onPart1 = [&](const float *s, int64_t n) { return split->feedPart1(s, n); };
                hooks.onSpliceVerified = [&] { split->spliceVerified(); };
            }
        }
    } catch (const std::exception &) { // e.g. std::bad_alloc
        failed = true;
    }

    DecodeOptions options;
    options.targetSampleRate = targetRate;
    options.mono = true;
    options.keepSamples = false;
    options.readTags = false;
    ParallelDecodeResult decoded;
    if (!failed) {
        try {
            // Long seekable files decode on two threads (bit-identical to decodeFile).
            decoded = decodeFileParallel(
                path, options, progress,
                [&](const float *s, int64_t frames) { // mono: frames == samples
                    if (split && split->active()) {
                        split->feedPart0(s, frames);
                        return true;
                    }
                    if (!queued) {
                        queued.emplace(analysis, prepared ? std::function<void()>() : std::function<void()>(prepareOutput));
                        analysis.setParallelFrames(kParallelFrames);
                    }
                    return queued->push(s, frames); // false cancels decoding
                },
                parts, hooks);
        } catch (const std::exception &) {
            failed = true;
        }
    }
    if (queued) {
        queued->finish();
        failed = failed || queued->failed();
        out.analysisCpu = queued->cpuSeconds();
    }
    out.decodeCpu = threadCpuSeconds() - cpu0;
    out.decodeWall = wallSeconds() - wall0;
    out.decodeParts = decoded.parallel ? decoded.parts : 1;
    out.decodeWorkerCpu = decoded.workerCpuSec;
    out.warnings = decoded.warnings;
    if (failed) {
        out.error = outOfMemory(path);
        return out;
    }
    if (!decoded.ok) {
        out.error = decoded.error;
        return out;
    }
    const double finish0 = wallSeconds();
    SpectrogramData data;
    int64_t samples = 0;
    try {
        if (split) {
            if (!split->finish(decoded.parallel, data)) {
                // The lanes did not join up (e.g. lane B ran out of room):
                // rare, so simply start again on one decoding thread.
                npy.reset();
                return run(path, params, targetRate, progress, npyOut, false);
            }
            samples = split->samples();
            out.split = split->active() && decoded.parallel;
        } else {
            data = analysis.finish();
            samples = analysis.samplesPushed();
        }
    } catch (const std::exception &) {
        out.error = outOfMemory(path);
        return out;
    }
    out.finishWall = wallSeconds() - finish0;
    if (npy && analysis.rowsInExternal())
        out.npy = std::move(npy);

    if (targetRate <= 0 && decoded.info.sampleRate != rate) {
        out.error = path + QStringLiteral(": sample rate changed while decoding (%1 Hz, header said %2 Hz)")
                               .arg(decoded.info.sampleRate).arg(rate);
        return out;
    }
    out.ok = true;
    out.sampleRate = rate;
    out.samples = samples;
    out.data = std::move(data);
    return out;
}

} // namespace

PipelineResult decodeAndAnalyse(const QString &path, const SpectrogramParams &params, int targetRate,
                                const ProgressFn &progress, const QString &npyOut)
{
    return run(path, params, targetRate, progress, npyOut, true);
}

} // namespace mirlo::cli
