#pragma once
// Level scaling of spectrogram values, in place.
#include "core/dsp/matrix.h"

namespace mirlo {

// dB: factor * log10(max(x, amin) / ref) with factor 10 for power, 20 for
// magnitude; if topDb > 0, values are clipped to (max - topDb). Never NaN/-inf.
void toDecibels(Matrix &m, bool isPower, double ref = 1.0, double amin = 1e-10, double topDb = 80.0);
// The same, also reporting the smallest and largest resulting value (either
// pointer may be null; an empty matrix reports 0 for both).
void toDecibels(Matrix &m, bool isPower, double ref, double amin, double topDb, float *minDb, float *maxDb);

// log10(1 + mul * x) (madmom's LogarithmicSpectrogram with add = 1).
void logCompress(Matrix &m, float mul = 1.f);

} // namespace mirlo
