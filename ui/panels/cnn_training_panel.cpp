// CnnTrainingPanel: construction, layout, the Tools menu entry and the setters.
// The data-source / preset logic is in cnn_training_panel_data.cpp, the run in
// cnn_training_panel_run.cpp.
#include "ui/panels/cnn_training_panel.h"

#include "core/datasets/dataset_source.h"
#include "core/model/tutorial_cnn_spec.h"
#include "ui/panels/background_task.h"
#include "ui/panels/classification_view.h"
#include "ui/panels/mtat_audio_field.h"
#include "ui/panels/tool_window.h"
#include "ui/panels/training_charts.h"

#include <QAction>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenu>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace mirlo {

namespace {

QHBoxLayout *row(std::initializer_list<QWidget *> widgets, int stretchIndex = 0)
{
    auto *r = new QHBoxLayout;
    int i = 0;
    for (QWidget *w : widgets)
        r->addWidget(w, i++ == stretchIndex ? 1 : 0);
    if (stretchIndex < 0)
        r->addStretch(1);
    return r;
}

QSpinBox *spin(QWidget *parent, int lo, int hi, int value)
{
    auto *s = new QSpinBox(parent);
    s->setRange(lo, hi);
    s->setValue(value);
    return s;
}

} // namespace

CnnTrainingPanel::CnnTrainingPanel(QWidget *parent) : QWidget(parent)
{
    setWindowTitle(tr("Train Classifier"));
    setMinimumSize(960, 640); // two side-by-side forms and two charts
    m_scan = new BackgroundTask(this);
    m_train = new BackgroundTask(this);

    auto *layout = new QVBoxLayout(this);
    auto *groups = new QHBoxLayout;
    groups->addWidget(buildDataGroup(), 1);
    groups->addWidget(buildModelGroup(), 1);
    layout->addLayout(groups);

    m_start = new QPushButton(tr("Start"), this);
    m_start->setDefault(true);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_progress = new QProgressBar(this);
    m_progress->setTextVisible(true);
    m_stage = new QLabel(this);
    m_stage->setMinimumWidth(240);
    m_stage->setMaximumWidth(360);
    layout->addLayout(row({m_start, m_cancel, m_progress, m_stage}, 2));
    m_status = new QLabel(tr("Choose a data source: class folders, a file,label CSV or a label matrix."), this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);

    m_tabs = new QTabWidget(this);
    m_charts = new TrainingCharts(tr("Loss"), tr("Validation accuracy"), tr("validation accuracy"), this);
    m_evaluation = new ClassificationView(this);
    m_tabs->addTab(m_charts, tr("Curves"));
    m_tabs->addTab(m_evaluation, tr("Evaluation (test split)"));
    layout->addWidget(m_tabs, 1);

    connect(m_start, &QPushButton::clicked, this, &CnnTrainingPanel::start);
    connect(m_cancel, &QPushButton::clicked, this, &CnnTrainingPanel::cancel);
    connect(m_scan, &BackgroundTask::finished, this, [this] {
        if (m_scanPending)
            scanData(); // the path changed while the previous scan ran
    });
    connect(m_train, &BackgroundTask::finished, this, [this] { setRunning(false); });
    onTaskChanged();
    setRunning(false);
}

QWidget *CnnTrainingPanel::buildDataGroup()
{
    auto *box = new QGroupBox(tr("Data"), this);
    auto *form = new QFormLayout(box);
    m_data = new QLineEdit(box);
    m_data->setPlaceholderText(tr("class folders, file,label CSV or label matrix"));
    m_data->setMinimumWidth(240);
    m_browseFolder = new QPushButton(tr("Folder…"), box);
    m_browseFile = new QPushButton(tr("CSV…"), box);
    form->addRow(tr("Source:"), row({m_data, m_browseFolder, m_browseFile}));
    m_audio = new MtatAudioField(box);
    form->addRow(tr("Audio folder:"), m_audio);
    form->setRowVisible(m_audio, false);
    connect(m_audio, &MtatAudioField::relevanceChanged, this,
            [form, this](bool on) { form->setRowVisible(m_audio, on); });
    connect(m_audio, &MtatAudioField::changed, this, [this] { setDataPath(dataPath()); });
    m_dataSummary = new QLabel(tr("no data loaded"), box);
    m_dataSummary->setWordWrap(true);
    form->addRow(tr("Classes:"), m_dataSummary);
    m_task = new QComboBox(box);
    m_task->addItem(tr("binary"), int(ClassificationTask::Binary));
    m_task->addItem(tr("multi-class"), int(ClassificationTask::MultiClass));
    m_task->addItem(tr("multi-label"), int(ClassificationTask::MultiLabel));
    form->addRow(tr("Task:"), m_task);
    m_patches = spin(box, 1, 64, 1);
    m_patches->setToolTip(tr("Consecutive 80-frame patches per file (1 = the tutorial's first excerpt); all patches "
                             "of a file stay in the same split subset."));
    m_seed = spin(box, 0, 1 << 30, 0);
    m_seed->setToolTip(tr("Seed of the split, the initial weights and the batch order."));
    form->addRow(tr("Patches per file:"), row({m_patches, new QLabel(tr("Seed:"), box), m_seed}, -1));
    m_skipBad = new QCheckBox(tr("Skip files that cannot be decoded"), box);
    m_skipBad->setToolTip(tr("Leave out damaged or missing files (named in the warnings) instead of stopping the run."));
    form->addRow(QString(), m_skipBad);
    m_output = new QLineEdit(box);
    m_output->setPlaceholderText(tr("default: a new folder under the application data"));
    m_browseOutput = new QPushButton(tr("Browse…"), box);
    form->addRow(tr("Model folder:"), row({m_output, m_browseOutput}));

    connect(m_data, &QLineEdit::editingFinished, this, [this] { setDataPath(m_data->text()); });
    connect(m_browseFolder, &QPushButton::clicked, this, &CnnTrainingPanel::browseFolder);
    connect(m_browseFile, &QPushButton::clicked, this, &CnnTrainingPanel::browseFile);
    connect(m_browseOutput, &QPushButton::clicked, this, &CnnTrainingPanel::browseOutput);
    connect(m_task, &QComboBox::activated, this, &CnnTrainingPanel::onTaskChanged);
    return box;
}

QWidget *CnnTrainingPanel::buildModelGroup()
{
    auto *box = new QGroupBox(tr("Model"), this);
    auto *form = new QFormLayout(box);
    m_preset = new QComboBox(box);
    for (const QString &name : tutorialCnnPresetNames()) {
        TutorialCnnSpec spec;
        tutorialCnnPreset(name, &spec);
        m_preset->addItem(name, name);
        m_preset->setItemData(m_preset->count() - 1, spec.description, Qt::ToolTipRole);
    }
    form->addRow(tr("Preset:"), m_preset);
    m_presetInfo = new QLabel(box);
    m_presetInfo->setWordWrap(true);
    form->addRow(tr("Training:"), m_presetInfo);
    m_epochs = spin(box, 1, 1000, 10);
    m_batch = spin(box, 1, 4096, 32);
    form->addRow(tr("Epochs:"), row({m_epochs, new QLabel(tr("Batch size:"), box), m_batch}, -1));
    m_protocol = new QCheckBox(tr("Tutorial protocol"), box);
    m_protocol->setToolTip(tr("TUTORIAL.md 2.1-2.5 exactly: scaler fitted on all patches before the split, 25 % test, "
                              "validation = the last 10 % of the training arrays for presets with a validation "
                              "split. Off: stratified train / validation / test split, scaler fitted on the "
                              "training split."));
    form->addRow(QString(), m_protocol);
    connect(m_preset, &QComboBox::currentIndexChanged, this, [this] {
        TutorialCnnSpec spec;
        if (tutorialCnnPreset(preset(), &spec)) {
            m_epochs->setValue(spec.training.epochs);
            m_batch->setValue(spec.training.batchSize);
        }
        updatePresetInfo();
    });
    m_preset->setCurrentIndex(-1);
    return box;
}

CnnTrainingPanel::~CnnTrainingPanel()
{
    // Hiding the children while they are destroyed moves the focus: a line edit's editingFinished
    // would call setDataPath on members already destroyed.
    m_data->disconnect(this);
    m_audio->disconnect(this);
    m_train->cancelAndWait();
    m_scan->cancelAndWait();
}

void CnnTrainingPanel::installMenuAction(QMainWindow *window,
                                         std::function<void(const QString &, const QString &)> onModelTrained)
{
    QAction *action = toolsMenu(window)->addAction(tr("Train &Classifier…"));
    action->setObjectName(QStringLiteral("actionTrainClassifier"));
    // The shared window is created on first use; hook it up once.
    connect(action, &QAction::triggered, window,
            [window, onModelTrained, hooked = QPointer<CnnTrainingPanel>()]() mutable {
                CnnTrainingPanel *panel = showWindow(window);
                if (onModelTrained && hooked != panel) {
                    connect(panel, &CnnTrainingPanel::modelTrained, window, onModelTrained);
                    hooked = panel;
                }
            });
}

CnnTrainingPanel *CnnTrainingPanel::showWindow(QWidget *parent)
{
    return showSharedToolWindow<CnnTrainingPanel>(parent, QSize(1100, 780));
}

void CnnTrainingPanel::closeEvent(QCloseEvent *event)
{
    cancel(); // no wait here: the thread ends at its next check, the destructor joins
    QWidget::closeEvent(event);
}

QString CnnTrainingPanel::dataPath() const
{
    return m_data->text().trimmed();
}
ClassificationTask CnnTrainingPanel::task() const
{
    return ClassificationTask(m_task->currentData().toInt());
}
void CnnTrainingPanel::setTask(ClassificationTask task)
{
    m_task->setCurrentIndex(m_task->findData(int(task)));
    onTaskChanged();
}
QString CnnTrainingPanel::preset() const
{
    return m_preset->currentData().toString();
}
void CnnTrainingPanel::setPreset(const QString &name)
{
    m_preset->setCurrentIndex(m_preset->findData(name));
}
void CnnTrainingPanel::setEpochs(int epochs)
{
    m_epochs->setValue(epochs);
}
void CnnTrainingPanel::setBatchSize(int batch)
{
    m_batch->setValue(batch);
}
void CnnTrainingPanel::setPatchesPerFile(int n)
{
    m_patches->setValue(n);
}
void CnnTrainingPanel::setSeed(int seed)
{
    m_seed->setValue(seed);
}
void CnnTrainingPanel::setSkipBadFiles(bool on)
{
    m_skipBad->setChecked(on);
}
void CnnTrainingPanel::setTutorialProtocol(bool on)
{
    m_protocol->setChecked(on);
}
void CnnTrainingPanel::setOutputFolder(const QString &folder)
{
    m_output->setText(folder);
}
bool CnnTrainingPanel::isTraining() const
{
    return m_train->isRunning();
}
QList<QPointF> CnnTrainingPanel::chartPoints(const QString &seriesName) const
{
    return m_charts->points(seriesName);
}
QString CnnTrainingPanel::dataSummary() const
{
    return m_dataSummary->text();
}
QString CnnTrainingPanel::presetSummary() const
{
    return m_presetInfo->text();
}
QString CnnTrainingPanel::statusText() const
{
    return m_status->text();
}

} // namespace mirlo
