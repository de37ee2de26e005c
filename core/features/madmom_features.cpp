#include "core/features/madmom_features.h"

#include "core/dsp/numpy_log.h"
#include "core/features/madmom_stft.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

namespace mirlo {

namespace {

// Below this many frames a second thread costs more than it saves.
constexpr int64_t kMinFramesPerThread = 64;
constexpr int64_t kProgressEvery = 64; // frames between cancel checks

const MadmomFilterbank &cachedBank(int kind, int frameSize, int bandsPerOctave)
{
    static std::mutex mutex;
    static std::map<std::array<int, 3>, std::unique_ptr<MadmomFilterbank>> banks;
    std::lock_guard<std::mutex> lock(mutex);
    auto &slot = banks[{{kind, frameSize, bandsPerOctave}}];
    if (!slot)
        slot = std::make_unique<MadmomFilterbank>(kind == 0 ? madmomLogFilterbank(frameSize, bandsPerOctave)
                                                            : madmomMelFilterbank(frameSize, kMadmomCnnBands));
    return *slot;
}

// One [S, D] block per frame size, written into columns [col, col + 2 * bands).
void writeLogDiffBlock(const Matrix &filtered, int frameSize, const MadmomFamilyParams &p, Matrix &out, int col)
{
    const int bands = filtered.cols;
    const int d = madmomDiffFrames(frameSize, p.diffRatio);
    for (int t = 0; t < filtered.rows; ++t) {
        const float *x = filtered.row(t);
        float *s = out.row(t) + col;
        for (int b = 0; b < bands; ++b) {
            float v = x[b] * p.mul; // float32 steps as numpy: (x * mul) + add, then log10
            v += p.add;
            s[b] = std::log10(v);
        }
    }
    for (int t = 0; t < filtered.rows; ++t) {
        float *s = out.row(t) + col;
        float *diff = s + bands;
        if (t < d) {
            std::fill(diff, diff + bands, 0.f);
            continue;
        }
        const float *prev = out.row(t - d) + col;
        for (int b = 0; b < bands; ++b) {
            const float v = s[b] - prev[b];
            diff[b] = v > 0.f ? v : 0.f;
        }
    }
}

} // namespace

MadmomFamilyParams madmomFamilyParams(MadmomFamily family)
{
    MadmomFamilyParams p;
    switch (family) {
    case MadmomFamily::Onsets:
        p.mul = 5.f;
        p.diffRatio = 0.25;
        break;
    case MadmomFamily::Beats:
        break;
    case MadmomFamily::Downbeats:
        p.bandsPerOctave = {{3, 6, 12}};
        break;
    }
    return p;
}

int madmomFeatureCount(MadmomFamily family)
{
    const auto p = madmomFamilyParams(family);
    int cols = 0;
    for (int i = 0; i < 3; ++i)
        cols += 2 * madmomLogBank(p.frameSizes[size_t(i)], p.bandsPerOctave[size_t(i)]).bandCount();
    return cols;
}

const MadmomFilterbank &madmomLogBank(int frameSize, int bandsPerOctave)
{
    return cachedBank(0, frameSize, bandsPerOctave);
}

const MadmomFilterbank &madmomMelBank(int frameSize)
{
    return cachedBank(1, frameSize, kMadmomCnnBands);
}

std::vector<Matrix> madmomFilteredSpectrograms(const std::vector<float> &signal,
                                               const std::vector<const MadmomFilterbank *> &banks,
                                               const MadmomProgress &progress)
{
    const int64_t samples = int64_t(signal.size());
    const int64_t frames = madmomFrameCount(samples);
    std::vector<Matrix> out;
    for (const MadmomFilterbank *bank : banks)
        out.emplace_back(int(frames), bank->bandCount());

    // Banks sharing a frame size share one STFT.
    std::vector<int> sizes;
    for (const MadmomFilterbank *bank : banks)
        if (std::find(sizes.begin(), sizes.end(), bank->frameSize()) == sizes.end())
            sizes.push_back(bank->frameSize());

    std::atomic<bool> cancelled{false};
    constexpr int L = MadmomFilterbank::kLanes;
    auto work = [&](int64_t begin, int64_t end, bool reports) {
        // Frames go in blocks of L: magnitudes are transposed to bins x L so
        // each band's sum runs over L frames at once in vector lanes.
        std::vector<std::unique_ptr<MadmomStft>> stfts;
        for (int n : sizes)
            stfts.push_back(std::make_unique<MadmomStft>(n));
        const int maxBins = *std::max_element(sizes.begin(), sizes.end()) / 2;
        int maxBands = 0;
        for (const MadmomFilterbank *bank : banks)
            maxBands = std::max(maxBands, bank->bandCount());
        std::vector<float> mag(static_cast<size_t>(maxBins)), lanes(size_t(maxBins) * L, 0.f),
            bandsOut(size_t(maxBands) * L);
        int64_t sinceCheck = kProgressEvery;
        for (int64_t f0 = begin; f0 < end; f0 += L) {
            if (sinceCheck >= kProgressEvery) {
                sinceCheck = 0;
                if (cancelled.load(std::memory_order_relaxed))
                    return;
                if (reports && progress && !progress(double(f0 - begin) / double(end - begin))) {
                    cancelled = true;
                    return;
                }
            }
            const int count = int(std::min<int64_t>(L, end - f0));
            sinceCheck += count;
            for (size_t s = 0; s < sizes.size(); ++s) {
                const int bins = sizes[s] / 2;
                for (int l = 0; l < count; ++l) {
                    stfts[s]->magnitude(signal.data(), samples, f0 + l, mag.data());
                    for (int k = 0; k < bins; ++k)
                        lanes[size_t(k) * L + size_t(l)] = mag[size_t(k)];
                }
                for (size_t b = 0; b < banks.size(); ++b) {
                    if (banks[b]->frameSize() != sizes[s])
                        continue;
                    banks[b]->applyLanes(lanes.data(), bandsOut.data());
                    const int bands = banks[b]->bandCount();
                    for (int l = 0; l < count; ++l) {
                        float *row = out[b].row(int(f0 + l));
                        for (int k = 0; k < bands; ++k)
                            row[k] = bandsOut[size_t(k) * L + size_t(l)];
                    }
                }
            }
        }
    };
    if (frames >= 2 * kMinFramesPerThread && std::thread::hardware_concurrency() >= 2) {
        const int64_t mid = frames / 2;
        std::thread helper(work, mid, frames, false);
        work(0, mid, true);
        helper.join();
    } else {
        work(0, frames, true);
    }
    if (cancelled)
        return {};
    if (progress && !progress(1.0))
        return {};
    return out;
}

std::vector<Matrix> madmomFeatures(const std::vector<float> &signal, const std::vector<MadmomFamily> &families,
                                   const MadmomProgress &progress)
{
    std::vector<const MadmomFilterbank *> banks;
    auto bankIndex = [&](const MadmomFilterbank *bank) {
        auto it = std::find(banks.begin(), banks.end(), bank);
        if (it != banks.end())
            return int(it - banks.begin());
        banks.push_back(bank);
        return int(banks.size()) - 1;
    };
    std::vector<std::array<int, 3>> index;
    for (MadmomFamily family : families) {
        const auto p = madmomFamilyParams(family);
        std::array<int, 3> idx{};
        for (size_t i = 0; i < 3; ++i)
            idx[i] = bankIndex(&madmomLogBank(p.frameSizes[i], p.bandsPerOctave[i]));
        index.push_back(idx);
    }
    const auto filtered = madmomFilteredSpectrograms(signal, banks, progress);
    if (filtered.size() != banks.size())
        return {};

    std::vector<Matrix> result;
    for (size_t f = 0; f < families.size(); ++f) {
        const auto p = madmomFamilyParams(families[f]);
        Matrix m(filtered.front().rows, madmomFeatureCount(families[f]));
        int col = 0;
        for (size_t i = 0; i < 3; ++i) {
            const Matrix &x = filtered[size_t(index[f][i])];
            writeLogDiffBlock(x, p.frameSizes[i], p, m, col);
            col += 2 * x.cols;
        }
        result.push_back(std::move(m));
    }
    return result;
}

Matrix madmomFeatures(const std::vector<float> &signal, MadmomFamily family, const MadmomProgress &progress)
{
    auto all = madmomFeatures(signal, std::vector<MadmomFamily>{family}, progress);
    return all.empty() ? Matrix() : std::move(all.front());
}

Matrix madmomCnnInput(const std::vector<float> &signal, const MadmomProgress &progress)
{
    const std::vector<const MadmomFilterbank *> banks{&madmomMelBank(2048), &madmomMelBank(1024), &madmomMelBank(4096)};
    const auto filtered = madmomFilteredSpectrograms(signal, banks, progress);
    if (filtered.size() != banks.size() || filtered.front().rows == 0)
        return {};
    const int frames = filtered.front().rows;
    const int cols = kMadmomCnnBands * kMadmomCnnChannels;
    // numpy adds madmom's EPSILON (float64 scalar) to a float32 array in float32.
    const float eps = float(2.220446049250313e-16);
    Matrix out(frames + 2 * kMadmomCnnPad, cols);
    std::vector<float> shifted(static_cast<size_t>(kMadmomCnnBands)), logs(shifted.size());
    for (int t = 0; t < frames; ++t) {
        float *row = out.row(t + kMadmomCnnPad);
        for (int c = 0; c < kMadmomCnnChannels; ++c) {
            const float *x = filtered[size_t(c)].row(t);
            for (int b = 0; b < kMadmomCnnBands; ++b)
                shifted[size_t(b)] = x[b] + eps;
            numpyLogFloat(shifted.data(), logs.data(), logs.size()); // np.log, not glibc's logf
            for (int b = 0; b < kMadmomCnnBands; ++b)
                row[b * kMadmomCnnChannels + c] = logs[size_t(b)];
        }
    }
    for (int p = 0; p < kMadmomCnnPad; ++p) {
        std::copy_n(out.row(kMadmomCnnPad), cols, out.row(p));
        std::copy_n(out.row(kMadmomCnnPad + frames - 1), cols, out.row(kMadmomCnnPad + frames + p));
    }
    return out;
}

} // namespace mirlo
