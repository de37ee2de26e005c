// The main window as a user drives it: drops of files and folders, a broken
// file, switching tracks. Runs offscreen; real decoding and rendering.
#include "core/jobs/job_runner.h"
#include "ui/mainwindow/main_window.h"
#include "ui/mainwindow/track_session.h"
#include "ui/model/track_list_model.h"
#include "ui/panels/metadata_panel.h"
#include "ui/playback/playback_controller.h"
#include "ui/views/track_detail_view.h"
#include "ui/widgets/job_status_widget.h"
#include "ui/widgets/message_bar.h"
#include "ui/widgets/transport_bar.h"

#include <QApplication>
#include <QAudioDevice>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QImage>
#include <QLabel>
#include <QMediaDevices>
#include <QMenuBar>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTranslator>
#include <QTreeView>
#include <QtTest>

#include <cmath>

using namespace mirlo;

namespace {

const QString kData = QStringLiteral(MIRLO_SHARED_DATA);
const QString kClip = kData + QStringLiteral("/formats/clip_44k_s16_stereo.wav");

bool simulateDrop(QWidget *target, const QStringList &paths)
{
    QMimeData mime;
    QList<QUrl> urls;
    for (const QString &p : paths)
        urls << QUrl::fromLocalFile(p);
    mime.setUrls(urls);
    const QPoint at(target->width() / 2, target->height() / 2);
    QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    if (!enter.isAccepted())
        return false;
    QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &drop);
    return drop.isAccepted();
}

// Standard deviation of the grey level of an image: ~0 for a blank widget.
double greyStdDev(const QImage &image)
{
    double sum = 0.0, sum2 = 0.0;
    qint64 n = 0;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2) {
            const int g = qGray(image.pixel(x, y));
            sum += g;
            sum2 += double(g) * g;
            ++n;
        }
    const double mean = sum / double(n);
    return std::sqrt(std::max(0.0, sum2 / double(n) - mean * mean));
}

int distinctColours(const QImage &image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2)
            colours.insert(image.pixel(x, y));
    return colours.size();
}

int rowOfFile(const TrackListModel *model, const QString &path)
{
    return model->rowOf(QFileInfo(path).absoluteFilePath());
}

bool allSettled(const TrackListModel *model)
{
    for (int r = 0; r < model->rowCount(); ++r)
        if (model->entry(r).status == TrackEntry::Status::Loading)
            return false;
    return true;
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // keep recent files / state out of the user's settings
        QCoreApplication::setOrganizationName(QStringLiteral("MirloTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_main_window"));
        QVERIFY2(QFileInfo::exists(kClip), qPrintable(kClip));
    }

    void dropFileShowsSpectrogram()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy shown(w.detailView(), &TrackDetailView::spectrogramShown);

        QVERIFY(simulateDrop(&w, {kClip}));
        QCOMPARE(w.trackListModel()->rowCount(), 1);
        QCOMPARE(w.trackListModel()->entry(0).path, QFileInfo(kClip).absoluteFilePath());
        QTRY_VERIFY_WITH_TIMEOUT(w.currentTrack() != nullptr, 20000); // first loaded becomes current
        QCOMPARE(w.currentTrack()->sampleRate(), 44100);
        QCOMPARE(w.currentTrack()->audio.channels, 2);
        QVERIFY(std::abs(w.currentTrack()->durationSec() - 5.0) < 0.01); // manifest: 5 s clip
        QCOMPARE(w.trackListModel()->data(w.trackListModel()->index(0, TrackListModel::DurationColumn)).toString(),
                 QStringLiteral("0:05"));
        QVERIFY(w.windowTitle().startsWith(QStringLiteral("Mirlo — ")));
        QVERIFY(w.windowTitle().endsWith(w.currentTrack()->displayName()));

        QTRY_VERIFY_WITH_TIMEOUT(shown.count() > 0, 20000);
        const QImage image = w.detailView()->grab().toImage();
        QVERIFY(!image.isNull());
        const double sd = greyStdDev(image);
        const int colours = distinctColours(image);
        qInfo("detail view %dx%d: grey std-dev %.1f, %d distinct colours", image.width(), image.height(), sd, colours);
        QVERIFY2(sd > 10.0, "the detail view looks blank");
        QVERIFY2(colours > 50, "a spectrogram should show many colour-map levels");
        QVERIFY(w.messageBar()->messages().filter(QStringLiteral("clip_44k_s16_stereo")).isEmpty());
        QVERIFY(QSettings()
                    .value(QStringLiteral("recentFiles"))
                    .toStringList()
                    .contains(QFileInfo(kClip).absoluteFilePath()));
    }

    void viewSignalsDrivePlayback()
    {
        MainWindow w;
        w.show();
        QVERIFY(simulateDrop(&w, {kClip}));
        QTRY_VERIFY_WITH_TIMEOUT(w.currentTrack() != nullptr, 20000);
        // Click-to-seek in the detail view moves the play position and the read-out.
        Q_EMIT w.detailView()->seekRequested(2.0);
        QCOMPARE(w.playback()->position(), 2.0);
        QVERIFY(w.transport()->positionText().startsWith(QStringLiteral("00:02.000 / 00:05.000")));
        // A selection becomes the loop region; stop returns to its start.
        Q_EMIT w.detailView()->selectionChanged(1.0, 1.5);
        QVERIFY(w.playback()->hasSelection());
        w.transport()->loopAction()->setChecked(true);
        QVERIFY(w.playback()->loopEnabled());
        w.transport()->stopAction()->trigger();
        QCOMPARE(w.playback()->position(), 1.0);
        Q_EMIT w.detailView()->selectionChanged(0.5, 0.5); // cleared
        QVERIFY(!w.playback()->hasSelection());
        w.transport()->stopAction()->trigger();
        QCOMPARE(w.playback()->position(), 0.0);
        // Volume slider: cubic taper, full scale at 100.
        w.transport()->volumeSlider()->setValue(50);
        QCOMPARE(w.playback()->volume(), 0.125);
    }

    void closingALoadingTrackAndReopeningIt()
    {
        MainWindow w;
        const QString longFile = kData + QStringLiteral("/beats/muldjord_mutilated_mime_039-099s.ogg");
        w.openPaths({longFile});
        w.session()->closeRow(0); // while it decodes
        QCOMPARE(w.trackListModel()->rowCount(), 0);
        w.openPaths({longFile}); // a fresh load, not the cancelled job's
        QCOMPARE(w.trackListModel()->rowCount(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(w.currentTrack() != nullptr, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(w.jobs()->activeCount(), 0, 20000);
        QCOMPARE(w.trackListModel()->rowCount(), 1);
        QCOMPARE(w.trackListModel()->entry(0).status, TrackEntry::Status::Ready);
        QVERIFY(std::abs(w.currentTrack()->durationSec() - 60.0) < 0.05); // manifest: 60 s excerpt
    }

    void germanTranslationIsEmbedded()
    {
        QTranslator translator;
        QVERIFY(translator.load(QLocale(QLocale::German, QLocale::Germany), QStringLiteral("mirlo"),
                                QStringLiteral("_"), QStringLiteral(":/i18n")));
        QCoreApplication::installTranslator(&translator);
        {
            MainWindow w;
            const QList<QAction *> menus = w.menuBar()->actions();
            QVERIFY(!menus.isEmpty());
            QCOMPARE(menus.first()->text(), QStringLiteral("&Datei"));
            QCOMPARE(w.transport()->playPauseAction()->text(), QStringLiteral("Abspielen"));
            // Field keys stay English for code; only the shown labels change.
            QCOMPARE(w.metadataPanel()->fieldText(QStringLiteral("Sample rate")), QStringLiteral("–"));
        }
        QCoreApplication::removeTranslator(&translator);
    }

    void tellsWhenThereIsNoAudioDevice()
    {
        MainWindow w;
        const bool noDevice = QMediaDevices::audioOutputs().isEmpty();
        const bool told = !w.messageBar()->messages().filter(QStringLiteral("No audio output device")).isEmpty();
        QCOMPARE(told, noDevice);
    }

    void cancellingALoadRemovesItsRow()
    {
        MainWindow w;
        const QString longFile = kData + QStringLiteral("/beats/muldjord_internal_degeneration_040-100s.ogg");
        auto *status = w.findChild<JobStatusWidget *>();
        QVERIFY(status);
        w.openPaths({longFile});
        QCOMPARE(w.trackListModel()->rowCount(), 1);
        // The status bar shows the running decode with its file name.
        QCOMPARE(status->runningCount(), 1);
        QVERIFY(!status->isHidden());
        QVERIFY(status->findChild<QLabel *>()->text().contains(QStringLiteral("internal_degeneration")));
        w.jobs()->cancelAll(); // what the status bar's cancel button does
        QTRY_VERIFY_WITH_TIMEOUT(w.jobs()->activeCount() == 0, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(status->isHidden(), 5000);
        // Cancelled before it finished: the row goes; finished first: it is simply loaded.
        QTRY_VERIFY_WITH_TIMEOUT(w.trackListModel()->rowCount() == 0 || w.currentTrack() != nullptr, 5000);
        qInfo("after cancel: %d row(s)", w.trackListModel()->rowCount());
        QVERIFY(w.messageBar()->messages().filter(QStringLiteral("internal_degeneration")).isEmpty());
    }

    void dropsReachTheWindowFromTheViews()
    {
        // A real drop lands on the widget under the pointer and goes up to the
        // first one accepting drops: nothing between the views / track list and
        // the window may swallow it.
        MainWindow w;
        QList<QWidget *> areas = {w.detailView(), w.trackListView()};
        areas << w.detailView()->findChildren<QWidget *>() << w.trackListView()->findChildren<QWidget *>();
        for (QWidget *area : areas)
            for (QWidget *p = area; p && p != &w; p = p->parentWidget())
                QVERIFY2(!p->acceptDrops(), p->metaObject()->className());
        QVERIFY(w.acceptDrops());
    }

    void dropFolderOpensMany()
    {
        MainWindow w;
        w.show();
        const QString folder = kData + QStringLiteral("/formats");
        QVERIFY(simulateDrop(&w, {folder}));
        const TrackListModel *model = w.trackListModel();
        // 16 clips + 10 broken files + 4 madmom files, all found recursively; no .beats/.onsets.
        QCOMPARE(model->rowCount(), 30);
        for (int r = 0; r < model->rowCount(); ++r)
            QVERIFY(!model->entry(r).path.endsWith(QStringLiteral(".beats")));
        QTRY_VERIFY_WITH_TIMEOUT(allSettled(model), 120000);
        QVERIFY2(model->readyCount() >= 16 + 4, qPrintable(QString::number(model->readyCount())));
        // The clearly broken files fail, each with a message naming it; the app stays usable.
        for (const char *bad : {"empty.wav", "not_audio.wav", "corrupt_header.wav"}) {
            const int row = rowOfFile(model, folder + QStringLiteral("/bad/") + QLatin1String(bad));
            QVERIFY(row >= 0);
            QCOMPARE(model->entry(row).status, TrackEntry::Status::Failed);
            QVERIFY2(model->entry(row).error.contains(QLatin1String(bad)), qPrintable(model->entry(row).error));
        }
        QVERIFY(w.currentTrack() != nullptr);
        QVERIFY(w.messageBar()->count() <= MessageBar::kMaxVisible);
        QCOMPARE(QApplication::activeModalWidget(), nullptr);
    }

    void badFileShowsNonModalError()
    {
        MainWindow w;
        w.show();
        const QString bad = kData + QStringLiteral("/formats/bad/not_audio.wav");
        QVERIFY(simulateDrop(&w, {bad}));
        QTRY_VERIFY_WITH_TIMEOUT(!w.messageBar()->messages().filter(QStringLiteral("not_audio.wav")).isEmpty(), 20000);
        QVERIFY(w.messageBar()->isVisible());
        QCOMPARE(QApplication::activeModalWidget(), nullptr);
        QCOMPARE(w.currentTrack(), nullptr);
        const int row = rowOfFile(w.trackListModel(), bad);
        QCOMPARE(w.trackListModel()->entry(row).status, TrackEntry::Status::Failed);
        QVERIFY(!w.trackListModel()->data(w.trackListModel()->index(row, 0), Qt::DecorationRole).isNull());

        // Selecting the failed row explains the problem in the centre too.
        w.trackListView()->setCurrentIndex(w.trackListModel()->index(row, 0));
        const QLabel *hint = w.findChild<QLabel *>(QStringLiteral("emptyHint"));
        QVERIFY(hint && hint->isVisible());
        QVERIFY(hint->text().contains(QStringLiteral("not_audio.wav")));

        // Still works: a good file loads and becomes current.
        QVERIFY(simulateDrop(&w, {kClip}));
        QTRY_VERIFY_WITH_TIMEOUT(w.currentTrack() != nullptr, 20000);
        QCOMPARE(w.currentTrack()->path, QFileInfo(kClip).absoluteFilePath());
    }

    void firstGoodFileOfABatchBecomesCurrent()
    {
        MainWindow w;
        w.show();
        // A long file first: a later, shorter file finishes decoding earlier but must not take over.
        const QString longFile = kData + QStringLiteral("/beats/muldjord_chaos_god_021-081s.ogg");
        const QString bad = kData + QStringLiteral("/formats/bad/empty.wav");
        const QString shortFile = kData + QStringLiteral("/formats/clip_08k_s16_mono.wav");
        QVERIFY(simulateDrop(&w, {bad, longFile, shortFile}));
        QTRY_VERIFY_WITH_TIMEOUT(allSettled(w.trackListModel()), 30000);
        QVERIFY(w.currentTrack() != nullptr);
        QCOMPARE(w.currentTrack()->path, QFileInfo(longFile).absoluteFilePath());
        QCOMPARE(w.trackListView()->currentIndex().row(), rowOfFile(w.trackListModel(), longFile));
    }

    void warningShownForTruncatedFile()
    {
        MainWindow w;
        w.show();
        const QString truncated = kData + QStringLiteral("/formats/bad/truncated.flac");
        QVERIFY(simulateDrop(&w, {truncated}));
        QTRY_VERIFY_WITH_TIMEOUT(allSettled(w.trackListModel()) && w.trackListModel()->rowCount() == 1, 20000);
        const TrackEntry &e = w.trackListModel()->entry(0);
        // Either loaded with a warning or rejected with an error: both must name the file.
        QVERIFY(!w.messageBar()->messages().filter(QStringLiteral("truncated.flac")).isEmpty());
        if (e.status == TrackEntry::Status::Ready)
            QVERIFY(!e.track->warnings.isEmpty());
    }

    void switchingTracksUpdatesTitleAndMetadata()
    {
        MainWindow w;
        w.show();
        const QString mono = kData + QStringLiteral("/formats/clip_22k_s16_mono.wav");
        QVERIFY(simulateDrop(&w, {kClip, mono}));
        TrackListModel *model = w.trackListModel();
        QTRY_VERIFY_WITH_TIMEOUT(model->readyCount() == 2, 20000);
        const int monoRow = rowOfFile(model, mono);
        const int stereoRow = rowOfFile(model, kClip);

        w.trackListView()->setCurrentIndex(model->index(monoRow, 0));
        QCOMPARE(w.currentTrack(), model->trackAt(monoRow));
        QCOMPARE(w.windowTitle(), QStringLiteral("Mirlo — ") + model->trackAt(monoRow)->displayName());
        auto digits = [](QString s) { return s.remove(QRegularExpression(QStringLiteral("[^0-9]"))); };
        QCOMPARE(digits(w.metadataPanel()->fieldText(QStringLiteral("Sample rate"))), QStringLiteral("22050"));
        QVERIFY(w.metadataPanel()->fieldText(QStringLiteral("Channels")).startsWith(QLatin1Char('1')));
        QCOMPARE(w.metadataPanel()->fieldText(QStringLiteral("Path")), QFileInfo(mono).absoluteFilePath());

        QSignalSpy shown(w.detailView(), &TrackDetailView::spectrogramShown);
        QElapsedTimer switchTimer;
        switchTimer.start();
        w.trackListView()->setCurrentIndex(model->index(stereoRow, 0));
        QCOMPARE(w.currentTrack(), model->trackAt(stereoRow));
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() > 0, 10000);
        qInfo("switch to an open track: spectrogram shown after %lld ms", switchTimer.elapsed());
        QCOMPARE(w.windowTitle(), QStringLiteral("Mirlo — ") + model->trackAt(stereoRow)->displayName());
        QCOMPARE(digits(w.metadataPanel()->fieldText(QStringLiteral("Sample rate"))), QStringLiteral("44100"));
        QVERIFY(w.metadataPanel()->fieldText(QStringLiteral("Channels")).startsWith(QLatin1Char('2')));
        QVERIFY(w.metadataPanel()->fieldText(QStringLiteral("Codec")).contains(QStringLiteral("pcm_s16le")));

        // Closing the current track moves to the remaining one.
        w.session()->closeRow(stereoRow);
        QCOMPARE(model->rowCount(), 1);
        QCOMPARE(w.currentTrack()->path, QFileInfo(mono).absoluteFilePath());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
