#include "core/dsp/spectrogram.h"

#include "core/dsp/filterbank.h"
#include "core/dsp/scaling.h"

#include <algorithm>

namespace mirlo {

QString kindName(SpectrogramKind kind)
{
    switch (kind) {
    case SpectrogramKind::Stft:
        return QStringLiteral("stft");
    case SpectrogramKind::Mel:
        return QStringLiteral("mel");
    case SpectrogramKind::LogFrequency:
        return QStringLiteral("logfreq");
    }
    return QString();
}

bool parseKind(const QString &name, SpectrogramKind &kind)
{
    for (SpectrogramKind k : {SpectrogramKind::Stft, SpectrogramKind::Mel, SpectrogramKind::LogFrequency}) {
        if (name.compare(kindName(k), Qt::CaseInsensitive) == 0) {
            kind = k;
            return true;
        }
    }
    return false;
}

bool SpectrogramParams::operator==(const SpectrogramParams &o) const
{
    return kind == o.kind && frameSize == o.frameSize && hopSize == o.hopSize && window == o.window
        && melBands == o.melBands && bandsPerOctave == o.bandsPerOctave && fminHz == o.fminHz
        && fmaxHz == o.fmaxHz && topDb == o.topDb;
}

namespace {

constexpr int64_t kBlockFrames = 2048;

} // namespace

// The filterbank for the kind, over the STFT's fftSize/2 + 1 bins; for STFT
// itself returns an empty filterbank and fills the axis from the bins.
bool spectrogramBands(const SpectrogramParams &p, int sampleRate, int fftSize, Filterbank &fb,
                      SpectrogramData &data)
{
    const double nyquist = sampleRate / 2.0;
    const int bins = fftSize / 2 + 1;
    switch (p.kind) {
    case SpectrogramKind::Stft: {
        const double binHz = double(sampleRate) / fftSize;
        for (int k = 0; k < bins; ++k) {
            data.bandHz.push_back(k * binHz);
            data.bandLowHz.push_back(std::max(0.0, (k - 0.5) * binHz));
            data.bandHighHz.push_back(std::min(nyquist, (k + 0.5) * binHz));
        }
        return true;
    }
    case SpectrogramKind::Mel: {
        const double fmax = p.fmaxHz > 0.0 ? std::min(p.fmaxHz, nyquist) : nyquist;
        fb = melFilterbank(p.melBands, fftSize, sampleRate, std::max(0.0, p.fminHz), fmax);
        break;
    }
    case SpectrogramKind::LogFrequency: {
        const double fmax = std::min(p.fmaxHz > 0.0 ? std::min(p.fmaxHz, nyquist) : nyquist, 17000.0);
        // madmom's bins: fftSize/2 of them, no Nyquist bin; the Nyquist column
        // of our STFT then gets weight 0.
        std::vector<double> binHz = fftBinFrequencies(fftSize, sampleRate);
        binHz.pop_back();
        fb = logFilterbank(binHz, p.bandsPerOctave, std::max(30.0, p.fminHz), fmax);
        if (fb.bandCount() > 0) {
            Matrix widened(fb.bandCount(), bins);
            for (int b = 0; b < fb.bandCount(); ++b)
                std::copy(fb.weights.row(b), fb.weights.row(b) + fb.binCount(), widened.row(b));
            fb.weights = std::move(widened);
            fb.updateBinRanges();
        }
        break;
    }
    }
    if (fb.bandCount() == 0)
        return false;
    data.bandHz = fb.centreHz;
    data.bandLowHz = fb.lowHz;
    data.bandHighHz = fb.highHz;
    return true;
}

SpectrogramData computeSpectrogram(const float *mono, int64_t samples, int sampleRate,
                                   const SpectrogramParams &params,
                                   const std::function<bool(double)> &progress)
{
    SpectrogramData data;
    data.params = params;
    data.sampleRate = sampleRate;
    if (!mono || samples <= 0 || sampleRate <= 0 || params.frameSize < 2 || params.hopSize <= 0)
        return data;
    data.framesPerSecond = double(sampleRate) / params.hopSize;

    StftParams sp;
    sp.frameSize = params.frameSize;
    sp.hopSize = params.hopSize;
    sp.window = params.window;
    sp.periodicWindow = true;
    sp.center = true;
    // librosa's reflect padding needs more than frameSize/2 samples to be a
    // plain mirror; for shorter signals (e.g. a 10 ms click) mirrored copies
    // would invent periodic content, so pad with silence instead.
    sp.pad = samples > params.frameSize / 2 ? PadMode::Reflect : PadMode::Zeros;
    Stft stft(sp);

    Filterbank fb;
    if (!spectrogramBands(params, sampleRate, stft.fftSize(), fb, data))
        return data;

    auto clearAxes = [&data] {
        data.db = Matrix();
        data.bandHz.clear();
        data.bandLowHz.clear();
        data.bandHighHz.clear();
    };
    const int64_t frames = stft.frameCount(samples);
    if (frames <= 0) {
        clearAxes();
        return data;
    }
    bool cancelled = false;
    if (params.kind == SpectrogramKind::Stft) {
        auto stftProgress = [&](double f) { return !progress || progress(0.9 * f); };
        data.db = stft.compute(mono, samples, SpectrumValue::Power, stftProgress);
        cancelled = data.db.isEmpty();
    } else {
        // Block by block, so a long file never holds its full-resolution STFT.
        data.db = Matrix(int(frames), fb.bandCount());
        for (int64_t first = 0; first < frames && !cancelled; first += kBlockFrames) {
            const int64_t count = std::min(kBlockFrames, frames - first);
            auto blockProgress = [&](double f) {
                return !progress || progress(0.9 * (double(first) + f * double(count)) / double(frames));
            };
            const Matrix power = stft.computeFrames(mono, samples, first, count, SpectrumValue::Power, blockProgress);
            cancelled = power.isEmpty();
            if (!cancelled) {
                const Matrix bands = fb.apply(power);
                std::copy(bands.values.begin(), bands.values.end(), data.db.row(int(first)));
            }
        }
    }
    if (cancelled) {
        clearAxes();
        return data;
    }
    toDecibels(data.db, true, 1.0, 1e-10, params.topDb, &data.minDb, &data.maxDb);
    if (progress && !progress(1.0))
        clearAxes();
    return data;
}

} // namespace mirlo
