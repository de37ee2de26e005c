#pragma once
// Analysis windows. "Periodic" windows (the default of librosa/scipy.signal
// get_window) suit spectral analysis; "symmetric" ones equal numpy.hanning etc.
#include <vector>

namespace mirlo {

enum class WindowType { Hann, Hamming, Blackman, Rectangular };

std::vector<float> makeWindow(WindowType type, int size, bool periodic = true);
const char *windowName(WindowType type);

} // namespace mirlo
