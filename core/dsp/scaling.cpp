#include "core/dsp/scaling.h"

#include "core/dsp/parallel_rows.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mirlo {

void toDecibels(Matrix &m, bool isPower, double ref, double amin, double topDb)
{
    toDecibels(m, isPower, ref, amin, topDb, nullptr, nullptr);
}

void toDecibels(Matrix &m, bool isPower, double ref, double amin, double topDb, float *minDb, float *maxDb)
{
    // amin > 0 is what keeps the log finite; guard against a caller passing 0.
    const float aminF = float(amin > 0.0 ? amin : 1e-10);
    const float factor = isPower ? 10.f : 20.f;
    // factor * log10(x) as a multiple of log2f, which glibc computes several
    // times faster than log10f at the same accuracy.
    const float perLog2 = factor * float(std::log10(2.0));
    const float refDb = factor * std::log10(std::max(float(std::fabs(ref)), aminF));
    const float floorDb = perLog2 * std::log2(aminF) - refDb;
    float *v = m.values.data();
    float maxima[2] = {-std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity()};
    float minima[2] = {std::numeric_limits<float>::infinity(), std::numeric_limits<float>::infinity()};
    detail::parallelRanges(int64_t(m.values.size()), 1 << 20, [&](int64_t begin, int64_t end) {
        float localMax = -std::numeric_limits<float>::infinity();
        float localMin = std::numeric_limits<float>::infinity();
        for (int64_t i = begin; i < end; ++i) {
            // std::max(aminF, NaN) yields aminF, so NaN input lands on the floor too.
            const float x = std::max(aminF, v[i]);
            v[i] = x < std::numeric_limits<float>::infinity() ? perLog2 * std::log2(x) - refDb : floorDb;
            localMax = std::max(localMax, v[i]);
            localMin = std::min(localMin, v[i]);
        }
        maxima[begin == 0 ? 0 : 1] = localMax;
        minima[begin == 0 ? 0 : 1] = localMin;
    });
    const float hi = std::max(maxima[0], maxima[1]);
    float lo = std::min(minima[0], minima[1]);
    if (topDb > 0.0 && !m.values.empty()) {
        const float clip = hi - float(topDb);
        if (lo < clip) {
            for (float &x : m.values)
                x = std::max(x, clip);
            lo = clip;
        }
    }
    if (minDb)
        *minDb = m.values.empty() ? 0.f : lo;
    if (maxDb)
        *maxDb = m.values.empty() ? 0.f : hi;
}

void logCompress(Matrix &m, float mul)
{
    for (float &v : m.values) {
        const float x = mul * v;
        // Negative or NaN products would give NaN/-inf: treat them as silence.
        v = (x > 0.f && std::isfinite(x)) ? std::log10(1.f + x) : 0.f;
    }
}

} // namespace mirlo
