#include "core/tagging/cached_tagging.h"

#include "core/analysis/analysis_cache.h"
#include "core/model/tutorial_cnn_inference.h"
#include "core/tagging/tagger_model.h"
#include "core/tagging/tutorial_cnn_tagging.h"

#include <QDir>
#include <QHash>

#include <mutex>

namespace mirlo {

namespace {

// A process-wide map folder -> loaded model; loading runs outside the lock (a concurrent first
// load of the same folder is harmless).
template <class T, class Load> std::shared_ptr<const T> loadOnce(const QString &folder, Load load)
{
    static std::mutex mutex;
    static QHash<QString, std::shared_ptr<const T>> models;
    {
        std::lock_guard<std::mutex> lock(mutex);
        const auto it = models.constFind(folder);
        if (it != models.constEnd())
            return it.value();
    }
    std::shared_ptr<const T> model = load();
    if (!model)
        return nullptr;
    std::lock_guard<std::mutex> lock(mutex);
    models.insert(folder, model);
    return model;
}

using TagFn = std::function<TrackTags()>;

std::shared_ptr<const TrackTags> cachedTags(const QString &path, ClassifierKind kind, const QString &folder,
                                            const TagFn &tag, AnalysisCache *cache)
{
    AnalysisCache &c = cache ? *cache : AnalysisCache::shared();
    const QString key = analysisKey(path, QStringLiteral("tags"), classifierKindName(kind) + QLatin1Char(':') + folder);
    std::shared_ptr<const TrackTags> result;
    auto compute = [&]() -> std::shared_ptr<const TrackTags> {
        result = std::make_shared<const TrackTags>(tag());
        return result->ok ? result : nullptr;
    };
    const std::shared_ptr<const TrackTags> hit = c.getOrCompute<TrackTags>(key, compute);
    return hit ? hit : result;
}

} // namespace

QString modelFolderVersion(const QString &folder)
{
    if (folder.startsWith(QLatin1Char(':')))
        return QString(); // embedded in the binary: never changes while it runs
    QStringList parts;
    for (const char *name : {"model.json", "weights.safetensors", "scaler.safetensors"}) {
        const FileStamp st = fileStamp(QDir(folder).filePath(QString::fromLatin1(name)));
        parts << (st.exists ? QStringLiteral("%1:%2").arg(st.size).arg(st.mtimeMs) : QStringLiteral("-"));
    }
    return parts.join(QLatin1Char('/'));
}

std::shared_ptr<const TaggerModel> sharedTaggerModel(const QString &nameOrFolder, QString *error)
{
    const QString folder = TaggerModel::resolveModel(nameOrFolder);
    return loadOnce<TaggerModel>(folder + QLatin1Char('|') + modelFolderVersion(folder), [&] {
        return std::shared_ptr<const TaggerModel>(TaggerModel::load(folder, error).release());
    });
}

std::shared_ptr<const TrackTags> cachedTrackTags(const QString &path, const std::shared_ptr<const TaggerModel> &model,
                                                 const std::function<bool(double)> &progress, AnalysisCache *cache)
{
    if (!model)
        return nullptr;
    return cachedTags(
        path, ClassifierKind::MtatTagger, model->folder(), [&] { return tagFile(*model, path, progress); }, cache);
}

int SharedClassifier::sampleRate() const
{
    return tagger ? tagger->sampleRate() : tutorialCnn ? tutorialCnn->spec().features.sampleRate : 0;
}

int SharedClassifier::chunkSamples() const
{
    if (tagger)
        return tagger->chunkSamples();
    if (tutorialCnn)
        return tutorialCnn->spec().features.patchFrames * tutorialCnn->spec().features.hopSamples;
    return 0;
}

QStringList SharedClassifier::labels() const
{
    return tagger ? tagger->tags() : tutorialCnn ? tutorialCnn->spec().labels : QStringList();
}

std::shared_ptr<const SharedClassifier> sharedClassifier(const QString &nameOrFolder, QString *error)
{
    const QString resolved = TaggerModel::resolveModel(nameOrFolder);
    const ClassifierKind kind = classifierKind(resolved, error);
    if (kind == ClassifierKind::Unknown)
        return nullptr;
    auto out = std::make_shared<SharedClassifier>();
    out->kind = kind;
    out->version = modelFolderVersion(resolved);
    if (kind == ClassifierKind::MtatTagger) {
        out->tagger = sharedTaggerModel(resolved, error);
        if (!out->tagger)
            return nullptr;
        out->folder = out->tagger->folder();
    } else {
        out->folder = QDir::cleanPath(resolved);
        out->tutorialCnn = loadOnce<TutorialCnnInference>(out->folder + QLatin1Char('|') + out->version, [&] {
            return std::shared_ptr<const TutorialCnnInference>(TutorialCnnInference::load(out->folder, error).release());
        });
        if (!out->tutorialCnn)
            return nullptr;
    }
    return out;
}

std::shared_ptr<const TrackTags> cachedTrackTags(const QString &path,
                                                 const std::shared_ptr<const SharedClassifier> &model,
                                                 const std::function<bool(double)> &progress, AnalysisCache *cache)
{
    if (!model)
        return nullptr;
    const QString folder = model->version.isEmpty() ? model->folder : model->folder + QLatin1Char('|') + model->version;
    if (model->tagger)
        return cachedTags(
            path, ClassifierKind::MtatTagger, folder, [&] { return tagFile(*model->tagger, path, progress); }, cache);
    if (!model->tutorialCnn)
        return nullptr;
    return cachedTags(
        path, ClassifierKind::TutorialCnn, folder,
        [&] { return tagFileWithTutorialCnn(*model->tutorialCnn, path, progress); }, cache);
}

} // namespace mirlo
