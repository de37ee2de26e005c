#pragma once
// The tutorial's Part 1 CNNs (TUTORIAL.md 2.2, 2.3) as a torch-free
// description: the layer list with Keras semantics, the mel-patch feature
// recipe they read (TUTORIAL.md 1.6), the label names in output order and the
// training preset (optimizer, learning rate, decay, batch size, epochs).
//
// The spec is the single source of truth: mirlo_ml builds the torch module from
// it, mirlo-cli model-info prints shapes and parameter counts from it without
// linking torch, and model.json stores it. Parameter counts follow Keras
// "Total params": BatchNorm counts gamma, beta, moving mean and moving variance
// (4 per channel, 2 trainable).
//
// Shapes are (height = mel bands, width = frames, channels), as the tutorial's
// channels-last Keras code prints them. Feature units: sampleRate in Hz, nFft,
// hopSamples and excerptSamples in samples at sampleRate, patchFrames in STFT
// frames.
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <string>
#include <vector>

namespace mirlo {

enum class CnnLayerKind { FreqBatchNorm, Conv2D, BatchNorm, Activation, MaxPool, Flatten, Dropout, Dense };
enum class CnnActivation { Linear, ReLU, Elu, Sigmoid, Softmax };

const char *cnnLayerKindName(CnnLayerKind kind);  // "conv2d", ...
const char *cnnActivationName(CnnActivation act); // "linear", "relu", "elu", "sigmoid", "softmax"
bool parseCnnLayerKind(const QString &name, CnnLayerKind *out);
bool parseCnnActivation(const QString &name, CnnActivation *out);

struct CnnLayerSpec {
    CnnLayerKind kind = CnnLayerKind::Conv2D;
    std::string name;                                 // also the tensor-name prefix in weights.safetensors
    int units = 0;                                    // Conv2D filters / Dense units
    int kernelH = 3, kernelW = 3;                     // Conv2D
    bool samePadding = false;                         // Conv2D: Keras "same" (true) or "valid"
    int poolH = 2, poolW = 2;                         // MaxPool (valid, stride = pool size)
    double rate = 0.0;                                // Dropout
    CnnActivation activation = CnnActivation::Linear; // Conv2D / Dense / Activation
};

// TUTORIAL.md 1.6: decode at 16 kHz mono, peak-normalise, first 165,888 samples,
// STFT 2048 / hop 1024 (periodic Hann, centred, reflect), power 2, 80 Slaney mel
// bands 0..8000 Hz with area normalisation, dB ref 1.0 clipped at max - 80 dB,
// first 80 frames; then attribute-wise z-scoring (TUTORIAL.md 2.1).
struct MelPatchFeatureConfig {
    int sampleRate = 16000;
    bool peakNormalise = true;
    int excerptSamples = 165888;
    int nFft = 2048;
    int hopSamples = 1024;
    QString window = QStringLiteral("hann_periodic");
    bool center = true;
    double power = 2.0;
    int nMels = 80;
    double fMinHz = 0.0;
    double fMaxHz = 8000.0;
    QString melScale = QStringLiteral("slaney");
    QString melNorm = QStringLiteral("slaney"); // librosa 0.6 norm=1 (area normalisation)
    double dbRef = 1.0;
    double dbAmin = 1e-10;
    double topDb = 80.0;
    int patchFrames = 80;
    QString standardise = QStringLiteral("attribute_zscore");
};

struct CnnTrainingPreset {
    QString optimizer = QStringLiteral("sgd"); // "sgd" or "adam"
    double learningRate = 0.01;
    double momentum = 0.0;
    double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7;
    double decay = 0.0; // Keras: lr_t = lr / (1 + decay * iterations)
    int batchSize = 32;
    int epochs = 10;
    double validationSplit = 0.0;
    QString loss = QStringLiteral("binary_crossentropy"); // or "categorical_crossentropy"
};

struct TutorialCnnSpec {
    QString name; // preset / architecture name, e.g. "compact_cnn_genre"
    QString description;
    int inputBands = 80;  // height
    int inputFrames = 80; // width
    std::vector<CnnLayerSpec> layers;
    QStringList labels; // output order
    // One sigmoid output (binary task): the class an output of 0 stands for, i.e. the data's other
    // class (model.json "negative_label"); empty when unknown (models saved before it was written).
    QString negativeLabel;
    MelPatchFeatureConfig features;
    CnnTrainingPreset training;

    int outputCount() const;
    bool multiLabel() const; // sigmoid outputs (binary or multi-tag) vs softmax
};

// Presets: "instrumental_vocal" (TUTORIAL 2.2 model A), "instrumental_vocal_b"
// (model B), "compact_cnn_genre" (2.3/2.4, 8-class softmax), "compact_cnn_mood"
// (2.3/2.5, 4-tag sigmoid).
QStringList tutorialCnnPresetNames();
bool tutorialCnnPreset(const QString &name, TutorialCnnSpec *out);

// Output shape and parameters of one layer, from the spec arithmetic alone.
struct CnnLayerInfo {
    int height = 0, width = 0, channels = 0; // height only for Flatten/Dense (width = channels = 1)
    int64_t trainable = 0;
    int64_t nonTrainable = 0;
};
// One entry per spec layer. Returns false + *error when a shape becomes empty
// or the spec is inconsistent (e.g. Dense before Flatten).
bool cnnLayerInfos(const TutorialCnnSpec &spec, std::vector<CnnLayerInfo> *out, QString *error = nullptr);
// Keras "Total params" (includeNonTrainable) or "Trainable params"; -1 when invalid.
int64_t specParameterCount(const TutorialCnnSpec &spec, bool includeNonTrainable);

// Tensors weights.safetensors holds for the spec, named "<layer>.<tensor>"
// in torch layout (conv weight [out, in, kh, kw], dense weight [out, in],
// bn weight/bias/running_mean/running_var [channels]).
struct CnnTensorSpec {
    std::string name;
    std::vector<int64_t> shape;
    bool trainable = true;
};
std::vector<CnnTensorSpec> cnnTensorSpecs(const TutorialCnnSpec &spec);

// model.json (ARCHITECTURE.md "Models on disk").
constexpr int kTutorialCnnFormatVersion = 1;
QJsonObject tutorialCnnToJson(const TutorialCnnSpec &spec, const QJsonObject &trainingSummary = {});
// Parses and validates; *error is "<fileName>: <problem>".
bool tutorialCnnFromJson(const QByteArray &json, const QString &fileName, TutorialCnnSpec *out, QString *error);
// The "features" object of model.json (also the recipe the feature cache is keyed with).
QJsonObject melPatchFeaturesToJson(const MelPatchFeatureConfig &config);
// Reads <dir>/model.json.
bool loadTutorialCnnSpec(const QString &dir, TutorialCnnSpec *out, QString *error);

} // namespace mirlo
