#include "ui/panels/layers_panel.h"

#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QVBoxLayout>

namespace mirlo {

namespace {

// A small picture of how the layer is drawn: its colour in its line style.
QIcon swatch(const AnalysisLayer &l)
{
    QPixmap pm(22, 16);
    pm.fill(QColor(0x1b, 0x1e, 0x23));
    QPainter p(&pm);
    if (l.kind == LayerKind::Activation) {
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(QPen(l.colour, 1.5));
        const QPointF pts[] = {{1, 14}, {5, 12}, {8, 3}, {11, 13}, {15, 10}, {17, 6}, {21, 13}};
        p.drawPolyline(pts, 7);
    } else {
        QPen pen(l.colour);
        pen.setWidth(l.kind == LayerKind::Onsets ? 1 : l.kind == LayerKind::Beats ? 2 : 3);
        if (l.kind == LayerKind::Onsets)
            pen.setDashPattern({3.0, 2.0});
        else if (l.source == LayerSource::Truth)
            pen.setDashPattern({2.0, 2.0});
        p.setPen(pen);
        for (int x : {6, 15})
            p.drawLine(x, 1, x, 15);
    }
    return QIcon(pm);
}

} // namespace

LayersPanel::LayersPanel(QWidget *parent) : QWidget(parent)
{
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("layersList"));
    m_list->setIconSize(QSize(22, 16));
    auto *hint = new QLabel(tr("With truth and estimate shown: <span style='color:#3cc85a'>hit</span>, "
                               "<span style='color:#ff961e'>miss</span>, "
                               "<span style='color:#f03232'>false alarm</span>; estimates above, truth below."),
                            this);
    hint->setWordWrap(true);
    hint->setStyleSheet(QStringLiteral("color: palette(mid);"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_list, 1);
    layout->addWidget(hint);
    connect(m_list, &QListWidget::itemChanged, this, [this](QListWidgetItem *item) {
        if (!m_updating)
            Q_EMIT visibilityChanged(item->data(Qt::UserRole).toString(), item->checkState() == Qt::Checked);
    });
}

void LayersPanel::setLayers(const LayerList &layers, const std::function<bool(const QString &)> &isVisible)
{
    m_updating = true;
    m_list->clear();
    for (const LayerPtr &l : layers) {
        QString text = l->title;
        if (l->isEvents())
            text += QStringLiteral("  (%1)").arg(l->times.size());
        auto *item = new QListWidgetItem(swatch(*l), text, m_list);
        item->setData(Qt::UserRole, l->id);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
        item->setCheckState(isVisible(l->id) ? Qt::Checked : Qt::Unchecked);
        item->setToolTip(l->isEvents() ? tr("%1: %n event(s)", nullptr, int(l->times.size())).arg(l->title) : l->title);
    }
    if (layers.empty()) {
        auto *item = new QListWidgetItem(tr("No layers yet: analyse the track or import annotations"), m_list);
        item->setFlags(Qt::NoItemFlags);
    }
    m_updating = false;
}

QListWidgetItem *LayersPanel::itemFor(const QString &id) const
{
    for (int i = 0; i < m_list->count(); ++i)
        if (m_list->item(i)->data(Qt::UserRole).toString() == id)
            return m_list->item(i);
    return nullptr;
}

} // namespace mirlo
