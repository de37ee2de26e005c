#pragma once
// "Tools › Evaluate Classifier…" (issue 5): a non-modal window that scores a
// classifier (a built-in MTAT tagger, a registered model folder or one picked
// with Browse…) on a labelled data source (a folder with one sub-folder per
// class, a file,label CSV, or a tutorial label matrix / MTAT annotations_final.csv
// with the folder of the MTAT audio; see core/datasets/mtat_audio.h). The data's
// classes and counts are shown as soon as it is chosen; Evaluate runs
// evaluateModel (core/tagging/model_evaluation.h) as a JobRunner job with
// progress and cancel, and the result fills a ClassificationView. Errors and
// per-file warnings appear in the window's message bar (never a modal box);
// Export… writes the report as JSON.
#include "core/datasets/dataset_source.h"
#include "core/jobs/job_runner.h"
#include "core/tagging/model_evaluation.h"

#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QMainWindow;
class QProgressBar;
class QPushButton;

namespace mirlo {

class ClassificationView;
class MessageBar;
class MtatAudioField;

class EvaluateClassifierWindow : public QWidget {
    Q_OBJECT
public:
    // jobs: the application's runner (its status bar shows the job too); nullptr -> a private one.
    explicit EvaluateClassifierWindow(JobRunner *jobs = nullptr, QWidget *parent = nullptr);
    ~EvaluateClassifierWindow() override; // cancels a running evaluation

    // Adds "Tools › Evaluate Classifier…" (creating the Tools menu if needed); the action
    // opens one shared window.
    static void installMenuAction(QMainWindow *window, JobRunner *jobs);
    static EvaluateClassifierWindow *showWindow(QWidget *parent, JobRunner *jobs);

    // A built-in tagger name or a model folder; selects it in the picker (adding a folder).
    void setModel(const QString &nameOrFolder);
    QString model() const;
    // Loads the data source and shows its classes; false (and a message naming the path) on error.
    bool setDataPath(const QString &path);
    const Dataset &dataset() const { return m_data; }
    // The "Audio folder" row, shown for a tutorial label matrix or annotations_final.csv.
    MtatAudioField *audioField() const { return m_audio; }

    bool isRunning() const { return m_job != 0; }
    ClassificationView *view() const { return m_view; }
    MessageBar *messages() const { return m_messages; }
    const ModelEvaluation &lastEvaluation() const { return m_result; }
    // The report (+ model and data source) as JSON; false + *error naming the file on failure.
    bool exportReport(const QString &path, QString *error = nullptr) const;

public Q_SLOTS:
    void evaluate();
    void cancel();

Q_SIGNALS:
    // ok: a report is shown; otherwise message says why (cancelled or the error).
    void evaluationFinished(bool ok, const QString &message);

private:
    void fillModels();
    void browseModel();
    void browseData(bool folder);
    void exportDialog();
    void finish(ModelEvaluation result);
    void fail(const QString &message);
    void setRunning(bool running);

    QPointer<JobRunner> m_jobs;
    JobId m_job = 0;
    quint64 m_token = 0;
    Dataset m_data;
    QString m_dataPath;
    QString m_loadWarnings; // MTAT clips without audio, left out of m_data
    ModelEvaluation m_result;
    QString m_resultDataPath; // the data source m_result was computed on

    QComboBox *m_model = nullptr;
    QLineEdit *m_dataEdit = nullptr;
    MtatAudioField *m_audio = nullptr;
    QLabel *m_classes = nullptr;
    QPushButton *m_evaluate = nullptr, *m_cancel = nullptr, *m_export = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    MessageBar *m_messages = nullptr;
    ClassificationView *m_view = nullptr;
};

} // namespace mirlo
