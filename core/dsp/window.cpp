#include "core/dsp/window.h"

#include <cmath>

namespace mirlo {

std::vector<float> makeWindow(WindowType type, int size, bool periodic)
{
    if (size <= 0)
        return {};
    if (size == 1)
        return {1.f};
    // A periodic window of size N is the first N points of the symmetric one
    // of size N + 1 (scipy.signal.get_window(fftbins=True)).
    const double denom = periodic ? double(size) : double(size - 1);
    const double twoPi = 2.0 * M_PI;
    std::vector<float> w(static_cast<size_t>(size));
    for (int n = 0; n < size; ++n) {
        const double phase = twoPi * n / denom;
        double v = 1.0;
        switch (type) {
        case WindowType::Hann:
            v = 0.5 - 0.5 * std::cos(phase);
            break;
        case WindowType::Hamming:
            v = 0.54 - 0.46 * std::cos(phase);
            break;
        case WindowType::Blackman:
            v = 0.42 - 0.5 * std::cos(phase) + 0.08 * std::cos(2.0 * phase);
            break;
        case WindowType::Rectangular:
            v = 1.0;
            break;
        }
        w[size_t(n)] = float(v);
    }
    return w;
}

const char *windowName(WindowType type)
{
    switch (type) {
    case WindowType::Hann:
        return "hann";
    case WindowType::Hamming:
        return "hamming";
    case WindowType::Blackman:
        return "blackman";
    case WindowType::Rectangular:
        return "rectangular";
    }
    return "unknown";
}

} // namespace mirlo
