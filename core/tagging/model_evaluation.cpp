#include "core/tagging/model_evaluation.h"

#include "core/features/cnn_feature_set.h"
#include "core/model/tutorial_cnn_inference.h"
#include "core/tagging/classifier_registry.h"
#include "core/tagging/tagger_model.h"
#include "core/tagging/track_tagger.h"

#include <QFileInfo>

#include <algorithm>

namespace mirlo {

namespace {

using Progress = std::function<bool(double, const QString &)>;

ModelEvaluation failed(ModelEvaluation e, const QString &error)
{
    e.ok = false;
    e.error = error;
    return e;
}

ModelEvaluation cancelledEvaluation(ModelEvaluation e)
{
    e.ok = false;
    e.cancelled = true;
    e.error = QStringLiteral("cancelled");
    return e;
}

int indexOfName(const QStringList &names, const QString &name)
{
    for (int i = 0; i < names.size(); ++i)
        if (names.at(i).compare(name, Qt::CaseInsensitive) == 0)
            return i;
    return -1;
}

QString quotedList(const QStringList &names)
{
    QStringList q;
    for (const QString &n : names)
        q << QStringLiteral("'%1'").arg(n);
    return q.join(QStringLiteral(", "));
}

// The task, the report's class names and every item's labels in report order, for a tutorial
// CNN whose outputs are `labels` (rules in model_evaluation.h).
struct LabelMapping {
    ClassificationTask task = ClassificationTask::MultiClass;
    QStringList classNames;
    std::vector<std::vector<int>> labels;
};

bool mapTutorialLabels(const TutorialCnnSpec &spec, const Dataset &data, LabelMapping *out, QString *error)
{
    if (spec.outputCount() == 1) {
        const QString positive = spec.labels.value(0);
        const int pos = indexOfName(data.classes, positive);
        if (data.classes.size() != 2 || data.isMultiLabel() || pos < 0) {
            *error = QStringLiteral("%1: the model has one output ('%2') and needs two classes with one label per "
                                    "item, one of them named '%2'; the data has %3")
                         .arg(data.source, positive, quotedList(data.classes));
            return false;
        }
        out->task = ClassificationTask::Binary;
        out->classNames = {data.classes.at(1 - pos), data.classes.at(pos)};
        for (const DatasetItem &item : data.items)
            out->labels.push_back({item.labels.front() == pos ? 1 : 0});
        return true;
    }
    QStringList unknown, unnamed;
    std::vector<int> toModel(size_t(data.classes.size()), -1);
    for (int c = 0; c < data.classes.size(); ++c) {
        toModel[size_t(c)] = indexOfName(spec.labels, data.classes.at(c));
        if (toModel[size_t(c)] < 0)
            unknown << data.classes.at(c);
    }
    for (const QString &label : spec.labels)
        if (indexOfName(data.classes, label) < 0)
            unnamed << label;
    if (!unknown.isEmpty() || !unnamed.isEmpty()) {
        QStringList parts;
        if (!unknown.isEmpty())
            parts << QStringLiteral("classes the model does not know: %1").arg(quotedList(unknown));
        if (!unnamed.isEmpty())
            parts << QStringLiteral("model outputs missing in the data: %1").arg(quotedList(unnamed));
        *error = QStringLiteral("%1: %2 (model outputs: %3)")
                     .arg(data.source, parts.join(QStringLiteral("; ")), quotedList(spec.labels));
        return false;
    }
    if (!spec.multiLabel() && data.isMultiLabel()) {
        *error = QStringLiteral("%1: the data is multi-label but the model has a softmax output").arg(data.source);
        return false;
    }
    out->task = spec.multiLabel() ? ClassificationTask::MultiLabel : ClassificationTask::MultiClass;
    out->classNames = spec.labels;
    for (const DatasetItem &item : data.items) {
        std::vector<int> l;
        for (int c : item.labels)
            l.push_back(toModel[size_t(c)]);
        std::sort(l.begin(), l.end());
        out->labels.push_back(l);
    }
    return true;
}

ModelEvaluation evaluateTutorialCnn(ModelEvaluation e, const QString &dir, const Dataset &data,
                                    const ModelEvaluationOptions &options, const Progress &progress)
{
    QString error;
    const std::unique_ptr<TutorialCnnInference> net = TutorialCnnInference::load(dir, &error);
    if (!net)
        return failed(std::move(e), error);
    const TutorialCnnSpec &spec = net->spec();
    e.modelName = spec.name;
    LabelMapping mapping;
    if (!mapTutorialLabels(spec, data, &mapping, &error))
        return failed(std::move(e), error);

    // One patch per file: the tutorial's first excerpt, as the model was trained on.
    CnnFeatureOptions fo;
    fo.patchesPerFile = 1;
    fo.cache = options.cache;
    fo.threads = options.threads;
    const CnnFeatureSet features = extractCnnFeatures(data, spec.features, fo, progress);
    e.warnings << features.warnings;
    if (features.cancelled)
        return cancelledEvaluation(std::move(e));
    if (!features.ok)
        return failed(std::move(e), features.error);
    const size_t patchSize = size_t(features.bands) * size_t(features.frames);
    std::vector<float> flat;
    std::vector<std::vector<int>> labels;
    for (int k = 0; k < features.count(); ++k) {
        const int item = features.groups[size_t(k)];
        const QString &path = data.items[size_t(item)].path;
        const auto begin = features.patches.begin() + std::ptrdiff_t(size_t(k) * patchSize);
        std::vector<float> p = net->predict(std::vector<float>(begin, begin + std::ptrdiff_t(patchSize)));
        if (p.size() != size_t(spec.outputCount()))
            return failed(std::move(e), QStringLiteral("%1: the model gave no prediction").arg(path));
        flat.insert(flat.end(), p.begin(), p.end());
        labels.push_back(mapping.labels[size_t(item)]);
        e.itemPaths << path;
        e.probabilities.push_back(std::move(p));
    }
    if (!classificationReport(mapping.task, mapping.classNames, flat, labels, &e.report, &error))
        return failed(std::move(e), QStringLiteral("%1: %2").arg(data.source, error));
    e.ok = true;
    return e;
}

ModelEvaluation evaluateTagger(ModelEvaluation e, const QString &folder, const Dataset &data, const Progress &progress)
{
    QString error;
    const std::unique_ptr<TaggerModel> model = TaggerModel::load(folder, &error);
    if (!model)
        return failed(std::move(e), error);
    e.modelName = model->manifest().name;
    // Only tags both sides know are scored, in the data's class order.
    QStringList names;
    std::vector<int> modelTag, dataToReport(size_t(data.classes.size()), -1);
    for (int c = 0; c < data.classes.size(); ++c) {
        const int t = indexOfName(model->tags(), data.classes.at(c));
        if (t < 0)
            continue;
        dataToReport[size_t(c)] = int(names.size());
        names << model->tags().at(t);
        modelTag.push_back(t);
    }
    QStringList ignored;
    for (int c = 0; c < data.classes.size(); ++c)
        if (dataToReport[size_t(c)] < 0)
            ignored << data.classes.at(c);
    if (!names.isEmpty() && !ignored.isEmpty())
        e.warnings
            << QStringLiteral("%1: not tags of %2, not scored: %3").arg(data.source, e.model, quotedList(ignored));
    if (names.isEmpty())
        return failed(std::move(e), QStringLiteral("%1: none of the data's classes (%2) is a tag of %3")
                                        .arg(data.source, quotedList(data.classes), e.model));

    std::vector<float> flat;
    std::vector<std::vector<int>> labels;
    const int n = int(data.items.size());
    for (int i = 0; i < n; ++i) {
        const DatasetItem &item = data.items[size_t(i)];
        bool cancelled = false;
        const TrackTags t = tagFile(*model, item.path, [&](double f) {
            if (progress && !progress((i + f) / n, item.path))
                cancelled = true;
            return !cancelled;
        });
        if (cancelled || t.cancelled)
            return cancelledEvaluation(std::move(e));
        if (!t.ok)
            return failed(std::move(e), t.error);
        for (const QString &w : t.warnings)
            e.warnings << QStringLiteral("%1: %2").arg(item.path, w);
        std::vector<float> p;
        for (int tag : modelTag)
            p.push_back(t.track[size_t(tag)]);
        flat.insert(flat.end(), p.begin(), p.end());
        std::vector<int> l;
        for (int c : item.labels)
            if (dataToReport[size_t(c)] >= 0)
                l.push_back(dataToReport[size_t(c)]);
        labels.push_back(l);
        e.itemPaths << item.path;
        e.probabilities.push_back(std::move(p));
    }
    if (!classificationReport(ClassificationTask::MultiLabel, names, flat, labels, &e.report, &error))
        return failed(std::move(e), QStringLiteral("%1: %2").arg(data.source, error));
    e.ok = true;
    return e;
}

} // namespace

ModelEvaluation evaluateModel(const QString &modelDirOrName, const Dataset &data, const Progress &progress)
{
    return evaluateModel(modelDirOrName, data, ModelEvaluationOptions{}, progress);
}

ModelEvaluation evaluateModel(const QString &modelDirOrName, const Dataset &data, const ModelEvaluationOptions &options,
                              const Progress &progress)
{
    ModelEvaluation e;
    e.model = modelDirOrName;
    if (data.items.empty())
        return failed(std::move(e), QStringLiteral("%1: no labelled items to evaluate").arg(data.source));
    QString folder = modelDirOrName;
    if (!QFileInfo(folder).isDir()) {
        folder = TaggerModel::resolveModel(modelDirOrName);
        if (folder == modelDirOrName && !folder.startsWith(QLatin1String(":/")))
            return failed(std::move(e),
                          QStringLiteral("%1: no such model folder or built-in model (%2)")
                              .arg(modelDirOrName, TaggerModel::builtinModelNames().join(QStringLiteral(", "))));
    }
    QString error;
    switch (classifierKind(folder, &error)) {
    case ClassifierKind::TutorialCnn:
        return evaluateTutorialCnn(std::move(e), folder, data, options, progress);
    case ClassifierKind::MtatTagger:
        return evaluateTagger(std::move(e), folder, data, progress);
    default:
        return failed(std::move(e), error);
    }
}

} // namespace mirlo
