#include "core/ml/tutorial_cnn_trainer.h"

#include "core/datasets/sklearn_split.h"
#include "core/io/atomic_files.h"
#include "core/model/safetensors.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
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

// Inference-mode outputs of net on the given items: items.size() x outputs.
std::vector<float> predictItems(const TutorialCnn &net, const std::vector<float> &patches,
                                const std::vector<int> &items)
{
    const TutorialCnnSpec &spec = net.spec();
    const int patchSize = spec.inputBands * spec.inputFrames;
    std::vector<float> out;
    out.reserve(items.size() * size_t(spec.outputCount()));
    for (size_t from = 0; from < items.size(); from += kEvalBatch) {
        const size_t n = std::min<size_t>(kEvalBatch, items.size() - from);
        const std::vector<float> p = net.predict(gather(patches, patchSize, items, from, n), int(n));
        out.insert(out.end(), p.begin(), p.end());
    }
    return out;
}

// Keras loss and accuracy of the outputs p (items.size() x c) against the items' labels.
void scoreItems(const std::vector<float> &p, bool sigmoid, int c, const std::vector<std::vector<int>> &labels,
                const std::vector<int> &items, double *loss, double *accuracy)
{
    const std::vector<float> y = targets(labels, items, 0, items.size(), c);
    double lossSum = 0.0, correct = 0.0;
    for (size_t i = 0; i < items.size(); ++i) {
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
    const double n = std::max<double>(1.0, double(items.size()));
    *loss = lossSum / n;
    *accuracy = correct / n;
}

// One label list per file (the first patch's), files in first-seen order, and each
// patch's file index; without groups every patch is its own file.
struct FileIndex {
    std::vector<std::vector<int>> labels;
    std::vector<int> ofPatch;
};

FileIndex fileIndex(const CnnDataset &data)
{
    FileIndex f;
    std::map<int, int> index;
    for (int i = 0; i < data.count(); ++i) {
        const int g = data.groups.empty() ? i : data.groups[size_t(i)];
        const auto it = index.emplace(g, int(f.labels.size()));
        if (it.second)
            f.labels.push_back(data.labels[size_t(i)]);
        f.ofPatch.push_back(it.first->second);
    }
    return f;
}

// TUTORIAL.md 2.1 on files: sklearn's (stratified) shuffle split, then Keras'
// validation_split as the last part of the training list in sklearn's order.
bool tutorialSplit(const std::vector<std::vector<int>> &labels, const TutorialCnnSpec &spec,
                   const CnnTrainingOptions &options, DatasetSplit *out, QString *error)
{
    const int n = int(labels.size()), c = spec.outputCount();
    const uint32_t seed = uint32_t(options.seed);
    SklearnSplit s;
    if (spec.multiLabel() && c > 1) {
        s = sklearnShuffleSplit(n, options.fractions.test, seed);
    } else {
        // y as the tutorial passes it: a 0/1 vector for one sigmoid output (classes in
        // value order), one-hot rows for softmax (np.unique compares them as strings).
        std::vector<int> rank(static_cast<size_t>(n));
        for (int i = 0; i < n; ++i) {
            const int l = labels[size_t(i)].empty() ? 0 : labels[size_t(i)].front();
            rank[size_t(i)] = c == 1 ? l : c - 1 - l;
        }
        if (!sklearnStratifiedShuffleSplit(rank, options.fractions.test, seed, &s, error))
            return false;
    }
    const double vs = spec.training.validationSplit;
    const size_t splitAt = vs > 0.0 ? size_t(double(s.train.size()) * (1.0 - vs)) : s.train.size();
    out->train.assign(s.train.begin(), s.train.begin() + splitAt);
    out->validation.assign(s.train.begin() + splitAt, s.train.end());
    out->test = s.test;
    return true;
}

// Attribute-wise mean and population std over the given items (zero std -> 1).
void fitScaler(const CnnDataset &data, const std::vector<int> &items, std::vector<float> *mean,
               std::vector<float> *scale)
{
    const int patchSize = data.bands * data.frames;
    mean->assign(patchSize, 0.0f);
    scale->assign(patchSize, 1.0f);
    std::vector<double> sum(patchSize, 0.0), sq(patchSize, 0.0);
    for (int i : items)
        for (int k = 0; k < patchSize; ++k) {
            const double v = data.patches[size_t(i) * patchSize + k];
            sum[k] += v;
            sq[k] += v * v;
        }
    const double n = std::max<double>(1.0, double(items.size()));
    for (int k = 0; k < patchSize; ++k) {
        const double m = sum[k] / n, var = std::max(0.0, sq[k] / n - m * m);
        (*mean)[k] = float(m);
        (*scale)[k] = var > 0.0 ? float(std::sqrt(var)) : 1.0f;
    }
}

} // namespace

CnnDataset toCnnDataset(CnnFeatureSet &&features)
{
    CnnDataset d;
    d.bands = features.bands;
    d.frames = features.frames;
    d.patches = std::move(features.patches);
    d.labels = std::move(features.labels);
    d.groups = std::move(features.groups);
    return d;
}

void evaluateTutorialCnn(const TutorialCnn &net, const std::vector<float> &patches,
                         const std::vector<std::vector<int>> &labels, const std::vector<int> &items, double *loss,
                         double *accuracy)
{
    scoreItems(predictItems(net, patches, items), net.spec().multiLabel(), net.spec().outputCount(), labels, items,
               loss, accuracy);
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
    if (!data.groups.empty() && data.groups.size() != data.labels.size()) {
        r.error = QStringLiteral("%1 group ids for %2 patches").arg(data.groups.size()).arg(data.labels.size());
        return r;
    }
    // Split whole files (all patches of a file in one subset), then list the patches.
    const FileIndex files = fileIndex(data);
    DatasetSplit fileSplit;
    if (options.tutorialProtocol ? !tutorialSplit(files.labels, spec, options, &fileSplit, &r.error)
                                 : !stratifiedSplit(files.labels, options.fractions, options.seed, fileSplit, &r.error))
        return r;
    {
        std::vector<int> subset(files.labels.size(), 0);
        for (int k : fileSplit.validation)
            subset[size_t(k)] = 1;
        for (int k : fileSplit.test)
            subset[size_t(k)] = 2;
        for (int i = 0; i < data.count(); ++i) {
            const int s = subset[size_t(files.ofPatch[size_t(i)])];
            (s == 0 ? r.split.train : s == 1 ? r.split.validation : r.split.test).push_back(i);
        }
    }
    if (r.split.train.empty()) {
        r.error = QStringLiteral("the training split is empty");
        return r;
    }

    // Attribute-wise z-scoring (population std): on the training split, or, as the
    // tutorial does, on every patch including the test set.
    std::vector<int> all(size_t(data.count()));
    std::iota(all.begin(), all.end(), 0);
    fitScaler(data, options.tutorialProtocol ? all : r.split.train, &r.scalerMean, &r.scalerScale);
    std::vector<float> x(data.patches.size());
    for (size_t i = 0; i < x.size(); ++i)
        x[i] = (data.patches[i] - r.scalerMean[i % patchSize]) / r.scalerScale[i % patchSize];
    QMap<QString, QByteArray> scalerFile;
    {
        SafeTensorsWriter w;
        w.add("mean", {data.bands, data.frames}, r.scalerMean);
        w.add("scale", {data.bands, data.frames}, r.scalerScale);
        scalerFile[QStringLiteral("scaler.safetensors")] = w.toBytes();
    }

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
        const int batches = int((order.size() + size_t(batch) - 1) / size_t(batch));
        for (size_t from = 0; from < order.size() && !cancelled(); from += batch) {
            const size_t n = std::min<size_t>(batch, order.size() - from);
            const double loss =
                net.trainStep(gather(x, patchSize, order, from, n), targets(data.labels, order, from, n, c), int(n));
            lossSum += loss;
            ++steps;
            if (options.onBatch)
                options.onBatch(epoch, steps, batches, loss);
        }
        if (cancelled())
            break;
        rep.trainLoss = lossSum / std::max(1, steps);
        double criterion = rep.trainLoss;
        if (!r.split.validation.empty()) {
            evaluateTutorialCnn(net, x, data.labels, r.split.validation, &rep.validationLoss, &rep.validationAccuracy);
            criterion = rep.validationLoss;
        }
        // The tutorial (Keras fit, no checkpoint callback) keeps the model of the last epoch.
        if (options.tutorialProtocol)
            criterion = -double(epoch);
        if (criterion < bestLoss) {
            bestLoss = criterion;
            r.bestEpoch = epoch;
            rep.best = true;
            // Weights and scaler first, model.json last, each renamed from a complete .part file.
            if (!options.outDir.isEmpty() && !net.save(options.outDir, &r.error, {}, scalerFile))
                return r;
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
    if (!r.split.test.empty()) {
        const TutorialCnn &kept = best ? *best : net;
        r.testProbabilities = predictItems(kept, x, r.split.test);
        scoreItems(r.testProbabilities, spec.multiLabel(), c, data.labels, r.split.test, &r.testLoss, &r.testAccuracy);
        for (int i : r.split.test)
            r.testLabels.push_back(data.labels[size_t(i)]);
    }
    if (!options.outDir.isEmpty()) {
        // model.json records the training run (ARCHITECTURE.md "Models on disk").
        QJsonObject summary;
        summary[QStringLiteral("items")] = data.count();
        summary[QStringLiteral("split")] = QJsonObject{{QStringLiteral("train"), int(r.split.train.size())},
                                                       {QStringLiteral("validation"), int(r.split.validation.size())},
                                                       {QStringLiteral("test"), int(r.split.test.size())},
                                                       {QStringLiteral("seed"), double(options.seed)}};
        summary[QStringLiteral("scaler")] = options.tutorialProtocol
                                                 ? QStringLiteral("scaler.safetensors (fitted on all items, as the tutorial)")
                                                 : QStringLiteral("scaler.safetensors (fitted on the train split)");
        summary[QStringLiteral("protocol")] =
            options.tutorialProtocol ? QStringLiteral("tutorial") : QStringLiteral("stratified_validation");
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
        if (!writeFilesAtomically(
                options.outDir,
                {{QStringLiteral("model.json"), QJsonDocument(tutorialCnnToJson(best->spec(), summary)).toJson()}},
                &r.error))
            return r;
    }
    r.ok = true;
    return r;
}

} // namespace mirlo::ml
