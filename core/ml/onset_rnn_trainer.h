#pragma once
// Trains the tutorial's onset RNN (TUTORIAL.md 5.3, P3b) with libtorch:
// 3 bidirectional simple-RNN layers of 25 tanh units (outputs concatenated) ->
// dense sigmoid per frame; binary cross-entropy; SGD (lr 0.01, momentum 0.9,
// no Nesterov), gradients clipped to +-5 per value; one whole file per step
// (batch 1), file order shuffled every epoch; early stopping on the validation
// loss (min_delta 1e-4, patience 20) keeping the best-val-loss weights.
// Initialisation as Keras' SimpleRNN: Glorot-uniform input weights,
// orthogonal recurrent weights, zero biases.
//
// Call from a worker thread: training sets torch's thread count and grad mode
// for the calling thread only. This header is torch-free.
#include "core/ml/onset_dataset.h"
#include "core/nn/trained_onset_model.h"

#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <functional>
#include <vector>

namespace mirlo::ml {

struct OnsetTrainingParams {
    int epochs = 100;
    double learningRate = 0.01;
    double momentum = 0.9;
    double clipValue = 5.0; // per gradient element; <= 0: no clipping
    int batchSize = 1;      // files (or chunks) per step
    // Frames per training sequence: files are cut into chunks of this length
    // (0: whole files for batch 1, 6000 = 60 s chunks for larger batches, as the tutorial).
    int sequenceLength = 0;
    double validationFraction = 0.125; // of the files (one fold of 8); 0: none (early stopping on train loss)
    uint32_t seed = 1;                 // split, initialisation and shuffling
    int patience = 20;                 // epochs without val-loss improvement; <= 0: never stop early
    double minDelta = 1e-4;
    int hidden = 25;
    int layers = 3;
    double evalWindow = 0.025; // onset F-measure tolerance (TUTORIAL 5.4), seconds
    // torch intra-op threads for the training thread; 0: QThread::idealThreadCount(). 1 by default:
    // a 25-unit RNN gains nothing from more (6.0 s vs 6.8 s per epoch here), and with other load
    // libgomp's busy-waiting made 2 threads 9x slower (56.7 s) unless OMP_WAIT_POLICY=PASSIVE.
    int threads = 1;
    // Fine-tuning (TUTORIAL 5.3: reload the best model, lr / 10, <= 20 epochs): start from these
    // weights (loadTrainedOnsetWeights) instead of a fresh initialisation.
    std::vector<NamedTensor> initialWeights;
    QString initialisedFrom; // recorded in model.json
};

struct OnsetTrainingProgress {
    int epoch = 0; // 1-based
    int epochs = 0;
    int step = 0; // 1-based within the epoch
    int steps = 0;
    bool epochEnd = false;        // true: validation numbers below are this epoch's
    double trainLoss = 0.0;       // mean over the epoch's steps so far
    double validationLoss = -1.0; // < 0: not available
    double validationF = -1.0;    // pooled F-measure over the validation files; < 0: n/a
    double seconds = 0.0;         // since training started
};
// Return false to cancel (the best weights so far are kept).
using OnsetTrainingCallback = std::function<bool(const OnsetTrainingProgress &)>;

struct OnsetEpochRecord {
    int epoch = 0;
    double trainLoss = 0.0;
    double validationLoss = -1.0;
    double validationF = -1.0;
    double seconds = 0.0; // duration of this epoch (training + validation)
};

struct OnsetTrainingResult {
    bool ok = false;
    bool cancelled = false;
    bool stoppedEarly = false;
    QString error;
    std::vector<OnsetEpochRecord> history;
    int bestEpoch = 0;
    double bestValidationLoss = -1.0;
    double bestValidationF = -1.0;
    QStringList trainFiles, validationFiles;
    std::vector<NamedTensor> weights; // best weights, model-folder naming (see tutorialOnsetLayersJson)
    QJsonObject manifest;             // complete model.json for these weights
    double seconds = 0.0;
};

// Splits the examples into training / validation (seeded), trains, and fills
// result.weights + result.manifest (not written to disk: see saveOnsetModel).
OnsetTrainingResult trainOnsetRnn(const OnsetDataset &data, const OnsetTrainingParams &params,
                                  const OnsetTrainingCallback &callback = {});

// Writes result.manifest + result.weights as a model folder.
bool saveOnsetModel(const OnsetTrainingResult &result, const QString &folder, QString *error = nullptr);

// The network's activation computed by libtorch from model-folder weights
// (for parity checks against the plain-C++ inference). Empty on shape errors.
std::vector<float> torchOnsetActivation(const std::vector<NamedTensor> &weights, const Matrix &features,
                                        int hidden = 25, int layers = 3);

} // namespace mirlo::ml
