#pragma once
// A tiny tutorial CNN model folder written without torch, for the tagging,
// registry and Tags panel tests: Flatten + Dense(sigmoid) on a small mel patch
// whose weights make every output a known function of the patch mean m:
// output 0 = sigmoid(m / 10 + 0.5), output 1 = sigmoid(-m / 10) (at most two
// labels). Written with tiny_cnn_models.h's writeTinyModel.
#include "core/model/tutorial_cnn_spec.h"

#include "tiny_cnn_models.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <numeric>
#include <vector>

namespace mirlo::test {

// 16 bands x 16 frames of 256 samples at 16 kHz: a patch is 4096 samples (0.256 s), its excerpt two patches.
inline MelPatchFeatureConfig tinyMelConfig()
{
    MelPatchFeatureConfig c;
    c.nFft = 512;
    c.hopSamples = 256;
    c.nMels = 16;
    c.patchFrames = 16;
    c.excerptSamples = 8192;
    return c;
}

inline TutorialCnnSpec tinySpec(const QStringList &labels, const MelPatchFeatureConfig &features = tinyMelConfig())
{
    TutorialCnnSpec s;
    s.name = QStringLiteral("tiny_mean");
    s.description = QStringLiteral("test network: sigmoid of the patch mean");
    s.inputBands = features.nMels;
    s.inputFrames = features.patchFrames;
    s.features = features;
    makeFlattenDense(s, labels);
    return s;
}

// Writes model.json (+ a top-level "name" when given) and weights.safetensors into dir.
inline bool writeTinyTutorialCnn(const QString &dir, const QStringList &labels, const QString &name = {},
                                 const MelPatchFeatureConfig &features = tinyMelConfig())
{
    if (labels.isEmpty() || labels.size() > 2)
        return false;
    const TutorialCnnSpec spec = tinySpec(labels, features);
    const int n = spec.inputBands * spec.inputFrames;
    std::vector<float> w(size_t(labels.size()) * size_t(n));
    for (int i = 0; i < n; ++i) {
        w[size_t(i)] = 1.0f / (10.0f * float(n));
        if (labels.size() == 2)
            w[size_t(n + i)] = -1.0f / (10.0f * float(n));
    }
    std::vector<float> b = {0.5f, 0.0f};
    b.resize(size_t(labels.size()));
    if (!writeTinyModel(dir, spec, {{"out.weight", w}, {"out.bias", b}}))
        return false;
    if (name.isEmpty())
        return true;
    QFile f(QDir(dir).filePath(QStringLiteral("model.json")));
    if (!f.open(QIODevice::ReadWrite))
        return false;
    QJsonObject json = QJsonDocument::fromJson(f.readAll()).object();
    json[QStringLiteral("name")] = name;
    f.resize(0);
    return f.write(QJsonDocument(json).toJson()) > 0;
}

// The tiny network's output by hand, from a patch.
inline double tinyByHand(const std::vector<float> &patch, int output)
{
    const double mean = std::accumulate(patch.begin(), patch.end(), 0.0) / double(patch.size());
    const double z = output == 0 ? mean / 10.0 + 0.5 : -mean / 10.0;
    return 1.0 / (1.0 + std::exp(-z));
}

} // namespace mirlo::test
