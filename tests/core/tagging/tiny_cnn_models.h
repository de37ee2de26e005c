#pragma once
// Tutorial CNN model folders built without torch, whose outputs are known
// functions of the input, and class-folder data sets copied from shared test
// audio; shared by tst_model_evaluation and tests/cli/tst_cli_evaluate.
#include "core/model/safetensors.h"
#include "core/model/tutorial_cnn_spec.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QMap>
#include <QString>
#include <QStringList>

#include <map>
#include <string>
#include <vector>

namespace mirlo::test {

// model.json from spec + weights.safetensors with every tensor of the spec: zero, except
// BatchNorm running variances (1) and the tensors given in `overrides`.
inline bool writeTinyModel(const QString &dir, const TutorialCnnSpec &spec,
                           const std::map<std::string, std::vector<float>> &overrides = {})
{
    if (!QDir().mkpath(dir))
        return false;
    QFile f(QDir(dir).filePath(QStringLiteral("model.json")));
    if (!f.open(QIODevice::WriteOnly))
        return false;
    f.write(QJsonDocument(tutorialCnnToJson(spec)).toJson());
    f.close();
    SafeTensorsWriter w;
    for (const CnnTensorSpec &t : cnnTensorSpecs(spec)) {
        int64_t n = 1;
        for (int64_t d : t.shape)
            n *= d;
        const bool var = t.name.find("running_var") != std::string::npos;
        std::vector<float> v(size_t(n), var ? 1.0f : 0.0f);
        const auto it = overrides.find(t.name);
        if (it != overrides.end())
            v = it->second;
        w.add(t.name, t.shape, v);
    }
    return w.save(QDir(dir).filePath(QStringLiteral("weights.safetensors")));
}

// The CompactCNN (genre preset) with all weights zero and output biases `biases`: every input
// gives softmax(biases), so every item is predicted as the class of the largest bias.
inline bool writeConstantSoftmaxModel(const QString &dir, const QStringList &labels, const std::vector<float> &biases)
{
    TutorialCnnSpec spec;
    if (!tutorialCnnPreset(QStringLiteral("compact_cnn_genre"), &spec))
        return false;
    spec.layers.back().units = int(labels.size());
    spec.labels = labels;
    return writeTinyModel(dir, spec, {{spec.layers.back().name + ".bias", biases}});
}

// `spec` with its layers replaced by Flatten ("flatten") + Dense(one unit per label, sigmoid) ("out"):
// tensors "out.weight" [labels, bands * frames] and "out.bias" [labels].
inline void makeFlattenDense(TutorialCnnSpec &spec, const QStringList &labels)
{
    CnnLayerSpec flatten;
    flatten.kind = CnnLayerKind::Flatten;
    flatten.name = "flatten";
    CnnLayerSpec dense;
    dense.kind = CnnLayerKind::Dense;
    dense.name = "out";
    dense.units = int(labels.size());
    dense.activation = CnnActivation::Sigmoid;
    spec.layers = {flatten, dense};
    spec.labels = labels;
}

// Flatten + Dense(1, sigmoid) with weights 1/(bands*frames) and bias `bias`: the output is
// sigmoid(mean of the mel patch in dB + bias), one output named `label`.
inline bool writeMeanDbModel(const QString &dir, const QString &label, float bias)
{
    TutorialCnnSpec spec;
    if (!tutorialCnnPreset(QStringLiteral("instrumental_vocal"), &spec))
        return false;
    spec.name = QStringLiteral("mean_db_probe");
    makeFlattenDense(spec, {label});
    const int inputs = spec.inputBands * spec.inputFrames;
    return writeTinyModel(
        dir, spec, {{"out.weight", std::vector<float>(size_t(inputs), 1.0f / float(inputs))}, {"out.bias", {bias}}});
}

// <root>/<class>/<file name> copies of the given files (absolute paths).
inline bool makeClassFolders(const QString &root, const QMap<QString, QStringList> &files)
{
    for (auto it = files.begin(); it != files.end(); ++it) {
        const QDir dir(QDir(root).filePath(it.key()));
        if (!QDir().mkpath(dir.path()))
            return false;
        for (const QString &f : it.value())
            if (!QFile::copy(f, dir.filePath(QFileInfo(f).fileName())))
                return false;
    }
    return true;
}

} // namespace mirlo::test
