// CnnTrainingPanel: starting, following and finishing a training run. The
// work (cnn_training_job.h) runs on m_train's thread and reports through
// queued calls; nothing here waits for it.
#include "ui/panels/cnn_training_panel.h"

#include "core/tagging/classifier_registry.h"
#include "ui/panels/background_task.h"
#include "ui/panels/classification_view.h"
#include "ui/panels/cnn_training_job.h"
#include "ui/panels/mtat_audio_field.h"
#include "ui/panels/tool_window.h"
#include "ui/panels/training_charts.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>

#include <algorithm>
#include <memory>

namespace mirlo {

void CnnTrainingPanel::setRunning(bool running)
{
    for (QWidget *w :
         std::initializer_list<QWidget *>{m_data, m_browseFolder, m_browseFile, m_task, m_preset, m_epochs, m_batch,
                                          m_protocol, m_patches, m_seed, m_skipBad, m_output, m_browseOutput})
        w->setEnabled(!running);
    m_cancel->setEnabled(running);
    updateStartEnabled();
}

void CnnTrainingPanel::start()
{
    if (isTraining() || dataPath().isEmpty())
        return;
    CnnTrainingSettings s;
    s.dataPath = dataPath();
    s.dataOptions = m_audio->loadOptions(true);
    s.task = task();
    s.preset = preset();
    s.epochs = m_epochs->value();
    s.batchSize = m_batch->value();
    s.tutorialProtocol = m_protocol->isChecked();
    s.patchesPerFile = m_patches->value();
    s.skipBadFiles = m_skipBad->isChecked();
    s.seed = uint64_t(m_seed->value());
    s.outDir = m_output->text().trimmed();
    if (s.outDir.isEmpty())
        s.outDir = defaultModelFolder(s.preset);
    s.cacheDir = m_cacheDir;

    m_charts->clear();
    m_charts->setEpochs(s.epochs);
    m_evaluation->clear();
    m_tabs->setCurrentWidget(m_charts);
    m_epochCount = s.epochs;
    m_progress->setRange(0, 100);
    m_progress->setValue(0);
    m_progress->setFormat(tr("features %p%"));
    m_stage->setText(tr("Extracting features…"));
    m_status->setText(tr("Training %1 on %2 → %3").arg(s.preset, s.dataPath, QDir::toNativeSeparators(s.outDir)));

    BackgroundTask *task = m_train;
    const bool started = m_train->start([this, task, s] {
        // Step updates are thinned to ~20 per second: a small model runs hundreds of steps a second.
        auto stepClock = std::make_shared<QElapsedTimer>();
        stepClock->start();
        CnnTrainingCallbacks cb;
        cb.features = [this, task](double fraction, const QString &detail) {
            task->post([this, fraction, detail] { onFeatures(fraction, detail); });
        };
        cb.featuresDone = [this, task](int patches, int files, int hits, int misses) {
            task->post([=] { onFeaturesDone(patches, files, hits, misses); });
        };
        cb.batch = [this, task, stepClock](int epoch, int batch, int batches, double loss) {
            if (batch < batches && stepClock->elapsed() < 50)
                return;
            stepClock->restart();
            task->post([=] { onBatch(epoch, batch, batches, loss); });
        };
        cb.epoch = [this, task](const ml::CnnEpochReport &r) { task->post([this, r] { onEpoch(r); }); };
        auto outcome = std::make_shared<CnnTrainingOutcome>(runCnnTraining(s, cb, task->cancelFlag()));
        task->post([this, outcome] { onFinished(*outcome); });
    });
    setRunning(started);
}

void CnnTrainingPanel::cancel()
{
    if (!isTraining())
        return;
    m_train->requestCancel();
    m_cancel->setEnabled(false);
    m_status->setText(tr("Cancelling… (the best epoch so far stays saved)"));
}

void CnnTrainingPanel::onFeatures(double fraction, const QString &detail)
{
    m_progress->setValue(int(fraction * 100.0 + 0.5));
    if (!detail.isEmpty()) // the file just read; long names are elided so the row keeps its layout
        m_stage->setText(m_stage->fontMetrics().elidedText(tr("Features: %1").arg(detail), Qt::ElideMiddle,
                                                           m_stage->maximumWidth()));
}

void CnnTrainingPanel::onFeaturesDone(int patches, int files, int hits, int misses)
{
    // One count per message, so each gets its own plural form.
    m_status->setText(QStringLiteral("%1 %2 %3")
                          .arg(tr("%n patch(es)", nullptr, patches), tr("from %n file(s)", nullptr, files),
                               tr("(feature cache: %n hit(s), %1 computed); training…", nullptr, hits).arg(misses)));
    m_progress->setRange(0, std::max(1, m_epochCount) * 100);
    m_progress->setValue(0);
    m_progress->setFormat(tr("epoch 0/%1").arg(m_epochCount));
    m_stage->setText(tr("Training…"));
    Q_EMIT featuresReady(patches, files, hits, misses);
}

void CnnTrainingPanel::onBatch(int epoch, int batch, int batches, double loss)
{
    const double done = double(batch) / std::max(1, batches); // batch is 1-based
    m_charts->addStep(epoch - 1 + done, loss);
    m_progress->setValue(int((epoch - 1 + done) * 100.0));
    m_progress->setFormat(tr("epoch %1/%2").arg(epoch).arg(m_epochCount));
    m_stage->setText(tr("Epoch %1/%2, step %3/%4, loss %5")
                         .arg(epoch)
                         .arg(m_epochCount)
                         .arg(batch)
                         .arg(batches)
                         .arg(loss, 0, 'f', 4));
}

void CnnTrainingPanel::onEpoch(const ml::CnnEpochReport &r)
{
    m_charts->addEpoch(r.epoch, r.trainLoss, r.validationLoss, r.validationAccuracy);
    if (r.best)
        m_charts->markBest(r.epoch, r.validationLoss >= 0 ? r.validationLoss : r.trainLoss);
    m_progress->setValue(r.epoch * 100);
    m_progress->setFormat(tr("epoch %1/%2").arg(r.epoch).arg(r.epochs));
    QString text = tr("Epoch %1/%2: loss %3").arg(r.epoch).arg(r.epochs).arg(r.trainLoss, 0, 'f', 4);
    if (r.validationLoss >= 0)
        text += tr(", validation loss %1, accuracy %2")
                    .arg(r.validationLoss, 0, 'f', 4)
                    .arg(r.validationAccuracy, 0, 'f', 3);
    if (r.best)
        text += tr(" — saved as the best so far");
    m_status->setText(text);
}

void CnnTrainingPanel::onFinished(const CnnTrainingOutcome &o)
{
    const ml::CnnTrainingResult &t = o.training;
    QString text;
    if (!o.error.isEmpty())
        text = tr("Training failed: %1").arg(o.error);
    else if (o.cancelled && o.folder.isEmpty())
        text = tr("Cancelled before the first epoch ended; no model was saved.");
    else if (o.cancelled)
        text = tr("Cancelled; the best model so far (epoch %1) is saved in %2.")
                   .arg(t.bestEpoch)
                   .arg(QDir::toNativeSeparators(o.folder));
    else {
        text = tr("Saved the best epoch (%1 of %2) to %3")
                   .arg(t.bestEpoch)
                   .arg(t.history.size())
                   .arg(QDir::toNativeSeparators(o.folder));
        // Multi-label: the trainer's accuracy is per tag bit (Keras); the report's numbers say more.
        if (o.hasReport && o.report.task == ClassificationTask::MultiLabel)
            text += tr("; test macro ROC-AUC %1, subset accuracy %2 (%n item(s))", nullptr, o.report.items)
                        .arg(o.report.macroRocAuc, 0, 'f', 3)
                        .arg(o.report.accuracy, 0, 'f', 3);
        else if (t.testAccuracy >= 0)
            text +=
                tr("; test accuracy %1 (%n item(s))", nullptr, int(t.split.test.size())).arg(t.testAccuracy, 0, 'f', 3);
        text += QLatin1Char('.');
    }
    if (!o.warnings.isEmpty())
        text += tr(" %n warning(s): %1", nullptr, int(o.warnings.size())).arg(o.warnings.first());

    if (o.hasReport) {
        m_evaluation->setReport(o.report,
                                tr("%1 on the test split (%n item(s))", nullptr, o.report.items).arg(o.presetName));
        m_tabs->setCurrentWidget(m_evaluation);
    }
    m_progress->setFormat(o.ok && !o.cancelled ? tr("done") : o.cancelled ? tr("cancelled") : tr("failed"));
    m_stage->clear();

    const bool saved = o.error.isEmpty() && !o.folder.isEmpty();
    if (saved) {
        QString error;
        if (registerClassifier(o.folder, &error))
            Q_EMIT modelTrained(o.folder, QDir(o.folder).dirName());
        else
            text += QLatin1Char(' ') + tr("Not registered: %1").arg(error);
    }
    m_status->setText(text);
    Q_EMIT trainingFinished(o.ok && !o.cancelled, text);
}

} // namespace mirlo
