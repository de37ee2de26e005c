#include "cli_train_onsets.h"

#include "cli_common.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QProcess>

namespace mirlo::cli {

int runTrainOnsets(const QStringList &args)
{
    // Installed side by side (build: both in <build>/app).
    const QString exe = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("mirlo-train"));
    if (!QFileInfo(exe).isExecutable()) {
        printError(
            QStringLiteral("%1: not found; train-onsets needs the mirlo-train program next to mirlo-cli").arg(exe));
        return kExitBadInput;
    }
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedChannels);
    process.setInputChannelMode(QProcess::ForwardedInputChannel);
    process.start(exe, args.mid(1)); // args[0] is the program name
    if (!process.waitForStarted(-1)) {
        printError(QStringLiteral("%1: cannot start (%2)").arg(exe, process.errorString()));
        return kExitBadInput;
    }
    process.waitForFinished(-1);
    if (process.exitStatus() != QProcess::NormalExit) {
        printError(QStringLiteral("%1: crashed").arg(exe));
        return kExitBadInput;
    }
    return process.exitCode();
}

} // namespace mirlo::cli
