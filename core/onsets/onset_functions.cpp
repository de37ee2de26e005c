#include "core/onsets/onset_functions.h"

#include "core/dsp/filterbank.h"
#include "core/onsets/onset_spectrogram.h"

#include <algorithm>
#include <cmath>

namespace mirlo {

namespace {

struct MethodName {
    OnsetMethod method;
    const char *name;
};

const MethodName kMethodNames[] = {
    {OnsetMethod::SpectralFlux, "flux"},
    {OnsetMethod::SuperFlux, "superflux"},
    {OnsetMethod::HighFrequencyContent, "hfc"},
    {OnsetMethod::ComplexFlux, "complex"},
};

// madmom's bin frequencies: k * sr / N for k < N/2 (no Nyquist).
std::vector<double> madmomBinFrequencies(int frameSize, int sampleRate)
{
    std::vector<double> f(static_cast<size_t>(frameSize / 2));
    for (size_t k = 0; k < f.size(); ++k)
        f[k] = double(k) * sampleRate / frameSize;
    return f;
}

void logCompress(Matrix &m, double mul, double add)
{
    if (mul == 0.0)
        return;
    for (float &v : m.values)
        v = float(std::log10(double(v) * mul + add));
}

// |local group delay| / pi per bin (madmom: wrap(unwrap(phase) diff over
// frequency), last bin 0), then a 3-frame maximum filter over time.
Matrix localGroupDelayMagnitude(const Matrix &phase)
{
    Matrix lgd(phase.rows, phase.cols);
    for (int t = 0; t < phase.rows; ++t) {
        const float *p = phase.row(t);
        float *o = lgd.row(t);
        for (int k = 0; k + 1 < phase.cols; ++k) {
            // Unwrapping along frequency keeps neighbour differences within
            // [-pi, pi], so the difference of the unwrapped phases equals the
            // wrapped difference of the raw ones.
            double d = double(p[k]) - double(p[k + 1]);
            d = std::fmod(d + M_PI, 2.0 * M_PI);
            if (d < 0)
                d += 2.0 * M_PI;
            o[k] = float(std::fabs(d - M_PI) / M_PI);
        }
        if (phase.cols > 0)
            o[phase.cols - 1] = 0.f;
    }
    Matrix filtered(lgd.rows, lgd.cols);
    for (int t = 0; t < lgd.rows; ++t) {
        const int t0 = std::max(0, t - 1), t1 = std::min(lgd.rows - 1, t + 1);
        for (int k = 0; k < lgd.cols; ++k) {
            float m = lgd.at(t0, k);
            for (int u = t0 + 1; u <= t1; ++u)
                m = std::max(m, lgd.at(u, k));
            filtered.at(t, k) = m;
        }
    }
    return filtered;
}

// Per band: the minimum LGD over its nonzero bins widened by one bin each side.
Matrix bandMask(const Matrix &lgd, const Filterbank &fb)
{
    Matrix mask(lgd.rows, fb.bandCount());
    for (int b = 0; b < fb.bandCount(); ++b) {
        int first = -1, last = -1;
        for (int k = 0; k < fb.binCount(); ++k) {
            if (fb.weights.at(b, k) != 0.f) {
                if (first < 0)
                    first = k;
                last = k;
            }
        }
        if (first < 0)
            continue;
        const int start = std::max(0, first - 1), stop = std::min(lgd.cols, last + 2);
        for (int t = 0; t < lgd.rows; ++t) {
            const float *row = lgd.row(t);
            mask.at(t, b) = *std::min_element(row + start, row + stop);
        }
    }
    return mask;
}

// Without a filterbank madmom takes the minimum over bins k-1, k, k+1.
Matrix binMask(const Matrix &lgd)
{
    Matrix mask(lgd.rows, lgd.cols);
    for (int t = 0; t < lgd.rows; ++t) {
        const float *row = lgd.row(t);
        for (int k = 0; k < lgd.cols; ++k)
            mask.at(t, k) = *std::min_element(row + std::max(0, k - 1), row + std::min(lgd.cols, k + 2));
    }
    return mask;
}

} // namespace

QString onsetMethodName(OnsetMethod method)
{
    for (const MethodName &m : kMethodNames)
        if (m.method == method)
            return QString::fromLatin1(m.name);
    return QString();
}

bool parseOnsetMethod(const QString &name, OnsetMethod &method)
{
    for (const MethodName &m : kMethodNames) {
        if (name.compare(QLatin1String(m.name), Qt::CaseInsensitive) == 0) {
            method = m.method;
            return true;
        }
    }
    return false;
}

OnsetFunctionParams defaultOnsetFunctionParams(OnsetMethod method)
{
    OnsetFunctionParams p;
    switch (method) {
    case OnsetMethod::SpectralFlux:
        break; // the struct defaults are the tutorial's P3a baseline
    case OnsetMethod::SuperFlux:
    case OnsetMethod::ComplexFlux:
        p.fps = 200.0;
        p.bandsPerOctave = 24;
        p.normaliseFilters = false;
        p.diffMaxBins = 3;
        break;
    case OnsetMethod::HighFrequencyContent:
        p.bandsPerOctave = 0;
        break;
    }
    return p;
}

Matrix positiveSpectralDifference(const Matrix &spec, int diffFrames, int maxBins)
{
    Matrix out(spec.rows, spec.cols);
    if (diffFrames < 1)
        diffFrames = 1;
    const int half = maxBins > 1 ? maxBins / 2 : 0;
    const int width = maxBins > 1 ? maxBins : 1;
    for (int t = diffFrames; t < spec.rows; ++t) {
        const float *cur = spec.row(t);
        const float *prev = spec.row(t - diffFrames);
        float *o = out.row(t);
        for (int b = 0; b < spec.cols; ++b) {
            const int b0 = std::max(0, b - half), b1 = std::min(spec.cols - 1, b - half + width - 1);
            float ref = prev[b0];
            for (int c = b0 + 1; c <= b1; ++c)
                ref = std::max(ref, prev[c]);
            o[b] = std::max(cur[b] - ref, 0.f);
        }
    }
    return out;
}

std::vector<float> sumRows(const Matrix &m)
{
    std::vector<float> out(size_t(m.rows), 0.f);
    for (int t = 0; t < m.rows; ++t) {
        double s = 0.0;
        const float *r = m.row(t);
        for (int c = 0; c < m.cols; ++c)
            s += r[c];
        out[size_t(t)] = float(s);
    }
    return out;
}

OnsetFunction computeOnsetFunction(OnsetMethod method, const float *mono, int64_t samples, int sampleRate,
                                   const OnsetFunctionParams &params,
                                   const std::function<bool(double)> &progress)
{
    OnsetFunction result;
    result.fps = params.fps;
    if (samples <= 0 || sampleRate <= 0)
        return result;

    OnsetStftParams sp;
    sp.frameSize = params.frameSize;
    sp.fps = params.fps;
    sp.wantPhase = method == OnsetMethod::ComplexFlux;
    sp.circularShift = sp.wantPhase;
    OnsetStft stft = computeOnsetStft(mono, samples, sampleRate, sp, progress);
    if (stft.fps <= 0.0) {
        result.cancelled = true;
        return result;
    }

    Matrix spec = stft.magnitude;
    Filterbank fb;
    if (params.bandsPerOctave > 0) {
        fb = logFilterbank(madmomBinFrequencies(params.frameSize, sampleRate), params.bandsPerOctave,
                           params.fminHz, params.fmaxHz, 440.0,
                           params.normaliseFilters, true);
        // madmom does not clip fmax to Nyquist: centres above the last bin snap
        // to it and are merged as duplicates (22.05 kHz files).
        if (fb.bandCount() > 0)
            spec = fb.apply(spec);
    }
    logCompress(spec, params.logMul, params.logAdd);

    if (method == OnsetMethod::HighFrequencyContent) {
        result.values.assign(size_t(spec.rows), 0.f);
        for (int t = 0; t < spec.rows; ++t) {
            double s = 0.0;
            const float *r = spec.row(t);
            for (int k = 0; k < spec.cols; ++k)
                s += double(k) * r[k];
            result.values[size_t(t)] = spec.cols > 0 ? float(s / spec.cols) : 0.f;
        }
        return result;
    }

    const int d = diffFramesFor(params.diffRatio, stft.hop, params.frameSize);
    Matrix diff = positiveSpectralDifference(spec, d, params.diffMaxBins);
    if (method == OnsetMethod::ComplexFlux) {
        const Matrix lgd = localGroupDelayMagnitude(stft.phase);
        const Matrix mask = fb.bandCount() > 0 ? bandMask(lgd, fb) : binMask(lgd);
        for (size_t i = 0; i < diff.values.size() && i < mask.values.size(); ++i)
            diff.values[i] *= mask.values[i];
    }
    result.values = sumRows(diff);
    return result;
}

} // namespace mirlo
