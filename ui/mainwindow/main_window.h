#pragma once
// The Mirlo main window: track list (left dock), overview strip and track
// detail view (centre), spectrogram parameters and metadata (right docks),
// transport toolbar and status bar (hover read-out, job progress, messages).
// It only wires parts together; behaviour lives in TrackSession (loading and
// the current track), PlaybackController, AnalysisController (analyses as
// layers: layers, analysis and evaluation docks, main_window_analysis.cpp),
// the panels and the widgets.
#include "ui/model/track.h"

#include <QMainWindow>

class QLabel;
class QStackedWidget;
class QTreeView;

namespace mirlo {

class AnalysisController;
class AnalysisPanel;
class EvaluationPanel;
class JobRunner;
class LayersPanel;
class MessageBar;
class MetadataPanel;
class OverviewView;
class ParametersPanel;
class PlaybackController;
class RecentFiles;
class TaggingController;
class SaliencyChooser;
class SaliencyController;
class TagsPanel;
class TrackDetailView;
class TrackListModel;
class TrackSession;
class TransportBar;
class JobStatusWidget;
class TimingLog;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    void setTimingEnabled(bool on);
    // Files and folders (recursively); also what drops and File › Open do.
    void openPaths(const QStringList &paths);
    bool openDemo();

    JobRunner *jobs() const { return m_jobs; }
    TrackSession *session() const { return m_session; }
    TrackListModel *trackListModel() const;
    QTreeView *trackListView() const { return m_trackList; }
    TrackDetailView *detailView() const { return m_detail; }
    OverviewView *overview() const { return m_overview; }
    MessageBar *messageBar() const { return m_messages; }
    MetadataPanel *metadataPanel() const { return m_metadata; }
    ParametersPanel *parametersPanel() const { return m_parameters; }
    PlaybackController *playback() const { return m_playback; }
    TransportBar *transport() const { return m_transport; }
    TrackPtr currentTrack() const;
    AnalysisController *analysis() const { return m_analysis; }
    AnalysisPanel *analysisPanel() const { return m_analysisPanel; }
    LayersPanel *layersPanel() const { return m_layersPanel; }
    EvaluationPanel *evaluationPanel() const { return m_evaluationPanel; }
    QString tempoText() const; // the status bar's tempo read-out
    // File › Import annotations… without the dialog; false + message bar error on failure.
    bool importAnnotations(const QString &path);
    // File › Export events… without dialogs; format is a LabelFormat value.
    bool exportEvents(const QString &layerId, const QString &path, int format);
    // Analysis › Load onset model… without the dialog: registers the trained
    // model folder and selects it as the onset method; false + message bar
    // error naming the folder and the problem when it does not load.
    bool loadOnsetModel(const QString &folder);
    // Tags dock (main_window_tagging.cpp): the tagger jobs and the panel.
    TaggingController *tagging() const { return m_tagging; }
    TagsPanel *tagsPanel() const { return m_tagsPanel; }
    // Saliency (main_window_saliency.cpp): the tag chooser in the Tags dock and its jobs.
    SaliencyController *saliency() const { return m_saliency; }
    SaliencyChooser *saliencyChooser() const { return m_saliencyChooser; }
    // Analysis › Load Tagging Model… without the dialog: registers the folder (MTAT tagger or
    // tutorial CNN), lists it in the Tags panel's picker and selects it; false + message bar
    // error naming the folder when it does not load.
    bool loadTagger(const QString &folder);

public Q_SLOTS:
    // A model folder the CNN training window saved (CnnTrainingPanel::modelTrained): registered
    // and listed in the Tags panel's picker at once, without changing the selected model.
    bool addTrainedClassifier(const QString &folder);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dragLeaveEvent(QDragLeaveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void buildCentre();
    void buildDocks();
    void buildMenus();
    void wirePlayback();
    void buildAnalysis();
    void buildTagging();
    void showTags();
    void buildSaliency();
    void updateSaliency(); // the model, tag or track changed
    void showSaliency();   // the controller's state -> the detail view's lane
    void loadTaggerDialog();
    bool addClassifierFolder(const QString &folder, bool select);
    void showLayers();
    void importAnnotationsDialog();
    void exportEventsDialog();
    void loadOnsetModelDialog();
    void refreshOnsetModels(); // the registry changed (a model was trained or loaded)
    void showTrack(const TrackPtr &track);
    void updateHint();
    void openFilesDialog();
    void openFolderDialog();
    void closeCurrentTrack();
    void onLoadFailed(const QString &path, const QString &message);
    void onTrackLoaded(const QString &path, const TrackPtr &track, qint64 decodeMs);

    JobRunner *m_jobs;
    TrackSession *m_session;
    PlaybackController *m_playback;
    TrackDetailView *m_detail = nullptr;
    OverviewView *m_overview = nullptr;
    QStackedWidget *m_centreStack = nullptr;
    MessageBar *m_messages = nullptr;
    QTreeView *m_trackList = nullptr;
    ParametersPanel *m_parameters = nullptr;
    MetadataPanel *m_metadata = nullptr;
    TransportBar *m_transport = nullptr;
    JobStatusWidget *m_jobStatus = nullptr;
    QLabel *m_hover = nullptr;
    QLabel *m_hint = nullptr;
    QLabel *m_tempo = nullptr;
    AnalysisController *m_analysis = nullptr;
    AnalysisPanel *m_analysisPanel = nullptr;
    LayersPanel *m_layersPanel = nullptr;
    EvaluationPanel *m_evaluationPanel = nullptr;
    TaggingController *m_tagging = nullptr;
    TagsPanel *m_tagsPanel = nullptr;
    SaliencyController *m_saliency = nullptr;
    SaliencyChooser *m_saliencyChooser = nullptr;
    RecentFiles *m_recent = nullptr;
    std::unique_ptr<TimingLog> m_timing;
    QString m_demoPath;
};

} // namespace mirlo
