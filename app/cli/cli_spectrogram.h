#pragma once
// `mirlo-cli spectrogram FILE --out OUT.npy|OUT.png [options]`: decodes to mono
// (optionally resampled), computes the dB spectrogram while decoding and
// writes a float32 .npy (frames x bands) or a colour-mapped PNG.
#include <QStringList>

namespace mirlo::cli {

int runSpectrogram(const QStringList &args);

} // namespace mirlo::cli
