#include "core/tagging/cached_tagging.h"

#include "core/analysis/analysis_cache.h"
#include "core/tagging/tagger_model.h"

#include <QHash>

#include <mutex>

namespace mirlo {

std::shared_ptr<const TaggerModel> sharedTaggerModel(const QString &nameOrFolder, QString *error)
{
    static std::mutex mutex;
    static QHash<QString, std::shared_ptr<const TaggerModel>> models;
    const QString folder = TaggerModel::resolveModel(nameOrFolder);
    {
        std::lock_guard<std::mutex> lock(mutex);
        const auto it = models.constFind(folder);
        if (it != models.constEnd())
            return it.value();
    }
    // Loading (~10 ms) runs outside the lock; a concurrent first load of the same folder is harmless.
    std::shared_ptr<const TaggerModel> model(TaggerModel::load(folder, error).release());
    if (!model)
        return nullptr;
    std::lock_guard<std::mutex> lock(mutex);
    models.insert(folder, model);
    return model;
}

std::shared_ptr<const TrackTags> cachedTrackTags(const QString &path, const std::shared_ptr<const TaggerModel> &model,
                                                 const std::function<bool(double)> &progress, AnalysisCache *cache)
{
    if (!model)
        return nullptr;
    AnalysisCache &c = cache ? *cache : AnalysisCache::shared();
    const QString key = analysisKey(path, QStringLiteral("tags"), model->folder());
    std::shared_ptr<const TrackTags> result;
    auto compute = [&]() -> std::shared_ptr<const TrackTags> {
        result = std::make_shared<const TrackTags>(tagFile(*model, path, progress));
        return result->ok ? result : nullptr;
    };
    const std::shared_ptr<const TrackTags> hit = c.getOrCompute<TrackTags>(key, compute);
    return hit ? hit : result;
}

} // namespace mirlo
