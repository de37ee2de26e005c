#pragma once
// Track tags behind AnalysisCache::shared() and loaded models shared across
// the process: asking again for the same file (same size and modification
// time) with the same model returns the same immutable result at once; a
// model folder is read and validated once per version of its files (size and
// modification time of model.json, weights.safetensors and scaler.safetensors),
// so a model retrained into the same folder is loaded again. Failed or
// cancelled runs are returned but not cached. The cache key holds the model
// kind, folder and version, so an MTAT tagger and a tutorial CNN never share
// an entry, nor do two versions of a model.
#include "core/tagging/classifier_registry.h"
#include "core/tagging/track_tagger.h"

#include <QString>

#include <functional>
#include <memory>

namespace mirlo {

class AnalysisCache;
class TaggerModel;
class TutorialCnnInference;

// nameOrFolder as TaggerModel::resolveModel(); nullptr + *error on failure (not cached).
std::shared_ptr<const TaggerModel> sharedTaggerModel(const QString &nameOrFolder, QString *error);

// `cache` = nullptr uses AnalysisCache::shared(). progress(fraction) returning false cancels.
std::shared_ptr<const TrackTags> cachedTrackTags(const QString &path, const std::shared_ptr<const TaggerModel> &model,
                                                 const std::function<bool(double)> &progress = {},
                                                 AnalysisCache *cache = nullptr);

// A loaded classifier of either kind: exactly one of tagger / tutorialCnn is set.
struct SharedClassifier {
    ClassifierKind kind = ClassifierKind::Unknown;
    QString folder; // resolved: a built-in tagger's resource folder, else the folder as given (cleaned)
    QString version; // modelFolderVersion(folder) when it was loaded
    std::shared_ptr<const TaggerModel> tagger;
    std::shared_ptr<const TutorialCnnInference> tutorialCnn;

    int sampleRate() const;   // Hz
    int chunkSamples() const; // chunk (tagger) / patch (tutorial CNN) length, samples at sampleRate()
    QStringList labels() const;
};

// "size:mtime" of the folder's model files on disk; empty for a resource folder (":/...").
QString modelFolderVersion(const QString &folder);

// A built-in tagger name or a folder of either kind (classifierKind decides); loaded once per
// folder. nullptr + *error ("<folder>/model.json: ..." and the like) on failure (not cached).
std::shared_ptr<const SharedClassifier> sharedClassifier(const QString &nameOrFolder, QString *error);

std::shared_ptr<const TrackTags> cachedTrackTags(const QString &path,
                                                 const std::shared_ptr<const SharedClassifier> &model,
                                                 const std::function<bool(double)> &progress = {},
                                                 AnalysisCache *cache = nullptr);

} // namespace mirlo
