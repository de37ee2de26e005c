#pragma once
// The signal madmom's onset / beat / downbeat networks see: mono, 44 100 Hz,
// samples holding int16 values (-32768 ... 32767) as floats, not scaled to
// +-1 (madmom folds the 1/32767 into its STFT window). A 16-bit WAV at
// 44.1 kHz gives madmom's exact samples: each channel's float * 32768 is the
// original int16, and stereo is mixed as int16(mean(left, right)) (mean in
// float64, truncated toward zero). Other formats / rates are resampled to
// 44.1 kHz and rounded to int16, as madmom's ffmpeg fallback (s16le) does.
#include "core/audio/audio_buffer.h"
#include "core/audio/decoder.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace mirlo {

constexpr int kMadmomSampleRate = 44100;

// Converts decoded audio (any channel count; resampled to 44.1 kHz first if
// needed) to madmom's int16-valued mono signal. Empty input gives an empty signal.
std::vector<float> madmomSignal(const AudioBuffer &audio);

struct MadmomSignalResult {
    bool ok = false;
    bool cancelled = false;
    QString error; // "<file>: <problem>"
    QStringList warnings;
    std::vector<float> signal; // int16-valued, 44.1 kHz, mono
};

// Decodes a file (all channels, at 44.1 kHz) and applies madmomSignal.
MadmomSignalResult decodeMadmomSignal(const QString &path, const ProgressFn &progress = {});

} // namespace mirlo
