#pragma once
// Synthetic beat activations for the DBN tests: narrow peaks at given frames
// on a low, deterministic noise floor (fixed seed, so failures reproduce).
#include <algorithm>
#include <random>
#include <vector>

namespace mirlo::test {

inline std::vector<float> peakActivation(int frames, const std::vector<int> &peaks, float height = 0.9f,
                                         unsigned seed = 1)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> noise(0.005f, 0.04f);
    std::vector<float> a(static_cast<size_t>(frames));
    for (float &v : a)
        v = noise(rng);
    for (int p : peaks) {
        if (p < 0 || p >= frames)
            continue;
        a[size_t(p)] = height;
        if (p > 0)
            a[size_t(p - 1)] = std::max(a[size_t(p - 1)], 0.35f * height);
        if (p + 1 < frames)
            a[size_t(p + 1)] = std::max(a[size_t(p + 1)], 0.35f * height);
    }
    return a;
}

// Peaks every `interval` frames starting at `first`.
inline std::vector<int> regularPeaks(int frames, double interval, double first)
{
    std::vector<int> peaks;
    for (double t = first; t < frames; t += interval)
        peaks.push_back(int(t + 0.5));
    return peaks;
}

} // namespace mirlo::test
