#include "core/features/madmom_filterbank.h"

#include <algorithm>
#include <cmath>

namespace mirlo {

namespace {

// numpy's float32 add.reduce (pairwise summation, 8 accumulators, blocks of 128).
float numpyPairwiseSum(const float *a, size_t n)
{
    if (n < 8) {
        float res = 0.f;
        for (size_t i = 0; i < n; ++i)
            res += a[i];
        return res;
    }
    if (n <= 128) {
        float r[8];
        for (int j = 0; j < 8; ++j)
            r[j] = a[j];
        size_t i = 8;
        for (; i < n - (n % 8); i += 8)
            for (size_t j = 0; j < 8; ++j)
                r[j] += a[i + j];
        float res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; ++i)
            res += a[i];
        return res;
    }
    size_t n2 = n / 2;
    n2 -= n2 % 8;
    return numpyPairwiseSum(a, n2) + numpyPairwiseSum(a + n2, n - n2);
}

// np.linspace(start, stop, num, endpoint): arange(num) * step + start, last = stop.
std::vector<double> linspace(double start, double stop, int num, bool endpoint)
{
    std::vector<double> y(size_t(std::max(num, 0)));
    const int div = endpoint ? num - 1 : num;
    const double step = div > 0 ? (stop - start) / div : 0.0;
    for (int j = 0; j < num; ++j)
        y[size_t(j)] = double(j) * step + start;
    if (endpoint && num > 1)
        y.back() = stop;
    return y;
}

// madmom.audio.filters.frequencies2bins: nearest bin (ties to the upper one).
std::vector<int> frequenciesToBins(const std::vector<double> &freqs, const std::vector<double> &binFreqs, bool unique)
{
    const int n = int(binFreqs.size());
    std::vector<int> bins;
    bins.reserve(freqs.size());
    for (double f : freqs) {
        int idx = int(std::lower_bound(binFreqs.begin(), binFreqs.end(), f) - binFreqs.begin());
        idx = std::clamp(idx, 1, n - 1);
        const double left = binFreqs[size_t(idx - 1)], right = binFreqs[size_t(idx)];
        if (f - left < right - f)
            --idx;
        bins.push_back(idx);
    }
    if (unique) {
        std::sort(bins.begin(), bins.end());
        bins.erase(std::unique(bins.begin(), bins.end()), bins.end());
    }
    return bins;
}

// TriangularFilter.filters(bins, norm = true, overlap = true) into the banded layout.
MadmomFilterbank triangularFilters(const std::vector<int> &bins, int numBins)
{
    MadmomFilterbank fb;
    fb.numBins = numBins;
    for (size_t b = 0; b + 2 < bins.size(); ++b) {
        int start = bins[b], centre = bins[b + 1], stop = bins[b + 2];
        if (stop - start < 2) {
            centre = start;
            stop = start + 1;
        }
        // madmom raises for centre == stop; keep the rising edge only, then.
        if (centre >= stop)
            centre = stop - 1;
        const int c = centre - start, len = stop - start;
        std::vector<float> tri(static_cast<size_t>(len));
        const auto rise = linspace(0.0, 1.0, c, false);
        const auto fall = linspace(1.0, 0.0, len - c, false);
        for (int j = 0; j < c; ++j)
            tri[size_t(j)] = float(rise[size_t(j)]);
        for (int j = 0; j < len - c; ++j)
            tri[size_t(c + j)] = float(fall[size_t(j)]);
        const float sum = numpyPairwiseSum(tri.data(), tri.size());
        for (float &v : tri)
            v /= sum;
        // Keep only the nonzero span (the rising edge starts with a 0 weight),
        // as madmom's banded export does; zeros add nothing to the float sums.
        int first = 0, last = std::min(stop, numBins) - start;
        while (first < last && tri[size_t(first)] == 0.f)
            ++first;
        while (last > first && tri[size_t(last - 1)] == 0.f)
            --last;
        fb.start.push_back(start + first);
        fb.stop.push_back(start + last);
        fb.offset.push_back(int(fb.values.size()));
        fb.values.insert(fb.values.end(), tri.begin() + first, tri.begin() + last);
    }
    return fb;
}

// Eight independent float32 chains, one per frame, in the same ascending-bin
// order as apply(); the clones only widen the vectors (no FMA contraction).
__attribute__((target_clones("avx2", "default"))) void applyLanesImpl(const float *values, const int *offsets,
                                                                      const int *starts, const int *stops, int bands,
                                                                      const float *magnitudes, float *out)
{
    constexpr int L = MadmomFilterbank::kLanes;
    for (int b = 0; b < bands; ++b) {
        const float *w = values + offsets[b];
        const int s = starts[b], e = stops[b];
        float acc[L] = {};
        for (int k = s; k < e; ++k) {
            const float *m = magnitudes + size_t(k) * L;
            const float wk = w[k - s];
            for (int l = 0; l < L; ++l)
                acc[l] += m[l] * wk;
        }
        for (int l = 0; l < L; ++l)
            out[size_t(b) * L + size_t(l)] = acc[l];
    }
}

} // namespace

void MadmomFilterbank::applyLanes(const float *magnitudes, float *out) const
{
    applyLanesImpl(values.data(), offset.data(), start.data(), stop.data(), bandCount(), magnitudes, out);
}

void MadmomFilterbank::apply(const float *magnitude, float *out) const
{
    const int bands = bandCount();
    for (int b = 0; b < bands; ++b) {
        const float *w = values.data() + offset[size_t(b)];
        const int s = start[size_t(b)], e = stop[size_t(b)];
        float acc = 0.f;
        for (int k = s; k < e; ++k)
            acc += magnitude[k] * w[k - s];
        out[b] = acc;
    }
}

float MadmomFilterbank::weight(int bin, int band) const
{
    if (band < 0 || band >= bandCount())
        return 0.f;
    const int s = start[size_t(band)], e = stop[size_t(band)];
    return bin >= s && bin < e ? values[size_t(offset[size_t(band)] + bin - s)] : 0.f;
}

std::vector<double> madmomBinFrequencies(int frameSize, int sampleRate)
{
    // fftfreq(n, d): arange * (1 / (n * d)) with d = 1 / sampleRate.
    const double d = 1.0 / double(sampleRate);
    const double val = 1.0 / (double(frameSize) * d);
    std::vector<double> f(size_t(std::max(frameSize / 2, 0)));
    for (size_t k = 0; k < f.size(); ++k)
        f[k] = double(k) * val;
    return f;
}

MadmomFilterbank madmomLogFilterbank(int frameSize, int bandsPerOctave, double fminHz, double fmaxHz, double frefHz,
                                     int sampleRate)
{
    const auto binFreqs = madmomBinFrequencies(frameSize, sampleRate);
    if (binFreqs.size() < 2 || bandsPerOctave <= 0 || !(fminHz > 0) || !(fmaxHz > fminHz))
        return {};
    // log_frequencies: fref * 2^(j / B) for j in [floor(log2(fmin/fref)*B), ceil(log2(fmax/fref)*B)).
    const double left = std::floor(std::log2(fminHz / frefHz) * bandsPerOctave);
    const double right = std::ceil(std::log2(fmaxHz / frefHz) * bandsPerOctave);
    std::vector<double> freqs;
    for (double j = left; j < right; j += 1.0) {
        const double f = frefHz * std::pow(2.0, j / double(bandsPerOctave));
        if (f >= fminHz && f <= fmaxHz)
            freqs.push_back(f);
    }
    return triangularFilters(frequenciesToBins(freqs, binFreqs, true), int(binFreqs.size()));
}

MadmomFilterbank madmomMelFilterbank(int frameSize, int bands, double fminHz, double fmaxHz, int sampleRate)
{
    const auto binFreqs = madmomBinFrequencies(frameSize, sampleRate);
    if (binFreqs.size() < 2 || bands <= 0 || !(fmaxHz > fminHz))
        return {};
    auto hzToMel = [](double f) { return 1127.01048 * std::log(f / 700.0 + 1.0); };
    auto freqs = linspace(hzToMel(fminHz), hzToMel(fmaxHz), bands + 2, true);
    for (double &m : freqs)
        m = 700.0 * (std::exp(m / 1127.01048) - 1.0);
    return triangularFilters(frequenciesToBins(freqs, binFreqs, false), int(binFreqs.size()));
}

} // namespace mirlo
