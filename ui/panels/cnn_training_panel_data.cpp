// CnnTrainingPanel: the data source (scanned on a worker thread for the class
// summary), the task it implies and the preset fitted to it.
#include "ui/panels/cnn_training_panel.h"

#include "core/datasets/dataset_source.h"
#include "core/model/tutorial_cnn_adapt.h"
#include "core/model/tutorial_cnn_spec.h"
#include "core/model/tutorial_cnn_task.h"
#include "ui/panels/background_task.h"
#include "ui/panels/cnn_training_job.h"
#include "ui/panels/mtat_audio_field.h"

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>

namespace mirlo {

namespace {

QString errorHtml(const QString &text)
{
    return QStringLiteral("<span style=\"color:#c0392b\">%1</span>").arg(text.toHtmlEscaped());
}

QString optimiserText(const CnnTrainingPreset &t)
{
    QString name = t.optimizer == QLatin1String("adam") ? QStringLiteral("Adam") : t.optimizer.toUpper();
    if (t.momentum > 0)
        name += CnnTrainingPanel::tr(" (momentum %1)").arg(t.momentum);
    return name;
}

// A file,label CSV may list files that are not there: say so when the source is chosen, not
// when training reaches them after the feature extraction of the others.
QStringList missingFilesWarning(const Dataset &data)
{
    QStringList missing;
    for (const DatasetItem &item : data.items)
        if (!QFileInfo::exists(item.path))
            missing << QDir::toNativeSeparators(item.path);
    if (missing.isEmpty())
        return {};
    // Both forms spelled out: without a translation loaded, %n plurals show "file(s)".
    return {missing.size() == 1
                ? CnnTrainingPanel::tr("A listed file is not there (training would stop at it): %1").arg(missing.first())
                : CnnTrainingPanel::tr("%1 listed files are not there (training would stop at the first): %2")
                      .arg(missing.size())
                      .arg(missing.first())};
}

} // namespace

void CnnTrainingPanel::browseFolder()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder with one sub-folder per class"), dataPath());
    if (!dir.isEmpty())
        setDataPath(dir);
}

void CnnTrainingPanel::browseFile()
{
    const QString file = QFileDialog::getOpenFileName(this, tr("file,label CSV or label matrix"), dataPath(),
                                                      tr("CSV files (*.csv);;All files (*)"));
    if (!file.isEmpty())
        setDataPath(file);
}

void CnnTrainingPanel::browseOutput()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Model folder"), m_output->text());
    if (!dir.isEmpty())
        m_output->setText(dir);
}

void CnnTrainingPanel::setDataPath(const QString &path)
{
    const QString p = path.trimmed();
    if (m_data->text() != p)
        m_data->setText(p);
    m_audio->setDataPath(p);
    if (scanKey(p) == m_scannedPath && m_dataset)
        return;
    m_pendingScan = p;
    m_scanPending = true;
    if (!m_scan->isRunning())
        scanData();
}

void CnnTrainingPanel::scanData()
{
    const QString path = m_pendingScan;
    m_scanPending = false;
    m_dataset.reset();
    m_scannedPath.clear();
    updateStartEnabled();
    if (path.isEmpty()) {
        m_dataSummary->setText(tr("no data loaded"));
        updatePresetInfo();
        return;
    }
    m_dataSummary->setText(tr("Reading %1…").arg(path));
    // A large label matrix takes a moment to parse (and its clips to be found): not on the GUI thread.
    BackgroundTask *task = m_scan;
    const DatasetLoadOptions options = m_audio->loadOptions(false);
    const QString key = scanKey(path);
    m_scan->start([this, task, path, key, options] {
        auto data = std::make_shared<Dataset>();
        QString error;
        QStringList warnings;
        const bool ok = loadDataset(path, options, *data, &error, &warnings);
        if (ok && data->items.empty())
            error = tr("%1: no labelled items").arg(path);
        else if (ok && !data->rowKeys)
            warnings += missingFilesWarning(*data);
        task->post([this, key, ok, error, warnings, data] {
            onDataScanned(key, ok && error.isEmpty(), error, warnings, data);
        });
    });
}

QString CnnTrainingPanel::scanKey(const QString &path) const
{
    return path + QLatin1Char('\n') + m_audio->optionsKey();
}

void CnnTrainingPanel::onDataScanned(const QString &key, bool ok, const QString &error, const QStringList &warnings,
                                     const std::shared_ptr<Dataset> &data)
{
    if (m_scanPending)
        return; // superseded: the next scan starts when this one's thread has ended
    m_scannedPath = key;
    if (!ok) {
        m_dataSummary->setText(errorHtml(error));
        updatePresetInfo();
        Q_EMIT datasetLoaded(false);
        return;
    }
    m_dataset = data;
    const ClassificationTask implied = datasetTask(*data);
    m_dataSummary->setText(tr("%n item(s), %1 classes%2: %3", nullptr, int(data->items.size()))
                               .arg(data->classes.size())
                               .arg(implied == ClassificationTask::MultiLabel ? tr(" (multi-label)") : QString())
                               .arg(classCountsText(*data)));
    m_dataSummary->setToolTip(classCountsText(*data, 1000));
    // MTAT clips: training needs their audio; clips without audio are left out (one warning).
    if (data->rowKeys)
        m_dataSummary->setText(m_dataSummary->text().toHtmlEscaped() + QStringLiteral("<br>") +
                               errorHtml(tr("These are MagnaTagATune clips: choose the Audio folder holding them.")));
    else if (!warnings.isEmpty())
        m_dataSummary->setText(m_dataSummary->text().toHtmlEscaped() + QStringLiteral("<br>") +
                               errorHtml(warnings.join(QLatin1Char(' '))));
    // The task follows the data (with its default preset) unless the chosen task and preset fit it already.
    updatePresetInfo();
    if (task() != implied || m_presetError)
        setTask(implied);
    Q_EMIT datasetLoaded(true);
}

void CnnTrainingPanel::onTaskChanged()
{
    setPreset(defaultCnnPreset(task()));
    updatePresetInfo();
}

void CnnTrainingPanel::updatePresetInfo()
{
    TutorialCnnSpec spec;
    if (!tutorialCnnPreset(preset(), &spec)) {
        m_presetInfo->clear();
        m_presetError = true;
        updateStartEnabled();
        return;
    }
    QString error;
    bool fits = true;
    if (m_dataset) {
        Dataset copy = *m_dataset; // adapting reorders the classes of a one-output preset
        fits = taskFitsData(task(), copy, &error) && adaptTutorialCnnSpec(spec, copy, &error);
    }
    const CnnTrainingPreset &t = spec.training;
    const QLocale locale(QLocale::English);
    QString text = tr("%1, learning rate %2, decay %3; preset batch %4, %5 epochs; %6 parameters (%n output(s)%7)",
                      nullptr, spec.outputCount())
                       .arg(optimiserText(t))
                       .arg(t.learningRate)
                       .arg(t.decay)
                       .arg(t.batchSize)
                       .arg(t.epochs)
                       .arg(locale.toString(qlonglong(specParameterCount(spec, true))))
                       .arg(spec.multiLabel() ? tr(", sigmoid") : tr(", softmax"))
                       .toHtmlEscaped();
    if (!fits)
        text += QStringLiteral("<br>") + errorHtml(error);
    m_presetInfo->setText(text);
    m_presetInfo->setToolTip(spec.description);
    m_presetError = !fits;
    updateStartEnabled();
}

void CnnTrainingPanel::updateStartEnabled()
{
    if (!m_start)
        return; // still being built
    const bool ready = m_dataset && !m_dataset->rowKeys && !m_presetError && m_scannedPath == scanKey(dataPath());
    m_start->setEnabled(!isTraining() && ready);
}

} // namespace mirlo
