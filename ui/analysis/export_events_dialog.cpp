#include "ui/analysis/export_events_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QPushButton>

namespace mirlo {

ExportEventsDialog::ExportEventsDialog(const LayerList &layers, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Export events"));
    m_layer = new QComboBox(this);
    for (const LayerPtr &l : layers)
        if (l->isEvents()) {
            m_layers.push_back(l);
            m_layer->addItem(tr("%1 (%n event(s))", nullptr, int(l->times.size())).arg(l->title));
        }
    m_format = new QComboBox(this);
    m_format->addItem(tr("Text (one time per line)"), int(LabelFormat::Text));
    m_format->addItem(tr("Audacity label track"), int(LabelFormat::Audacity));
    m_format->addItem(tr("Sonic Visualiser CSV"), int(LabelFormat::SonicVisualiserCsv));
    m_format->addItem(tr("Sonic Visualiser layer (.svl)"), int(LabelFormat::SonicVisualiserSvl));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_layers.empty());
    auto *form = new QFormLayout(this);
    form->addRow(tr("Layer"), m_layer);
    form->addRow(tr("Format"), m_format);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

LayerPtr ExportEventsDialog::layer() const
{
    const int i = m_layer->currentIndex();
    return i >= 0 && i < int(m_layers.size()) ? m_layers[size_t(i)] : nullptr;
}

LabelFormat ExportEventsDialog::format() const
{
    return LabelFormat(m_format->currentData().toInt());
}

EventList eventListOf(const AnalysisLayer &layer)
{
    EventList events;
    events.times = layer.times;
    if (layer.positions.size() == layer.times.size())
        events.positions = layer.positions;
    return events;
}

LabelExportOptions labelOptionsFor(const AnalysisLayer &layer, int sampleRate)
{
    LabelExportOptions o;
    o.label = layer.kind == LayerKind::Onsets  ? QStringLiteral("onset")
              : layer.kind == LayerKind::Beats ? QStringLiteral("beat")
                                               : QStringLiteral("downbeat");
    o.layerName = layer.title;
    o.sampleRate = sampleRate;
    return o;
}

} // namespace mirlo
