#include "core/dsp/scaling.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mirlo {

void toDecibels(Matrix &m, bool isPower, double ref, double amin, double topDb)
{
    // amin > 0 is what keeps log10 finite; guard against a caller passing 0.
    const float aminF = float(amin > 0.0 ? amin : 1e-10);
    const float factor = isPower ? 10.f : 20.f;
    const float refDb = factor * std::log10(std::max(float(std::fabs(ref)), aminF));
    float maxDb = -std::numeric_limits<float>::infinity();
    for (float &v : m.values) {
        // std::max(aminF, NaN) yields aminF, so NaN input lands on the floor too.
        const float x = std::max(aminF, v);
        v = std::isfinite(x) ? factor * std::log10(x) - refDb : factor * std::log10(aminF) - refDb;
        maxDb = std::max(maxDb, v);
    }
    if (topDb > 0.0 && !m.values.empty()) {
        const float floorDb = maxDb - float(topDb);
        for (float &v : m.values)
            v = std::max(v, floorDb);
    }
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
