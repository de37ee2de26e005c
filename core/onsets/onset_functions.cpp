#include "core/onsets/onset_functions.h"

#include "core/dsp/filterbank.h"
#include "core/dsp/parallel_rows.h"
#include "core/onsets/onset_spectrogram.h"

#include <algorithm>
#include <atomic>
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

// Nonzero bins [first, last] of each band (band -> bin weights in ranges).
struct SparseBands {
    std::vector<int> first, last;
    std::vector<std::vector<float>> weights; // weights[b][k - first[b]]

    explicit SparseBands(const Filterbank &fb)
    {
        for (int b = 0; b < fb.bandCount(); ++b) {
            int f = -1, l = -1;
            for (int k = 0; k < fb.binCount(); ++k) {
                if (fb.weights.at(b, k) != 0.f) {
                    if (f < 0)
                        f = k;
                    l = k;
                }
            }
            if (f < 0)
                f = l = 0; // an all-zero band (cannot happen with madmom's triangles)
            first.push_back(f);
            last.push_back(l);
            weights.emplace_back(fb.weights.row(b) + f, fb.weights.row(b) + l + 1);
        }
    }
    int count() const { return int(first.size()); }
};

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
                                   const OnsetFunctionParams &params, const std::function<bool(double)> &progress)
{
    OnsetFunction result;
    result.fps = params.fps;
    if (samples <= 0 || sampleRate <= 0 || !mono)
        return result;
    const OnsetFrameTransform probe(params.frameSize, sampleRate, params.fps);
    if (!probe.isValid())
        return result;
    const double hop = probe.hop();
    const int bins = probe.bins();
    const int64_t frames = madmomFrameCount(samples, hop);
    const bool hfc = method == OnsetMethod::HighFrequencyContent;
    const bool complex = method == OnsetMethod::ComplexFlux;

    // madmom does not clip fmax to Nyquist: centres above the last bin snap to
    // it and are merged as duplicates (22.05 kHz files).
    Filterbank fb;
    if (params.bandsPerOctave > 0 && !hfc)
        fb = logFilterbank(madmomBinFrequencies(params.frameSize, sampleRate), params.bandsPerOctave, params.fminHz,
                           params.fmaxHz, 440.0, params.normaliseFilters, true);
    const SparseBands bands(fb);
    const bool filtered = bands.count() > 0;
    const int columns = filtered ? bands.count() : bins;

    // Frame by frame, so only the (small) band matrix is kept: magnitude ->
    // bands -> log; HFC is reduced to its value at once; complex flux also
    // gets its per-band LGD mask, which needs the LGD of the neighbouring
    // frames (3-frame maximum over time), kept in a ring of three rows.
    Matrix spec(hfc ? 0 : int(frames), hfc ? 0 : columns);
    Matrix mask(complex ? int(frames) : 0, complex ? columns : 0);
    if (hfc)
        result.values.assign(size_t(frames), 0.f);
    const bool useLog = params.logMul != 0.0;
    const float logMul = float(params.logMul), logAdd = float(params.logAdd);
    std::atomic<bool> cancelled{false};
    detail::parallelRanges(frames, 512, [&](int64_t a, int64_t b) {
        OnsetFrameTransform tr(params.frameSize, sampleRate, params.fps);
        std::vector<float> mag(static_cast<size_t>(bins));
        std::vector<float> ring(complex ? size_t(3 * bins) : 0), tmax(complex ? size_t(bins) : 0);
        auto lgdRow = [&](int64_t t) { return ring.data() + size_t(t % 3) * size_t(bins); };
        auto writeMask = [&](int64_t t) {
            // Temporal maximum over the frames t-1 .. t+1 that exist.
            const int64_t t0 = std::max<int64_t>(0, t - 1), t1 = std::min<int64_t>(frames - 1, t + 1);
            std::copy(lgdRow(t0), lgdRow(t0) + bins, tmax.begin());
            for (int64_t u = t0 + 1; u <= t1; ++u) {
                const float *r = lgdRow(u);
                for (int k = 0; k < bins; ++k)
                    tmax[size_t(k)] = std::max(tmax[size_t(k)], r[k]);
            }
            float *m = mask.row(int(t));
            for (int c = 0; c < columns; ++c) {
                // Per band: minimum over its nonzero bins widened by one bin
                // each side (without a filterbank: bins k-1 .. k+1).
                const int lo = std::max(0, (filtered ? bands.first[size_t(c)] : c) - 1);
                const int hi = std::min(bins - 1, (filtered ? bands.last[size_t(c)] : c) + 1);
                m[c] = *std::min_element(tmax.begin() + lo, tmax.begin() + hi + 1);
            }
        };
        const int64_t from = complex ? std::max<int64_t>(0, a - 1) : a;
        const int64_t to = complex ? std::min<int64_t>(frames, b + 1) : b;
        const int64_t step = std::max<int64_t>(1, (to - from) / 50);
        for (int64_t t = from; t < to && !cancelled; ++t) {
            tr.transform(mono, samples, t, mag.data());
            if (t >= a && t < b) {
                if (hfc) {
                    double sum = 0.0;
                    for (int k = 0; k < bins; ++k) {
                        // float32 log10 as numpy does on madmom's float32 spectrogram
                        const double v = useLog ? std::log10(mag[size_t(k)] * logMul + logAdd) : double(mag[size_t(k)]);
                        sum += double(k) * v;
                    }
                    result.values[size_t(t)] = float(sum / bins);
                } else {
                    float *row = spec.row(int(t));
                    for (int c = 0; c < columns; ++c) {
                        double v;
                        if (filtered) {
                            v = 0.0;
                            const std::vector<float> &w = bands.weights[size_t(c)];
                            const float *m = mag.data() + bands.first[size_t(c)];
                            for (size_t j = 0; j < w.size(); ++j)
                                v += double(m[j]) * double(w[j]);
                            v = double(float(v)); // madmom's filtered spectrogram is float32
                        } else {
                            v = mag[size_t(c)];
                        }
                        row[c] = useLog ? std::log10(float(v) * logMul + logAdd) : float(v);
                    }
                }
            }
            if (complex) {
                tr.localGroupDelay(true, lgdRow(t)); // madmom: circular_shift for phase methods
                if (t - 1 >= a && t - 1 < b)
                    writeMask(t - 1);
                if (t == frames - 1 && t >= a && t < b)
                    writeMask(t);
            }
            if (a == 0 && progress && (t - from) % step == 0 && !progress(double(t - from) / double(to - from)))
                cancelled = true;
        }
    });
    if (cancelled) {
        result.cancelled = true;
        result.values.clear();
        return result;
    }
    if (hfc)
        return result;

    const int d = diffFramesFor(params.diffRatio, hop, params.frameSize);
    Matrix diff = positiveSpectralDifference(spec, d, params.diffMaxBins);
    if (complex)
        for (size_t i = 0; i < diff.values.size(); ++i)
            diff.values[i] *= mask.values[i];
    result.values = sumRows(diff);
    return result;
}

} // namespace mirlo
