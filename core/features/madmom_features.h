#pragma once
// The inputs of madmom's onset / beat / downbeat RNNs and of its onset CNN,
// computed exactly as madmom does from its int16-valued 44.1 kHz mono signal
// (see madmom_signal.h). Rows are frames at 100 fps (frame i centred on sample
// 441 i, ceil(samples / 441) frames); columns are features.
//
// RNN families: for each frame size N in 1024, 2048, 4096 a block
// [S, D] with S = log10(|STFT| . F * mul + 1) (F = log-frequency filterbank)
// and D = max(S[t] - S[t - d], 0) (0 for t < d); blocks concatenated in that
// order -> 266 columns (onsets, beats) or 314 (downbeats).
// CNN: ln(|STFT| . Fmel + 2.2e-16) for N = 2048, 1024, 4096 (channel order),
// 80 mel bands, first / last frame repeated 7 times -> T + 14 rows.
#include "core/dsp/matrix.h"
#include "core/features/madmom_filterbank.h"

#include <array>
#include <functional>
#include <vector>

namespace mirlo {

enum class MadmomFamily { Onsets, Beats, Downbeats };

struct MadmomFamilyParams {
    std::array<int, 3> frameSizes{{1024, 2048, 4096}};
    std::array<int, 3> bandsPerOctave{{6, 6, 6}};
    float mul = 1.f;
    float add = 1.f;
    double diffRatio = 0.5;
};

MadmomFamilyParams madmomFamilyParams(MadmomFamily family);
int madmomFeatureCount(MadmomFamily family); // 266, 266, 314

// Shared, lazily built filterbanks (thread-safe).
const MadmomFilterbank &madmomLogBank(int frameSize, int bandsPerOctave);
const MadmomFilterbank &madmomMelBank(int frameSize); // 80 bands, 27.5 ... 16000 Hz

// progress(fraction) returning false cancels; cancelled calls return empty matrices.
using MadmomProgress = std::function<bool(double)>;

// |STFT| . F for several filterbanks (each with its own frame size) in one pass
// over the signal on two threads: one frames x bands matrix per bank.
std::vector<Matrix> madmomFilteredSpectrograms(const std::vector<float> &signal,
                                               const std::vector<const MadmomFilterbank *> &banks,
                                               const MadmomProgress &progress = {});

// Network input of one family: frames x madmomFeatureCount(family).
Matrix madmomFeatures(const std::vector<float> &signal, MadmomFamily family, const MadmomProgress &progress = {});
// Several families from one STFT pass (onsets and beats share their spectrograms).
std::vector<Matrix> madmomFeatures(const std::vector<float> &signal, const std::vector<MadmomFamily> &families,
                                   const MadmomProgress &progress = {});

constexpr int kMadmomCnnPad = 7; // frames repeated at each end
constexpr int kMadmomCnnBands = 80;
constexpr int kMadmomCnnChannels = 3; // frame sizes 2048, 1024, 4096
// Onset CNN input [T + 14, 80, 3] as a Matrix: rows T + 14, cols 240 with
// column = band * 3 + channel (row-major [time][band][channel]). Empty for an empty signal.
Matrix madmomCnnInput(const std::vector<float> &signal, const MadmomProgress &progress = {});

} // namespace mirlo
