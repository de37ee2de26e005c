#include "cli_common.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <cstdio>
#include <unistd.h>

namespace mirlo::cli {

void writeOut(const QByteArray &utf8)
{
    std::fwrite(utf8.constData(), 1, size_t(utf8.size()), stdout);
    std::fflush(stdout);
}

void writeErr(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    std::fwrite(utf8.constData(), 1, size_t(utf8.size()), stderr);
    std::fflush(stderr);
}

void printError(const QString &message)
{
    QString line = message.simplified(); // one line, whatever the source said
    writeErr(QStringLiteral("mirlo-cli: ") + line + QLatin1Char('\n'));
}

QString usageLine(const QString &command, const QString &synopsis)
{
    return QStringLiteral("Usage: mirlo-cli %1 %2\nTry 'mirlo-cli %1 --help' for more information.\n")
        .arg(command, synopsis);
}

namespace {

// Parses args; on failure prints the parser's error to stderr and returns
// false. Handles --help itself (prints help to stdout, sets helpShown).
bool parseArgs(QCommandLineParser &parser, const QStringList &args, const QString &command,
               bool &helpShown)
{
    helpShown = false;
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    parser.addOption(help);
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    if (!parser.parse(args)) {
        writeErr(QStringLiteral("mirlo-cli %1: %2\n").arg(command, parser.errorText()));
        return false;
    }
    if (parser.isSet(help)) {
        // helpText() starts "Usage: <argv[0]> [options] ...": name the command.
        QString text = parser.helpText();
        const int options = text.indexOf(QStringLiteral(" [options]"));
        if (text.startsWith(QStringLiteral("Usage: ")) && options > 0 && options < text.indexOf(QLatin1Char('\n')))
            text.replace(0, options, QStringLiteral("Usage: mirlo-cli %1").arg(command));
        writeOut(text.toUtf8());
        helpShown = true;
    }
    return true;
}

} // namespace

std::optional<int> parseOrUsage(QCommandLineParser &parser, const QStringList &args, const QString &command,
                                const QString &usage)
{
    bool helpShown = false;
    if (!parseArgs(parser, args, command, helpShown)) {
        writeErr(usage);
        return kExitUsage;
    }
    if (helpShown)
        return kExitOk;
    return std::nullopt;
}

bool intOption(const QCommandLineParser &parser, const QString &name, int minValue, int &value,
               QString &error)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const int v = parser.value(name).trimmed().toInt(&ok);
    if (!ok || v < minValue) {
        error = QStringLiteral("--%1 must be an integer >= %2 (got '%3')")
                    .arg(name).arg(minValue).arg(parser.value(name));
        return false;
    }
    value = v;
    return true;
}

bool doubleOption(const QCommandLineParser &parser, const QString &name, double &value, QString &error)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const double v = parser.value(name).trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(v)) {
        error = QStringLiteral("--%1 must be a number (got '%2')").arg(name, parser.value(name));
        return false;
    }
    value = v;
    return true;
}

bool stderrIsTerminal()
{
    return ::isatty(STDERR_FILENO) == 1;
}

void writeCollectedJson(const QJsonArray &all, int fileCount, bool emptyArrayForSeveral)
{
    if (fileCount == 1 && all.size() == 1)
        writeOut(QJsonDocument(all.first().toObject()).toJson(QJsonDocument::Indented));
    else if (!all.isEmpty() || (emptyArrayForSeveral && fileCount > 1))
        writeOut(QJsonDocument(all).toJson(QJsonDocument::Indented));
}

bool requireInputFiles(const QCommandLineParser &parser, const QString &command, const QString &synopsis,
                       QStringList &files)
{
    files = parser.positionalArguments();
    if (!files.isEmpty())
        return true;
    writeErr(QStringLiteral("mirlo-cli %1: no input file\n").arg(command) + usageLine(command, synopsis));
    return false;
}

double roundTo(double x, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(x * scale) / scale;
}

} // namespace mirlo::cli
