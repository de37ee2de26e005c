// mirlo-train: trains the tutorial's onset RNN (TUTORIAL.md 5.3) on folders of
// audio + .onsets files and writes a model folder. A separate executable so
// that mirlo-cli does not link libtorch (its static initialisers cost ~0.5 s at
// every start); `mirlo-cli train-onsets ...` runs this program.
#include "core/ml/onset_rnn_trainer.h"
#include "train_cnn.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

namespace {

enum { kExitOk = 0, kExitBadInput = 1, kExitUsage = 2 };

void err(const QString &line)
{
    std::fprintf(stderr, "%s\n", line.toLocal8Bit().constData());
}

bool intValue(const QCommandLineParser &p, const QString &name, int minValue, int &out)
{
    if (!p.isSet(name))
        return true;
    bool ok = false;
    const int v = p.value(name).toInt(&ok);
    if (!ok || v < minValue) {
        err(QStringLiteral("mirlo-train: --%1 needs an integer >= %2").arg(name).arg(minValue));
        return false;
    }
    out = v;
    return true;
}

bool doubleValue(const QCommandLineParser &p, const QString &name, double minValue, double maxValue, double &out)
{
    if (!p.isSet(name))
        return true;
    bool ok = false;
    const double v = p.value(name).toDouble(&ok);
    if (!ok || v < minValue || v > maxValue) {
        err(QStringLiteral("mirlo-train: --%1 needs a number in [%2, %3]").arg(name).arg(minValue).arg(maxValue));
        return false;
    }
    out = v;
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("mirlo-train"));
    if (argc > 1 && QByteArray(argv[1]) == "cnn") // `mirlo-train cnn ...`: a tutorial CNN (train_cnn.cpp)
        return mirlo::train::runTrainCnn(QCoreApplication::arguments());
    using namespace mirlo;
    using namespace mirlo::ml;

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Train the tutorial's onset RNN (3 bidirectional tanh RNN layers x 25 units, sigmoid output; SGD lr 0.01,\n"
        "momentum 0.9, clip 5, one file per step, early stopping) on audio files with .onsets annotations.\n"
        "Prints one line per epoch and writes MODELDIR/model.json + weights.safetensors."));
    parser.addHelpOption();
    const OnsetTrainingParams defaults;
    parser.addOption({QStringLiteral("data"), QStringLiteral("Folder of audio + .onsets files (repeatable)."),
                      QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("out"), QStringLiteral("Model folder to write."), QStringLiteral("MODELDIR")});
    parser.addOption({QStringLiteral("epochs"), QStringLiteral("Maximum epochs (default 100)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("seed"), QStringLiteral("Seed of split, initialisation, order (default 1)."),
                      QStringLiteral("S")});
    parser.addOption({QStringLiteral("lr"), QStringLiteral("SGD learning rate (default 0.01)."), QStringLiteral("X")});
    parser.addOption({QStringLiteral("validation"), QStringLiteral("Fraction of files for validation (default 0.125)."),
                      QStringLiteral("F")});
    parser.addOption({QStringLiteral("patience"), QStringLiteral("Early-stopping patience in epochs (default 20)."),
                      QStringLiteral("N")});
    parser.addOption(
        {QStringLiteral("batch"), QStringLiteral("Files (60 s chunks) per step (default 1)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("sequence"),
                      QStringLiteral("Cut files into sequences of N frames (default: whole files)."),
                      QStringLiteral("N")});
    parser.addOption(
        {QStringLiteral("threads"), QStringLiteral("Torch threads (default: all cores)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("init"),
                      QStringLiteral("Fine-tune: start from this model folder's weights (the tutorial uses lr / 10, "
                                     "<= 20 epochs)."),
                      QStringLiteral("MODELDIR")});
    parser.addOption({QStringLiteral("quiet"), QStringLiteral("Only the final summary.")});
    if (!parser.parse(QCoreApplication::arguments())) {
        err(QStringLiteral("mirlo-train: ") + parser.errorText());
        return kExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(parser.helpText().toLocal8Bit().constData(), stdout);
        return kExitOk;
    }
    const QStringList folders = parser.values(QStringLiteral("data"));
    const QString out = parser.value(QStringLiteral("out"));
    if (folders.isEmpty() || out.isEmpty() || !parser.positionalArguments().isEmpty()) {
        err(QStringLiteral("mirlo-train: need --data DIR [--data DIR2 ...] and --out MODELDIR"));
        err(QStringLiteral(
            "usage: mirlo-cli train-onsets --data DIR [--data DIR2] --out MODELDIR [--epochs N] [--seed S]"));
        return kExitUsage;
    }
    OnsetTrainingParams params;
    int seed = int(params.seed);
    if (!intValue(parser, QStringLiteral("epochs"), 1, params.epochs) ||
        !intValue(parser, QStringLiteral("seed"), 0, seed) ||
        !intValue(parser, QStringLiteral("patience"), 0, params.patience) ||
        !intValue(parser, QStringLiteral("batch"), 1, params.batchSize) ||
        !intValue(parser, QStringLiteral("sequence"), 0, params.sequenceLength) ||
        !intValue(parser, QStringLiteral("threads"), 0, params.threads) ||
        !doubleValue(parser, QStringLiteral("lr"), 1e-6, 10.0, params.learningRate) ||
        !doubleValue(parser, QStringLiteral("validation"), 0.0, 0.9, params.validationFraction))
        return kExitUsage;
    params.seed = uint32_t(seed);
    if (parser.isSet(QStringLiteral("init"))) {
        QString error;
        params.initialisedFrom = parser.value(QStringLiteral("init"));
        if (!loadTrainedOnsetWeights(params.initialisedFrom, params.initialWeights, &error)) {
            err(QStringLiteral("mirlo-train: ") + error);
            return kExitBadInput;
        }
    }

    QStringList warnings;
    const QStringList files = findAnnotatedAudio(folders, &warnings);
    for (const QString &w : warnings)
        err(QStringLiteral("mirlo-train: warning: ") + w);
    if (files.isEmpty()) {
        err(QStringLiteral("mirlo-train: %1: no audio files with .onsets annotations")
                .arg(folders.join(QStringLiteral(", "))));
        return kExitBadInput;
    }
    const OnsetDataset data = loadOnsetDataset(files);
    for (const QString &w : data.warnings)
        err(QStringLiteral("mirlo-train: warning: skipped ") + w);
    if (data.examples.empty()) {
        err(QStringLiteral("mirlo-train: no readable annotated audio in %1").arg(folders.join(QStringLiteral(", "))));
        return kExitBadInput;
    }
    std::printf("# %d files, %d frames, %d onsets\n", int(data.examples.size()), data.frames(), data.onsets());
    std::fflush(stdout);
    const bool quiet = parser.isSet(QStringLiteral("quiet"));
    const OnsetTrainingResult result = trainOnsetRnn(data, params, [&](const OnsetTrainingProgress &p) {
        if (p.epochEnd && !quiet) {
            std::printf("epoch %d/%d  loss %.4f", p.epoch, p.epochs, p.trainLoss);
            if (p.validationLoss >= 0)
                std::printf("  val_loss %.4f  val_F %.3f", p.validationLoss, p.validationF);
            std::printf("  %.1f s\n", p.seconds);
            std::fflush(stdout);
        }
        return true;
    });
    if (!result.ok) {
        err(QStringLiteral("mirlo-train: ") + result.error);
        return kExitBadInput;
    }
    QString error;
    if (!saveOnsetModel(result, out, &error)) {
        err(QStringLiteral("mirlo-train: ") + error);
        return kExitBadInput;
    }
    std::printf("# best epoch %d  val_loss %.4f  val_F %.3f%s  %.1f s  -> %s\n", result.bestEpoch,
                result.bestValidationLoss, result.bestValidationF, result.stoppedEarly ? "  (early stop)" : "",
                result.seconds, out.toLocal8Bit().constData());
    return kExitOk;
}
