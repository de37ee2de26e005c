// The Mirlo desktop app: parses the command line, opens the main window and
// optionally files, the demo track, a timing log or a one-shot screenshot.
#include "core/tagging/tagger_model.h"
#include "ui/analysis/analysis_controller.h"
#include "ui/analysis/saliency_controller.h"
#include "ui/analysis/tagging_controller.h"
#include "ui/mainwindow/main_window.h"
#include "ui/mainwindow/timing_log.h"
#include "ui/panels/parameters_panel.h"
#include "ui/panels/saliency_chooser.h"
#include "ui/panels/tags_panel.h"
#include "ui/views/time_viewport.h"
#include "ui/views/track_detail_view.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QPixmap>
#include <QTimer>
#include <QTranslator>

#include <cstdio>

#ifndef MIRLO_VERSION_STRING
#define MIRLO_VERSION_STRING "0.1.0"
#endif

// --help and --version only print: they must also work without a display
// (a terminal over ssh, a build script), where QApplication would abort.
static void allowPrintOnlyRunsWithoutDisplay(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray a(argv[i]);
        if (a == "-h" || a == "--help" || a == "--help-all" || a == "-?" || a == "-v" || a == "--version") {
            if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
                qputenv("QT_QPA_PLATFORM", "offscreen");
            return;
        }
    }
}

int main(int argc, char **argv)
{
    allowPrintOnlyRunsWithoutDisplay(argc, argv);
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Mirlo"));
    QApplication::setOrganizationDomain(QStringLiteral("mirlo.example.org"));
    QApplication::setApplicationName(QStringLiteral("Mirlo"));
    QApplication::setApplicationVersion(QStringLiteral(MIRLO_VERSION_STRING));

    // Mirlo's own strings are embedded (ui/CMakeLists.txt); Qt's come from the system.
    // English plural forms ("1 file" / "2 files") come first and load in every locale,
    // including the C locale of tests and offscreen runs; the locale's translator is
    // installed after it, so it is searched first and German wins where it has a text.
    QTranslator pluralTranslator, qtTranslator, mirloTranslator;
    if (pluralTranslator.load(QStringLiteral(":/i18n/mirlo_en.qm")))
        QApplication::installTranslator(&pluralTranslator);
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    if (mirloTranslator.load(QLocale(), QStringLiteral("mirlo"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(&mirloTranslator);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("A desktop workbench for music information retrieval."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("files"), QStringLiteral("Audio files or folders to open."),
                                 QStringLiteral("[FILE...]"));
    const QCommandLineOption timing(QStringLiteral("timing"),
                                    QStringLiteral("Log decode and drop-to-spectrogram times to stderr."));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("Save the window to PATH once the first spectrogram is "
                                                       "shown, then quit."),
                                        QStringLiteral("PATH"));
    const QCommandLineOption demo(QStringLiteral("demo"), QStringLiteral("Open the bundled demo track."));
    const QCommandLineOption analyse(QStringLiteral("analyse"),
                                     QStringLiteral("Analyse the opened track (onsets, beats) even when auto-analysis "
                                                    "is off; with --screenshot, wait for the analysis layers."));
    const QCommandLineOption range(QStringLiteral("view-range"),
                                   QStringLiteral("Show FROM:TO seconds of the track (with --screenshot: zoomed in)."),
                                   QStringLiteral("FROM:TO"));
    const QCommandLineOption kind(QStringLiteral("kind"),
                                  QStringLiteral("Spectrogram kind to start with: stft, mel or logfreq."),
                                  QStringLiteral("KIND"));
    const QCommandLineOption tag(QStringLiteral("tag"),
                                 QStringLiteral("Show the Tags panel and tag the opened track; with --screenshot, "
                                                "wait for the tags."));
    const QCommandLineOption compare(QStringLiteral("compare"),
                                     QStringLiteral("With --tag: also tag with MODEL (musicnn, fcn, crnn or a folder) "
                                                    "and show both models' bars side by side."),
                                     QStringLiteral("MODEL"));
    const QCommandLineOption saliency(QStringLiteral("saliency"),
                                      QStringLiteral("Tag the opened track (as --tag) and show the saliency lane for "
                                                     "TAG (\"top\": the top tag); with --screenshot, wait for it."),
                                      QStringLiteral("TAG"));
    parser.addOptions({timing, screenshot, demo, analyse, range, kind, tag, compare, saliency});
    parser.process(app);

    mirlo::MainWindow window;
    window.setTimingEnabled(parser.isSet(timing) || mirlo::TimingLog::enabledByEnvironment());

    if (parser.isSet(screenshot)) {
        const QString path = parser.value(screenshot);
        auto grabAndQuit = [&window, path]() {
            const bool ok = window.grab().save(path);
            std::fprintf(stderr, ok ? "mirlo: screenshot saved to %s\n" : "mirlo: could not save screenshot %s\n",
                         qUtf8Printable(QDir::toNativeSeparators(path)));
            QApplication::exit(ok ? 0 : 1);
        };
        if (parser.isSet(saliency)) {
            // The map comes after the tags: wait until the controller holds one.
            QObject::connect(window.saliency(), &mirlo::SaliencyController::changed, &window, [&window, grabAndQuit]() {
                if (window.saliency()->current())
                    QTimer::singleShot(800, grabAndQuit);
            });
        } else if (parser.isSet(tag)) {
            // Tags come after the spectrogram; a track whose tagging fails still gets its screenshot.
            QObject::connect(
                window.tagging(), &mirlo::TaggingController::finished, &window,
                [grabAndQuit]() { QTimer::singleShot(800, grabAndQuit); }, Qt::SingleShotConnection);
        } else if (parser.isSet(analyse)) {
            // Layers come after the spectrogram: wait for the analysis (the spectrogram is long done by then).
            QObject::connect(
                window.analysis(), &mirlo::AnalysisController::analysisFinished, &window,
                [grabAndQuit]() { QTimer::singleShot(800, grabAndQuit); }, Qt::SingleShotConnection);
        } else {
            QObject::connect(
                window.detailView(), &mirlo::TrackDetailView::spectrogramShown, &window,
                [grabAndQuit]() { QTimer::singleShot(300, grabAndQuit); }, Qt::SingleShotConnection);
        }
        const bool nothingToShow = parser.positionalArguments().isEmpty() && !parser.isSet(demo);
        // Without a track there is no spectrogram to wait for; with one, do not hang forever.
        QTimer::singleShot(nothingToShow ? 1000 : 60000, &window, grabAndQuit);
    }

    if (parser.isSet(kind)) {
        mirlo::SpectrogramParams params = window.detailView()->spectrogramParams();
        if (!mirlo::parseKind(parser.value(kind), params.kind)) {
            std::fprintf(stderr, "mirlo: --kind wants stft, mel or logfreq\n");
            return 2;
        }
        window.detailView()->setSpectrogramParams(params);
        window.parametersPanel()->setParams(params);
    }
    if (parser.isSet(analyse))
        window.analysis()->setAutoAnalyse(true);
    if (parser.isSet(saliency)) {
        const QString wanted = parser.value(saliency);
        // Once the tags are there (the chooser lists them), pick the tag.
        QObject::connect(
            window.tagging(), &mirlo::TaggingController::finished, &window,
            [&window, wanted]() {
                if (wanted == QLatin1String("top"))
                    window.saliencyChooser()->selectTopTag();
                else
                    window.saliencyChooser()->selectTag(wanted);
            },
            Qt::SingleShotConnection);
    }
    if (parser.isSet(tag) || parser.isSet(saliency)) {
        if (auto *dock = window.findChild<QDockWidget *>(QStringLiteral("tagsDock"))) {
            dock->show();
            dock->raise();
        }
        if (parser.isSet(compare)) {
            const QString model = mirlo::TaggerModel::resolveModel(parser.value(compare));
            if (!model.startsWith(QLatin1Char(':')) && !window.loadTagger(QFileInfo(model).absoluteFilePath())) {
                std::fprintf(stderr, "mirlo: --compare: cannot load %s\n", qUtf8Printable(parser.value(compare)));
                return 2;
            }
            window.tagsPanel()->setModel(mirlo::TaggerModel::defaultModelName());
            window.tagsPanel()->setCompareModel(model.startsWith(QLatin1Char(':'))
                                                    ? QFileInfo(model).fileName()
                                                    : QDir::cleanPath(QFileInfo(model).absoluteFilePath()));
        }
        window.tagging()->setAutoRun(true);
    }
    if (parser.isSet(range)) {
        const QStringList parts = parser.value(range).split(QLatin1Char(':'));
        bool ok1 = false, ok2 = false;
        const double from = parts.value(0).toDouble(&ok1), to = parts.value(1).toDouble(&ok2);
        if (parts.size() != 2 || !ok1 || !ok2 || !(to > from)) {
            std::fprintf(stderr, "mirlo: --view-range wants FROM:TO seconds, e.g. 4:8\n");
            return 2;
        }
        // After the track is shown (setTrack shows it all), zoom to the range.
        QObject::connect(window.detailView(), &mirlo::TrackDetailView::spectrogramShown, &window,
                         [&window, from, to]() { window.detailView()->viewport()->showRange(from, to); });
    }
    window.show();
    if (parser.isSet(demo))
        window.openDemo();
    QStringList paths;
    for (const QString &arg : parser.positionalArguments())
        paths << QFileInfo(arg).absoluteFilePath();
    if (!paths.isEmpty())
        window.openPaths(paths);
    return app.exec();
}
