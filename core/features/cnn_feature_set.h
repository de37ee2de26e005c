#pragma once
// Mel patches of a labelled data source for training / evaluating a tutorial
// CNN (TUTORIAL.md 1.6 per file; shared by mirlo-train cnn, the GUI training
// window and model evaluation). Patch k of a file is the recipe applied to the
// signal from k * patchFrames * hopSamples samples on (patch 0 = the
// tutorial's first excerpt, peak-normalised over the whole clip; patch k over
// the signal from its start to the end; later patches only while they fit in
// the file).
// Every file is decoded mono at config.sampleRate; with a cache, a file's
// patches are read from / written to it (recipe = the config + patchesPerFile;
// a file that decodes with warnings is not cached, so they show on every run).
// Files are decoded on options.threads worker threads; progress and cancel run
// on the calling thread; results keep the item order.
//
// Layout: patches = count x bands x frames floats (one mel band per row);
// labels and groups (= index of the source item) per patch.
#include "core/datasets/dataset_source.h"
#include "core/model/tutorial_cnn_spec.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace mirlo {

class FeatureCache;

struct CnnFeatureSet {
    bool ok = false;
    bool cancelled = false;
    QString error;        // "<file>: <problem>" (the first file that failed, when failures are fatal)
    QStringList warnings; // decode warnings; files skipped with skipBadFiles
    int bands = 80, frames = 80;
    std::vector<float> patches;
    std::vector<std::vector<int>> labels;
    std::vector<int> groups;
    int cacheHits = 0, cacheMisses = 0; // files (only counted with a cache)
    int count() const { return int(labels.size()); }
};

struct CnnFeatureOptions {
    int patchesPerFile = 1;
    const FeatureCache *cache = nullptr; // nullptr: no caching
    bool skipBadFiles = false;           // false: the first undecodable file fails the whole set
    int threads = 0;                     // files decoded in parallel; 0: QThread::idealThreadCount()
};

// progress(fraction, detail) returning false cancels.
CnnFeatureSet extractCnnFeatures(const Dataset &data, const MelPatchFeatureConfig &config,
                                 const CnnFeatureOptions &options,
                                 const std::function<bool(double, const QString &)> &progress = {});

// The recipe string the cache is keyed with (stable across runs and platforms).
QString cnnFeatureRecipe(const MelPatchFeatureConfig &config, int patchesPerFile);

} // namespace mirlo
