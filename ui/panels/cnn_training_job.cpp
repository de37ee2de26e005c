#include "ui/panels/cnn_training_job.h"

#include "core/features/cnn_feature_set.h"
#include "core/features/feature_cache.h"
#include "core/ml/torch_runtime.h"
#include "core/ml/tutorial_cnn.h"
#include "core/model/tutorial_cnn_adapt.h"
#include "core/model/tutorial_cnn_task.h"

#include <QCoreApplication>
#include <QDir>
#include <QThread>

#include <algorithm>
#include <memory>

namespace mirlo {

QString classCountsText(const Dataset &data, int maxClasses)
{
    const std::vector<int> counts = data.classCounts();
    QStringList parts;
    for (int c = 0; c < data.classes.size() && c < maxClasses; ++c)
        parts << QStringLiteral("%1 %2").arg(data.classes.at(c)).arg(c < int(counts.size()) ? counts[c] : 0);
    if (data.classes.size() > maxClasses)
        parts << QCoreApplication::translate("mirlo::CnnTrainingPanel", "… (%1 more)").arg(data.classes.size() - maxClasses);
    return parts.join(QStringLiteral(", "));
}

namespace {

int workerThreads(int requested)
{
    return requested > 0 ? requested : std::max(1, QThread::idealThreadCount() - 1);
}

// Scores the saved model's test-split probabilities (the trainer keeps them per test patch).
void scoreTestSplit(const TutorialCnnSpec &spec, const QStringList &classes, CnnTrainingOutcome &out)
{
    const ml::CnnTrainingResult &t = out.training;
    if (t.testLabels.empty())
        return;
    QString error;
    out.hasReport =
        classificationReport(networkTask(spec), classes, t.testProbabilities, t.testLabels, &out.report, &error);
    if (!out.hasReport)
        out.warnings << QCoreApplication::translate("mirlo::CnnTrainingPanel", "test split: %1").arg(error);
}

} // namespace

CnnTrainingOutcome runCnnTraining(const CnnTrainingSettings &s, const CnnTrainingCallbacks &cb,
                                  const std::atomic_bool *cancel)
{
    CnnTrainingOutcome out;
    Dataset data;
    DatasetLoadOptions load = s.dataOptions;
    load.requireFiles = true;
    if (!loadDataset(s.dataPath, load, data, &out.error, &out.warnings))
        return out;
    if (data.items.empty()) {
        out.error = QCoreApplication::translate("mirlo::CnnTrainingPanel", "%1: no labelled items").arg(s.dataPath);
        return out;
    }
    if (!taskFitsData(s.task, data, &out.error))
        return out;
    TutorialCnnSpec spec;
    if (!tutorialCnnPreset(s.preset, &spec)) {
        out.error = QCoreApplication::translate("mirlo::CnnTrainingPanel", "unknown preset '%1'").arg(s.preset);
        return out;
    }
    if (!adaptTutorialCnnSpec(spec, data, &out.error))
        return out;
    out.presetName = spec.name;
    out.classes = data.classes;

    const int threads = workerThreads(s.threads);
    const FeatureCache cache(s.cacheDir.isEmpty() ? FeatureCache::defaultDir() : s.cacheDir);
    CnnFeatureOptions fo;
    fo.patchesPerFile = std::max(1, s.patchesPerFile);
    fo.skipBadFiles = s.skipBadFiles;
    fo.cache = &cache;
    fo.threads = threads;
    CnnFeatureSet features = extractCnnFeatures(data, spec.features, fo, [&](double fraction, const QString &detail) {
        if (cb.features)
            cb.features(fraction, detail);
        return !(cancel && cancel->load());
    });
    out.warnings = features.warnings;
    out.cacheHits = features.cacheHits;
    out.cacheMisses = features.cacheMisses;
    if (features.cancelled || (cancel && cancel->load())) {
        out.cancelled = true;
        return out;
    }
    if (!features.ok) {
        out.error = features.error;
        return out;
    }
    out.patches = features.count();
    if (cb.featuresDone)
        cb.featuresDone(out.patches, int(data.items.size()), out.cacheHits, out.cacheMisses);

    const ml::CnnDataset patches = ml::toCnnDataset(std::move(features));

    ml::CnnTrainingOptions opt;
    opt.epochs = s.epochs;
    opt.batchSize = s.batchSize;
    opt.seed = s.seed;
    opt.outDir = s.outDir;
    opt.tutorialProtocol = s.tutorialProtocol;
    opt.onBatch = cb.batch;
    // Torch keeps its thread count per thread: set it on this worker.
    ml::configureTorchThreads(threads);
    ml::TutorialCnn net(spec, s.seed);
    out.training = ml::trainTutorialCnn(net, patches, opt, cb.epoch, cancel);
    out.cancelled = out.training.cancelled;
    // The folder holds a loadable model as soon as one epoch was saved, cancelled or not.
    if (out.training.bestEpoch > 0 && !s.outDir.isEmpty())
        out.folder = QDir(s.outDir).absolutePath();
    if (!out.training.ok) {
        out.error = out.training.error;
        return out;
    }
    scoreTestSplit(spec, data.classes, out);
    out.ok = true;
    return out;
}

} // namespace mirlo
