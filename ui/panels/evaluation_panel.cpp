#include "ui/panels/evaluation_panel.h"

#include "core/eval/beat_metrics.h"
#include "core/eval/onset_metrics.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

namespace mirlo {

namespace {

LayerPtr findLayer(const LayerList &layers, LayerKind kind, LayerSource source)
{
    for (const LayerPtr &l : layers)
        if (l->kind == kind && l->source == source)
            return l;
    return nullptr;
}

} // namespace

EvaluationPanel::EvaluationPanel(QWidget *parent) : QWidget(parent)
{
    m_window = new QComboBox(this);
    m_window->addItem(tr("±50 ms (mir_eval default)"), 0.05);
    m_window->addItem(tr("±25 ms (tutorial)"), 0.025);
    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("evaluationTree"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Metric"), tr("Value")});
    m_tree->setRootIsDecorated(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(false);

    auto *form = new QFormLayout;
    form->addRow(tr("Onset window"), m_window);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(form);
    layout->addWidget(m_tree, 1);
    connect(m_window, &QComboBox::currentIndexChanged, this, [this]() {
        recompute();
        Q_EMIT onsetWindowChanged(onsetWindowSec());
    });
    recompute();
}

double EvaluationPanel::onsetWindowSec() const
{
    return m_window->currentData().toDouble();
}

void EvaluationPanel::setOnsetWindowSec(double sec)
{
    m_window->setCurrentIndex(sec < 0.04 ? 1 : 0);
}

void EvaluationPanel::setLayers(const LayerList &layers)
{
    m_layers = layers;
    recompute();
}

QTreeWidgetItem *EvaluationPanel::addGroup(const QString &title, const QString &note)
{
    auto *g = new QTreeWidgetItem(m_tree, {title, note});
    QFont f = g->font(0);
    f.setBold(true);
    g->setFont(0, f);
    g->setFirstColumnSpanned(note.isEmpty());
    g->setData(0, Qt::UserRole, title);
    return g;
}

void EvaluationPanel::addRow(QTreeWidgetItem *group, const QString &metric, double value, const QString &text)
{
    auto *row = new QTreeWidgetItem(
        m_tree, {QStringLiteral("   ") + metric, text.isEmpty() ? QString::number(value, 'f', 3) : text});
    row->setData(0, Qt::UserRole, group->data(0, Qt::UserRole).toString() + QLatin1Char('/') + metric);
    row->setData(1, Qt::UserRole, value);
    row->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
}

void EvaluationPanel::recompute()
{
    m_tree->clear();
    bool any = false;
    const LayerPtr onsetRef = findLayer(m_layers, LayerKind::Onsets, LayerSource::Truth);
    const LayerPtr onsetEst = findLayer(m_layers, LayerKind::Onsets, LayerSource::Estimate);
    if (onsetRef && onsetEst) {
        any = true;
        const eval::OnsetScores s = eval::evaluateOnsets(onsetRef->times, onsetEst->times, onsetWindowSec());
        QTreeWidgetItem *g = addGroup(tr("Onsets"), tr("±%1 ms").arg(onsetWindowSec() * 1000.0, 0, 'f', 0));
        addRow(g, tr("F-measure"), s.fMeasure);
        addRow(g, tr("Precision"), s.precision);
        addRow(g, tr("Recall"), s.recall);
        const int truth = int(onsetRef->times.size()), est = int(onsetEst->times.size());
        addRow(g, tr("Hits"), s.hits, QString::number(s.hits));
        addRow(g, tr("Misses"), truth - s.hits, QString::number(truth - s.hits));
        addRow(g, tr("False alarms"), est - s.hits, QString::number(est - s.hits));
    }
    const LayerPtr beatRef = findLayer(m_layers, LayerKind::Beats, LayerSource::Truth);
    const LayerPtr beatEst = findLayer(m_layers, LayerKind::Beats, LayerSource::Estimate);
    if (beatRef && beatEst) {
        any = true;
        const eval::BeatScores s = eval::evaluateBeats(beatRef->times, beatEst->times);
        QTreeWidgetItem *g = addGroup(tr("Beats"), tr("after 5 s"));
        for (const auto &[name, value] : eval::namedScores(s))
            addRow(g, QString::fromStdString(name), value);
    }
    const LayerPtr barRef = findLayer(m_layers, LayerKind::Downbeats, LayerSource::Truth);
    const LayerPtr barEst = findLayer(m_layers, LayerKind::Downbeats, LayerSource::Estimate);
    if (barRef && barEst) {
        any = true;
        QTreeWidgetItem *g = addGroup(tr("Downbeats"), tr("±70 ms"));
        addRow(g, tr("F-measure"), eval::beatFMeasure(barRef->times, barEst->times, 0.07));
    }
    if (!any) {
        auto *item = new QTreeWidgetItem(m_tree, {tr("Needs truth and an estimate of the same kind "
                                                     "(annotations next to the audio, or File › Import "
                                                     "annotations…)")});
        item->setFirstColumnSpanned(true);
        item->setToolTip(0, item->text(0)); // the dock is usually narrower than the hint
        item->setFlags(Qt::NoItemFlags);
    }
}

double EvaluationPanel::value(const QString &group, const QString &metric) const
{
    const QString key = group + QLatin1Char('/') + metric;
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
        if (m_tree->topLevelItem(i)->data(0, Qt::UserRole).toString() == key)
            return m_tree->topLevelItem(i)->data(1, Qt::UserRole).toDouble();
    return std::numeric_limits<double>::quiet_NaN();
}

} // namespace mirlo
