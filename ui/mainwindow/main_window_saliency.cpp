// MainWindow's saliency part: the "Saliency for" chooser in the Tags dock,
// the bar chart's "Show where the model hears <tag>" context menu, the
// SaliencyController of the current track and the saliency lane of the detail
// view. The map follows the Tags panel's model and the chosen tag (default:
// the track's top tag, once tagging has results).
#include "ui/mainwindow/main_window.h"

#include "ui/analysis/saliency_controller.h"
#include "ui/analysis/tagging_controller.h"
#include "ui/panels/saliency_chooser.h"
#include "ui/panels/tags_panel.h"
#include "ui/views/saliency_lane.h"
#include "ui/views/track_detail_view.h"
#include "ui/widgets/message_bar.h"

#include <QComboBox>
#include <QMenu>
#include <QVBoxLayout>

#include <cmath>

namespace mirlo {

void MainWindow::buildSaliency()
{
    m_saliency = new SaliencyController(m_jobs, this);
    m_saliencyChooser = new SaliencyChooser(m_tagsPanel);
    // Under the panel's controls, above the chart (the last item of its column).
    if (auto *column = qobject_cast<QVBoxLayout *>(m_tagsPanel->layout()))
        column->insertWidget(std::max(0, column->count() - 1), m_saliencyChooser);

    connect(m_saliencyChooser, &SaliencyChooser::tagChanged, this, &MainWindow::updateSaliency);
    connect(m_saliency, &SaliencyController::changed, this, &MainWindow::showSaliency);
    connect(m_saliency, &SaliencyController::progressChanged, this, &MainWindow::showSaliency);
    connect(m_saliency, &SaliencyController::message, this,
            [this](const QString &text) { m_messages->showMessage(MessageBar::Severity::Warning, text); });

    // Right-click on a bar: "Show where the model hears <tag>".
    TagBarChart *chart = m_tagsPanel->chart();
    chart->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(chart, &QWidget::customContextMenuRequested, this, [this, chart](const QPoint &pos) {
        for (int r = 0; r < int(chart->rows().size()); ++r) {
            const QRectF bar = chart->barRect(r, 0);
            if (pos.y() < bar.top() - 2 || pos.y() > bar.bottom() + 2)
                continue;
            const QString tag = chart->rows()[size_t(r)].tag;
            QMenu menu(chart);
            QAction *show = menu.addAction(tr("Show where the model hears \"%1\"").arg(tag));
            show->setEnabled(m_saliencyChooser->box()->isEnabled() &&
                             m_saliencyChooser->box()->findData(tag) >= 0);
            if (menu.exec(chart->mapToGlobal(pos)) == show)
                m_saliencyChooser->selectTag(tag);
            return;
        }
    });
}

void MainWindow::updateSaliency()
{
    if (!m_saliency)
        return;
    const QString model = m_tagsPanel->model();
    QString why;
    const QStringList tags = SaliencyController::modelTags(model, &why);
    const TrackTagsPtr primary = m_tagging->primaryResult();
    const bool sameTags = primary && primary->ok && primary->tags == tags;
    m_saliencyChooser->setModelTags(tags, sameTags ? primary->track : std::vector<float>(), why);
    m_saliency->setTrack(m_tagging->track());
    m_saliency->request(model, m_saliencyChooser->effectiveTag());
    showSaliency();
}

void MainWindow::showSaliency()
{
    SaliencyLane *lane = m_detail->saliencyLane();
    // Only once the track is being tagged or has tags: tagging runs while the
    // Tags dock is shown (or on its Tag button), and a lane that only says it
    // waits for tags that nobody asked for would take a third of the view.
    const bool tagging = m_tagging->isRunning() || m_tagging->primaryResult() || m_saliency->current()
                         || m_saliency->isRunning();
    const bool wanted = m_saliency->track() && tagging && !m_saliencyChooser->isOff()
                        && m_saliencyChooser->box()->isEnabled();
    m_detail->setSaliencyShown(wanted);
    const SaliencyMapPtr map = m_saliency->current();
    if (lane->map() != map)
        lane->setMap(map);
    if (map || !wanted)
        lane->setStatus(QString());
    else if (m_saliency->isRunning())
        lane->setStatus(tr("Computing the saliency of \"%1\"… %2 %")
                            .arg(m_saliency->tag())
                            .arg(std::lround(100.0 * m_saliency->progress())));
    else if (m_saliency->tag().isEmpty())
        lane->setStatus(tr("Saliency of the top tag: waiting for the track's tags"));
    else
        lane->setStatus(tr("No saliency for \"%1\"").arg(m_saliency->tag()));
}

} // namespace mirlo
