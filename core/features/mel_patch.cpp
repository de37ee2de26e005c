#include "core/features/mel_patch.h"

#include "core/dsp/filterbank.h"
#include "core/dsp/scaling.h"
#include "core/dsp/stft.h"

#include <algorithm>
#include <cmath>

namespace mirlo {

bool melPatch(const float *mono, int64_t samples, const MelPatchFeatureConfig &c, std::vector<float> *out,
              QString *error)
{
    if (c.sampleRate <= 0 || c.nFft <= 0 || c.hopSamples <= 0 || c.nMels <= 0 || c.patchFrames <= 0 ||
        c.excerptSamples <= 0 || c.fMaxHz > c.sampleRate / 2.0 || c.fMinHz < 0.0 || c.fMinHz >= c.fMaxHz ||
        c.window != QLatin1String("hann_periodic") || c.power != 2.0) {
        if (error)
            *error = QStringLiteral("unsupported mel patch configuration");
        return false;
    }
    const int64_t used = std::min<int64_t>(std::max<int64_t>(samples, 0), c.excerptSamples);
    const int64_t needed = std::max<int64_t>(used, int64_t(c.patchFrames - 1) * c.hopSamples);
    std::vector<float> y(size_t(needed), 0.0f);
    if (used > 0)
        std::copy_n(mono, used, y.begin());
    if (c.peakNormalise) {
        // The tutorial divides the whole clip by its peak before taking the excerpt.
        float peak = 0.0f;
        for (int64_t i = 0; i < samples; ++i)
            peak = std::max(peak, std::fabs(mono[i]));
        if (peak > 0.0f)
            for (float &v : y)
                v /= peak;
    }

    StftParams p;
    p.frameSize = c.nFft;
    p.hopSize = c.hopSamples;
    p.window = WindowType::Hann;
    p.periodicWindow = true;
    p.center = c.center;
    p.pad = PadMode::Reflect;
    const Stft stft(p);
    const Matrix power = stft.compute(y.data(), int64_t(y.size()), SpectrumValue::Power);
    const MelScale scale = c.melScale == QLatin1String("htk") ? MelScale::Htk : MelScale::Slaney;
    const Filterbank fb =
        melFilterbank(c.nMels, c.nFft, c.sampleRate, c.fMinHz, c.fMaxHz, scale, c.melNorm == QLatin1String("slaney"));
    Matrix mel = fb.apply(power); // frames x bands
    toDecibels(mel, true, c.dbRef, c.dbAmin, c.topDb);
    if (mel.rows < c.patchFrames) {
        if (error)
            *error = QStringLiteral("only %1 frames for a %2-frame patch").arg(mel.rows).arg(c.patchFrames);
        return false;
    }
    out->assign(size_t(c.nMels) * c.patchFrames, 0.0f);
    for (int b = 0; b < c.nMels; ++b)
        for (int t = 0; t < c.patchFrames; ++t)
            (*out)[size_t(b) * c.patchFrames + t] = mel.at(t, b);
    return true;
}

bool melPatchAt(const float *mono, int64_t samples, int64_t start, const MelPatchFeatureConfig &config,
                std::vector<float> *out, QString *error)
{
    const int64_t from = std::clamp<int64_t>(start, 0, std::max<int64_t>(samples, 0));
    return melPatch(mono + from, samples - from, config, out, error);
}

} // namespace mirlo
