#include "cli_spectrogram.h"

#include "cli_common.h"
#include "spectrogram_image.h"
#include "spectrogram_pipeline.h"
#include "core/dsp/window.h"
#include "core/io/npy_writer.h"
#include "core/render/colour_map.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFileInfo>

#include <cmath>

namespace mirlo::cli {

namespace {

const QString kCommand = QStringLiteral("spectrogram");
const QString kSynopsis = QStringLiteral("FILE --out OUT.npy|OUT.png [options]");

constexpr int kMinFrame = 16;
constexpr int kMaxFrame = 1 << 16;

struct Options {
    QString input;
    QString output;
    bool png = false;
    SpectrogramParams params;
    int sampleRate = 0;
    ColourMap colourMap = ColourMap::Viridis;
    bool progress = false;
};

bool parseWindow(const QString &name, WindowType &type)
{
    for (WindowType t : {WindowType::Hann, WindowType::Hamming, WindowType::Blackman, WindowType::Rectangular}) {
        if (name.compare(QLatin1String(windowName(t)), Qt::CaseInsensitive) == 0) {
            type = t;
            return true;
        }
    }
    return false;
}

// Fills opt from the parsed options; false + one-line error on a bad value.
bool readOptions(const QCommandLineParser &parser, Options &opt, QString &error)
{
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1) {
        error = files.isEmpty() ? QStringLiteral("no input file") : QStringLiteral("exactly one input file expected");
        return false;
    }
    opt.input = files.first();
    opt.output = parser.value(QStringLiteral("out"));
    if (opt.output.isEmpty()) {
        error = QStringLiteral("--out OUT.npy or OUT.png is required");
        return false;
    }
    const QString suffix = QFileInfo(opt.output).suffix().toLower();
    if (suffix != QLatin1String("npy") && suffix != QLatin1String("png")) {
        error = QStringLiteral("--out must end in .npy or .png (got '%1')").arg(opt.output);
        return false;
    }
    opt.png = suffix == QLatin1String("png");

    SpectrogramParams &p = opt.params;
    p.topDb = 80.0;
    if (parser.isSet(QStringLiteral("kind")) && !parseKind(parser.value(QStringLiteral("kind")).trimmed(), p.kind)) {
        error = QStringLiteral("--kind must be stft, mel or logfreq (got '%1')").arg(parser.value(QStringLiteral("kind")));
        return false;
    }
    if (!intOption(parser, QStringLiteral("frame"), kMinFrame, p.frameSize, error)
        || !intOption(parser, QStringLiteral("hop"), 1, p.hopSize, error))
        return false;
    if (p.frameSize > kMaxFrame) {
        error = QStringLiteral("--frame must be at most %1 (got %2)").arg(kMaxFrame).arg(p.frameSize);
        return false;
    }
    int bands = p.kind == SpectrogramKind::LogFrequency ? p.bandsPerOctave : p.melBands;
    if (!intOption(parser, QStringLiteral("bands"), 1, bands, error))
        return false;
    if (p.kind == SpectrogramKind::LogFrequency)
        p.bandsPerOctave = bands;
    else
        p.melBands = bands;
    if (parser.isSet(QStringLiteral("window")) && !parseWindow(parser.value(QStringLiteral("window")).trimmed(), p.window)) {
        error = QStringLiteral("--window must be hann, hamming, blackman or rectangular (got '%1')")
                    .arg(parser.value(QStringLiteral("window")));
        return false;
    }
    if (!intOption(parser, QStringLiteral("sr"), 1000, opt.sampleRate, error))
        return false;
    if (opt.sampleRate > 768000) {
        error = QStringLiteral("--sr must be at most 768000 (got %1)").arg(opt.sampleRate);
        return false;
    }
    if (!doubleOption(parser, QStringLiteral("top-db"), p.topDb, error)
        || !doubleOption(parser, QStringLiteral("fmin"), p.fminHz, error)
        || !doubleOption(parser, QStringLiteral("fmax"), p.fmaxHz, error))
        return false;
    if (p.fminHz < 0.0 || p.fmaxHz < 0.0 || (p.fmaxHz > 0.0 && p.fmaxHz <= p.fminHz)) {
        error = QStringLiteral("--fmin / --fmax must satisfy 0 <= fmin < fmax");
        return false;
    }
    if (parser.isSet(QStringLiteral("colormap"))
        && !parseColourMap(parser.value(QStringLiteral("colormap")), opt.colourMap)) {
        error = QStringLiteral("--colormap must be one of %1 (got '%2')")
                    .arg(colourMapNames().join(QStringLiteral(", ")), parser.value(QStringLiteral("colormap")));
        return false;
    }
    opt.progress = parser.isSet(QStringLiteral("progress")) || stderrIsTerminal();
    return true;
}

void addOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Compute the spectrogram (power in dB, ref 1.0) of FILE mixed to mono and write it as\n"
        "a float32 .npy matrix (frames x bins, C order) or a PNG image (time left to right,\n"
        "low frequencies at the bottom). Frames are centred: frames = 1 + samples / hop."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Audio file."));
    const auto opt = [&](const char *name, const char *help, const char *valueName, const QString &def = {}) {
        QCommandLineOption o(QString::fromLatin1(name), QString::fromLatin1(help), QString::fromLatin1(valueName));
        if (!def.isEmpty())
            o.setDefaultValue(def);
        parser.addOption(o);
    };
    opt("out", "Output file; the extension (.npy or .png) selects the format.", "FILE");
    opt("kind", "stft (linear bins), mel or logfreq (12 bands per octave, madmom). Default stft.", "KIND");
    opt("frame", "Frame (FFT) size in samples, >= 16. Default 2048.", "N");
    opt("hop", "Hop size in samples, >= 1. Default 512.", "N");
    opt("bands", "mel: number of mel bands (default 128); logfreq: bands per octave (default 12).", "N");
    opt("window", "hann, hamming, blackman or rectangular. Default hann.", "NAME");
    opt("sr", "Resample to RATE Hz before the analysis. Default: the file's rate.", "RATE");
    opt("fmin", "Lowest frequency for mel / logfreq in Hz. Default 0 (logfreq: 30).", "HZ");
    opt("fmax", "Highest frequency for mel / logfreq in Hz. Default Nyquist (logfreq: <= 17000).", "HZ");
    opt("top-db", "Floor at (maximum - DB); <= 0 disables the floor. Default 80.", "DB");
    opt("colormap", "PNG colour map: viridis, magma, inferno or greyscale. Default viridis.", "NAME");
    parser.addOption(QCommandLineOption(QStringLiteral("progress"),
                                        QStringLiteral("Show progress on stderr (default only on a terminal).")));
}

int writeOutput(const Options &opt, PipelineResult &result)
{
    QString error;
    if (opt.png) {
        if (!writeSpectrogramPng(opt.output, result.data, opt.colourMap, &error)) {
            printError(error);
            return kExitBadInput;
        }
    } else if (result.npy) {
        if (!result.npy->commit(result.data.db.rows, &error)) {
            printError(error);
            return kExitBadInput;
        }
    } else if (!writeNpyUnsynced(opt.output, result.data.db, &error)) {
        printError(error.isEmpty() ? opt.output + QStringLiteral(": cannot write") : error);
        return kExitBadInput;
    }
    return kExitOk;
}

} // namespace

int runSpectrogram(const QStringList &args)
{
    QCommandLineParser parser;
    addOptions(parser);
    if (const std::optional<int> done = parseOrUsage(parser, args, kCommand, usageLine(kCommand, kSynopsis)))
        return *done;
    Options opt;
    QString error;
    if (!readOptions(parser, opt, error)) {
        writeErr(QStringLiteral("mirlo-cli spectrogram: %1\n").arg(error));
        // Missing arguments get the synopsis; a bad value is explained in its one line.
        if (parser.positionalArguments().size() != 1 || !parser.isSet(QStringLiteral("out")))
            writeErr(usageLine(kCommand, kSynopsis));
        return kExitUsage;
    }

    int lastPercent = -1;
    ProgressFn progress;
    if (opt.progress) {
        progress = [&](double f) {
            const int percent = int(f * 100.0);
            if (percent != lastPercent) {
                lastPercent = percent;
                writeErr(QStringLiteral("\rmirlo-cli: %1: %2%").arg(QFileInfo(opt.input).fileName()).arg(percent));
            }
            return true;
        };
    }
    PipelineResult result =
        decodeAndAnalyse(opt.input, opt.params, opt.sampleRate, progress, opt.png ? QString() : opt.output);
    if (lastPercent >= 0)
        writeErr(QStringLiteral("\n"));
    for (const QString &w : result.warnings)
        printError(QStringLiteral("warning: ") + w);
    if (!result.ok) {
        printError(result.error);
        return kExitBadInput;
    }
    // Centred frames exist for any length, but fewer samples than one frame
    // would be mostly padding: report it instead of a misleading picture.
    if (result.samples < opt.params.frameSize || result.data.db.isEmpty()) {
        printError(QStringLiteral("%1: too short for a spectrogram: %2 samples at %3 Hz, one frame needs %4")
                       .arg(opt.input).arg(result.samples).arg(result.sampleRate).arg(opt.params.frameSize));
        return kExitBadInput;
    }
    QElapsedTimer writeTimer;
    writeTimer.start();
    const int code = writeOutput(opt, result);
    if (qEnvironmentVariableIntValue("MIRLO_CLI_TIMING") == 1) {
        writeErr(QStringLiteral("mirlo-cli: timing: decode %1 s wall (decoder thread %2 s CPU, %6 part(s)%8, "
                                "later-part threads %7 s CPU, analysis thread %3 s CPU), finish %4 s, write %5 s\n")
                     .arg(result.decodeWall, 0, 'f', 3).arg(result.decodeCpu, 0, 'f', 3)
                     .arg(result.analysisCpu, 0, 'f', 3).arg(result.finishWall, 0, 'f', 3)
                     .arg(double(writeTimer.nsecsElapsed()) * 1e-9, 0, 'f', 3)
                     .arg(result.decodeParts).arg(result.decodeWorkerCpu, 0, 'f', 3)
                     .arg(result.split ? QStringLiteral(" analysed on their own threads") : QString()));
    }
    return code;
}

} // namespace mirlo::cli
