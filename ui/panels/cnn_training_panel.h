#pragma once
// "Train Classifier" window (issue 5, tutorial Part 1): trains a tutorial CNN
// preset on a labelled data source (class folders, a file,label CSV or a
// tutorial / MTAT label matrix) in its own thread (BackgroundTask), with live
// curves (TrainingCharts: training loss per step and per epoch, validation
// loss and accuracy per epoch; x in epochs), progress of the feature
// extraction (with feature-cache hits), the epoch and the step, and Cancel
// (the best epoch so far stays saved in the model folder). When a run ends,
// the saved model's test split is shown as a ClassificationView tab, the model
// folder is registered (core/tagging/classifier_registry.h) and modelTrained()
// is emitted so the main window can offer it in the Tags panel.
//
// The window never blocks the GUI thread: loading the data source for the
// class summary and the training run both happen on worker threads; closing
// the window cancels and the destructor joins.
#include "core/eval/classification_metrics.h"

#include <QList>
#include <QPointF>
#include <QString>
#include <QWidget>

#include <functional>
#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QMainWindow;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace mirlo {

class BackgroundTask;
class ClassificationView;
class MtatAudioField;
class TrainingCharts;
struct CnnTrainingOutcome;
struct Dataset;
namespace ml {
struct CnnEpochReport;
}

class CnnTrainingPanel : public QWidget {
    Q_OBJECT
public:
    explicit CnnTrainingPanel(QWidget *parent = nullptr);
    ~CnnTrainingPanel() override; // cancels and joins a running training

    // Adds "Tools › Train Classifier…" (objectName actionTrainClassifier); the action opens one
    // shared window whose modelTrained(folder, name) calls onModelTrained (e.g. TagsPanel::addModelFolder).
    static void installMenuAction(QMainWindow *window,
                                  std::function<void(const QString &folder, const QString &name)> onModelTrained = {});
    static CnnTrainingPanel *showWindow(QWidget *parent);

    // Loads the source in the background; datasetLoaded() tells when the summary line is set.
    void setDataPath(const QString &path);
    QString dataPath() const;
    void setTask(ClassificationTask task);
    ClassificationTask task() const;
    void setPreset(const QString &name);
    QString preset() const;
    void setEpochs(int epochs);
    void setBatchSize(int batch);
    void setPatchesPerFile(int n);
    void setSeed(int seed);
    void setTutorialProtocol(bool on);
    void setSkipBadFiles(bool on);
    void setOutputFolder(const QString &folder);
    // Feature cache folder (empty: the default one); for tests.
    void setCacheFolder(const QString &folder) { m_cacheDir = folder; }

    bool isTraining() const;
    // Series by legend name: "train loss (steps)", "train loss", "validation loss",
    // "validation accuracy", "best"; x in epochs.
    QList<QPointF> chartPoints(const QString &seriesName) const;
    QString dataSummary() const;
    QString presetSummary() const;
    QString statusText() const;
    ClassificationView *evaluationView() const { return m_evaluation; }
    // The "Audio folder" row, shown for a tutorial label matrix or annotations_final.csv.
    MtatAudioField *audioField() const { return m_audio; }
    QTabWidget *tabs() const { return m_tabs; }

public Q_SLOTS:
    void start();
    void cancel();

Q_SIGNALS:
    void datasetLoaded(bool ok);
    // The patches are ready (files read from the feature cache vs computed); training starts.
    void featuresReady(int patches, int files, int cacheHits, int cacheMisses);
    // A model folder was written and registered as a classifier.
    void modelTrained(const QString &folder, const QString &name);
    void trainingFinished(bool ok, const QString &message);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    // cnn_training_panel.cpp: layout.
    QWidget *buildDataGroup();
    QWidget *buildModelGroup();
    // cnn_training_panel_data.cpp: data source, task and preset.
    void browseFolder();
    void browseFile();
    void browseOutput();
    void scanData();
    QString scanKey(const QString &path) const; // path + the audio options it is read with
    void onDataScanned(const QString &key, bool ok, const QString &error, const QStringList &warnings,
                       const std::shared_ptr<Dataset> &data);
    void onTaskChanged();
    void updatePresetInfo();
    void updateStartEnabled();
    // cnn_training_panel_run.cpp: the run.
    void setRunning(bool running);
    void onFeatures(double fraction, const QString &detail);
    void onFeaturesDone(int patches, int files, int hits, int misses);
    void onBatch(int epoch, int batch, int batches, double loss);
    void onEpoch(const ml::CnnEpochReport &report);
    void onFinished(const CnnTrainingOutcome &outcome);

    QLineEdit *m_data = nullptr;
    MtatAudioField *m_audio = nullptr;
    QPushButton *m_browseFolder = nullptr, *m_browseFile = nullptr;
    QLabel *m_dataSummary = nullptr;
    QComboBox *m_task = nullptr;
    QComboBox *m_preset = nullptr;
    QLabel *m_presetInfo = nullptr;
    QSpinBox *m_epochs = nullptr, *m_batch = nullptr, *m_patches = nullptr, *m_seed = nullptr;
    QCheckBox *m_protocol = nullptr, *m_skipBad = nullptr;
    QLineEdit *m_output = nullptr;
    QPushButton *m_browseOutput = nullptr;
    QPushButton *m_start = nullptr, *m_cancel = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_stage = nullptr;
    QLabel *m_status = nullptr;
    QTabWidget *m_tabs = nullptr;
    TrainingCharts *m_charts = nullptr;
    ClassificationView *m_evaluation = nullptr;

    BackgroundTask *m_scan = nullptr, *m_train = nullptr;
    std::shared_ptr<Dataset> m_dataset;   // the last scanned source (null: none / failed)
    QString m_scannedPath, m_pendingScan; // m_scannedPath: scanKey of the scanned source
    bool m_scanPending = false;           // m_pendingScan (possibly empty) waits for the running scan to end
    QString m_cacheDir;
    bool m_presetError = false;
    int m_epochCount = 0;
};

} // namespace mirlo
