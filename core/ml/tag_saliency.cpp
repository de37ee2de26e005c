#include "core/ml/tag_saliency.h"

#include "core/audio/kaiser_resampler.h"
#include "core/ml/saliency_backend.h"
#include "core/ml/torch_runtime.h"
#include "core/model/tutorial_cnn_spec.h"
#include "core/tagging/conv_stack_network.h"
#include "core/tagging/musicnn_network.h"
#include "core/tagging/tagger_manifest.h"
#include "core/tagging/tagger_model.h"

#include <QFile>

#include <algorithm>
#include <cmath>
#include <random>

namespace mirlo::ml {

namespace {

class MusicnnBackend : public SaliencyBackend {
public:
    explicit MusicnnBackend(std::unique_ptr<MusicnnTorch> net) : m_net(std::move(net)) {}
    QStringList tags() const override { return m_net->tags(); }
    int sampleRate() const override { return m_net->sampleRate(); }
    int chunkSamples() const override { return m_net->chunkSamples(); }
    int hopSamples() const override { return m_net->hopLength(); }
    int framesPerChunk() const override { return m_net->frames(); }
    int bands() const override { return m_net->bands(); }
    std::vector<double> bandHz() const override { return m_net->bandHz(); }
    std::vector<float> features(const float *start, int64_t available) const override
    {
        return m_net->melDb(paddedChunk(start, available, chunkSamples()).data());
    }
    std::vector<float> gradient(const std::vector<float> &x, int batch, int tag, SaliencyTarget target,
                                std::vector<float> *probs) const override
    {
        return m_net->inputGradient(x, batch, tag, target, probs);
    }

private:
    std::unique_ptr<MusicnnTorch> m_net;
};

SaliencyMap failed(const QString &error)
{
    SaliencyMap r;
    r.error = error;
    return r;
}

} // namespace

std::vector<float> paddedChunk(const float *start, int64_t available, int64_t length)
{
    std::vector<float> chunk(static_cast<size_t>(length), 0.f);
    std::copy(start, start + std::clamp<int64_t>(available, 0, length), chunk.begin());
    return chunk;
}

std::vector<float> SaliencyBackend::monoAtModelRate(const AudioBuffer &audio,
                                                    const std::function<bool(double)> &progress) const
{
    if (audio.channels == 1 && audio.sampleRate == sampleRate())
        return audio.samples;
    return kaiserResampleMono(audio, sampleRate(), KaiserFilter::Best, progress).samples;
}

std::vector<double> filterbankCentresHz(const std::vector<float> &fb, int bands, int sampleRate, int nFft)
{
    const int bins = nFft / 2 + 1;
    std::vector<double> hz(static_cast<size_t>(std::max(bands, 0)), 0.0);
    if (fb.size() != size_t(bins) * hz.size())
        return hz;
    for (int b = 0; b < bands; ++b) {
        double w = 0, wf = 0;
        for (int k = 0; k < bins; ++k) {
            const double v = fb[size_t(k) * size_t(bands) + size_t(b)];
            w += v;
            wf += v * k * sampleRate / nFft;
        }
        hz[size_t(b)] = w > 0 ? wf / w : 0.0;
    }
    return hz;
}

namespace {

enum class ModelKind { Musicnn, ConvStack, TutorialCnn };

// Which backend a folder needs and its output labels, from model.json alone (no weights read).
bool describeModel(const QString &folder, ModelKind *kind, QStringList *tags, QString *error)
{
    QFile f(folder + QStringLiteral("/model.json"));
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: not a model folder (cannot open model.json)").arg(folder);
        return false;
    }
    TaggerManifest manifest;
    QString why;
    if (parseTaggerManifest(f.readAll(), f.fileName(), &manifest, &why)) {
        if (!ConvStackNetwork::matches(manifest) && !MusicnnNetwork::matches(manifest)) {
            if (error)
                *error = QStringLiteral("%1: saliency supports the Musicnn, FCN and CRNN taggers and tutorial CNNs; "
                                        "the architecture of \"%2\" is not supported")
                             .arg(folder, manifest.name);
            return false;
        }
        *kind = ConvStackNetwork::matches(manifest) ? ModelKind::ConvStack : ModelKind::Musicnn;
        *tags = manifest.tags;
        return true;
    }
    TutorialCnnSpec spec;
    QString cnnWhy;
    if (loadTutorialCnnSpec(folder, &spec, &cnnWhy)) {
        *kind = ModelKind::TutorialCnn;
        *tags = spec.labels;
        return true;
    }
    if (error)
        *error = why; // the tagger manifest's problem
    return false;
}

} // namespace

std::unique_ptr<SaliencyBackend> makeSaliencyBackend(const QString &modelNameOrFolder, QString *error)
{
    const QString folder = TaggerModel::resolveModel(modelNameOrFolder);
    ModelKind kind;
    QStringList tags;
    if (!describeModel(folder, &kind, &tags, error))
        return nullptr;
    switch (kind) {
    case ModelKind::ConvStack:
        return makeConvStackSaliencyBackend(folder, error);
    case ModelKind::TutorialCnn:
        return makeTutorialCnnSaliencyBackend(folder, error);
    case ModelKind::Musicnn:
        break;
    }
    auto net = MusicnnTorch::load(folder, error);
    if (!net)
        return nullptr;
    return std::make_unique<MusicnnBackend>(std::move(net));
}

bool saliencySupported(const QString &modelNameOrFolder, QString *why)
{
    return makeSaliencyBackend(modelNameOrFolder, why) != nullptr;
}

QStringList saliencyModelTags(const QString &modelNameOrFolder, QString *error)
{
    ModelKind kind;
    QStringList tags;
    return describeModel(TaggerModel::resolveModel(modelNameOrFolder), &kind, &tags, error) ? tags : QStringList();
}

double SaliencyMap::frameTime(int frame) const
{
    if (framesPerChunk <= 0 || framesPerSecond <= 0)
        return 0.0;
    return (frame / framesPerChunk) * chunkSeconds + (frame % framesPerChunk) / framesPerSecond;
}

int SaliencyMap::frameAt(double sec) const
{
    if (framesPerChunk <= 0 || chunkSeconds <= 0 || sec < 0 || sec > durationSec)
        return -1;
    const int chunk = int(std::floor(sec / chunkSeconds));
    const int local = std::clamp(int(std::lround((sec - chunk * chunkSeconds) * framesPerSecond)), 0,
                                 framesPerChunk - 1);
    const int f = chunk * framesPerChunk + local;
    return f < frames ? f : -1;
}

SaliencyMap tagSaliency(const QString &modelNameOrFolder, const AudioBuffer &audio, int tagIndex,
                        const SaliencyProgress &progress, const SaliencyOptions &options)
{
    QString error;
    const std::unique_ptr<SaliencyBackend> net = makeSaliencyBackend(modelNameOrFolder, &error);
    if (!net)
        return failed(error);
    const QString folder = TaggerModel::resolveModel(modelNameOrFolder);
    const QStringList tags = net->tags();
    if (tagIndex < 0 || tagIndex >= tags.size())
        return failed(
            QStringLiteral("%1: tag index %2 out of range (the model has %3 tags)").arg(folder).arg(tagIndex).arg(tags.size()));
    if (audio.isEmpty() || audio.sampleRate <= 0 || audio.channels <= 0)
        return failed(QStringLiteral("%1: no audio samples").arg(folder));

    auto report = [&](double f) { return !progress || progress(std::clamp(f, 0.0, 1.0)); };
    configureTorchThreads(std::max(0, options.threads));

    const std::vector<float> mono = net->monoAtModelRate(audio, [&](double f) { return report(0.15 * f); });
    if (mono.empty()) {
        SaliencyMap r = failed(QStringLiteral("cancelled"));
        r.cancelled = true;
        return r;
    }

    SaliencyMap r;
    r.model = folder;
    r.tag = tags.at(tagIndex);
    r.tagIndex = tagIndex;
    r.bands = net->bands();
    r.bandHz = net->bandHz();
    r.framesPerChunk = net->framesPerChunk();
    r.framesPerSecond = double(net->sampleRate()) / net->hopSamples();
    r.chunkSeconds = double(net->chunkSamples()) / net->sampleRate();
    r.durationSec = double(mono.size()) / net->sampleRate();

    const int64_t len = net->chunkSamples(), n = int64_t(mono.size());
    const int chunks = int(std::max<int64_t>(1, (n + len - 1) / len));
    const int fpc = r.framesPerChunk, bands = r.bands;
    const size_t chunkValues = size_t(fpc) * size_t(bands);
    std::vector<float> allMel(size_t(chunks) * chunkValues), allSal(allMel.size());
    r.chunkProbabilities.assign(size_t(chunks), 0.f);

    // At most ~8 Musicnn chunks of frames per batch: FCN / CRNN chunks (1813 frames) go one at a
    // time, so activations stay a few hundred MB and a cancel is seen after one chunk.
    constexpr int kBatchFrames = 8 * 188;
    const int batchChunks = std::clamp(kBatchFrames / std::max(1, fpc), 1, std::max(1, options.batchChunks));
    const bool smooth = options.method == SaliencyMethod::SmoothGrad;
    const int passes = smooth ? 1 + std::max(1, options.smoothSamples) : 1;
    std::mt19937 rng(options.seed);
    std::normal_distribution<float> noise(0.f, float(options.smoothNoiseDb));
    std::vector<float> probs;
    for (int c0 = 0; c0 < chunks; c0 += batchChunks) {
        const int b = std::min(batchChunks, chunks - c0);
        std::vector<float> x(size_t(b) * chunkValues);
        for (int i = 0; i < b; ++i) {
            const int64_t start = int64_t(c0 + i) * len;
            const std::vector<float> feat = net->features(mono.data() + start, n - start);
            std::copy(feat.begin(), feat.end(), x.begin() + std::ptrdiff_t(size_t(i) * chunkValues));
        }
        std::copy(x.begin(), x.end(), allMel.begin() + std::ptrdiff_t(size_t(c0) * chunkValues));
        float *sal = allSal.data() + size_t(c0) * chunkValues;
        for (int pass = 0; pass < passes; ++pass) {
            std::vector<float> in = x;
            if (pass > 0) // SmoothGrad: noisy copies after the clean pass (which gives the probabilities)
                for (float &v : in)
                    v += noise(rng);
            const std::vector<float> g = net->gradient(in, b, tagIndex, options.target, pass == 0 ? &probs : nullptr);
            if (pass == 0)
                for (int i = 0; i < b; ++i)
                    r.chunkProbabilities[size_t(c0 + i)] = probs[size_t(i) * size_t(tags.size()) + size_t(tagIndex)];
            if (options.method == SaliencyMethod::GradientTimesInput) {
                for (int i = 0; i < b; ++i) {
                    const float *xi = x.data() + size_t(i) * chunkValues;
                    double mean = 0;
                    for (size_t k = 0; k < chunkValues; ++k)
                        mean += xi[k];
                    mean /= double(chunkValues);
                    for (size_t k = 0; k < chunkValues; ++k)
                        sal[size_t(i) * chunkValues + k] =
                            std::abs(g[size_t(i) * chunkValues + k] * float(xi[k] - mean));
                }
            } else if (smooth) {
                if (pass > 0)
                    for (size_t k = 0; k < g.size(); ++k)
                        sal[k] += std::abs(g[k]) / float(passes - 1);
            } else {
                for (size_t k = 0; k < g.size(); ++k)
                    sal[k] = std::abs(g[k]);
            }
            if (!report(0.15 + 0.85 * (c0 + double(b) * (pass + 1) / passes) / chunks)) {
                SaliencyMap c = failed(QStringLiteral("cancelled"));
                c.cancelled = true;
                return c;
            }
        }
    }

    // Keep the frames whose centre lies inside the track (the last chunk was zero-padded).
    const int64_t lastLen = n - int64_t(chunks - 1) * len;
    const int lastFrames = n == 0 ? 1 : int(std::clamp<int64_t>((lastLen - 1) / net->hopSamples() + 1, 1, fpc));
    r.frames = (chunks - 1) * fpc + lastFrames;
    allMel.resize(size_t(r.frames) * size_t(bands));
    allSal.resize(allMel.size());
    const float mx = allSal.empty() ? 0.f : *std::max_element(allSal.begin(), allSal.end());
    if (mx > 0.f && std::isfinite(mx))
        for (float &v : allSal)
            v /= mx;
    for (float v : allSal)
        if (!std::isfinite(v))
            return failed(QStringLiteral("%1: the gradient is not finite").arg(folder));
    r.mel = std::move(allMel);
    r.saliency = std::move(allSal);
    r.ok = true;
    return r;
}

} // namespace mirlo::ml
