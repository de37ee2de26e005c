// mirlo-cli: the command-line companion. This file only dispatches on the
// command word; each command parses its own options (cli_<command>.cpp).
#include "cli_beats.h"
#include "cli_classify.h"
#include "cli_common.h"
#include "cli_dataset.h"
#include "cli_eval.h"
#include "cli_evaluate.h"
#include "cli_info.h"
#include "cli_model_info.h"
#include "cli_onsets.h"
#include "cli_spectrogram.h"
#include "cli_tag.h"
#include "cli_tempo.h"
#include "cli_train.h"
#include "cli_train_onsets.h"

#include <QCoreApplication>

#include <cstring>

namespace {

struct Command {
    const char *name;
    const char *summary;
    mirlo::cli::CommandFn run;
};

const Command kCommands[] = {
    {"beats", "Beat (and downbeat) times with madmom's RNN + DBN beat tracker.", mirlo::cli::runBeats},
    {"classify", "Class / tag probabilities of files with a tutorial CNN model folder (mirlo-cli train).",
     mirlo::cli::runClassify},
    {"dataset", "Training data: class/tag counts, MTAT tag cleaning, stratified split.", mirlo::cli::runDataset},
    {"eval", "Score onsets or beats against a reference annotation (mir_eval metrics).", mirlo::cli::runEval},
    {"evaluate", "Score a model (tutorial CNN or tagger) on labelled audio: accuracy, F1, ROC/PR-AUC, confusion.",
     mirlo::cli::runEvaluate},
    {"info", "Stream facts, duration and tags of audio files (JSON).", mirlo::cli::runInfo},
    {"model-info", "Architecture, layer shapes, parameter counts, features and labels of a model or preset.",
     mirlo::cli::runModelInfo},
    {"onsets", "Onset times (spectral flux, SuperFlux, HFC, complex flux, RNN, CNN).", mirlo::cli::runOnsets},
    {"spectrogram", "Spectrogram (STFT / mel / log-frequency) of a file as .npy or .png.",
     mirlo::cli::runSpectrogram},
    {"tag", "Tag probabilities of a track with a pretrained MTAT tagger (musicnn, FCN, CRNN).", mirlo::cli::runTag},
    {"tempo", "Tempo in BPM (madmom comb-filter estimate and median beat interval).", mirlo::cli::runTempo},
    {"train", "Train a tutorial CNN (instrumental/vocal, genre, mood) on labelled audio (runs mirlo-train).",
     mirlo::cli::runTrain},
    {"train-onsets", "Train the tutorial's onset RNN on audio + .onsets folders (runs mirlo-train).",
     mirlo::cli::runTrainOnsets},
};

QString generalUsage()
{
    QString text = QStringLiteral("Usage: mirlo-cli COMMAND [options] FILE...\n\nCommands:\n");
    for (const Command &c : kCommands)
        text += QStringLiteral("  %1  %2\n").arg(QString::fromLatin1(c.name).leftJustified(12),
                                                 QString::fromLatin1(c.summary));
    text += QStringLiteral("\n'mirlo-cli COMMAND --help' lists the options of a command.\n"
                           "Exit status: 0 success, 1 bad input or failed analysis, 2 bad usage.\n");
    return text;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("mirlo-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MIRLO_CLI_VERSION));
    using namespace mirlo::cli;

    QStringList args = QCoreApplication::arguments();
    if (args.size() < 2) {
        writeErr(QStringLiteral("mirlo-cli: missing command\n") + generalUsage());
        return kExitUsage;
    }
    const QString word = args.at(1);
    if (word == QLatin1String("--help") || word == QLatin1String("-h") || word == QLatin1String("help")) {
        writeOut(generalUsage().toUtf8());
        return kExitOk;
    }
    if (word == QLatin1String("--version") || word == QLatin1String("-v")) {
        writeOut(QStringLiteral("mirlo-cli %1\n").arg(QCoreApplication::applicationVersion()).toUtf8());
        return kExitOk;
    }
    for (const Command &c : kCommands) {
        if (word == QLatin1String(c.name)) {
            args.removeAt(1);
            return c.run(args);
        }
    }
    writeErr(QStringLiteral("mirlo-cli: unknown command '%1'\n").arg(word) + generalUsage());
    return kExitUsage;
}
