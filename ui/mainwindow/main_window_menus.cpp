// MainWindow's menus and shortcuts, kept apart from the wiring in main_window.cpp.
#include "ui/mainwindow/main_window.h"

#include "ui/analysis/analysis_controller.h"
#include "ui/mainwindow/recent_files.h"
#include "ui/panels/cnn_training_panel.h"
#include "ui/panels/evaluate_classifier_window.h"
#include "ui/panels/training_panel.h"
#include "ui/playback/playback_controller.h"
#include "ui/widgets/transport_bar.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QKeySequence>
#include <QMenuBar>
#include <QMessageBox>
#include <QStyle>

namespace mirlo {

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(style()->standardIcon(QStyle::SP_DialogOpenButton), tr("&Open…"), this,
                                    &MainWindow::openFilesDialog);
    open->setShortcut(QKeySequence::Open);
    file->addAction(style()->standardIcon(QStyle::SP_DirOpenIcon), tr("Open &Folder…"), this,
                    &MainWindow::openFolderDialog)
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    QMenu *recent = file->addMenu(tr("Open &Recent"));
    m_recent = new RecentFiles(recent, this);
    connect(m_recent, &RecentFiles::openRequested, this, [this](const QString &p) { openPaths({p}); });
    file->addAction(tr("Open &Demo Track"), this, &MainWindow::openDemo);
    file->addSeparator();
    file->addAction(tr("&Import Annotations…"), this, &MainWindow::importAnnotationsDialog)
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    file->addAction(tr("&Export Events…"), this, &MainWindow::exportEventsDialog)
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    file->addSeparator();
    file->addAction(tr("&Close Track"), this, &MainWindow::closeCurrentTrack)->setShortcut(QKeySequence::Close);
    file->addSeparator();
    file->addAction(tr("&Quit"), this, &QWidget::close)->setShortcut(QKeySequence::Quit);

    QMenu *playback = menuBar()->addMenu(tr("&Playback"));
    QAction *playPause = m_transport->playPauseAction();
    playPause->setShortcut(Qt::Key_Space);
    playPause->setShortcutContext(Qt::WindowShortcut);
    playback->addAction(playPause);
    m_transport->stopAction()->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_Space));
    playback->addAction(m_transport->stopAction());
    m_transport->loopAction()->setShortcut(Qt::Key_L);
    playback->addAction(m_transport->loopAction());
    m_transport->followAction()->setShortcut(Qt::Key_F);
    playback->addAction(m_transport->followAction());
    playback->addAction(m_transport->clickAction());

    QMenu *analysis = menuBar()->addMenu(tr("&Analysis"));
    analysis->addAction(tr("&Analyse Track"), m_analysis, &AnalysisController::analyse)
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    analysis->addAction(tr("Load Onset &Model…"), this, &MainWindow::loadOnsetModelDialog)
        ->setObjectName(QStringLiteral("actionLoadOnsetModel"));
    analysis->addAction(tr("Load &Tagging Model…"), this, &MainWindow::loadTaggerDialog)
        ->setObjectName(QStringLiteral("actionLoadTagger"));

    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        view->addAction(dock->toggleViewAction());
    view->addAction(m_transport->toggleViewAction());

    TrainingPanel::installMenuAction(this); // Tools › Train Onset Detector…
    EvaluateClassifierWindow::installMenuAction(this, m_jobs);
    // A model saved by the training window becomes a detector at once: the window is
    // shared and created on demand, so the connection is made when it is opened.
    if (auto *train = findChild<QAction *>(QStringLiteral("actionTrainOnsetDetector"))) {
        disconnect(train, &QAction::triggered, this, nullptr);
        connect(train, &QAction::triggered, this, [this] {
            connect(TrainingPanel::showWindow(this), &TrainingPanel::modelTrained, this,
                    &MainWindow::refreshOnsetModels, Qt::UniqueConnection);
        });
    }

    // Tools › Train Classifier…; a trained model joins the Tags panel's picker.
    CnnTrainingPanel::installMenuAction(this, [this](const QString &f, const QString &) { addTrainedClassifier(f); });
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Mirlo"), this, [this]() {
        QMessageBox::about(this, tr("About Mirlo"),
                           tr("<b>Mirlo</b> %1<br>A workbench for music information retrieval.")
                               .arg(QApplication::applicationVersion()));
    });
}

} // namespace mirlo
