// MainWindow's tagging part: the Tags dock, the TaggingController of the
// current track, the tag timeline lane of the detail view and playing a
// clicked chunk. Tagging runs by itself while the dock is visible, otherwise
// on the panel's Tag button.
#include "ui/mainwindow/main_window.h"

#include "core/tagging/cached_tagging.h"
#include "core/tagging/classifier_registry.h"
#include "ui/analysis/tagging_controller.h"
#include "ui/panels/tags_panel.h"
#include "ui/playback/playback_controller.h"
#include "ui/views/overview_view.h"
#include "ui/views/track_detail_view.h"
#include "ui/widgets/message_bar.h"

#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QSettings>
#include <QStatusBar>

namespace mirlo {

void MainWindow::buildTagging()
{
    m_tagging = new TaggingController(m_jobs, this);
    m_tagsPanel = new TagsPanel(this);
    auto *dock = new QDockWidget(tr("Tags"), this);
    dock->setObjectName(QStringLiteral("tagsDock"));
    dock->setWidget(m_tagsPanel);
    addDockWidget(Qt::RightDockWidgetArea, dock);
    // A tab behind the analysis one (the taller dock area, room for the bars): tagging
    // costs a second or two per track, so it only runs on its own once the user looks.
    if (auto *analysis = findChild<QDockWidget *>(QStringLiteral("analysisDock"))) {
        tabifyDockWidget(analysis, dock);
        analysis->raise();
    }

    m_tagging->setModels(m_tagsPanel->model(), m_tagsPanel->compareModel());
    connect(dock, &QDockWidget::visibilityChanged, m_tagging, &TaggingController::setAutoRun);
    // After the two above have started tagging: the status and the saliency lane follow.
    connect(dock, &QDockWidget::visibilityChanged, this, &MainWindow::showTags);
    connect(m_tagsPanel, &TagsPanel::modelsChanged, m_tagging, &TaggingController::setModels);
    connect(m_tagsPanel, &TagsPanel::tagRequested, m_tagging, &TaggingController::run);
    connect(m_tagsPanel, &TagsPanel::tagRequested, this, &MainWindow::showTags);
    connect(m_tagsPanel, &TagsPanel::loadTaggerRequested, this, &MainWindow::loadTaggerDialog);
    connect(m_tagging, &TaggingController::resultsChanged, this, &MainWindow::showTags);
    connect(m_tagging, &TaggingController::finished, this, &MainWindow::showTags);
    connect(m_tagging, &TaggingController::message, this, [this](const QString &text) {
        m_messages->showMessage(MessageBar::Severity::Warning, text);
        m_tagsPanel->setStatus(text);
    });
    // A clicked timeline cell has already sought to the chunk start (seekRequested): select
    // the chunk (so Loop repeats it) and play from its start.
    connect(m_detail, &TrackDetailView::chunkPlayRequested, this, [this](double from, double to) {
        m_detail->setSelection(from, to);
        m_playback->setSelection(from, to);
        m_overview->setSelection(from, to);
        statusBar()->showMessage(tr("Chunk %1–%2 s").arg(from, 0, 'f', 2).arg(to, 0, 'f', 2), 3000);
        if (!m_playback->isPlaying())
            m_playback->play();
    });
    buildSaliency();
}

void MainWindow::showTags()
{
    const TrackTagsPtr primary = m_tagging->primaryResult();
    m_tagsPanel->setResults(primary, m_tagging->compareResult());
    const auto model = primary ? TaggingController::classifier(m_tagging->primaryModel(), nullptr) : nullptr;
    if (model)
        m_detail->setTagTimeline(primary, model->sampleRate(), model->chunkSamples());
    else
        m_detail->setTagTimeline(nullptr, 0, 0);

    if (!m_tagging->track())
        m_tagsPanel->setStatus(QString());
    else if (m_tagging->isRunning())
        m_tagsPanel->setStatus(tr("Tagging…"));
    else if (primary && model)
    {
        // No translations are loaded, so %n plurals would show "(s)": spell both forms out.
        const int n = int(primary->chunks.size());
        const bool patches = model->kind == ClassifierKind::TutorialCnn;
        const QString unit = n == 1 ? (patches ? tr("patch") : tr("chunk")) : (patches ? tr("patches") : tr("chunks"));
        m_tagsPanel->setStatus(tr("%1 %2 of %3 s%4")
                                   .arg(n)
                                   .arg(unit)
                                   .arg(double(model->chunkSamples()) / model->sampleRate(), 0, 'f', 2)
                                   .arg(n > 1 ? tr(", averaged") : QString()));
    }
    updateSaliency(); // the chooser lists the tags by this track's probabilities
}

bool MainWindow::addClassifierFolder(const QString &folder, bool select)
{
    ClassifierEntry entry;
    QString error;
    if (!describeClassifier(folder, &entry, &error) || !registerClassifier(entry.folder, &error)) {
        const QString text = tr("Cannot load the model in %1: %2").arg(QDir::toNativeSeparators(folder), error);
        m_messages->showMessage(MessageBar::Severity::Error, text);
        m_tagsPanel->setStatus(text);
        return false;
    }
    m_tagsPanel->addModelFolder(entry.folder, entry.name, entry.kind, select);
    m_tagging->reloadModel(entry.folder); // retrained into a folder in use: tag again with the new weights
    statusBar()->showMessage(tr("Model %1 added to the Tags panel").arg(entry.name), 4000);
    return true;
}

bool MainWindow::loadTagger(const QString &folder)
{
    return addClassifierFolder(folder, true);
}

bool MainWindow::addTrainedClassifier(const QString &folder)
{
    return addClassifierFolder(folder, false);
}

void MainWindow::loadTaggerDialog()
{
    const QString dir = QSettings().value(QStringLiteral("modelDir"), QDir::homePath()).toString();
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Load tagging model"), dir);
    if (folder.isEmpty())
        return;
    QSettings().setValue(QStringLiteral("modelDir"), QFileInfo(folder).absolutePath());
    loadTagger(folder);
}

} // namespace mirlo
