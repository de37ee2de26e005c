#pragma once
// A user-trained onset detector (the tutorial's P3b network, TUTORIAL.md 5.3)
// stored as a model folder: model.json (manifest: architecture
// "tutorial_onset_rnn", feature configuration, layers, peak picking, training
// summary) + weights.safetensors. Inference is plain C++ (core/nn layers), so
// using a trained model never needs libtorch; training lives in mirlo_ml.
//
// Input features (314 per frame at 100 fps): 44.1 kHz int16-valued mono
// signal; for frame sizes 1024 / 2048 / 4096 with 3 / 6 / 12 bands per octave:
// |STFT| -> unit-area log filterbank 30 Hz .. 17 kHz -> log10(1 + x) -> positive
// difference (d = 1 / 1 / 2 frames, diff ratio 0.5) -> [spec, diff] -> 42 / 90 /
// 182 columns, concatenated. This is exactly madmom's downbeat-family input
// (core/features/madmom_features.h, MadmomFamily::Downbeats).
// Activations are one value in [0, 1] per frame; onset times are seconds.
#include "core/dsp/matrix.h"
#include "core/nn/network.h"
#include "core/onsets/peak_picking.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <functional>
#include <vector>

namespace mirlo {

constexpr int kTutorialOnsetFps = 100;
constexpr int kTutorialOnsetInputs = 314;
constexpr const char *kTutorialOnsetArchitecture = "tutorial_onset_rnn";
constexpr int kTutorialOnsetFormatVersion = 1;

// The feature description written to / required in model.json ("features").
QJsonObject tutorialOnsetFeatureConfig();
// Features of an int16-valued 44.1 kHz mono signal (madmomSignal()): frames x 314.
Matrix tutorialOnsetFeatures(const std::vector<float> &madmomSignal, const std::function<bool(double)> &progress = {});
// The tutorial's RNN peak picking: threshold 0.35, smoothing 0.07 s, pre/post
// max 0.01 s, no averaging, combine 0.03 s.
PeakPickingParams tutorialOnsetPeakPicking();
// model.json "layers" (madmom family-JSON schema understood by nn::Network)
// for `layers` bidirectional tanh RNN layers of `hidden` units + dense sigmoid.
QJsonArray tutorialOnsetLayersJson(int inputs, int hidden, int layers);

class TrainedOnsetModel {
public:
    // Reads <folder>/model.json and <folder>/weights.safetensors; validates the
    // format version, architecture, feature configuration and every tensor
    // shape. False + "<file>: <problem>" on failure.
    bool load(const QString &folder, QString *error = nullptr);

    bool isLoaded() const { return !m_network.isEmpty(); }
    const QJsonObject &manifest() const { return m_manifest; }
    const QString &folder() const { return m_folder; }
    QString name() const; // manifest "name", else the folder name
    const PeakPickingParams &peakPicking() const { return m_peaks; }
    void setPeakPicking(const PeakPickingParams &p) { m_peaks = p; }
    const nn::Network &network() const { return m_network; }

    // One activation per feature row (features from tutorialOnsetFeatures()).
    // Empty + *error for a wrong column count.
    std::vector<float> activation(const Matrix &features, QString *error = nullptr) const;

    struct Detection {
        bool ok = false;
        bool cancelled = false;
        QString error;                 // "<file>: <problem>"
        std::vector<float> activation; // per frame at fps()
        std::vector<double> onsets;    // seconds
    };
    // Decodes a file (madmom signal), computes features, activation, onsets.
    Detection detectFile(const QString &path, const std::function<bool(double)> &progress = {}) const;
    // The same from a 44.1 kHz int16-valued mono signal.
    Detection detectSignal(const std::vector<float> &madmomSignal) const;
    double fps() const { return kTutorialOnsetFps; }

private:
    nn::Network m_network;
    QJsonObject m_manifest;
    QString m_folder;
    PeakPickingParams m_peaks;
};

// Writes model.json + weights.safetensors into folder (created if needed).
// tensors: name -> (shape, float32 values) as listed in manifest["layers"].
struct NamedTensor {
    std::string name;
    std::vector<int64_t> shape;
    std::vector<float> values;
};
// All tensors of a model folder after validating it with TrainedOnsetModel::load
// (the starting point for fine-tuning). False + "<file>: <problem>" on failure.
bool loadTrainedOnsetWeights(const QString &folder, std::vector<NamedTensor> &out, QString *error = nullptr);

bool writeTrainedOnsetModel(const QString &folder, const QJsonObject &manifest, const std::vector<NamedTensor> &tensors,
                            QString *error = nullptr);

} // namespace mirlo
