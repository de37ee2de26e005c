#pragma once
// Runs the mirlo-cli binary under test (MIRLO_CLI_PATH) and collects what it
// printed; shared by the tests/cli/tst_cli_*.cpp end-to-end tests.
#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>

namespace mirlo::test {

struct Run {
    int exitCode = -1;
    bool crashed = false; // crashed, or killed after timing out
    QByteArray out;
    QByteArray err;
};

// extraEnv: "NAME=value" entries added to the environment of the run.
inline Run runCli(const QStringList &args, int timeoutMs = 300000, const QStringList &extraEnv = {})
{
    QProcess p;
    if (!extraEnv.isEmpty()) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString &e : extraEnv)
            env.insert(e.section(QLatin1Char('='), 0, 0), e.section(QLatin1Char('='), 1));
        p.setProcessEnvironment(env);
    }
    p.start(QStringLiteral(MIRLO_CLI_PATH), args);
    Run r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.crashed = true;
        return r;
    }
    r.crashed = p.exitStatus() != QProcess::NormalExit;
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace mirlo::test
