// Saliency backend for tutorial CNN model folders: chunks are consecutive
// patches of patchFrames * hopSamples samples (as tutorial_cnn_tagging.h cuts
// a track), each the model's own mel recipe (melPatch); the scaler
// (scaler.safetensors, z-scoring per cell) is part of the differentiated
// function, so the gradient is with respect to the unscaled dB patch.
#include "core/audio/resampler.h"
#include "core/dsp/filterbank.h"
#include "core/features/mel_patch.h"
#include "core/ml/saliency_backend.h"
#include "core/ml/tutorial_cnn.h"
#include "core/model/safetensors.h"

#include <QDir>
#include <QFileInfo>

namespace mirlo::ml {

namespace {

class TutorialCnnBackend : public SaliencyBackend {
public:
    QStringList tags() const override { return m_net->spec().labels; }
    int sampleRate() const override { return cfg().sampleRate; }
    int chunkSamples() const override { return cfg().patchFrames * cfg().hopSamples; }
    int hopSamples() const override { return cfg().hopSamples; }
    int framesPerChunk() const override { return m_net->spec().inputFrames; }
    int bands() const override { return m_net->spec().inputBands; }

    std::vector<double> bandHz() const override
    {
        const MelScale scale = cfg().melScale == QLatin1String("htk") ? MelScale::Htk : MelScale::Slaney;
        const double lo = hzToMel(cfg().fMinHz, scale), hi = hzToMel(cfg().fMaxHz, scale);
        std::vector<double> hz(static_cast<size_t>(bands()));
        for (int b = 0; b < bands(); ++b)
            hz[size_t(b)] = melToHz(lo + (hi - lo) * (b + 1) / (bands() + 1), scale);
        return hz;
    }

    // As tutorial_cnn_tagging.cpp: melPatchAt, i.e. the patch's mel recipe over everything from its
    // start to the end of the track (peak normalisation over that remainder; a short one is padded).
    std::vector<float> features(const float *start, int64_t available) const override
    {
        std::vector<float> patch; // bands x frames
        melPatchAt(start, available, 0, cfg(), &patch);
        patch.resize(size_t(bands()) * size_t(framesPerChunk()), 0.f);
        return transpose(patch, bands(), framesPerChunk());
    }

    // As tagFileWithTutorialCnn's decoder: channel mean, libswresample to the model rate.
    std::vector<float> monoAtModelRate(const AudioBuffer &audio, const std::function<bool(double)> &) const override
    {
        AudioBuffer mono;
        mono.sampleRate = audio.sampleRate;
        mono.channels = 1;
        mono.samples = mixToMono(audio);
        return audio.sampleRate == sampleRate() ? mono.samples : Resampler::resample(mono, sampleRate()).samples;
    }

    std::vector<float> gradient(const std::vector<float> &x, int batch, int tag, SaliencyTarget target,
                                std::vector<float> *probs) const override
    {
        const int nb = bands(), nf = framesPerChunk();
        const size_t per = size_t(nb) * size_t(nf);
        std::vector<float> scaled(x.size());
        for (int i = 0; i < batch; ++i) {
            const std::vector<float> p =
                transpose(std::vector<float>(x.begin() + std::ptrdiff_t(i * per), x.begin() + std::ptrdiff_t((i + 1) * per)),
                          nf, nb);
            for (size_t k = 0; k < per; ++k)
                scaled[i * per + k] = m_mean.empty() ? p[k] : (p[k] - m_mean[k]) / m_scale[k];
        }
        std::vector<float> g = m_net->inputGradient(scaled, batch, tag, target == SaliencyTarget::Logit, probs);
        std::vector<float> out(g.size());
        for (int i = 0; i < batch; ++i) {
            std::vector<float> gi(g.begin() + std::ptrdiff_t(i * per), g.begin() + std::ptrdiff_t((i + 1) * per));
            if (!m_scale.empty())
                for (size_t k = 0; k < per; ++k)
                    gi[k] /= m_scale[k]; // d scaled / d raw = 1 / scale
            const std::vector<float> t = transpose(gi, nb, nf);
            std::copy(t.begin(), t.end(), out.begin() + std::ptrdiff_t(i * per));
        }
        return out;
    }

    std::unique_ptr<TutorialCnn> m_net;
    std::vector<float> m_mean, m_scale; // bands x frames, empty without a scaler

private:
    const MelPatchFeatureConfig &cfg() const { return m_net->spec().features; }
    static std::vector<float> transpose(const std::vector<float> &m, int rows, int cols)
    {
        std::vector<float> t(m.size());
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < cols; ++c)
                t[size_t(c) * size_t(rows) + size_t(r)] = m[size_t(r) * size_t(cols) + size_t(c)];
        return t;
    }
};

} // namespace

std::unique_ptr<SaliencyBackend> makeTutorialCnnSaliencyBackend(const QString &folder, QString *error)
{
    auto backend = std::make_unique<TutorialCnnBackend>();
    backend->m_net = TutorialCnn::load(folder, error);
    if (!backend->m_net)
        return nullptr;
    const QString scalerPath = QDir(folder).filePath(QStringLiteral("scaler.safetensors"));
    if (QFileInfo::exists(scalerPath)) {
        SafeTensors sc;
        const std::vector<int64_t> shape{backend->bands(), backend->framesPerChunk()};
        if (!sc.load(scalerPath, error) || !sc.expectFloats("mean", shape, backend->m_mean, error) ||
            !sc.expectFloats("scale", shape, backend->m_scale, error))
            return nullptr;
        for (float s : backend->m_scale)
            if (!(s > 0.f)) {
                if (error)
                    *error = QStringLiteral("%1: scale values must be positive").arg(scalerPath);
                return nullptr;
            }
    }
    return backend;
}

} // namespace mirlo::ml
