#include "core/beats/float32_log.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace mirlo {

namespace {

float fromBits(uint32_t b)
{
    float f;
    std::memcpy(&f, &b, sizeof f);
    return f;
}

// numpy's npy_simd_data.h coefficients (as float32) and npy_math.h constants.
const float kP[6] = {0.000000000000000000000e+00f, 9.999999999999998702752e-01f, 2.112677543073053063722e+00f,
                     1.480000633576506585156e+00f, 3.808837741388407920751e-01f, 2.589979117907922693523e-02f};
const float kQ[6] = {1.000000000000000000000e+00f, 2.612677543073109236779e+00f, 2.453006071784736363091e+00f,
                     9.864942958519418960339e-01f, 1.546476374983906719538e-01f, 5.875095403124574342950e-03f};
const float kLn2 = fromBits(0x3F317218u);
const float kSqrtHalf = fromBits(0x3F3504F3u);

} // namespace

float numpyLogf(float x)
{
    if (std::isnan(x))
        return x;
    if (x < 0.0f)
        return -std::numeric_limits<float>::quiet_NaN();
    if (x == 0.0f)
        return -std::numeric_limits<float>::infinity();
    if (std::isinf(x))
        return x;
    // x = m * 2^e with m in [0.5, 1) (frexp handles subnormals exactly like getmant/getexp).
    int e = 0;
    float m = std::frexp(x, &e);
    float ef = float(e);
    if (m <= kSqrtHalf) {
        m = m + m;
        ef = ef - 1.0f;
    }
    const float y = m - 1.0f;
    float num = std::fma(kP[5], y, kP[4]);
    num = std::fma(num, y, kP[3]);
    num = std::fma(num, y, kP[2]);
    num = std::fma(num, y, kP[1]);
    num = std::fma(num, y, kP[0]);
    float den = std::fma(kQ[5], y, kQ[4]);
    den = std::fma(den, y, kQ[3]);
    den = std::fma(den, y, kQ[2]);
    den = std::fma(den, y, kQ[1]);
    den = std::fma(den, y, kQ[0]);
    return std::fma(ef, kLn2, num / den);
}

} // namespace mirlo
