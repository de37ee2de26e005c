#include "core/ml/tutorial_cnn_trainer.h"

#include "core/model/safetensors.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

namespace mirlo::ml {

namespace {

constexpr int kEvalBatch = 64;

std::vector<float> gather(const std::vector<float> &patches, int patchSize, const std::vector<int> &items, size_t from,
                          size_t count)
{
    std::vector<float> x(count * size_t(patchSize));
    for (size_t i = 0; i < count; ++i)
        std::copy_n(patches.begin() + size_t(items[from + i]) * patchSize, patchSize, x.begin() + i * patchSize);
    return x;
}

std::vector<float> targets(const std::vector<std::vector<int>> &labels, const std::vector<int> &items, size_t from,
                           size_t count, int outputs)
{
    // One sigmoid output (binary task): class 1 is the positive target, class 0 the negative.
    std::vector<float> y(count * size_t(outputs), 0.0f);
    for (size_t i = 0; i < count; ++i)
        for (int l : labels[items[from + i]])
            if (outputs > 1 || l == 1)
                y[i * outputs + (outputs > 1 ? l : 0)] = 1.0f;
    return y;
}

} // namespace

void evaluateTutorialCnn(const TutorialCnn &net, const std::vector<float> &patches,
                         const std::vector<std::vector<int>> &labels, const std::vector<int> &items, double *loss,
                         double *accuracy)
{
    const TutorialCnnSpec &spec = net.spec();
    const int c = spec.outputCount(), patchSize = spec.inputBands * spec.inputFrames;
    const bool sigmoid = spec.multiLabel();
    double lossSum = 0.0, correct = 0.0;
    for (size_t from = 0; from < items.size(); from += kEvalBatch) {
        const size_t n = std::min<size_t>(kEvalBatch, items.size() - from);
        const std::vector<float> p = net.predict(gather(patches, patchSize, items, from, n), int(n));
        const std::vector<float> y = targets(labels, items, from, n, c);
        for (size_t i = 0; i < n; ++i) {
            const float *pi = p.data() + i * c;
            const float *yi = y.data() + i * c;
            if (sigmoid) {
                for (int k = 0; k < c; ++k) {
                    const double q = std::clamp(double(pi[k]), 1e-7, 1.0 - 1e-7);
                    lossSum -= (yi[k] * std::log(q) + (1.0 - yi[k]) * std::log(1.0 - q)) / c;
                    correct += ((pi[k] >= 0.5f) == (yi[k] > 0.5f)) ? 1.0 / c : 0.0;
                }
            } else {
                const int best = int(std::max_element(pi, pi + c) - pi);
                for (int k = 0; k < c; ++k)
                    if (yi[k] > 0.5f)
                        lossSum -= std::log(std::max(1e-7, double(pi[k])));
                correct += yi[best] > 0.5f ? 1.0 : 0.0;
            }
        }
    }
    const double n = std::max<double>(1.0, double(items.size()));
    *loss = lossSum / n;
    *accuracy = correct / n;
}

CnnTrainingResult trainTutorialCnn(TutorialCnn &net, const CnnDataset &data, const CnnTrainingOptions &options,
                                   const std::function<void(const CnnEpochReport &)> &onEpoch,
                                   const std::atomic_bool *cancel)
{
    CnnTrainingResult r;
    const TutorialCnnSpec &spec = net.spec();
    const int patchSize = data.bands * data.frames, c = spec.outputCount();
    const int classes = c == 1 ? 2 : c; // a single sigmoid output has classes 0 and 1
    if (data.bands != spec.inputBands || data.frames != spec.inputFrames) {
        r.error = QStringLiteral("patches are %1x%2, the network expects %3x%4")
                      .arg(data.bands)
                      .arg(data.frames)
                      .arg(spec.inputBands)
                      .arg(spec.inputFrames);
        return r;
    }
    if (data.count() < 2 || data.patches.size() != size_t(data.count()) * patchSize) {
        r.error = QStringLiteral("need at least 2 patches of %1 values and one label list per patch").arg(patchSize);
        return r;
    }
    for (const auto &ls : data.labels)
        for (int l : ls)
            if (l < 0 || l >= classes) {
                r.error = QStringLiteral("label index %1 outside the %2 classes").arg(l).arg(classes);
                return r;
            }
    if (data.groups.empty()) {
        if (!stratifiedSplit(data.labels, options.fractions, options.seed, r.split, &r.error))
            return r;
    } else {
        if (data.groups.size() != data.labels.size()) {
            r.error = QStringLiteral("%1 group ids for %2 patches").arg(data.groups.size()).arg(data.labels.size());
            return r;
        }
        std::map<int, int> groupIndex; // file id -> dense index, in first-seen order
        std::vector<std::vector<int>> groupLabels;
        for (int i = 0; i < data.count(); ++i)
            if (groupIndex.emplace(data.groups[i], int(groupLabels.size())).second)
                groupLabels.push_back(data.labels[i]);
        DatasetSplit g;
        if (!stratifiedSplit(groupLabels, options.fractions, options.seed, g, &r.error))
            return r;
        std::vector<int> subset(groupLabels.size(), 0);
        for (int k : g.validation)
            subset[k] = 1;
        for (int k : g.test)
            subset[k] = 2;
        for (int i = 0; i < data.count(); ++i) {
            const int s = subset[groupIndex[data.groups[i]]];
            (s == 0 ? r.split.train : s == 1 ? r.split.validation : r.split.test).push_back(i);
        }
    }
    if (r.split.train.empty()) {
        r.error = QStringLiteral("the training split is empty");
        return r;
    }

    // Attribute-wise z-scoring fitted on the training split (population std).
    r.scalerMean.assign(patchSize, 0.0f);
    r.scalerScale.assign(patchSize, 1.0f);
    {
        std::vector<double> sum(patchSize, 0.0), sq(patchSize, 0.0);
        for (int i : r.split.train)
            for (int k = 0; k < patchSize; ++k) {
                const double v = data.patches[size_t(i) * patchSize + k];
                sum[k] += v;
                sq[k] += v * v;
            }
        const double n = double(r.split.train.size());
        for (int k = 0; k < patchSize; ++k) {
            const double mean = sum[k] / n, var = std::max(0.0, sq[k] / n - mean * mean);
            r.scalerMean[k] = float(mean);
            r.scalerScale[k] = var > 0.0 ? float(std::sqrt(var)) : 1.0f;
        }
    }
    std::vector<float> x(data.patches.size());
    for (size_t i = 0; i < x.size(); ++i)
        x[i] = (data.patches[i] - r.scalerMean[i % patchSize]) / r.scalerScale[i % patchSize];

    const int epochs = options.epochs > 0 ? options.epochs : spec.training.epochs;
    const int batch = options.batchSize > 0 ? options.batchSize : spec.training.batchSize;
    std::mt19937_64 rng(options.seed);
    std::vector<int> order = r.split.train;
    double bestLoss = INFINITY;
    auto cancelled = [&] { return cancel && cancel->load(); };
    for (int epoch = 1; epoch <= epochs && !cancelled(); ++epoch) {
        std::shuffle(order.begin(), order.end(), rng);
        CnnEpochReport rep;
        rep.epoch = epoch;
        rep.epochs = epochs;
        double lossSum = 0.0;
        int steps = 0;
        for (size_t from = 0; from < order.size() && !cancelled(); from += batch) {
            const size_t n = std::min<size_t>(batch, order.size() - from);
            lossSum +=
                net.trainStep(gather(x, patchSize, order, from, n), targets(data.labels, order, from, n, c), int(n));
            ++steps;
        }
        if (cancelled())
            break;
        rep.trainLoss = lossSum / std::max(1, steps);
        double criterion = rep.trainLoss;
        if (!r.split.validation.empty()) {
            evaluateTutorialCnn(net, x, data.labels, r.split.validation, &rep.validationLoss, &rep.validationAccuracy);
            criterion = rep.validationLoss;
        }
        if (criterion < bestLoss) {
            bestLoss = criterion;
            r.bestEpoch = epoch;
            rep.best = true;
            if (!options.outDir.isEmpty()) {
                if (!net.save(options.outDir, &r.error))
                    return r;
                SafeTensorsWriter w;
                w.add("mean", {data.bands, data.frames}, r.scalerMean);
                w.add("scale", {data.bands, data.frames}, r.scalerScale);
                if (!w.save(QDir(options.outDir).filePath(QStringLiteral("scaler.safetensors")), &r.error))
                    return r;
            }
        }
        r.history.push_back(rep);
        if (onEpoch)
            onEpoch(rep);
    }
    r.cancelled = cancelled();
    if (r.cancelled) {
        r.ok = true;
        return r;
    }
    // Test metrics of the model that is kept: the saved best one when saving.
    std::unique_ptr<TutorialCnn> best;
    if (!options.outDir.isEmpty() && !(best = TutorialCnn::load(options.outDir, &r.error)))
        return r;
    if (!r.split.test.empty())
        evaluateTutorialCnn(best ? *best : net, x, data.labels, r.split.test, &r.testLoss, &r.testAccuracy);
    if (!options.outDir.isEmpty()) {
        // model.json records the training run (ARCHITECTURE.md "Models on disk").
        QJsonObject summary;
        summary[QStringLiteral("items")] = data.count();
        summary[QStringLiteral("split")] = QJsonObject{{QStringLiteral("train"), int(r.split.train.size())},
                                                       {QStringLiteral("validation"), int(r.split.validation.size())},
                                                       {QStringLiteral("test"), int(r.split.test.size())},
                                                       {QStringLiteral("seed"), double(options.seed)}};
        summary[QStringLiteral("scaler")] = QStringLiteral("scaler.safetensors (fitted on the train split)");
        summary[QStringLiteral("epochs")] = int(r.history.size());
        summary[QStringLiteral("best_epoch")] = r.bestEpoch;
        QJsonArray hist;
        for (const CnnEpochReport &e : r.history)
            hist.append(QJsonObject{{QStringLiteral("epoch"), e.epoch},
                                    {QStringLiteral("loss"), e.trainLoss},
                                    {QStringLiteral("val_loss"), e.validationLoss},
                                    {QStringLiteral("val_accuracy"), e.validationAccuracy}});
        summary[QStringLiteral("history")] = hist;
        summary[QStringLiteral("test_loss")] = r.testLoss;
        summary[QStringLiteral("test_accuracy")] = r.testAccuracy;
        const QString path = QDir(options.outDir).filePath(QStringLiteral("model.json"));
        QSaveFile f(path);
        if (!f.open(QIODevice::WriteOnly) ||
            f.write(QJsonDocument(tutorialCnnToJson(best->spec(), summary)).toJson()) < 0 || !f.commit()) {
            r.error = QStringLiteral("%1: cannot write (%2)").arg(path, f.errorString());
            return r;
        }
    }
    r.ok = true;
    return r;
}

} // namespace mirlo::ml
