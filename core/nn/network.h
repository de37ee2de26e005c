#pragma once
// A feed-forward stack of layers (recurrent, dense, convolutional) built from
// a model-family JSON ("layers": type, sizes, activation) and one safetensors
// weight file, following the madmom tensor naming of
// shared/models/madmom/README.md. Input rows are frames; a network with
// context (the CNN) returns input.rows - contextFrames() rows.
#include "core/dsp/matrix.h"
#include "core/nn/layer.h"

#include <QJsonObject>
#include <QString>

#include <memory>
#include <vector>

namespace mirlo {
class SafeTensors;
}

namespace mirlo::nn {

class Network {
public:
    // Builds the layers described by family["layers"] with weights from st.
    // Errors name the weight file (st's name) and the tensor or JSON entry.
    bool load(const SafeTensors &st, const QJsonObject &family, const QString &fileForErrors, QString *error);
    // Convenience: reads the JSON and the safetensors file (paths may be ":/..." resources).
    bool loadFiles(const QString &weightsPath, const QString &jsonPath, QString *error);

    void addLayer(std::unique_ptr<Layer> layer) { m_layers.push_back(std::move(layer)); }
    const std::vector<std::unique_ptr<Layer>> &layers() const { return m_layers; }
    bool isEmpty() const { return m_layers.empty(); }

    int inputSize() const { return m_layers.empty() ? 0 : m_layers.front()->inputSize(); }
    int outputSize() const { return m_layers.empty() ? 0 : m_layers.back()->outputSize(); }
    int contextFrames() const;
    bool isRecurrent() const;

    // Runs all layers. layerOutputs (optional) receives every layer's output.
    // A network without recurrent layers is evaluated in blocks of frames
    // (bounded memory), on up to `threads` threads.
    Matrix forward(const Matrix &input, std::vector<Matrix> *layerOutputs = nullptr, int threads = 1) const;

private:
    Matrix forwardAll(const Matrix &input, std::vector<Matrix> *layerOutputs) const;
    std::vector<std::unique_ptr<Layer>> m_layers;
};

// Reads a JSON object file (resource paths allowed); error names the file.
bool readJsonObject(const QString &path, QJsonObject *out, QString *error);

} // namespace mirlo::nn
