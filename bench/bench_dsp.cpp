// Times the DSP stages behind the spectrogram view on 5 minutes of 44.1 kHz
// noise: STFT, dB scaling, mel filterbank, and computeSpectrogram end to end.
// Prints the best of 5 runs (wall clock) per stage.
#include "core/dsp/filterbank.h"
#include "core/dsp/scaling.h"
#include "core/dsp/spectrogram.h"
#include "core/dsp/stft.h"
#include "core/dsp/waveform_pyramid.h"

#include <chrono>
#include <cstdio>
#include <functional>
#include <random>
#include <vector>

using namespace mirlo;

namespace {

double bestMs(const std::function<void()> &fn, int runs = 5)
{
    double best = 1e30;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        fn();
        const auto t1 = std::chrono::steady_clock::now();
        best = std::min(best, std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    return best;
}

} // namespace

int main()
{
    const int sr = 44100;
    std::vector<float> x(size_t(sr) * 300);
    std::mt19937 rng(1);
    std::uniform_real_distribution<float> u(-1.f, 1.f);
    for (float &v : x)
        v = u(rng);
    const int64_t n = int64_t(x.size());

    Stft stft(StftParams{});
    Matrix power;
    std::printf("stft 2048/512 power          %8.1f ms\n",
                bestMs([&] { power = stft.compute(x.data(), n, SpectrumValue::Power); }));
    Matrix copy;
    std::printf("toDecibels (25840 x 1025)    %8.1f ms (incl. copy)\n", bestMs([&] {
                    copy = power;
                    toDecibels(copy, true, 1.0, 1e-10, 100.0);
                }));
    std::printf("  matrix copy alone          %8.1f ms\n", bestMs([&] { copy = power; }));
    const Filterbank mel = melFilterbank(128, 2048, sr, 0.0, sr / 2.0);
    std::printf("mel 128 apply                %8.1f ms\n", bestMs([&] { copy = mel.apply(power); }));
    for (SpectrogramKind k : {SpectrogramKind::Stft, SpectrogramKind::Mel, SpectrogramKind::LogFrequency}) {
        SpectrogramParams p;
        p.kind = k;
        std::printf("computeSpectrogram %-8s  %8.1f ms\n", qPrintable(kindName(k)),
                    bestMs([&] { computeSpectrogram(x.data(), n, sr, p); }));
    }
    // One hour of audio for the waveform pyramid.
    std::vector<float> hour(size_t(sr) * 3600);
    for (size_t i = 0; i < hour.size(); ++i)
        hour[i] = x[i % x.size()];
    WaveformPyramid pyramid;
    std::printf("WaveformPyramid 1 h build    %8.1f ms\n",
                bestMs([&] { pyramid = WaveformPyramid(hour.data(), int64_t(hour.size())); }, 3));
    std::printf("query 1920 px, whole hour    %8.3f ms\n",
                bestMs([&] { pyramid.query(0.0, double(hour.size()) / 1920, 1920); }));
    std::printf("query 1920 px, 10 s window   %8.3f ms\n",
                bestMs([&] { pyramid.query(1e8, 441000.0 / 1920, 1920); }));
    return 0;
}
