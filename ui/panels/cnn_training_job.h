#pragma once
// One tutorial-CNN training run as the GUI's training window starts it, to be
// called on a worker thread: load the data source (class folders, file,label
// CSV or a tutorial label matrix), fit the chosen preset to its classes, mel
// patches through the on-disk feature cache, train (core/ml/tutorial_cnn_trainer.h;
// the best epoch is saved to the model folder as soon as it is found) and score
// the saved model's test-split probabilities as a ClassificationReport.
// Torch-free header.
#include "core/datasets/dataset_source.h"
#include "core/datasets/mtat_audio.h"
#include "core/eval/classification_metrics.h"
#include "core/ml/tutorial_cnn_trainer.h"

#include <QString>
#include <QStringList>

#include <atomic>
#include <cstdint>
#include <functional>

namespace mirlo {

struct CnnTrainingSettings {
    QString dataPath;
    DatasetLoadOptions dataOptions; // MTAT label sources: audio folder, ground truth (mtat_audio.h)
    ClassificationTask task = ClassificationTask::Binary;
    QString preset;    // tutorialCnnPresetNames()
    int epochs = 0;    // 0: the preset's
    int batchSize = 0; // 0: the preset's
    bool tutorialProtocol = false;
    int patchesPerFile = 1;
    bool skipBadFiles = false; // leave undecodable files out (warnings) instead of failing the run
    uint64_t seed = 0;
    QString outDir;   // model folder to write
    QString cacheDir; // feature cache; empty: FeatureCache::defaultDir()
    int threads = 0;  // decoding and torch threads; 0: all cores but one (the GUI and audio keep one)
};

// Called on the worker thread.
struct CnnTrainingCallbacks {
    std::function<void(double fraction, const QString &detail)> features;
    // Once the patches are ready: counts for the status line.
    std::function<void(int patches, int files, int cacheHits, int cacheMisses)> featuresDone;
    std::function<void(int epoch, int batch, int batches, double loss)> batch;
    std::function<void(const ml::CnnEpochReport &)> epoch;
};

struct CnnTrainingOutcome {
    bool ok = false;
    bool cancelled = false;
    QString error;  // "<path>: <problem>"
    QString folder; // the model folder when a model was saved (also after a cancel with a saved epoch)
    QString presetName;
    QStringList classes; // the data's classes in the model's order (binary: negative, positive)
    int patches = 0, cacheHits = 0, cacheMisses = 0;
    QStringList warnings;
    ml::CnnTrainingResult training;
    bool hasReport = false; // test split scored
    ClassificationReport report;
};

// "instrumental 3, vocal 3" (at most maxClasses, then "… (n more)").
QString classCountsText(const Dataset &data, int maxClasses = 8);

CnnTrainingOutcome runCnnTraining(const CnnTrainingSettings &settings, const CnnTrainingCallbacks &callbacks,
                                  const std::atomic_bool *cancel);

} // namespace mirlo
