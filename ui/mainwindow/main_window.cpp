#include "ui/mainwindow/main_window.h"

#include "core/jobs/job_runner.h"
#include "ui/analysis/analysis_controller.h"
#include "ui/analysis/tagging_controller.h"
#include "ui/mainwindow/recent_files.h"
#include "ui/mainwindow/timing_log.h"
#include "ui/mainwindow/track_session.h"
#include "ui/model/track_list_model.h"
#include "ui/model/track_loader.h"
#include "ui/panels/metadata_panel.h"
#include "ui/panels/parameters_panel.h"
#include "ui/playback/playback_controller.h"
#include "ui/views/overview_view.h"
#include "ui/views/track_detail_view.h"
#include "ui/widgets/job_status_widget.h"
#include "ui/widgets/message_bar.h"
#include "ui/widgets/transport_bar.h"

#include <QAction>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMimeData>
#include <QScrollArea>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace mirlo {

namespace {

QStringList localPaths(const QMimeData *mime)
{
    QStringList paths;
    if (!mime || !mime->hasUrls())
        return paths;
    for (const QUrl &url : mime->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    return paths;
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_jobs(new JobRunner(this)), m_session(new TrackSession(m_jobs, this)),
      m_playback(new PlaybackController(this)), m_timing(std::make_unique<TimingLog>())
{
    setWindowTitle(QStringLiteral("Mirlo"));
    setAcceptDrops(true);
    resize(1400, 860);
    m_timing->setEnabled(TimingLog::enabledByEnvironment());

    buildCentre();
    buildDocks();
    m_transport = new TransportBar(this);
    addToolBar(Qt::TopToolBarArea, m_transport);
    buildAnalysis();
    buildTagging();
    buildMenus();
    wirePlayback();

    m_hover = new QLabel(this);
    m_hover->setMinimumWidth(260);
    statusBar()->addWidget(m_hover, 1);
    m_tempo = new QLabel(this);
    m_tempo->setObjectName(QStringLiteral("tempoLabel"));
    m_tempo->setToolTip(tr("Tempo of the tracked beats"));
    m_tempo->setText(tr("– BPM"));
    statusBar()->addPermanentWidget(m_tempo);
    m_jobStatus = new JobStatusWidget(m_jobs, this);
    statusBar()->addPermanentWidget(m_jobStatus);
    connect(m_detail, &TrackDetailView::hoverReadout, m_hover, &QLabel::setText);

    connect(m_session, &TrackSession::currentChanged, this, &MainWindow::showTrack);
    connect(m_session, &TrackSession::trackLoaded, this, &MainWindow::onTrackLoaded);
    connect(m_session, &TrackSession::loadFailed, this, &MainWindow::onLoadFailed);
    connect(m_session, &TrackSession::nothingFound, this,
            [this](const QString &text) { m_messages->showMessage(MessageBar::Severity::Warning, text); });
    connect(m_detail, &TrackDetailView::spectrogramShown, this,
            [this]() { m_timing->spectrogramShown(m_session->currentPath()); });

    QSettings settings;
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());

    if (!m_playback->hasOutputDevice())
        m_messages->showMessage(MessageBar::Severity::Info,
                                tr("No audio output device: playback is unavailable, everything else works."));
}

MainWindow::~MainWindow()
{
    m_jobs->cancelAll();
}

void MainWindow::buildCentre()
{
    m_messages = new MessageBar(this);
    m_detail = new TrackDetailView(m_jobs, this);
    m_overview = new OverviewView(m_detail->viewport(), this);
    m_overview->setMinimumHeight(56);
    m_overview->setMaximumHeight(72);

    auto *views = new QWidget(this);
    auto *viewsLayout = new QVBoxLayout(views);
    viewsLayout->setContentsMargins(0, 0, 0, 0);
    viewsLayout->setSpacing(4);
    viewsLayout->addWidget(m_overview);
    viewsLayout->addWidget(m_detail, 1);

    auto *hint = new QLabel(this);
    hint->setWordWrap(true);
    m_hint = hint;
    hint->setObjectName(QStringLiteral("emptyHint"));
    hint->setAlignment(Qt::AlignCenter);
    hint->setStyleSheet(QStringLiteral("color: palette(mid);"));

    m_centreStack = new QStackedWidget(this);
    m_centreStack->addWidget(hint);
    m_centreStack->addWidget(views);

    auto *centre = new QWidget(this);
    auto *layout = new QVBoxLayout(centre);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->setSpacing(4);
    layout->addWidget(m_messages);
    layout->addWidget(m_centreStack, 1);
    setCentralWidget(centre);
    updateHint();
}

void MainWindow::buildDocks()
{
    m_trackList = new QTreeView(this);
    m_trackList->setObjectName(QStringLiteral("trackList"));
    m_trackList->setModel(m_session->model());
    m_trackList->setRootIsDecorated(false);
    m_trackList->setUniformRowHeights(true);
    m_trackList->setAlternatingRowColors(true);
    m_trackList->setSelectionMode(QAbstractItemView::SingleSelection);
    m_trackList->header()->setStretchLastSection(false);
    m_trackList->header()->setSectionResizeMode(TrackListModel::NameColumn, QHeaderView::Stretch);
    m_trackList->header()->setSectionResizeMode(TrackListModel::DurationColumn, QHeaderView::ResizeToContents);
    // Per-track actions: close (also Delete), and retry for files that failed.
    m_trackList->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto *closeAction = new QAction(tr("Close"), m_trackList);
    closeAction->setShortcut(QKeySequence::Delete);
    closeAction->setShortcutContext(Qt::WidgetShortcut);
    connect(closeAction, &QAction::triggered, this,
            [this]() { m_session->closeRow(m_trackList->currentIndex().row()); });
    auto *retryAction = new QAction(tr("Reload"), m_trackList);
    connect(retryAction, &QAction::triggered, this, [this]() {
        const int row = m_trackList->currentIndex().row();
        if (row >= 0 && trackListModel()->entry(row).status == TrackEntry::Status::Failed)
            openPaths({trackListModel()->entry(row).path});
    });
    m_trackList->addActions({closeAction, retryAction});
    connect(m_trackList->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { m_session->setCurrentRow(current.row()); });

    auto *tracksDock = new QDockWidget(tr("Tracks"), this);
    tracksDock->setObjectName(QStringLiteral("tracksDock"));
    tracksDock->setWidget(m_trackList);
    addDockWidget(Qt::LeftDockWidgetArea, tracksDock);

    m_parameters = new ParametersPanel(this);
    auto *paramsDock = new QDockWidget(tr("Parameters"), this);
    paramsDock->setObjectName(QStringLiteral("parametersDock"));
    paramsDock->setWidget(m_parameters);
    addDockWidget(Qt::RightDockWidgetArea, paramsDock);

    m_metadata = new MetadataPanel(this);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(m_metadata);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *metaDock = new QDockWidget(tr("Metadata"), this);
    metaDock->setObjectName(QStringLiteral("metadataDock"));
    metaDock->setWidget(scroll);
    addDockWidget(Qt::RightDockWidgetArea, metaDock);
    resizeDocks({tracksDock, paramsDock}, {260, 300}, Qt::Horizontal);
    // The parameters need only their own height; the rest goes to the metadata.
    resizeDocks({paramsDock, metaDock}, {m_parameters->sizeHint().height(), 2000}, Qt::Vertical);

    m_parameters->setParams(m_detail->spectrogramParams());
    connect(m_parameters, &ParametersPanel::paramsChanged, m_detail, &TrackDetailView::setSpectrogramParams);
    connect(m_parameters, &ParametersPanel::colourMapChanged, m_detail, &TrackDetailView::setColourMap);
    connect(m_parameters, &ParametersPanel::dbRangeChanged, m_detail, &TrackDetailView::setDbRange);
    m_detail->setColourMap(m_parameters->colourMap());
    m_detail->setDbRange(m_parameters->floorDb(), m_parameters->ceilingDb());
}

void MainWindow::wirePlayback()
{
    PlaybackController *p = m_playback;
    connect(m_transport, &TransportBar::playPauseRequested, p, &PlaybackController::togglePlayPause);
    connect(m_transport, &TransportBar::stopRequested, p, &PlaybackController::stop);
    connect(m_transport, &TransportBar::loopToggled, p, &PlaybackController::setLoopEnabled);
    connect(m_transport, &TransportBar::volumeChanged, p, &PlaybackController::setVolume);
    connect(m_transport, &TransportBar::followToggled, m_detail, &TrackDetailView::setFollowPlayback);
    p->setVolume(TransportBar::sliderToGain(m_transport->volumeSlider()->value()));
    m_detail->setFollowPlayback(m_transport->followAction()->isChecked());

    connect(m_detail, &TrackDetailView::seekRequested, p, &PlaybackController::seek);
    connect(m_detail, &TrackDetailView::selectionChanged, this, [this](double from, double to) {
        m_playback->setSelection(from, to);
        m_overview->setSelection(from, to);
    });
    connect(p, &PlaybackController::positionChanged, this, [this](double sec) {
        m_detail->setPlayhead(sec);
        m_overview->setPlayhead(sec);
        m_transport->setPosition(sec, m_playback->duration());
    });
    connect(p, &PlaybackController::stateChanged, this,
            [this](PlaybackController::State s) { m_transport->setPlaying(s == PlaybackController::State::Playing); });
    connect(p, &PlaybackController::deviceChanged, this, [this](bool available) {
        statusBar()->showMessage(available ? tr("Audio output: %1").arg(m_playback->deviceDescription())
                                           : tr("No audio output device"),
                                 5000);
    });
    connect(p, &PlaybackController::message, this, [this](const QString &text) {
        m_messages->showMessage(MessageBar::Severity::Warning, text);
        statusBar()->showMessage(text, 5000);
    });
}

TrackListModel *MainWindow::trackListModel() const
{
    return m_session->model();
}

TrackPtr MainWindow::currentTrack() const
{
    return m_session->currentTrack();
}

void MainWindow::setTimingEnabled(bool on)
{
    m_timing->setEnabled(on);
}

void MainWindow::openPaths(const QStringList &paths)
{
    const QStringList files = m_session->open(paths);
    for (const QString &f : files)
        m_timing->opened(f);
    for (const QString &p : paths)
        if (p != m_demoPath && QFileInfo::exists(p))
            m_recent->add(p);
    if (!files.isEmpty())
        statusBar()->showMessage(tr("Opening %n file(s)…", nullptr, int(files.size())), 3000);
}

bool MainWindow::openDemo()
{
    // decodeFile needs a real path, so the bundled track is copied out once.
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    QDir().mkpath(dir);
    const QString path = dir + QStringLiteral("/demo.ogg");
    QFile resource(QStringLiteral(":/demo/demo.ogg"));
    if (!QFileInfo::exists(path) || QFileInfo(path).size() != resource.size()) {
        QFile::remove(path);
        if (!resource.copy(path)) {
            m_messages->showMessage(MessageBar::Severity::Error,
                                    tr("Could not copy the demo track to %1.").arg(QDir::toNativeSeparators(path)));
            return false;
        }
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
    m_demoPath = path;
    openPaths({path});
    return true;
}

void MainWindow::showTrack(const TrackPtr &track)
{
    m_playback->setTrack(track);
    m_detail->setTrack(track);
    m_overview->setTrack(track);
    m_overview->setSelection(0.0, 0.0);
    m_metadata->setTrack(track);
    m_analysis->setTrack(track);
    m_tagging->setTrack(track);
    m_transport->setEnabledForTrack(track != nullptr);
    m_transport->setPosition(0.0, track ? track->durationSec() : 0.0);
    m_centreStack->setCurrentIndex(track ? 1 : 0);
    updateHint();
    setWindowTitle(track ? QStringLiteral("Mirlo — %1").arg(track->displayName()) : QStringLiteral("Mirlo"));

    const int row = m_session->currentRow();
    if (row >= 0 && m_trackList->currentIndex().row() != row) {
        const QSignalBlocker block(m_trackList->selectionModel());
        m_trackList->setCurrentIndex(trackListModel()->index(row, 0));
    }
}

void MainWindow::updateHint()
{
    // Without a track the centre explains why: nothing open, still loading, or the error.
    const int row = m_session->currentRow();
    QString text = tr("<h2>Drop audio files or folders here</h2>"
                      "<p>or use File › Open (Ctrl+O) or File › Open Folder.</p>"
                      "<p>WAV, FLAC, MP3, Ogg, Opus, M4A/AAC, AIFF, WMA, WebM</p>");
    if (row >= 0 && !m_session->currentTrack()) {
        const TrackEntry &e = trackListModel()->entry(row);
        const QString name = QFileInfo(e.path).fileName().toHtmlEscaped();
        text = e.status == TrackEntry::Status::Failed
                   ? tr("<h2>%1 could not be opened</h2><p>%2</p>").arg(name, e.error.toHtmlEscaped())
                   : tr("<h2>Loading %1…</h2>").arg(name);
    }
    m_hint->setText(text);
}

void MainWindow::onTrackLoaded(const QString &path, const TrackPtr &track, qint64 decodeMs)
{
    m_timing->decoded(path, decodeMs);
    statusBar()->showMessage(tr("Opened %1 (decoded in %2 ms)").arg(QFileInfo(path).fileName()).arg(decodeMs), 4000);
    if (track->warnings.isEmpty())
        return;
    const QString name = QFileInfo(path).fileName();
    const QString text = track->warnings.join(QStringLiteral("; "));
    m_messages->showMessage(MessageBar::Severity::Warning,
                            text.contains(name) ? text : QStringLiteral("%1: %2").arg(name, text));
}

void MainWindow::onLoadFailed(const QString &path, const QString &message)
{
    // The decoder's sentence names the file already; make sure ours always does.
    const QString name = QFileInfo(path).fileName();
    const QString text = message.contains(name) ? message : QStringLiteral("%1: %2").arg(name, message);
    m_messages->showMessage(MessageBar::Severity::Error, text);
    statusBar()->showMessage(tr("Could not open %1").arg(name), 5000);
    updateHint();
}

void MainWindow::openFilesDialog()
{
    QStringList patterns;
    for (const QString &ext : TrackLoader::audioExtensions())
        patterns << QStringLiteral("*.") + ext;
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Open audio files"), QSettings().value(QStringLiteral("lastDir")).toString(),
        tr("Audio files (%1);;All files (*)").arg(patterns.join(QLatin1Char(' '))));
    if (files.isEmpty())
        return;
    QSettings().setValue(QStringLiteral("lastDir"), QFileInfo(files.first()).absolutePath());
    openPaths(files);
}

void MainWindow::openFolderDialog()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open folder"),
                                                          QSettings().value(QStringLiteral("lastDir")).toString());
    if (dir.isEmpty())
        return;
    QSettings().setValue(QStringLiteral("lastDir"), dir);
    openPaths({dir});
}

void MainWindow::closeCurrentTrack()
{
    const int row = m_trackList->currentIndex().isValid() ? m_trackList->currentIndex().row() : m_session->currentRow();
    m_session->closeRow(row);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    const QStringList paths = localPaths(event->mimeData());
    if (paths.isEmpty())
        return;
    event->acceptProposedAction();
    statusBar()->showMessage(tr("Drop to open %n file(s) or folder(s)", nullptr, int(paths.size())));
}

void MainWindow::dragLeaveEvent(QDragLeaveEvent *event)
{
    statusBar()->clearMessage();
    QMainWindow::dragLeaveEvent(event);
}

void MainWindow::dragMoveEvent(QDragMoveEvent *event)
{
    if (!localPaths(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QStringList paths = localPaths(event->mimeData());
    if (paths.isEmpty())
        return;
    event->acceptProposedAction();
    statusBar()->clearMessage();
    openPaths(paths);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_playback->stop();
    m_jobs->cancelAll();
    QSettings().setValue(QStringLiteral("window/state"), saveState());
    QMainWindow::closeEvent(event);
}

} // namespace mirlo
