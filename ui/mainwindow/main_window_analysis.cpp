// MainWindow's analysis part: the AnalysisController of the current track, the
// layers / analysis / evaluation docks, and the wiring between them, the
// detail view, the click track and the tempo read-outs. Analyses themselves
// are registered in one place (registerStandardAnalyses); nothing here knows
// about onsets or beats beyond reading event layers for the click track.
#include "ui/mainwindow/main_window.h"

#include "core/nn/onset_model_registry.h"
#include "ui/analysis/analysis_controller.h"
#include "ui/analysis/export_events_dialog.h"
#include "ui/panels/analysis_panel.h"
#include "ui/panels/evaluation_panel.h"
#include "ui/panels/layers_panel.h"
#include "ui/panels/training_panel.h"
#include "ui/playback/playback_controller.h"
#include "ui/views/track_detail_view.h"
#include "ui/widgets/message_bar.h"
#include "ui/widgets/transport_bar.h"

#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QSettings>
#include <QSlider>
#include <QStatusBar>

namespace mirlo {

namespace {

std::vector<double> estimatedTimes(const AnalysisController *c, const char *id)
{
    const LayerPtr l = c->layer(QString::fromLatin1(id));
    return l ? l->times : std::vector<double>{};
}

} // namespace

void MainWindow::buildAnalysis()
{
    m_analysis = new AnalysisController(m_jobs, this);
    registerStandardAnalyses(*m_analysis);

    m_layersPanel = new LayersPanel(this);
    auto *layersDock = new QDockWidget(tr("Layers"), this);
    layersDock->setObjectName(QStringLiteral("layersDock"));
    layersDock->setWidget(m_layersPanel);
    addDockWidget(Qt::LeftDockWidgetArea, layersDock);

    m_analysisPanel = new AnalysisPanel(this);
    auto *analysisDock = new QDockWidget(tr("Analysis"), this);
    analysisDock->setObjectName(QStringLiteral("analysisDock"));
    analysisDock->setWidget(m_analysisPanel);
    addDockWidget(Qt::RightDockWidgetArea, analysisDock);

    m_evaluationPanel = new EvaluationPanel(this);
    auto *evaluationDock = new QDockWidget(tr("Evaluation"), this);
    evaluationDock->setObjectName(QStringLiteral("evaluationDock"));
    evaluationDock->setWidget(m_evaluationPanel);
    addDockWidget(Qt::RightDockWidgetArea, evaluationDock);

    // Tabs keep the right side readable: analysis next to the spectrogram parameters,
    // evaluation next to the metadata; the analysis ones in front.
    if (auto *params = findChild<QDockWidget *>(QStringLiteral("parametersDock")))
        tabifyDockWidget(params, analysisDock);
    if (auto *meta = findChild<QDockWidget *>(QStringLiteral("metadataDock")))
        tabifyDockWidget(meta, evaluationDock);
    analysisDock->raise();
    evaluationDock->raise();
    resizeDocks({analysisDock, evaluationDock}, {m_analysisPanel->sizeHint().height(), 2000}, Qt::Vertical);

    const bool autoAnalyse = QSettings().value(QStringLiteral("analysis/auto"), true).toBool();
    m_analysisPanel->setAutoAnalyse(autoAnalyse);
    m_analysis->setAutoAnalyse(autoAnalyse);
    m_analysis->setSettings(m_analysisPanel->settings());

    connect(m_analysisPanel, &AnalysisPanel::settingsChanged, m_analysis, &AnalysisController::setSettings);
    connect(m_analysisPanel, &AnalysisPanel::analyseRequested, m_analysis, &AnalysisController::analyse);
    connect(m_analysisPanel, &AnalysisPanel::autoAnalyseToggled, this, [this](bool on) {
        QSettings().setValue(QStringLiteral("analysis/auto"), on);
        m_analysis->setAutoAnalyse(on);
    });
    connect(m_analysis, &AnalysisController::settingsChanged, m_analysisPanel, &AnalysisPanel::setSettings);
    connect(m_detail, &TrackDetailView::thresholdDragged, m_analysis, &AnalysisController::setThreshold);
    connect(m_layersPanel, &LayersPanel::visibilityChanged, m_analysis, &AnalysisController::setLayerVisible);
    connect(m_evaluationPanel, &EvaluationPanel::onsetWindowChanged, this, &MainWindow::showLayers);
    connect(m_analysis, &AnalysisController::layersChanged, this, &MainWindow::showLayers);
    connect(m_analysis, &AnalysisController::message, this,
            [this](const QString &text) { m_messages->showMessage(MessageBar::Severity::Warning, text); });
    connect(m_analysis, &AnalysisController::tempoChanged, this, [this](double bpm) {
        if (m_tempo)
            m_tempo->setText(bpm > 0 ? tr("%1 BPM").arg(bpm, 0, 'f', 1) : tr("– BPM"));
        m_transport->setTempo(bpm);
    });

    // Click track.
    connect(m_transport, &TransportBar::clicksToggled, m_playback, &PlaybackController::setClicksEnabled);
    connect(m_transport, &TransportBar::clickVolumeChanged, m_playback, &PlaybackController::setClickVolume);
    connect(m_playback, &PlaybackController::clickSettingsChanged, m_transport, &TransportBar::setClickState);
    m_playback->setClickVolume(TransportBar::sliderToGain(m_transport->clickVolumeSlider()->value()));
    m_transport->clickAction()->setShortcut(Qt::Key_K);
}

void MainWindow::showLayers()
{
    const AnalysisController *c = m_analysis;
    m_detail->setLayers(c->visibleLayers(), m_evaluationPanel->onsetWindowSec());
    m_layersPanel->setLayers(c->layers(), [c](const QString &id) { return c->isVisible(id); });
    m_evaluationPanel->setLayers(c->layers());
    // Clicks sound what is shown: hidden layers are silent.
    auto shown = [c](const char *id) {
        return c->isVisible(QString::fromLatin1(id)) ? estimatedTimes(c, id) : std::vector<double>{};
    };
    m_playback->setClickTrack(shown("est.beats"), shown("est.downbeats"), shown("est.onsets"));
}

QString MainWindow::tempoText() const
{
    return m_tempo ? m_tempo->text() : QString();
}

bool MainWindow::importAnnotations(const QString &path)
{
    QString error;
    if (!m_analysis->track()) {
        m_messages->showMessage(MessageBar::Severity::Warning, tr("Open a track before importing annotations."));
        return false;
    }
    if (!m_analysis->importAnnotations(path, &error)) {
        m_messages->showMessage(MessageBar::Severity::Error, error);
        return false;
    }
    statusBar()->showMessage(tr("Imported %1").arg(QFileInfo(path).fileName()), 4000);
    return true;
}

void MainWindow::importAnnotationsDialog()
{
    const QString start = m_analysis->track() ? QFileInfo(m_analysis->track()->path).absolutePath() : QString();
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Import annotations"), start,
                                     tr("Annotations (*.onsets *.beats *.downbeats *.txt *.csv *.lab);;All files (*)"));
    if (!path.isEmpty())
        importAnnotations(path);
}

bool MainWindow::exportEvents(const QString &layerId, const QString &path, int format)
{
    const LayerPtr layer = m_analysis->layer(layerId);
    const TrackPtr track = m_analysis->track();
    if (!layer || !layer->isEvents() || !track) {
        m_messages->showMessage(MessageBar::Severity::Warning, tr("Nothing to export: no layer '%1'.").arg(layerId));
        return false;
    }
    QString error;
    if (!exportLabels(path, eventListOf(*layer), LabelFormat(format), &error,
                      labelOptionsFor(*layer, track->sampleRate()))) {
        m_messages->showMessage(MessageBar::Severity::Error, error);
        return false;
    }
    statusBar()->showMessage(
        tr("Exported %n event(s) to %1", nullptr, int(layer->times.size())).arg(QFileInfo(path).fileName()), 4000);
    return true;
}

void MainWindow::exportEventsDialog()
{
    ExportEventsDialog dialog(m_analysis->layers(), this);
    if (dialog.exec() != QDialog::Accepted || !dialog.layer() || !m_analysis->track())
        return;
    const LayerPtr layer = dialog.layer();
    const LabelFormat format = dialog.format();
    const QFileInfo audio(m_analysis->track()->path);
    QString suffix = labelFormatSuffix(format);
    if (format == LabelFormat::Text)
        suffix = layer->kind == LayerKind::Onsets  ? QStringLiteral("onsets")
                 : layer->kind == LayerKind::Beats ? QStringLiteral("beats")
                                                   : QStringLiteral("downbeats");
    // Never next to the audio by default: that is where truth annotations live.
    const QString dir = QSettings().value(QStringLiteral("exportDir"), QDir::homePath()).toString();
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export events"), QDir(dir).filePath(audio.completeBaseName() + QLatin1Char('.') + suffix),
        labelFormatFilter(format));
    if (path.isEmpty())
        return;
    QSettings().setValue(QStringLiteral("exportDir"), QFileInfo(path).absolutePath());
    exportEvents(layer->id, path, int(format));
}

bool MainWindow::loadOnsetModel(const QString &folder)
{
    QString error;
    if (!registerOnsetModel(folder, &error)) {
        m_messages->showMessage(
            MessageBar::Severity::Error,
            tr("Cannot load the onset model in %1: %2").arg(QDir::toNativeSeparators(folder), error));
        return false;
    }
    m_analysisPanel->refreshOnsetModels();
    // Selecting it through the method box applies the model's own peak picking, as a user pick would.
    QComboBox *box = m_analysisPanel->methodBox();
    const int index = box->findData(onsetModelMethod(folder));
    if (index < 0) { // registered but not listed: only if it stopped loading in between
        m_messages->showMessage(MessageBar::Severity::Error,
                                tr("The onset model in %1 is not available.").arg(QDir::toNativeSeparators(folder)));
        return false;
    }
    box->setCurrentIndex(index);
    statusBar()->showMessage(tr("Onset model %1 loaded").arg(box->itemText(index)), 4000);
    return true;
}

void MainWindow::loadOnsetModelDialog()
{
    const QString dir = QSettings().value(QStringLiteral("modelDir"), QDir::homePath()).toString();
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Load onset model"), dir);
    if (folder.isEmpty())
        return;
    QSettings().setValue(QStringLiteral("modelDir"), QFileInfo(folder).absolutePath());
    loadOnsetModel(folder);
}

void MainWindow::refreshOnsetModels()
{
    m_analysisPanel->refreshOnsetModels();
}

} // namespace mirlo
