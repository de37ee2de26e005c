#include "core/analysis/cached_analysis.h"

#include "core/analysis/analysis_cache.h"
#include "core/analysis/progress_stages.h"
#include "core/audio/decoder.h"

#include <QStringList>

namespace mirlo {

namespace {

QString num(double x)
{
    return QString::number(x, 'g', 17);
}

QString peaksKey(const PeakPickingParams &p)
{
    return QStringList{num(p.threshold), num(p.smooth),  num(p.preAvg),  num(p.postAvg),
                       num(p.preMax),    num(p.postMax), num(p.combine), num(p.delay)}
        .join(QLatin1Char(','));
}

// Runs compute through the cache; results that failed are handed back uncached.
template <class T, class Compute, class Ok>
std::shared_ptr<const T> through(AnalysisCache *cache, const QString &key, Compute &&compute, Ok &&ok)
{
    AnalysisCache &c = cache ? *cache : AnalysisCache::shared();
    std::shared_ptr<const T> failed;
    std::shared_ptr<const T> r = c.getOrCompute<T>(key, [&]() -> std::shared_ptr<const T> {
        auto value = std::make_shared<const T>(compute());
        if (ok(*value))
            return value;
        failed = value;
        return nullptr;
    });
    return r ? r : failed;
}

} // namespace

QString paramsKey(const BeatDetectorParams &p)
{
    QStringList parts{QString::number(int(p.beats)), QString::number(int(p.downbeats)), QString::number(int(p.tempo))};
    const DbnBeatTrackerParams &d = p.dbn;
    parts << num(d.fps) << num(d.minBpm) << num(d.maxBpm) << QString::number(d.numTempi) << num(d.transitionLambda)
          << QString::number(d.observationLambda) << num(d.threshold) << QString::number(int(d.correct));
    const DbnDownbeatTrackerParams &b = p.downbeat;
    QStringList bars;
    for (int n : b.beatsPerBar)
        bars << QString::number(n);
    parts << bars.join(QLatin1Char('/')) << num(b.fps) << num(b.minBpm) << num(b.maxBpm) << QString::number(b.numTempi)
          << num(b.transitionLambda) << QString::number(b.observationLambda) << num(b.threshold)
          << QString::number(int(b.correct));
    const TempoEstimationParams &t = p.tempoParams;
    parts << num(t.fps) << num(t.minBpm) << num(t.maxBpm) << num(t.actSmooth) << QString::number(t.histSmooth)
          << num(t.alpha) << QString::number(p.tempoCurveWindow);
    return parts.join(QLatin1Char(','));
}

QString paramsKey(const NeuralOnsetParams &p)
{
    return QLatin1String(neuralOnsetModelName(p.model)) + QLatin1Char(':') + peaksKey(p.peaks);
}

QString paramsKey(const OnsetDetectorParams &p)
{
    const OnsetFunctionParams &o = p.odf;
    return QStringList{onsetMethodName(p.method),
                       QString::number(o.frameSize),
                       num(o.fps),
                       QString::number(o.bandsPerOctave),
                       num(o.fminHz),
                       num(o.fmaxHz),
                       QString::number(int(o.normaliseFilters)),
                       num(o.logMul),
                       num(o.logAdd),
                       num(o.diffRatio),
                       QString::number(o.diffMaxBins),
                       peaksKey(p.peaks)}
        .join(QLatin1Char(','));
}

std::shared_ptr<const BeatDetectionResult> cachedBeats(const QString &path, const BeatDetectorParams &params,
                                                       const std::function<bool(double)> &progress,
                                                       AnalysisCache *cache)
{
    return through<BeatDetectionResult>(
        cache, analysisKey(path, QStringLiteral("beats"), paramsKey(params)),
        [&] { return detectBeatsInFile(path, params, progress); }, [](const BeatDetectionResult &r) { return r.ok(); });
}

std::shared_ptr<const NeuralOnsetResult> cachedNeuralOnsets(const QString &path, const NeuralOnsetParams &params,
                                                            const std::function<bool(double)> &progress,
                                                            AnalysisCache *cache)
{
    return through<NeuralOnsetResult>(
        cache, analysisKey(path, QStringLiteral("neural-onsets"), paramsKey(params)),
        [&] { return detectNeuralOnsetsInFile(path, params, progress); },
        [](const NeuralOnsetResult &r) { return r.ok(); });
}

std::shared_ptr<const FileOnsetResult> cachedOnsets(const QString &path, const OnsetDetectorParams &params,
                                                    const std::function<bool(double)> &progress, AnalysisCache *cache)
{
    return through<FileOnsetResult>(
        cache, analysisKey(path, QStringLiteral("onsets"), paramsKey(params)),
        [&] {
            FileOnsetResult out;
            const ProgressStages stages(progress);
            DecodeOptions options;
            options.mono = true;
            options.readTags = false;
            const DecodeResult decoded = decodeFile(path, options, stages.stage(0.0, 0.3));
            if (decoded.cancelled) {
                out.result.cancelled = true;
                return out;
            }
            if (!decoded.ok) {
                out.error = decoded.error.isEmpty() ? path + QStringLiteral(": cannot decode") : decoded.error;
                return out;
            }
            const AudioBuffer &a = decoded.audio;
            out.result = detectOnsets(a.samples.data(), a.frameCount(), a.sampleRate, params, stages.stage(0.3, 1.0));
            return out;
        },
        [](const FileOnsetResult &r) { return r.ok(); });
}

} // namespace mirlo
