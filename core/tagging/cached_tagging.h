#pragma once
// Track tags behind AnalysisCache::shared() and loaded models shared across
// the process: asking again for the same file (same size and modification
// time) with the same model returns the same immutable result at once; a
// model folder is read and validated once. Failed or cancelled runs are
// returned but not cached.
#include "core/tagging/track_tagger.h"

#include <QString>

#include <functional>
#include <memory>

namespace mirlo {

class AnalysisCache;
class TaggerModel;

// nameOrFolder as TaggerModel::resolveModel(); nullptr + *error on failure (not cached).
std::shared_ptr<const TaggerModel> sharedTaggerModel(const QString &nameOrFolder, QString *error);

// `cache` = nullptr uses AnalysisCache::shared(). progress(fraction) returning false cancels.
std::shared_ptr<const TrackTags> cachedTrackTags(const QString &path, const std::shared_ptr<const TaggerModel> &model,
                                                 const std::function<bool(double)> &progress = {},
                                                 AnalysisCache *cache = nullptr);

} // namespace mirlo
