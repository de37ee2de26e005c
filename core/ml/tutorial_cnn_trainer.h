#pragma once
// Training loop for a TutorialCnn on in-memory mel patches (TUTORIAL.md 2.1-2.5):
// seeded stratified train / validation / test split, attribute-wise z-scoring
// (every one of the bands x frames value positions scaled by its own mean and
// population std; zero std -> scale 1), per-epoch shuffling, mini-batches of
// the preset's size, the preset's optimiser via TutorialCnn::trainStep, and
// after every epoch the validation loss / accuracy in inference mode. The
// model with the lowest validation loss (training loss without validation) is
// saved to outDir as soon as it is found, so cancelling leaves the best model
// on disk; at the end model.json gets a "training" summary (split sizes,
// per-epoch history, best epoch, test loss / accuracy). By default the scaler is fitted on the training split only
// (the tutorial fits it on all data, test set included: tutorialProtocol); it is saved as scaler.safetensors
// ("mean", "scale", [bands, frames]) together with the weights, before model.json (no torn folder on a crash).
//
// Accuracy: argmax for softmax, threshold 0.5 per output (Keras element-wise
// binary accuracy) for sigmoid. Call from a worker thread. Torch-free header
// and implementation (all torch work happens inside TutorialCnn).
#include "core/datasets/stratified_split.h"
#include "core/features/cnn_feature_set.h"
#include "core/ml/tutorial_cnn.h"

#include <QString>

#include <atomic>
#include <functional>
#include <vector>

namespace mirlo::ml {

struct CnnDataset {
    int bands = 80, frames = 80;
    std::vector<float> patches; // count x bands x frames, row-major
    // Label indices per patch: one for single-label tasks; for a one-output
    // sigmoid network {1} = positive (e.g. instrumental) and {0} = negative.
    std::vector<std::vector<int>> labels;
    // Optional source-file id per patch: when set, the split keeps all patches of
    // a file in the same subset (stratified by the file's first patch's labels).
    std::vector<int> groups;
    int count() const { return int(labels.size()); }
};

// The patches, labels and groups (files) of an extracted feature set, moved out of it.
CnnDataset toCnnDataset(CnnFeatureSet &&features);

struct CnnTrainingOptions {
    int epochs = 0;    // 0: the spec's preset
    int batchSize = 0; // 0: the spec's preset
    SplitFractions fractions{0.1, 0.25};
    uint64_t seed = 0;
    QString outDir; // empty: do not save
    // TUTORIAL.md 2.1-2.5 exactly: the scaler is fitted on ALL patches (test included)
    // before the split; test = fractions.test (0.25) by sklearn's StratifiedShuffleSplit
    // (single-label) or ShuffleSplit (multi-label) with random_state = seed
    // (sklearn_split.h); validation = Keras validation_split = the LAST
    // spec.training.validationSplit of the training arrays (none when it is 0, e.g.
    // the instrumental presets); fractions.validation is ignored. With groups, whole
    // files are split. As Keras' fit, the model after the last epoch is the result (saved
    // after every epoch, so a cancel keeps the last complete one) instead of the epoch with
    // the lowest validation loss. Off: the scaler on the training split, stratified
    // validation, best epoch by validation loss.
    bool tutorialProtocol = false;
    // Called after every optimiser step (1-based epoch and batch), e.g. for live curves.
    std::function<void(int epoch, int batch, int batches, double loss)> onBatch;
};

struct CnnEpochReport {
    int epoch = 0; // 1-based
    int epochs = 0;
    double trainLoss = 0.0;       // mean of the step losses (training mode)
    double validationLoss = -1.0; // < 0: no validation split
    double validationAccuracy = -1.0;
    bool best = false; // this epoch's model was saved as the best so far
};

struct CnnTrainingResult {
    bool ok = false;
    bool cancelled = false;
    QString error;
    DatasetSplit split;
    std::vector<CnnEpochReport> history;
    int bestEpoch = 0;
    // Of the saved best model (the final one without outDir); < 0 without a test split.
    double testLoss = -1.0, testAccuracy = -1.0;
    std::vector<float> scalerMean, scalerScale;
    // Outputs of that model in inference mode on split.test (items x outputCount(), in
    // split.test order) and those items' label lists, for a ClassificationReport.
    std::vector<float> testProbabilities;
    std::vector<std::vector<int>> testLabels;
};

CnnTrainingResult trainTutorialCnn(TutorialCnn &net, const CnnDataset &data, const CnnTrainingOptions &options,
                                   const std::function<void(const CnnEpochReport &)> &onEpoch = {},
                                   const std::atomic_bool *cancel = nullptr);

// Loss and accuracy of net on the given (already standardised) items.
void evaluateTutorialCnn(const TutorialCnn &net, const std::vector<float> &patches,
                         const std::vector<std::vector<int>> &labels, const std::vector<int> &items, double *loss,
                         double *accuracy);

} // namespace mirlo::ml
