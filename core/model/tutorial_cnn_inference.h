#pragma once
// Inference of a saved tutorial CNN (model folder written by mirlo-train cnn)
// in plain C++, so mirlo-cli and the GUI can classify without libtorch. The
// forward pass follows the spec with Keras inference semantics (BatchNorm
// with moving statistics and epsilon 1e-3, per mel band for FreqBatchNorm;
// dropout = identity; "same"/"valid" convolutions; floor max-pooling;
// channels-last flatten), reading the torch-layout tensors of
// weights.safetensors. scaler.safetensors (attribute-wise z-scoring), when
// present, is applied to every patch first.
//
// Patches are bands x frames floats, row-major (one mel band per row), as
// melPatch() returns them.
#include "core/model/tutorial_cnn_spec.h"

#include <QString>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace mirlo {

class TutorialCnnInference {
public:
    // Validates model.json, every tensor's name and shape, and the scaler's shape.
    static std::unique_ptr<TutorialCnnInference> load(const QString &dir, QString *error = nullptr);

    const TutorialCnnSpec &spec() const { return m_spec; }
    bool hasScaler() const { return !m_mean.empty(); }
    // One patch -> outputCount() probabilities (softmax or sigmoid). Empty on a wrong size.
    std::vector<float> predict(const std::vector<float> &patch) const;

private:
    TutorialCnnSpec m_spec;
    std::map<std::string, std::vector<float>> m_tensors;
    std::vector<float> m_mean, m_scale;
};

} // namespace mirlo
