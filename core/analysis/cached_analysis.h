#pragma once
// The detectors behind AnalysisCache::shared(): the first call for a file +
// method + parameter set computes (with progress / cancel), later calls return
// the same immutable result at once. Failed or cancelled runs are returned but
// not cached (their error / cancelled flag is set). Times in SECONDS as in
// the detectors' own headers.
#include "core/beats/beat_detector.h"
#include "core/onsets/onset_detector.h"
#include "core/onsets/rnn_onset_detector.h"

#include <QString>

#include <functional>
#include <memory>

namespace mirlo {

class AnalysisCache;

// Canonical parameter strings (every field, full precision): part of the cache key.
QString paramsKey(const BeatDetectorParams &params);
QString paramsKey(const NeuralOnsetParams &params);
QString paramsKey(const OnsetDetectorParams &params);

// `cache` = nullptr uses AnalysisCache::shared().
std::shared_ptr<const BeatDetectionResult> cachedBeats(const QString &path, const BeatDetectorParams &params,
                                                       const std::function<bool(double)> &progress = {},
                                                       AnalysisCache *cache = nullptr);
std::shared_ptr<const NeuralOnsetResult> cachedNeuralOnsets(const QString &path, const NeuralOnsetParams &params,
                                                            const std::function<bool(double)> &progress = {},
                                                            AnalysisCache *cache = nullptr);

// Classic ODF onsets of a file decoded to mono at its native rate (as `mirlo-cli onsets`).
struct FileOnsetResult {
    OnsetResult result;
    QString error; // names the file
    bool ok() const { return error.isEmpty() && !result.cancelled; }
};
std::shared_ptr<const FileOnsetResult> cachedOnsets(const QString &path, const OnsetDetectorParams &params,
                                                    const std::function<bool(double)> &progress = {},
                                                    AnalysisCache *cache = nullptr);

} // namespace mirlo
