#pragma once
// "Train onset detector" window: trains the tutorial's onset RNN
// (core/ml/onset_rnn_trainer.h) on folders of audio + .onsets files in its own
// QThread, shows live loss / validation F-measure curves (Qt Charts, fed by
// queued signals per step and per epoch), can be cancelled, and on success
// saves the model folder and registers it (core/nn/onset_model_registry.h) so
// analysis code can offer it as an onset detector. Epoch axis in epochs.
#include <QList>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <QWidget>

class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QMainWindow;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace mirlo {

class BackgroundTask;
class TrainingCharts;

class TrainingPanel : public QWidget {
    Q_OBJECT
public:
    explicit TrainingPanel(QWidget *parent = nullptr);
    ~TrainingPanel() override; // cancels and joins a running training

    // Adds "Tools › Train Onset Detector…" to the window's menu bar (creating
    // the Tools menu if needed); the action opens one shared training window.
    static void installMenuAction(QMainWindow *window);
    static TrainingPanel *showWindow(QWidget *parent);

    void setDataFolders(const QStringList &folders);
    void setOutputFolder(const QString &folder);
    void setEpochs(int epochs);
    bool isTraining() const;
    // Points of a chart series by its legend name ("train loss", "train loss (steps)",
    // "validation loss", "validation F"): x in epochs.
    QList<QPointF> chartPoints(const QString &seriesName) const;

public Q_SLOTS:
    void start();
    void cancel();

Q_SIGNALS:
    // A model folder was written and registered (usable as a detector).
    void modelTrained(const QString &folder);
    void trainingFinished(bool ok, const QString &message);

private:
    void addFolder();
    void removeFolder();
    void browseOutput();
    void onStep(int epoch, int step, int steps, double trainLoss);
    void onEpoch(int epoch, int epochs, double trainLoss, double valLoss, double valF, double seconds);
    void onFinished(bool ok, const QString &message, const QString &folder);
    void setRunning(bool running);

    QListWidget *m_folders = nullptr;
    QLineEdit *m_output = nullptr;
    QSpinBox *m_epochs = nullptr;
    QDoubleSpinBox *m_lr = nullptr;
    QSpinBox *m_sequence = nullptr;
    QSpinBox *m_batch = nullptr;
    QDoubleSpinBox *m_validation = nullptr;
    QSpinBox *m_seed = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_addFolder = nullptr;
    QPushButton *m_removeFolder = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    TrainingCharts *m_charts = nullptr;
    BackgroundTask *m_task = nullptr;
};

} // namespace mirlo
