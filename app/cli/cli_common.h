#pragma once
// Shared plumbing of the mirlo-cli commands: exit codes, stdout/stderr
// writing (UTF-8, one line per error) and option parsing helpers.
#include <QCommandLineParser>
#include <QJsonArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace mirlo::cli {

enum ExitCode { kExitOk = 0, kExitBadInput = 1, kExitUsage = 2 };

// A command gets the program name followed by its own arguments (the command
// word removed) and returns the process exit code.
using CommandFn = int (*)(const QStringList &args);

// Writes UTF-8 text to stdout / stderr unchanged.
void writeOut(const QByteArray &utf8);
void writeErr(const QString &text);
// "mirlo-cli: <message>" as one line on stderr (newlines in message flattened).
void printError(const QString &message);

QString usageLine(const QString &command, const QString &synopsis);
// Parses args with parser (adding -h/--help): on bad usage prints the
// parser's error and `usage` to stderr and gives kExitUsage, after --help
// prints the help to stdout and gives kExitOk; nullopt: run the command.
std::optional<int> parseOrUsage(QCommandLineParser &parser, const QStringList &args, const QString &command,
                                const QString &usage);
// The positional FILE arguments; false (after printing "no input file" and the
// usage to stderr) when there are none: the caller exits with kExitUsage.
bool requireInputFiles(const QCommandLineParser &parser, const QString &command, const QString &synopsis,
                       QStringList &files);

// Integer / number options: false + one-line message when not a valid value.
bool intOption(const QCommandLineParser &parser, const QString &name, int minValue, int &value,
               QString &error);
bool doubleOption(const QCommandLineParser &parser, const QString &name, double &value, QString &error);

// x rounded to `decimals` places, for printed times and tempi (6 for times: microseconds).
double roundTo(double x, int decimals);

// The --json output of a command that collected one object per input file:
// the object itself for a single file, else an array (nothing when no file
// gave a result, unless emptyArrayForSeveral and several files were given).
void writeCollectedJson(const QJsonArray &all, int fileCount, bool emptyArrayForSeveral = false);

// True when stderr is a terminal (progress is only shown there, or with --progress).
bool stderrIsTerminal();

} // namespace mirlo::cli
