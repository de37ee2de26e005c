#include "ui/panels/training_panel.h"

#include "core/ml/onset_rnn_trainer.h"
#include "core/nn/onset_model_registry.h"

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QListWidget>
#include <QMainWindow>
#include <QMenuBar>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QThread>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace mirlo {

// Two charts: losses (per-step running train loss, per-epoch train and
// validation loss) and the validation F-measure, both over epochs.
class TrainingCharts : public QWidget {
public:
    explicit TrainingCharts(QWidget *parent) : QWidget(parent)
    {
        auto *layout = new QHBoxLayout(this);
        layout->setContentsMargins(0, 0, 0, 0);
        m_steps = makeSeries(tr("train loss (steps)"), QColor(160, 190, 230));
        m_train = makeSeries(tr("train loss"), QColor(30, 90, 200));
        m_val = makeSeries(tr("validation loss"), QColor(220, 110, 20));
        m_f = makeSeries(tr("validation F"), QColor(30, 150, 60));
        layout->addWidget(makeView(tr("Loss (binary cross-entropy)"), {m_steps, m_train, m_val}, &m_lossX, &m_lossY));
        layout->addWidget(makeView(tr("Validation onset F-measure"), {m_f}, &m_fX, &m_fY));
        m_fY->setRange(0.0, 1.0);
        clear();
    }
    void clear()
    {
        for (QLineSeries *s : {m_steps, m_train, m_val, m_f})
            s->clear();
        m_maxLoss = 0.0;
        m_maxEpoch = 1.0;
        updateAxes();
    }
    void addStep(double x, double loss)
    {
        m_steps->append(x, loss);
        grow(x, loss);
    }
    void addEpoch(int epoch, double train, double val, double f)
    {
        m_train->append(epoch, train);
        grow(epoch, train);
        if (val >= 0) {
            m_val->append(epoch, val);
            grow(epoch, val);
        }
        if (f >= 0)
            m_f->append(epoch, f);
    }

    QList<QPointF> points(const QString &name) const
    {
        for (QLineSeries *s : {m_steps, m_train, m_val, m_f})
            if (s->name() == name)
                return s->points();
        return {};
    }

private:
    QLineSeries *makeSeries(const QString &name, const QColor &colour)
    {
        auto *s = new QLineSeries(this);
        s->setName(name);
        s->setColor(colour);
        return s;
    }
    QChartView *makeView(const QString &title, std::initializer_list<QLineSeries *> series, QValueAxis **x,
                         QValueAxis **y)
    {
        auto *chart = new QChart;
        chart->setTitle(title);
        *x = new QValueAxis;
        (*x)->setTitleText(tr("epoch"));
        (*x)->setLabelFormat(QStringLiteral("%.0f"));
        *y = new QValueAxis;
        chart->addAxis(*x, Qt::AlignBottom);
        chart->addAxis(*y, Qt::AlignLeft);
        for (QLineSeries *s : series) {
            chart->addSeries(s);
            s->attachAxis(*x);
            s->attachAxis(*y);
        }
        auto *view = new QChartView(chart, this);
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumSize(320, 220);
        return view;
    }
    void grow(double x, double y)
    {
        if (std::isfinite(y))
            m_maxLoss = std::max(m_maxLoss, y);
        m_maxEpoch = std::max(m_maxEpoch, std::ceil(x));
        updateAxes();
    }
    void updateAxes()
    {
        m_lossX->setRange(0.0, m_maxEpoch);
        m_fX->setRange(0.0, m_maxEpoch);
        m_lossY->setRange(0.0, m_maxLoss > 0 ? m_maxLoss * 1.05 : 1.0);
    }

    QLineSeries *m_steps, *m_train, *m_val, *m_f;
    QValueAxis *m_lossX = nullptr, *m_lossY = nullptr, *m_fX = nullptr, *m_fY = nullptr;
    double m_maxLoss = 0.0, m_maxEpoch = 1.0;
};

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
    m_charts = new TrainingCharts(this);
    layout->addWidget(m_charts, 1);

    connect(m_addFolder, &QPushButton::clicked, this, &TrainingPanel::addFolder);
    connect(m_removeFolder, &QPushButton::clicked, this, &TrainingPanel::removeFolder);
    connect(browse, &QPushButton::clicked, this, &TrainingPanel::browseOutput);
    connect(m_start, &QPushButton::clicked, this, &TrainingPanel::start);
    connect(m_cancel, &QPushButton::clicked, this, &TrainingPanel::cancel);
    setRunning(false);
}

TrainingPanel::~TrainingPanel()
{
    if (m_thread) {
        m_cancelRequested = true;
        m_thread->wait();
        delete m_thread;
    }
}

void TrainingPanel::installMenuAction(QMainWindow *window)
{
    QMenu *tools = nullptr;
    for (QAction *a : window->menuBar()->actions())
        if (a->menu() && a->menu()->objectName() == QLatin1String("toolsMenu"))
            tools = a->menu();
    if (!tools) {
        tools = window->menuBar()->addMenu(tr("&Tools"));
        tools->setObjectName(QStringLiteral("toolsMenu"));
    }
    QAction *action = tools->addAction(tr("Train &Onset Detector…"));
    action->setObjectName(QStringLiteral("actionTrainOnsetDetector"));
    connect(action, &QAction::triggered, window, [window] { showWindow(window); });
}

TrainingPanel *TrainingPanel::showWindow(QWidget *parent)
{
    static QPointer<TrainingPanel> panel;
    if (!panel) {
        panel = new TrainingPanel(parent);
        panel->setWindowFlag(Qt::Window);
        panel->setAttribute(Qt::WA_DeleteOnClose, false);
        panel->resize(900, 600);
    }
    panel->show();
    panel->raise();
    panel->activateWindow();
    return panel;
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
    if (m_thread || m_folders->count() == 0)
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
        out = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                  .filePath(QStringLiteral("models/onset-rnn-%1")
                                .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))));
    m_charts->clear();
    m_progress->setRange(0, params.epochs);
    m_progress->setValue(0);
    m_status->setText(tr("Reading the training files…"));
    m_cancelRequested = false;

    // Runs in its own thread (not the analysis pool: training takes minutes).
    // Results come back as queued calls on this object; the destructor joins.
    m_thread = QThread::create([this, folders, params, out] {
        auto post = [this](auto fn) { QMetaObject::invokeMethod(this, fn, Qt::QueuedConnection); };
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
            return !m_cancelRequested.load();
        });
        if (data.examples.empty()) {
            const QString msg = m_cancelRequested ? tr("Cancelled.") : tr("No readable training files.");
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
            return !m_cancelRequested.load();
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
    connect(m_thread, &QThread::finished, this, [this] {
        m_thread->deleteLater();
        m_thread = nullptr;
        setRunning(false);
    });
    setRunning(true);
    m_thread->start();
}

void TrainingPanel::cancel()
{
    if (!m_thread)
        return;
    m_cancelRequested = true;
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
