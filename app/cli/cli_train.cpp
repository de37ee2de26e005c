#include "cli_train.h"

#include "cli_common.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QProcess>

namespace mirlo::cli {

int runTrain(const QStringList &args)
{
    const QString exe = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("mirlo-train"));
    if (!QFileInfo(exe).isExecutable()) {
        printError(QStringLiteral("%1: not found; train needs the mirlo-train program next to mirlo-cli").arg(exe));
        return kExitBadInput;
    }
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedChannels);
    process.setInputChannelMode(QProcess::ForwardedInputChannel);
    process.start(exe, QStringList{QStringLiteral("cnn")} + args.mid(1)); // args[0] is the program name
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
