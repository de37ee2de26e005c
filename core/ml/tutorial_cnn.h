#pragma once
// A tutorial Part 1 CNN (core/model/tutorial_cnn_spec.h) as a libtorch network:
// built from the spec with Keras semantics (glorot-uniform kernels, zero
// biases, BatchNorm momentum 0.99 / epsilon 1e-3, "same"/"valid" padding,
// floor max-pooling, channels-last flatten order so dense weights line up with
// Keras'), per-band input batch norm for FreqBatchNorm layers. Saved and loaded
// as a model folder: model.json + weights.safetensors (torch tensor layout,
// names from cnnTensorSpecs()).
//
// Input: `batch` patches of bands x frames floats, row-major (one mel band per
// row, low to high). Output: batch x outputs probabilities (softmax or
// sigmoid as the spec's last layer says). Torch-free header.
#include "core/model/tutorial_cnn_spec.h"

#include <QByteArray>
#include <QJsonObject>
#include <QMap>
#include <QString>

#include <cstdint>
#include <memory>
#include <vector>

namespace mirlo::ml {

class TutorialCnn {
public:
    // Fresh Keras-style initialisation from `seed`.
    explicit TutorialCnn(const TutorialCnnSpec &spec, uint64_t seed = 0);
    ~TutorialCnn();
    TutorialCnn(TutorialCnn &&) noexcept;
    TutorialCnn &operator=(TutorialCnn &&) noexcept;

    const TutorialCnnSpec &spec() const;

    // Keras "Total params" (parameters + BatchNorm moving mean/variance) when
    // includeNonTrainable, else "Trainable params"; counted on the torch module.
    int64_t parameterCount(bool includeNonTrainable) const;

    // Inference mode (BatchNorm moving statistics, no dropout).
    std::vector<float> predict(const std::vector<float> &patches, int batch) const;
    // Inference mode: d score / d patches (same layout) of output `output` for every patch,
    // score = its pre-activation (logit; softmax: the class's pre-softmax value) or its
    // probability. *probs (optional): batch x outputs probabilities. For saliency maps.
    std::vector<float> inputGradient(const std::vector<float> &patches, int batch, int output, bool logit,
                                     std::vector<float> *probs = nullptr) const;

    // One optimiser step in training mode with the spec's loss (binary or
    // categorical cross-entropy) and training preset (SGD or Adam, Keras
    // decay lr / (1 + decay * steps)). targets: batch x outputs (one-hot for
    // softmax). Returns the batch loss before the step.
    double trainStep(const std::vector<float> &patches, const std::vector<float> &targets, int batch);
    int64_t stepsDone() const;

    // Writes <dir>/model.json and <dir>/weights.safetensors (creates dir). Every file is
    // written as "<name>.part" first and renamed only when all are complete, weights
    // (and extraFiles, e.g. {"scaler.safetensors", bytes}) before model.json, so a cancel,
    // crash or failed write never leaves a torn model folder (io/atomic_files.h).
    bool save(const QString &dir, QString *error = nullptr, const QJsonObject &trainingSummary = {}) const;
    bool save(const QString &dir, QString *error, const QJsonObject &trainingSummary,
              const QMap<QString, QByteArray> &extraFiles) const;
    // Validates model.json and every tensor's name and shape; nullptr + *error on failure.
    static std::unique_ptr<TutorialCnn> load(const QString &dir, QString *error = nullptr);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

// parameterCount() of a freshly built network of `spec`.
int64_t parameterCount(const TutorialCnnSpec &spec, bool includeNonTrainable);

} // namespace mirlo::ml
