#include "ui/panels/training_panel.h"

#include "core/ml/onset_rnn_trainer.h"
#include "core/nn/onset_model_registry.h"
#include "ui/panels/background_task.h"
#include "ui/panels/tool_window.h"
#include "ui/panels/training_charts.h"

#include <QAction>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMainWindow>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace mirlo {

TrainingPanel::TrainingPanel(QWidget *parent) : QWidget(parent)
{
    setWindowTitle(tr("Train Onset Detector"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_folders = new QListWidget(this);
    m_folders->setMaximumHeight(90);
    m_addFolder = new QPushButton(tr("Add…"), this);
    m_removeFolder = new QPushButton(tr("Remove"), this);
    auto *folderButtons = new QVBoxLayout;
    folderButtons->addWidget(m_addFolder);
    folderButtons->addWidget(m_removeFolder);
    folderButtons->addStretch();
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folders, 1);
    folderRow->addLayout(folderButtons);
    form->addRow(tr("Data folders (audio + .onsets):"), folderRow);

    m_output = new QLineEdit(this);
    m_output->setPlaceholderText(tr("default: a new folder under the application data"));
    auto *browse = new QPushButton(tr("Browse…"), this);
    auto *outRow = new QHBoxLayout;
    outRow->addWidget(m_output, 1);
    outRow->addWidget(browse);
    form->addRow(tr("Model folder:"), outRow);

    const ml::OnsetTrainingParams defaults;
    m_epochs = new QSpinBox(this);
    m_epochs->setRange(1, 1000);
    m_epochs->setValue(defaults.epochs);
    m_lr = new QDoubleSpinBox(this);
    m_lr->setDecimals(4);
    m_lr->setRange(0.0001, 1.0);
    m_lr->setSingleStep(0.005);
    m_lr->setValue(defaults.learningRate);
    m_sequence = new QSpinBox(this);
    m_sequence->setRange(0, 100000);
    m_sequence->setSpecialValueText(tr("whole files"));
    m_sequence->setSuffix(tr(" frames"));
    m_batch = new QSpinBox(this);
    m_batch->setRange(1, 64);
    m_validation = new QDoubleSpinBox(this);
    m_validation->setDecimals(3);
    m_validation->setRange(0.0, 0.5);
    m_validation->setSingleStep(0.05);
    m_validation->setValue(defaults.validationFraction);
    m_seed = new QSpinBox(this);
    m_seed->setRange(0, 1 << 30);
    m_seed->setValue(int(defaults.seed));
    auto *numbers = new QHBoxLayout;
    for (auto [label, w] : std::initializer_list<std::pair<QString, QWidget *>>{{tr("Epochs"), m_epochs},
                                                                                {tr("Learning rate"), m_lr},
                                                                                {tr("Sequence"), m_sequence},
                                                                                {tr("Batch"), m_batch},
                                                                                {tr("Validation"), m_validation},
                                                                                {tr("Seed"), m_seed}}) {
        numbers->addWidget(new QLabel(label, this));
        numbers->addWidget(w);
    }
    numbers->addStretch();
    form->addRow(tr("Training:"), numbers);
    layout->addLayout(form);

    auto *controls = new QHBoxLayout;
    m_start = new QPushButton(tr("Start"), this);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_progress = new QProgressBar(this);
    m_status = new QLabel(tr("Choose folders with audio files and .onsets annotations."), this);
    m_status->setWordWrap(true);
    controls->addWidget(m_start);
    controls->addWidget(m_cancel);
    controls->addWidget(m_progress, 1);
    layout->addLayout(controls);
    layout->addWidget(m_status);
    m_charts = new TrainingCharts(tr("Loss (binary cross-entropy)"), tr("Validation onset F-measure"),
                                  tr("validation F"), this);
    layout->addWidget(m_charts, 1);

    m_task = new BackgroundTask(this);
    connect(m_task, &BackgroundTask::finished, this, [this] { setRunning(false); });
    connect(m_addFolder, &QPushButton::clicked, this, &TrainingPanel::addFolder);
    connect(m_removeFolder, &QPushButton::clicked, this, &TrainingPanel::removeFolder);
    connect(browse, &QPushButton::clicked, this, &TrainingPanel::browseOutput);
    connect(m_start, &QPushButton::clicked, this, &TrainingPanel::start);
    connect(m_cancel, &QPushButton::clicked, this, &TrainingPanel::cancel);
    setRunning(false);
}

TrainingPanel::~TrainingPanel()
{
    m_task->cancelAndWait();
}

void TrainingPanel::installMenuAction(QMainWindow *window)
{
    QAction *action = toolsMenu(window)->addAction(tr("Train &Onset Detector…"));
    action->setObjectName(QStringLiteral("actionTrainOnsetDetector"));
    connect(action, &QAction::triggered, window, [window] { showWindow(window); });
}

TrainingPanel *TrainingPanel::showWindow(QWidget *parent)
{
    return showSharedToolWindow<TrainingPanel>(parent, QSize(900, 600));
}

bool TrainingPanel::isTraining() const
{
    return m_task->isRunning();
}

void TrainingPanel::setDataFolders(const QStringList &folders)
{
    m_folders->clear();
    m_folders->addItems(folders);
    setRunning(false);
}

QList<QPointF> TrainingPanel::chartPoints(const QString &seriesName) const
{
    return m_charts->points(seriesName);
}

void TrainingPanel::setOutputFolder(const QString &folder)
{
    m_output->setText(folder);
}
void TrainingPanel::setEpochs(int epochs)
{
    m_epochs->setValue(epochs);
}

void TrainingPanel::addFolder()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder with audio and .onsets files"));
    if (!dir.isEmpty())
        m_folders->addItem(dir);
    setRunning(false);
}

void TrainingPanel::removeFolder()
{
    delete m_folders->currentItem();
    setRunning(false);
}

void TrainingPanel::browseOutput()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Model folder"));
    if (!dir.isEmpty())
        m_output->setText(dir);
}

void TrainingPanel::setRunning(bool running)
{
    m_start->setEnabled(!running && m_folders->count() > 0);
    m_cancel->setEnabled(running);
    for (QWidget *w : std::initializer_list<QWidget *>{m_folders, m_output, m_epochs, m_lr, m_sequence, m_batch,
                                                       m_validation, m_seed, m_addFolder, m_removeFolder})
        w->setEnabled(!running);
}

void TrainingPanel::start()
{
    if (m_task->isRunning() || m_folders->count() == 0)
        return;
    QStringList folders;
    for (int i = 0; i < m_folders->count(); ++i)
        folders << m_folders->item(i)->text();
    ml::OnsetTrainingParams params;
    params.epochs = m_epochs->value();
    params.learningRate = m_lr->value();
    params.sequenceLength = m_sequence->value();
    params.batchSize = m_batch->value();
    params.validationFraction = m_validation->value();
    params.seed = uint32_t(m_seed->value());
    QString out = m_output->text().trimmed();
    if (out.isEmpty())
        out = defaultModelFolder(QStringLiteral("onset-rnn"));
    m_charts->clear();
    m_charts->setEpochs(params.epochs);
    m_progress->setRange(0, params.epochs);
    m_progress->setValue(0);
    m_status->setText(tr("Reading the training files…"));

    // Runs in its own thread (not the analysis pool: training takes minutes).
    // Results come back as queued calls; the destructor joins.
    BackgroundTask *task = m_task;
    const bool started = m_task->start([this, task, folders, params, out] {
        auto post = [task](auto fn) { task->post(fn); };
        QStringList warnings;
        const QStringList files = ml::findAnnotatedAudio(folders, &warnings);
        if (files.isEmpty()) {
            const QString msg =
                tr("No audio files with .onsets annotations in %1.").arg(folders.join(QStringLiteral(", ")));
            post([this, msg] { onFinished(false, msg, {}); });
            return;
        }
        const ml::OnsetDataset data = ml::loadOnsetDataset(files, [&](double fraction) {
            post([this, fraction] {
                m_progress->setRange(0, 100); // percent of the files read; epochs afterwards
                m_progress->setValue(int(fraction * 100));
            });
            return !task->cancelRequested();
        });
        if (data.examples.empty()) {
            const QString msg = task->cancelRequested() ? tr("Cancelled.") : tr("No readable training files.");
            post([this, msg] { onFinished(false, msg, {}); });
            return;
        }
        const QString summary =
            tr("%n file(s), %1 onsets; training…", nullptr, int(data.examples.size())).arg(data.onsets());
        post([this, summary] { m_status->setText(summary); });
        const ml::OnsetTrainingResult result = ml::trainOnsetRnn(data, params, [&](const ml::OnsetTrainingProgress &p) {
            if (p.epochEnd)
                post(
                    [this, p] { onEpoch(p.epoch, p.epochs, p.trainLoss, p.validationLoss, p.validationF, p.seconds); });
            else
                post([this, p] { onStep(p.epoch, p.step, p.steps, p.trainLoss); });
            return !task->cancelRequested();
        });
        QString error;
        if (!result.ok || !ml::saveOnsetModel(result, out, &error)) {
            const QString msg = result.ok ? error : result.error;
            post([this, msg] { onFinished(false, msg, {}); });
            return;
        }
        const QString msg = tr("Saved %1 (best epoch %2, validation loss %3, F %4)%5.")
                                .arg(out)
                                .arg(result.bestEpoch)
                                .arg(result.bestValidationLoss, 0, 'f', 4)
                                .arg(result.bestValidationF, 0, 'f', 3)
                                .arg(result.cancelled ? tr(" after cancel") : QString());
        post([this, msg, out] { onFinished(true, msg, out); });
    });
    setRunning(started);
}

void TrainingPanel::cancel()
{
    if (!m_task->isRunning())
        return;
    m_task->requestCancel();
    m_status->setText(tr("Cancelling… (the best epoch so far is kept)"));
}

void TrainingPanel::onStep(int epoch, int step, int steps, double trainLoss)
{
    m_charts->addStep(epoch - 1 + double(step) / std::max(1, steps), trainLoss);
}

void TrainingPanel::onEpoch(int epoch, int epochs, double trainLoss, double valLoss, double valF, double seconds)
{
    m_charts->addEpoch(epoch, trainLoss, valLoss, valF);
    m_progress->setRange(0, epochs);
    m_progress->setValue(epoch);
    QString text = tr("Epoch %1/%2: loss %3").arg(epoch).arg(epochs).arg(trainLoss, 0, 'f', 4);
    if (valLoss >= 0)
        text += tr(", validation loss %1, F %2").arg(valLoss, 0, 'f', 4).arg(valF, 0, 'f', 3);
    m_status->setText(text + tr(" (%1 s)").arg(seconds, 0, 'f', 1));
}

void TrainingPanel::onFinished(bool ok, const QString &message, const QString &folder)
{
    QString text = message;
    if (ok) {
        QString error;
        if (registerOnsetModel(folder, &error))
            Q_EMIT modelTrained(folder);
        else
            text += QLatin1Char(' ') + error;
    }
    m_status->setText(text);
    Q_EMIT trainingFinished(ok, text);
}

} // namespace mirlo
