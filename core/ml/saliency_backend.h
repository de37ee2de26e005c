#pragma once
// Internal to tag_saliency.cpp: what the track-level saliency driver needs from
// a network (Musicnn tagger or tutorial CNN). Chunks are chunkSamples() mono
// samples at sampleRate(); their features are framesPerChunk() x bands()
// floats, time-major (row = frame), the model's own input before any
// in-network normalisation.
#include "core/ml/tag_saliency.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <vector>

namespace mirlo::ml {

class SaliencyBackend {
public:
    virtual ~SaliencyBackend() = default;
    virtual QStringList tags() const = 0;
    virtual int sampleRate() const = 0;
    virtual int chunkSamples() const = 0;
    virtual int hopSamples() const = 0;
    virtual int framesPerChunk() const = 0;
    virtual int bands() const = 0;
    virtual std::vector<double> bandHz() const = 0;
    // Features of the chunk starting at `start`; `available` samples follow it up to the track's
    // end (may be fewer or more than chunkSamples(): taggers zero-pad to one chunk, the tutorial
    // CNN reads up to its excerpt length, as their track taggers do).
    virtual std::vector<float> features(const float *start, int64_t available) const = 0;
    // The track mixed to mono at sampleRate(), as the model's track tagger prepares it (default:
    // channel mean + kaiser_best, track_tagger.cpp). Empty when cancelled.
    virtual std::vector<float> monoAtModelRate(const AudioBuffer &audio, const std::function<bool(double)> &progress) const;
    // d score(tag) / d features for batch chunks (same layout); probs: batch x tags outputs.
    virtual std::vector<float> gradient(const std::vector<float> &features, int batch, int tag, SaliencyTarget target,
                                        std::vector<float> *probs) const = 0;
};

// One chunk for a fixed-length tagger: `available` samples from `start`, zero-padded to `length`.
std::vector<float> paddedChunk(const float *start, int64_t available, int64_t length);

// Centre (filter-weighted mean frequency, Hz) of each band of a stored mel filterbank
// fb[bins][bands], bin k at k * sampleRate / nFft Hz.
std::vector<double> filterbankCentresHz(const std::vector<float> &fb, int bands, int sampleRate, int nFft);

// nullptr + *error when the folder is neither a Musicnn tagger nor a tutorial CNN.
std::unique_ptr<SaliencyBackend> makeSaliencyBackend(const QString &modelNameOrFolder, QString *error);
// The FCN / CRNN tagger backend (conv_stack_torch.cpp); nullptr + *error when it does not load.
std::unique_ptr<SaliencyBackend> makeConvStackSaliencyBackend(const QString &folder, QString *error);
// The tutorial CNN backend (tutorial_cnn_saliency.cpp); nullptr + *error when it does not load.
std::unique_ptr<SaliencyBackend> makeTutorialCnnSaliencyBackend(const QString &folder, QString *error);

} // namespace mirlo::ml
