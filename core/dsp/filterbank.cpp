#include "core/dsp/filterbank.h"

#include "core/dsp/parallel_rows.h"

#include <algorithm>
#include <cmath>

namespace mirlo {

namespace {

// Slaney's Auditory Toolbox mel scale (librosa htk=False): linear below 1 kHz,
// logarithmic above.
constexpr double kSlaneyFSp = 200.0 / 3.0;
constexpr double kSlaneyMinLogHz = 1000.0;
constexpr double kSlaneyMinLogMel = kSlaneyMinLogHz / kSlaneyFSp; // 15
const double kSlaneyLogStep = std::log(6.4) / 27.0;

std::pair<int, int> nonzeroRange(const Matrix &w, int band)
{
    const float *row = w.row(band);
    int first = 0;
    while (first < w.cols && row[first] == 0.f)
        ++first;
    int last = w.cols;
    while (last > first && row[last - 1] == 0.f)
        --last;
    return {first, last};
}

} // namespace

double hzToMel(double hz, MelScale scale)
{
    if (scale == MelScale::Htk)
        return 2595.0 * std::log10(1.0 + hz / 700.0);
    if (hz >= kSlaneyMinLogHz)
        return kSlaneyMinLogMel + std::log(hz / kSlaneyMinLogHz) / kSlaneyLogStep;
    return hz / kSlaneyFSp;
}

double melToHz(double mel, MelScale scale)
{
    if (scale == MelScale::Htk)
        return 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0);
    if (mel >= kSlaneyMinLogMel)
        return kSlaneyMinLogHz * std::exp(kSlaneyLogStep * (mel - kSlaneyMinLogMel));
    return mel * kSlaneyFSp;
}

std::vector<double> fftBinFrequencies(int fftSize, int sampleRate)
{
    std::vector<double> f;
    if (fftSize <= 0)
        return f;
    f.resize(size_t(fftSize / 2 + 1));
    for (size_t k = 0; k < f.size(); ++k)
        f[k] = double(k) * sampleRate / fftSize;
    return f;
}

void Filterbank::updateBinRanges()
{
    binRanges.resize(size_t(weights.rows));
    for (int b = 0; b < weights.rows; ++b)
        binRanges[size_t(b)] = nonzeroRange(weights, b);
}

Matrix Filterbank::apply(const Matrix &spectrogram) const
{
    if (spectrogram.cols != weights.cols || weights.rows == 0)
        return {};
    std::vector<std::pair<int, int>> ranges = binRanges;
    if (int(ranges.size()) != weights.rows) {
        ranges.resize(size_t(weights.rows));
        for (int b = 0; b < weights.rows; ++b)
            ranges[size_t(b)] = nonzeroRange(weights, b);
    }
    Matrix out(spectrogram.rows, weights.rows);
    detail::parallelRanges(spectrogram.rows, 256, [&](int64_t begin, int64_t end) {
        for (int64_t t = begin; t < end; ++t) {
            const float *in = spectrogram.row(int(t));
            float *o = out.row(int(t));
            for (int b = 0; b < weights.rows; ++b) {
                const float *w = weights.row(b);
                double acc = 0.0;
                for (int k = ranges[size_t(b)].first; k < ranges[size_t(b)].second; ++k)
                    acc += double(w[k]) * double(in[k]);
                o[b] = float(acc);
            }
        }
    });
    return out;
}

Filterbank melFilterbank(int bands, int fftSize, int sampleRate, double fminHz, double fmaxHz,
                         MelScale scale, bool areaNormalise)
{
    Filterbank fb;
    if (bands <= 0 || fftSize <= 0 || sampleRate <= 0 || !(fmaxHz > fminHz))
        return fb;
    const std::vector<double> binHz = fftBinFrequencies(fftSize, sampleRate);
    // bands + 2 edge frequencies equally spaced in mel (librosa.mel_frequencies).
    const double melMin = hzToMel(fminHz, scale);
    const double melMax = hzToMel(fmaxHz, scale);
    std::vector<double> edges(size_t(bands + 2));
    for (int i = 0; i < bands + 2; ++i)
        edges[size_t(i)] = melToHz(melMin + (melMax - melMin) * i / double(bands + 1), scale);

    fb.weights = Matrix(bands, int(binHz.size()));
    fb.centreHz.resize(size_t(bands));
    fb.lowHz.resize(size_t(bands));
    fb.highHz.resize(size_t(bands));
    for (int i = 0; i < bands; ++i) {
        const double lo = edges[size_t(i)], mid = edges[size_t(i + 1)], hi = edges[size_t(i + 2)];
        const double norm = areaNormalise ? 2.0 / (hi - lo) : 1.0;
        float *row = fb.weights.row(i);
        for (size_t k = 0; k < binHz.size(); ++k) {
            const double lower = (binHz[k] - lo) / (mid - lo);
            const double upper = (hi - binHz[k]) / (hi - mid);
            const double v = std::max(0.0, std::min(lower, upper));
            row[k] = float(v * norm);
        }
        fb.centreHz[size_t(i)] = mid;
        fb.lowHz[size_t(i)] = lo;
        fb.highHz[size_t(i)] = hi;
    }
    fb.updateBinRanges();
    return fb;
}

namespace {

// madmom.audio.filters.log_frequencies: fref * 2^(k / bpo) for k in
// [floor(log2(fmin/fref) * bpo), ceil(log2(fmax/fref) * bpo)), kept within [fmin, fmax].
std::vector<double> logFrequencies(int bpo, double fmin, double fmax, double fref)
{
    std::vector<double> out;
    const double left = std::floor(std::log2(fmin / fref) * bpo);
    const double right = std::ceil(std::log2(fmax / fref) * bpo);
    for (double k = left; k < right; k += 1.0) {
        const double f = fref * std::pow(2.0, k / bpo);
        if (f >= fmin && f <= fmax)
            out.push_back(f);
    }
    return out;
}

// Nearest bin; a frequency exactly between two bins goes to the upper one
// (madmom.audio.filters.frequencies2bins).
int nearestBin(double f, const std::vector<double> &binHz)
{
    const int n = int(binHz.size());
    int idx = int(std::lower_bound(binHz.begin(), binHz.end(), f) - binHz.begin());
    idx = std::clamp(idx, 1, n - 1);
    if (f - binHz[size_t(idx - 1)] < binHz[size_t(idx)] - f)
        --idx;
    return idx;
}

} // namespace

Filterbank logFilterbank(const std::vector<double> &binFrequencies, int bandsPerOctave, double fminHz,
                         double fmaxHz, double frefHz, bool normalise, bool uniqueFilters)
{
    Filterbank fb;
    const int nBins = int(binFrequencies.size());
    if (nBins < 2 || bandsPerOctave <= 0 || !(fminHz > 0) || !(fmaxHz > fminHz) || !(frefHz > 0))
        return fb;
    std::vector<int> bins;
    for (double f : logFrequencies(bandsPerOctave, fminHz, fmaxHz, frefHz))
        bins.push_back(nearestBin(f, binFrequencies));
    if (uniqueFilters) {
        std::sort(bins.begin(), bins.end());
        bins.erase(std::unique(bins.begin(), bins.end()), bins.end());
    }
    if (bins.size() < 3)
        return fb;

    const int bands = int(bins.size()) - 2;
    fb.weights = Matrix(bands, nBins);
    fb.centreHz.resize(size_t(bands));
    fb.lowHz.resize(size_t(bands));
    fb.highHz.resize(size_t(bands));
    for (int b = 0; b < bands; ++b) {
        int start = bins[size_t(b)], centre = bins[size_t(b + 1)], stop = bins[size_t(b + 2)];
        if (stop - start < 2) { // madmom: too small filters become one bin wide
            centre = start;
            stop = start + 1;
        }
        // Triangle relative to start: rising j / c for j < c (0 at start), then
        // falling 1 - j / (len - c) from the centre (1) down to just above 0.
        const int len = stop - start;
        const int c = centre - start;
        std::vector<double> tri(static_cast<size_t>(len));
        for (int j = 0; j < c; ++j)
            tri[size_t(j)] = double(j) / c;
        for (int j = 0; j < len - c; ++j)
            tri[size_t(c + j)] = 1.0 - double(j) / (len - c);
        double sum = 0.0;
        for (double v : tri)
            sum += v;
        const double scale = (normalise && sum > 0.0) ? 1.0 / sum : 1.0;
        float *row = fb.weights.row(b);
        for (int j = 0; j < len && start + j < nBins; ++j)
            row[start + j] = float(tri[size_t(j)] * scale);
        fb.centreHz[size_t(b)] = binFrequencies[size_t(centre)];
        fb.lowHz[size_t(b)] = binFrequencies[size_t(start)];
        fb.highHz[size_t(b)] = stop < nBins
            ? binFrequencies[size_t(stop)]
            : binFrequencies[size_t(nBins - 1)] + (binFrequencies[1] - binFrequencies[0]);
    }
    fb.updateBinRanges();
    return fb;
}

Filterbank barkFilterbank(const std::vector<double> &binFrequencies)
{
    static const double kUpperEdges[24] = {100,  200,  300,  400,  510,  630,  770,  920,
                                           1080, 1270, 1480, 1720, 2000, 2320, 2700, 3150,
                                           3700, 4400, 5300, 6400, 7700, 9500, 12000, 15500};
    Filterbank fb;
    const int nBins = int(binFrequencies.size());
    fb.weights = Matrix(24, nBins);
    for (int b = 0; b < 24; ++b) {
        const double lo = b == 0 ? 0.0 : kUpperEdges[b - 1];
        const double hi = kUpperEdges[b];
        for (int k = 0; k < nBins; ++k) {
            if (binFrequencies[size_t(k)] >= lo && binFrequencies[size_t(k)] < hi)
                fb.weights.at(b, k) = 1.f;
        }
        fb.lowHz.push_back(lo);
        fb.highHz.push_back(hi);
        fb.centreHz.push_back(0.5 * (lo + hi));
    }
    fb.updateBinRanges();
    return fb;
}

} // namespace mirlo
