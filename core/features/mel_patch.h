#pragma once
// The tutorial CNN input (TUTORIAL.md 1.6) from mono samples: peak
// normalisation, the first excerptSamples samples, a centred power STFT
// (periodic Hann, reflect padding), Slaney mel bands with area normalisation,
// dB with ref / amin, clipped at (maximum over the whole excerpt - topDb),
// then the first patchFrames frames. Everything comes from the model's
// MelPatchFeatureConfig (model.json), never from UI defaults.
//
// Input: mono float samples at config.sampleRate (resample first). Output:
// nMels x patchFrames floats, row-major, one mel band per row (low to high),
// i.e. the TutorialCnn patch layout. A signal too short for patchFrames frames
// ((patchFrames - 1) * hopSamples samples) is zero-padded at its end first.
#include "core/model/tutorial_cnn_spec.h"

#include <QString>

#include <cstdint>
#include <vector>

namespace mirlo {

// False + *error only for an invalid configuration (sizes <= 0, fmax above Nyquist).
bool melPatch(const float *mono, int64_t samples, const MelPatchFeatureConfig &config, std::vector<float> *out,
              QString *error = nullptr);

// The patch starting `start` samples into a signal of `samples` samples (Mirlo's
// rule for every patch of a file, shared by training, evaluation and track
// tagging): melPatch of everything from there to the end, so the peak
// normalisation divides by the peak of that whole remainder before the excerpt
// is taken; for start 0 that is the whole clip, as TUTORIAL.md 1.6 says.
bool melPatchAt(const float *mono, int64_t samples, int64_t start, const MelPatchFeatureConfig &config,
                std::vector<float> *out, QString *error = nullptr);

} // namespace mirlo
