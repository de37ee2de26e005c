#pragma once
// Track-level predictions of a tutorial Part 1 CNN (model folder with
// TutorialCnnInference), in the same TrackTags shape as the MTAT taggers so
// the Tags panel, the tag timeline and the comparison work for both. The track
// is decoded mono at the model's rate (config.sampleRate) and cut into
// consecutive, non-overlapping patches of patchFrames * hopSamples samples
// (the tutorial's first excerpt is patch 0; a last partial patch is used when
// it holds at least half a patch; a track shorter than one patch gives one
// zero-padded patch); each patch is melPatchAt (core/features/mel_patch.h), the
// same rule training and evaluation use (peak over the rest of the file, the dB
// floor over the patch's excerpt); the track value is the mean over patches. "tags" are the model's output labels (one sigmoid
// output: its single label, e.g. "instrumental").
//
// Units: chunkStarts in samples at the model's rate.
#include "core/tagging/track_tagger.h"

#include <QString>

#include <cstdint>
#include <functional>
#include <vector>

namespace mirlo {

class TutorialCnnInference;

TrackTags tagFileWithTutorialCnn(const TutorialCnnInference &model, const QString &path,
                                 const std::function<bool(double)> &progress = {});
// Patch start samples of the protocol above for a signal of n samples (patch = patchSamples).
std::vector<int64_t> tutorialPatchStarts(int64_t n, int64_t patchSamples);

TrackTags tagSamplesWithTutorialCnn(const TutorialCnnInference &model, const std::vector<float> &monoAtModelRate,
                                    const std::function<bool(double)> &progress = {});

} // namespace mirlo
