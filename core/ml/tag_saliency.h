#pragma once
// Gradient saliency of one tag over the mel spectrogram a tagger reads: which
// time-frequency cells of the model's own dB-mel input change the tag's score
// the most. The plain C++ taggers (core/tagging) have no autograd, so the
// network is rebuilt here in libtorch from the same model folder (model.json +
// weights.safetensors) with the same inference semantics, and the input
// gradient d score / d mel_db[frame, band] is taken by backpropagation.
//
// Supported: the Musicnn tagger (musicnn_mtat, the default), the FCN and CRNN
// taggers (29 s chunks) and tutorial CNN model folders (mirlo-train cnn; the
// tutorial's mel patches, scaler included); anything else gets a clear error.
//
// The whole track is covered by consecutive non-overlapping chunks (Musicnn:
// chunkSamples at the model rate; tutorial CNN: patchFrames * hopSamples), the
// last one zero-padded; audio is mixed to mono and resampled exactly as the
// track tagger does (kaiser_best to the model rate). Units: frames are the
// model's mel frames, concatenated chunk by chunk; frameTime() gives a frame's
// centre in seconds of the track. Torch-free header.
#include "core/audio/audio_buffer.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <vector>

namespace mirlo::ml {

enum class SaliencyMethod {
    Gradient,          // |d score / d input| (vanilla gradient)
    SmoothGrad,        // mean |gradient| over noisy copies of the input (Smilkov et al. 2017)
    GradientTimesInput // |gradient * (input - chunk mean)|: dB input has no natural zero, so centre it
};

enum class SaliencyTarget {
    Probability, // the sigmoid/softmax output itself (default: brighter where the tag is present, see tests)
    Logit        // the tag's pre-sigmoid score: no saturation where the model is sure
};

struct SaliencyOptions {
    SaliencyMethod method = SaliencyMethod::Gradient;
    SaliencyTarget target = SaliencyTarget::Probability;
    int smoothSamples = 8;      // SmoothGrad: noisy copies per chunk
    double smoothNoiseDb = 3.0; // SmoothGrad: noise standard deviation (dB, on the model's input scale)
    unsigned seed = 1;          // SmoothGrad noise
    int batchChunks = 8;        // chunks per torch forward/backward (at most; long chunks go fewer at a time)
    int threads = 1;            // torch intra-op threads (0: all cores); 1 keeps a GUI job from starving others
};

struct SaliencyMap {
    bool ok = false;
    bool cancelled = false;
    QString error; // "<model>: <problem>" when !ok
    QString model; // resolved model folder
    QString tag;
    int tagIndex = -1;
    int bands = 0;                // mel bands (column 0 = lowest)
    int frames = 0;               // rows of mel / saliency
    std::vector<float> mel;       // frames x bands, the model's own input (dB; tutorial CNN: before z-scoring)
    std::vector<float> saliency;  // frames x bands, >= 0, max 1 over the track (all 0 when the gradient is 0)
    std::vector<float> chunkProbabilities; // per chunk: the tag's output
    std::vector<double> bandHz;   // centre frequency of each mel band (Hz)
    double framesPerSecond = 0;   // model rate / hop
    int framesPerChunk = 0;       // frames of one full chunk
    double chunkSeconds = 0;      // chunk length (s); chunk c starts at c * chunkSeconds
    double durationSec = 0;

    // Centre of frame f (s): its chunk's start + (f mod framesPerChunk) / framesPerSecond.
    double frameTime(int frame) const;
    // The frame whose span holds `sec` (-1: none).
    int frameAt(double sec) const;
};

using SaliencyProgress = std::function<bool(double)>; // fraction in [0, 1]; false cancels

// Whether tagSaliency can explain this model (a built-in tagger name, a tagger folder or a
// tutorial CNN folder). False + *why otherwise (a folder that does not load / another architecture).
bool saliencySupported(const QString &modelNameOrFolder, QString *why = nullptr);
// The model's output labels (tags) from its model.json alone (cheap: no weights are read; a
// damaged weights file shows up in tagSaliency), or empty + *error for an unsupported model.
QStringList saliencyModelTags(const QString &modelNameOrFolder, QString *error = nullptr);

// Saliency of output tagIndex over the whole track.
SaliencyMap tagSaliency(const QString &modelNameOrFolder, const AudioBuffer &audio, int tagIndex,
                        const SaliencyProgress &progress = {}, const SaliencyOptions &options = {});

// The Musicnn tagger as a libtorch network, for tests and tagSaliency: same weights and
// inference semantics as core/tagging/musicnn_network.cpp.
class MusicnnTorch {
public:
    ~MusicnnTorch();
    // nullptr + *error when the folder does not load or is not Musicnn.
    static std::unique_ptr<MusicnnTorch> load(const QString &modelNameOrFolder, QString *error = nullptr);

    int frames() const;
    int bands() const;
    int outputs() const;
    const QStringList &tags() const;
    int sampleRate() const;
    int chunkSamples() const;
    int hopLength() const;
    // Centre (filter-weighted mean frequency, Hz) of each mel band of the stored filterbank.
    std::vector<double> bandHz() const;
    // dB-mel of one chunk of chunkSamples() samples (frames x bands), the C++ front end.
    std::vector<float> melDb(const float *chunk) const;

    // mel: batch x frames x bands (time-major). Returns batch x outputs sigmoid probabilities.
    std::vector<float> predict(const std::vector<float> &mel, int batch) const;
    // d score(tag) / d mel for every item (same layout as mel); *probs (optional) gets
    // batch x outputs probabilities of the unperturbed input.
    std::vector<float> inputGradient(const std::vector<float> &mel, int batch, int tag, SaliencyTarget target,
                                     std::vector<float> *probs = nullptr) const;

private:
    MusicnnTorch();
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace mirlo::ml
