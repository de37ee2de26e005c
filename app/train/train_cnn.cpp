#include "train_cnn.h"

#include "core/datasets/dataset_source.h"
#include "core/datasets/mtat_data_options.h"
#include "core/features/cnn_feature_set.h"
#include "core/features/feature_cache.h"
#include "core/ml/torch_runtime.h"
#include "core/ml/tutorial_cnn_trainer.h"
#include "core/model/tutorial_cnn_adapt.h"
#include "core/model/tutorial_cnn_task.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <cstdio>
#include <set>

namespace mirlo::train {

namespace {

enum { kExitOk = 0, kExitBadInput = 1, kExitUsage = 2 };

void err(const QString &line)
{
    std::fprintf(stderr, "%s\n", line.toLocal8Bit().constData());
}
void out(const QString &line)
{
    std::fprintf(stdout, "%s\n", line.toLocal8Bit().constData());
    std::fflush(stdout);
}

} // namespace

int runTrainCnn(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Train a tutorial CNN (TUTORIAL.md 2.2-2.5) on mel patches (TUTORIAL 1.6: 16 kHz, first 80 frames of\n"
        "n_fft 2048 / hop 1024, 80 mel bands, dB) of each file; stratified split, z-scored inputs, the preset's\n"
        "optimiser; the best model by validation loss is written to --out as soon as it is found."));
    parser.addHelpOption();
    parser.addOption(
        {QStringLiteral("data"),
         QStringLiteral("Class folders, a file,label CSV, a tutorial label CSV or annotations_final.csv (with "
                        "--audio-root)."),
         QStringLiteral("PATH")});
    addMtatDataOptions(parser);
    parser.addOption({QStringLiteral("arch"),
                      QStringLiteral("Preset: %1 (default instrumental_vocal for two classes, compact_cnn_genre "
                                     "for more, compact_cnn_mood for multi-label).")
                          .arg(tutorialCnnPresetNames().join(QStringLiteral(", "))),
                      QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("task"),
                      QStringLiteral("binary, multiclass or multilabel (default: from the data); checked against "
                                     "the data and picks the default preset."),
                      QStringLiteral("TASK")});
    parser.addOption({QStringLiteral("out"), QStringLiteral("Model folder to write."), QStringLiteral("DIR")});
    parser.addOption(
        {QStringLiteral("epochs"), QStringLiteral("Epochs (default: the preset's)."), QStringLiteral("N")});
    parser.addOption(
        {QStringLiteral("batch"), QStringLiteral("Batch size (default: the preset's)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("seed"), QStringLiteral("Split, initialisation and order seed (default 0)."),
                      QStringLiteral("S")});
    parser.addOption({QStringLiteral("patches-per-file"),
                      QStringLiteral("Consecutive %1-frame patches taken from each file (default 1, the tutorial's "
                                     "first excerpt); all patches of a file stay in one split subset.")
                          .arg(80),
                      QStringLiteral("N")});
    parser.addOption(
        {QStringLiteral("threads"), QStringLiteral("Torch threads (default: all cores)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("no-cache"),
                      QStringLiteral("Do not read or write the feature cache ($MIRLO_CACHE_DIR/features or the "
                                     "user cache folder).")});
    parser.addOption({QStringLiteral("skip-bad-files"),
                      QStringLiteral("Skip files that cannot be decoded (with a warning) instead of failing.")});
    parser.addOption({QStringLiteral("tutorial-protocol"),
                      QStringLiteral("TUTORIAL.md 2.1-2.5 exactly: scaler fitted on all patches before the split, "
                                     "25 % test (stratified, plain shuffle for multi-label), validation = the last "
                                     "10 % of the training arrays for presets with a validation split, else none.")});
    parser.addOption({QStringLiteral("quiet"), QStringLiteral("Only the final summary.")});
    QStringList argv = args;
    argv.removeAt(1); // "cnn"
    if (!parser.parse(argv)) {
        err(QStringLiteral("mirlo-train cnn: ") + parser.errorText());
        return kExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fprintf(stdout, "%s", parser.helpText().toLocal8Bit().constData());
        return kExitOk;
    }
    const QString dataPath = parser.value(QStringLiteral("data")), outDir = parser.value(QStringLiteral("out"));
    if (dataPath.isEmpty() || outDir.isEmpty() || !parser.positionalArguments().isEmpty()) {
        err(QStringLiteral("mirlo-train cnn: need --data PATH and --out DIR"));
        return kExitUsage;
    }
    ml::CnnTrainingOptions opt;
    opt.outDir = outDir;
    bool ok = true;
    auto intOpt = [&](const char *name, int minValue, int &value) {
        if (!parser.isSet(QString::fromLatin1(name)))
            return;
        bool good = false;
        const int v = parser.value(QString::fromLatin1(name)).toInt(&good);
        if (!good || v < minValue) {
            err(QStringLiteral("mirlo-train cnn: --%1 needs an integer >= %2")
                    .arg(QString::fromLatin1(name))
                    .arg(minValue));
            ok = false;
        }
        value = v;
    };
    int seed = 0, perFile = 1, threads = 0;
    intOpt("threads", 1, threads);
    intOpt("patches-per-file", 1, perFile);
    intOpt("epochs", 1, opt.epochs);
    intOpt("batch", 1, opt.batchSize);
    intOpt("seed", 0, seed);
    if (!ok)
        return kExitUsage;
    opt.seed = uint64_t(seed);
    opt.tutorialProtocol = parser.isSet(QStringLiteral("tutorial-protocol"));

    Dataset data;
    QString error;
    DatasetLoadOptions load;
    if (!mtatDataOptions(parser, load, &error)) {
        err(QStringLiteral("mirlo-train cnn: ") + error);
        return kExitUsage;
    }
    QStringList loadWarnings;
    if (!loadDataset(dataPath, load, data, &error, &loadWarnings)) {
        err(QStringLiteral("mirlo-train cnn: ") + error);
        return kExitBadInput;
    }
    for (const QString &w : loadWarnings)
        err(QStringLiteral("mirlo-train cnn: warning: ") + w);
    // The task defaults from the data; a two-class set may also be trained as a 2-way softmax.
    ClassificationTask task = datasetTask(data);
    const QString taskName = parser.value(QStringLiteral("task"));
    if (!taskName.isEmpty() && !parseClassificationTask(taskName, &task)) {
        err(QStringLiteral("mirlo-train cnn: --task must be binary, multiclass or multilabel"));
        return kExitUsage;
    }
    if (!taskFitsData(task, data, &error)) {
        err(QStringLiteral("mirlo-train cnn: ") + error);
        return kExitBadInput;
    }
    QString arch = parser.value(QStringLiteral("arch"));
    if (arch.isEmpty())
        arch = defaultCnnPreset(task);
    TutorialCnnSpec spec;
    if (!tutorialCnnPreset(arch, &spec)) {
        err(QStringLiteral("mirlo-train cnn: unknown --arch '%1' (%2)")
                .arg(arch, tutorialCnnPresetNames().join(QStringLiteral(", "))));
        return kExitUsage;
    }
    if (!adaptTutorialCnnSpec(spec, data, &error)) {
        err(QStringLiteral("mirlo-train cnn: ") + error);
        return kExitBadInput;
    }

    // Features: the first excerpt of each file as the tutorial (more with --patches-per-file), cached on disk.
    const bool quiet = parser.isSet(QStringLiteral("quiet"));
    const FeatureCache cache;
    CnnFeatureOptions featureOptions;
    featureOptions.patchesPerFile = perFile;
    featureOptions.cache = parser.isSet(QStringLiteral("no-cache")) ? nullptr : &cache;
    featureOptions.skipBadFiles = parser.isSet(QStringLiteral("skip-bad-files"));
    CnnFeatureSet features = extractCnnFeatures(data, spec.features, featureOptions);
    for (const QString &w : features.warnings)
        err(QStringLiteral("mirlo-train cnn: warning: ") + w);
    if (!features.ok) {
        err(QStringLiteral("mirlo-train cnn: ") + features.error);
        return kExitBadInput;
    }
    const int files = int(std::set<int>(features.groups.begin(), features.groups.end()).size());
    if (!quiet)
        out(QStringLiteral("features: %1 files, %2 from cache").arg(files).arg(features.cacheHits));
    const ml::CnnDataset patches = ml::toCnnDataset(std::move(features));
    if (!quiet)
        out(QStringLiteral("%1 patches, %2 classes, architecture %3 (%4 parameters)")
                .arg(patches.count())
                .arg(data.classes.size())
                .arg(spec.name)
                .arg(specParameterCount(spec, true)));

    // Passive OpenMP waiting: busy-waiting pools slow each other down (ENVIRONMENT.md).
    if (qEnvironmentVariableIsEmpty("OMP_WAIT_POLICY"))
        qputenv("OMP_WAIT_POLICY", "PASSIVE");
    ml::configureTorchThreads(threads);
    ml::TutorialCnn net(spec, opt.seed);
    const ml::CnnTrainingResult r = ml::trainTutorialCnn(net, patches, opt, [&](const ml::CnnEpochReport &e) {
        if (!quiet)
            out(QStringLiteral("epoch %1/%2 loss %3 val_loss %4 val_acc %5%6")
                    .arg(e.epoch)
                    .arg(e.epochs)
                    .arg(e.trainLoss, 0, 'f', 4)
                    .arg(e.validationLoss, 0, 'f', 4)
                    .arg(e.validationAccuracy, 0, 'f', 4)
                    .arg(e.best ? QStringLiteral(" (saved)") : QString()));
    });
    if (!r.ok) {
        err(QStringLiteral("mirlo-train cnn: ") + r.error);
        return kExitBadInput;
    }
    out(QStringLiteral("best epoch %1; test loss %2 accuracy %3 (%4 items); model: %5")
            .arg(r.bestEpoch)
            .arg(r.testLoss, 0, 'f', 4)
            .arg(r.testAccuracy, 0, 'f', 4)
            .arg(r.split.test.size())
            .arg(outDir));
    return kExitOk;
}

} // namespace mirlo::train
