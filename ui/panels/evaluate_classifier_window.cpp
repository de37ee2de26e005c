#include "ui/panels/evaluate_classifier_window.h"

#include "core/features/feature_cache.h"
#include "core/tagging/classifier_registry.h"
#include "core/tagging/tagger_model.h"
#include "ui/panels/classification_view.h"
#include "ui/panels/mtat_audio_field.h"
#include "ui/panels/tool_window.h"
#include "ui/widgets/message_bar.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QVBoxLayout>

namespace mirlo {

namespace {
// At most this many warnings are listed in the message bar; the rest are counted.
constexpr int kListedWarnings = 3;
constexpr const char *kModelKey = "evaluateClassifier/model";
constexpr const char *kDataKey = "evaluateClassifier/data";

QString classSummary(const Dataset &d)
{
    const std::vector<int> counts = d.classCounts();
    QStringList parts;
    for (int i = 0; i < d.classes.size(); ++i)
        parts << QStringLiteral("%1 (%2)").arg(d.classes.at(i)).arg(counts.size() > size_t(i) ? counts[size_t(i)] : 0);
    return parts.join(QStringLiteral(", "));
}
} // namespace

EvaluateClassifierWindow::EvaluateClassifierWindow(JobRunner *jobs, QWidget *parent)
    : QWidget(parent), m_jobs(jobs ? jobs : new JobRunner(this, 1))
{
    setWindowTitle(tr("Evaluate Classifier"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);

    auto *modelRow = new QHBoxLayout;
    m_model = new QComboBox(this);
    m_model->setObjectName(QStringLiteral("modelPicker"));
    m_model->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_model->setMinimumContentsLength(24);
    modelRow->addWidget(m_model, 1);
    auto *browseModel = new QPushButton(tr("Browse…"), this);
    browseModel->setToolTip(tr("A model folder (model.json + weights.safetensors)"));
    modelRow->addWidget(browseModel);
    form->addRow(tr("Model:"), modelRow);

    auto *dataRow = new QHBoxLayout;
    m_dataEdit = new QLineEdit(this);
    m_dataEdit->setObjectName(QStringLiteral("dataPath"));
    m_dataEdit->setPlaceholderText(tr("a folder with one sub-folder per class, or a file,label CSV"));
    dataRow->addWidget(m_dataEdit, 1);
    auto *folder = new QPushButton(tr("Folder…"), this);
    auto *csv = new QPushButton(tr("CSV…"), this);
    dataRow->addWidget(folder);
    dataRow->addWidget(csv);
    form->addRow(tr("Data:"), dataRow);
    m_audio = new MtatAudioField(this);
    form->addRow(tr("Audio folder:"), m_audio);
    form->setRowVisible(m_audio, false);
    connect(m_audio, &MtatAudioField::relevanceChanged, this,
            [form, this](bool on) { form->setRowVisible(m_audio, on); });
    connect(m_audio, &MtatAudioField::changed, this, [this] {
        if (!m_dataPath.isEmpty())
            setDataPath(m_dataPath);
    });

    layout->addLayout(form);
    // Outside the form: a word-wrapped label in a QFormLayout row gets one line's height.
    m_classes = new QLabel(tr("no data chosen"), this);
    m_classes->setObjectName(QStringLiteral("dataClasses"));
    m_classes->setWordWrap(true);
    m_classes->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_classes);

    auto *run = new QHBoxLayout;
    m_evaluate = new QPushButton(tr("Evaluate"), this);
    m_evaluate->setDefault(true);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_status = new QLabel(this);
    m_status->setMinimumWidth(120);
    // Long progress details must not widen the window.
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_export = new QPushButton(tr("Export…"), this);
    m_export->setToolTip(tr("Save the report as JSON"));
    run->addWidget(m_evaluate);
    run->addWidget(m_cancel);
    run->addWidget(m_progress, 1);
    run->addWidget(m_status, 2);
    run->addWidget(m_export);
    layout->addLayout(run);

    m_messages = new MessageBar(this);
    layout->addWidget(m_messages);
    m_view = new ClassificationView(this);
    layout->addWidget(m_view, 1);

    connect(browseModel, &QPushButton::clicked, this, &EvaluateClassifierWindow::browseModel);
    connect(folder, &QPushButton::clicked, this, [this] { browseData(true); });
    connect(csv, &QPushButton::clicked, this, [this] { browseData(false); });
    connect(m_dataEdit, &QLineEdit::editingFinished, this, [this] {
        if (m_dataEdit->text() != m_dataPath)
            setDataPath(m_dataEdit->text());
    });
    connect(m_evaluate, &QPushButton::clicked, this, &EvaluateClassifierWindow::evaluate);
    connect(m_cancel, &QPushButton::clicked, this, &EvaluateClassifierWindow::cancel);
    connect(m_export, &QPushButton::clicked, this, &EvaluateClassifierWindow::exportDialog);
    connect(m_jobs, &JobRunner::jobProgress, this, [this](JobId id, double f, const QString &detail) {
        if (id != m_job)
            return;
        m_progress->setValue(int(f * 1000.0));
        if (!detail.isEmpty())
            m_status->setText(detail);
    });
    // A cancel (here or from the status bar) delivers no result.
    connect(m_jobs, &JobRunner::jobCancelled, this, [this](JobId id) {
        if (id != m_job)
            return;
        setRunning(false);
        m_status->setText(tr("Cancelled"));
        Q_EMIT evaluationFinished(false, tr("cancelled"));
    });

    fillModels();
    // The last choice again (a data path only while it still exists, so nothing fails on opening).
    const QSettings settings;
    const QString lastModel = settings.value(QLatin1String(kModelKey)).toString();
    if (!lastModel.isEmpty() && (m_model->findData(lastModel) >= 0 || QFileInfo(lastModel).isDir()))
        setModel(lastModel);
    const QString lastData = settings.value(QLatin1String(kDataKey)).toString();
    if (!lastData.isEmpty() && QFileInfo::exists(lastData))
        setDataPath(lastData);
    setRunning(false);
    m_export->setEnabled(false);
}

EvaluateClassifierWindow::~EvaluateClassifierWindow()
{
    // Hiding the children while they are destroyed moves the focus: editingFinished must not reload.
    m_dataEdit->disconnect(this);
    m_audio->disconnect(this);
    if (m_job && m_jobs)
        m_jobs->cancel(m_job); // its result finds no receiver
}

void EvaluateClassifierWindow::installMenuAction(QMainWindow *window, JobRunner *jobs)
{
    QAction *action = toolsMenu(window)->addAction(tr("&Evaluate Classifier…"));
    action->setObjectName(QStringLiteral("actionEvaluateClassifier"));
    QPointer<JobRunner> runner(jobs);
    connect(action, &QAction::triggered, window, [window, runner] { showWindow(window, runner); });
}

EvaluateClassifierWindow *EvaluateClassifierWindow::showWindow(QWidget *parent, JobRunner *jobs)
{
    static QPointer<EvaluateClassifierWindow> window;
    if (!window)
        window = new EvaluateClassifierWindow(jobs, parent);
    else
        window->fillModels(); // models registered since the window was opened
    presentToolWindow(window, QSize(940, 720));
    return window;
}

void EvaluateClassifierWindow::fillModels()
{
    const QString current = model();
    m_model->clear();
    for (const QString &name : TaggerModel::builtinModelNames())
        m_model->addItem(tr("%1 (built-in MTAT tagger)").arg(name), name);
    for (const ClassifierEntry &e : availableClassifiers()) {
        const QString kind = e.kind == ClassifierKind::TutorialCnn ? tr("tutorial CNN") : tr("tagger");
        m_model->addItem(tr("%1 (%2)").arg(e.name, kind), e.folder);
        m_model->setItemData(m_model->count() - 1, e.folder, Qt::ToolTipRole);
    }
    if (!current.isEmpty())
        setModel(current);
}

void EvaluateClassifierWindow::setModel(const QString &nameOrFolder)
{
    int index = m_model->findData(nameOrFolder);
    if (index < 0 && QFileInfo(nameOrFolder).isDir()) {
        const QString folder = QFileInfo(nameOrFolder).absoluteFilePath();
        index = m_model->findData(folder);
        if (index < 0) {
            m_model->addItem(tr("%1 (folder)").arg(QFileInfo(folder).fileName()), folder);
            index = m_model->count() - 1;
            m_model->setItemData(index, folder, Qt::ToolTipRole);
        }
    } else if (index < 0) {
        // Kept as given, so evaluating reports what is wrong with it.
        m_model->addItem(nameOrFolder, nameOrFolder);
        index = m_model->count() - 1;
    }
    m_model->setCurrentIndex(index);
}

QString EvaluateClassifierWindow::model() const
{
    return m_model->currentData().toString();
}

bool EvaluateClassifierWindow::setDataPath(const QString &path)
{
    m_dataPath = path;
    if (m_dataEdit->text() != path)
        m_dataEdit->setText(path);
    m_data = Dataset{};
    m_loadWarnings.clear();
    m_audio->setDataPath(path);
    QString error;
    if (path.trimmed().isEmpty()) {
        m_classes->setText(tr("no data chosen"));
        return false;
    }
    QStringList warnings;
    m_messages->clear();
    if (!loadDataset(path, m_audio->loadOptions(false), m_data, &error, &warnings)) {
        m_data = Dataset{};
        if (!error.contains(path))
            error = QStringLiteral("%1: %2").arg(path, error);
        m_classes->setText(tr("cannot read the data source"));
        m_messages->showMessage(MessageBar::Severity::Error, error);
        return false;
    }
    const QString kind = m_data.isMultiLabel() ? tr("multi-label, ") : QString();
    m_classes->setText(tr("Data: %1 items, %2%3 classes: %4")
                           .arg(m_data.items.size())
                           .arg(kind)
                           .arg(m_data.classes.size())
                           .arg(classSummary(m_data)));
    // MTAT clips without their audio cannot be evaluated; clips left out are one warning.
    if (m_data.rowKeys)
        m_messages->showMessage(MessageBar::Severity::Warning,
                                tr("%1 names MagnaTagATune clips: choose the Audio folder holding them.").arg(path));
    m_loadWarnings = warnings.join(QLatin1Char('\n'));
    if (!m_loadWarnings.isEmpty())
        m_messages->showMessage(MessageBar::Severity::Warning, m_loadWarnings);
    return true;
}

void EvaluateClassifierWindow::browseModel()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Model Folder"));
    if (!dir.isEmpty())
        setModel(dir);
}

void EvaluateClassifierWindow::browseData(bool folder)
{
    const QString path = folder ? QFileDialog::getExistingDirectory(this, tr("Data Folder (one sub-folder per class)"))
                                : QFileDialog::getOpenFileName(this, tr("Labels CSV"), QString(),
                                                               tr("CSV files (*.csv);;All files (*)"));
    if (!path.isEmpty())
        setDataPath(path);
}

void EvaluateClassifierWindow::evaluate()
{
    if (isRunning() || !m_jobs)
        return;
    if (m_dataEdit->text() != m_dataPath || m_data.items.empty()) {
        if (!setDataPath(m_dataEdit->text())) {
            if (m_dataEdit->text().trimmed().isEmpty())
                m_messages->showMessage(MessageBar::Severity::Error, tr("Choose a data folder or CSV first."));
            Q_EMIT evaluationFinished(false, tr("no data"));
            return;
        }
    }
    if (m_data.rowKeys) {
        m_messages->showMessage(MessageBar::Severity::Error,
                                tr("Choose the Audio folder holding the MagnaTagATune clips of %1.").arg(m_dataPath));
        Q_EMIT evaluationFinished(false, tr("no audio folder"));
        return;
    }
    const QString modelName = model();
    const Dataset data = m_data;
    // The last report goes now: it belongs to another model or data, and a failure must not
    // leave it on screen (or in Export…) as if it were this run's.
    m_result = ModelEvaluation{};
    m_resultDataPath = m_dataPath;
    m_export->setEnabled(false);
    m_view->clear();
    const quint64 token = ++m_token;
    QSettings settings;
    settings.setValue(QLatin1String(kModelKey), modelName);
    settings.setValue(QLatin1String(kDataKey), m_dataPath);
    auto work = [modelName, data](JobContext &ctx) -> ModelEvaluation {
        // Tutorial CNN features go through the on-disk cache: evaluating again starts at once.
        const FeatureCache cache;
        ModelEvaluationOptions options;
        options.cache = &cache;
        return evaluateModel(modelName, data, options,
                             [&ctx](double f, const QString &detail) { return ctx.setProgress(f, detail); });
    };
    auto done = [this, token](ModelEvaluation result) {
        if (token == m_token)
            finish(std::move(result));
    };
    auto failed = [this, token](const QString &message) {
        if (token == m_token)
            fail(message);
    };
    m_messages->clear();
    if (!m_loadWarnings.isEmpty()) // clips left out stay in view next to the result
        m_messages->showMessage(MessageBar::Severity::Warning, m_loadWarnings);
    m_status->setText(tr("Evaluating…"));
    m_progress->setValue(0);
    m_job = m_jobs->run<ModelEvaluation>(tr("Evaluating %1").arg(QFileInfo(modelName).fileName()), work, this, done,
                                         failed);
    setRunning(true);
}

void EvaluateClassifierWindow::cancel()
{
    if (!m_job)
        return;
    ++m_token; // a result still on its way is dropped
    if (m_jobs)
        m_jobs->cancel(m_job);
    // Done at once: the job may have ended already, and then no jobCancelled follows.
    setRunning(false);
    m_status->setText(tr("Cancelled"));
    Q_EMIT evaluationFinished(false, tr("cancelled"));
}

void EvaluateClassifierWindow::finish(ModelEvaluation result)
{
    setRunning(false);
    if (result.cancelled) {
        m_status->setText(tr("Cancelled"));
        Q_EMIT evaluationFinished(false, tr("cancelled"));
        return;
    }
    if (!result.ok) {
        fail(result.error);
        return;
    }
    if (!result.warnings.isEmpty()) {
        QStringList shown = result.warnings.mid(0, kListedWarnings);
        if (result.warnings.size() > kListedWarnings)
            shown << tr("… and %1 more").arg(result.warnings.size() - kListedWarnings);
        m_messages->showMessage(MessageBar::Severity::Warning, shown.join(QLatin1Char('\n')));
    }
    m_result = std::move(result);
    const QString name = m_result.modelName.isEmpty() ? QFileInfo(m_result.model).fileName() : m_result.modelName;
    const QString data = QFileInfo(m_resultDataPath).fileName();
    m_view->setReport(m_result.report, tr("%1 on %2 (%3 items)").arg(name, data).arg(m_result.report.items));
    m_status->setText(tr("Done"));
    m_progress->setValue(1000);
    m_export->setEnabled(true);
    Q_EMIT evaluationFinished(true, QString());
}

void EvaluateClassifierWindow::fail(const QString &message)
{
    setRunning(false);
    m_status->setText(tr("Failed"));
    m_messages->showMessage(MessageBar::Severity::Error, message);
    Q_EMIT evaluationFinished(false, message);
}

void EvaluateClassifierWindow::setRunning(bool running)
{
    if (!running)
        m_job = 0;
    m_evaluate->setEnabled(!running);
    m_cancel->setEnabled(running);
    m_model->setEnabled(!running);
    m_dataEdit->setEnabled(!running);
}

bool EvaluateClassifierWindow::exportReport(const QString &path, QString *error) const
{
    if (!m_result.ok) {
        if (error)
            *error = tr("%1: no evaluation to export yet").arg(path);
        return false;
    }
    QJsonObject root = m_result.report.toJson();
    root.insert(QStringLiteral("model"), m_result.model);
    root.insert(QStringLiteral("modelName"), m_result.modelName);
    root.insert(QStringLiteral("data"), m_resultDataPath);
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(root).toJson()) < 0 || !f.commit()) {
        if (error)
            *error = tr("%1: cannot write (%2)").arg(path, f.errorString());
        return false;
    }
    return true;
}

void EvaluateClassifierWindow::exportDialog()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Evaluation Report"),
                                                      QStringLiteral("evaluation.json"), tr("JSON (*.json)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportReport(path, &error))
        m_messages->showMessage(MessageBar::Severity::Error, error);
    else
        m_status->setText(tr("Saved %1").arg(QFileInfo(path).fileName()));
}

} // namespace mirlo
