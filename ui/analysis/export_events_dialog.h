#pragma once
// File › Export events…: which event layer (onsets, beats, downbeats; estimate
// or truth) and which format (text, Audacity labels, Sonic Visualiser CSV or
// layer), then the file name. The writing itself is core/io/label_export.
#include "core/io/label_export.h"
#include "ui/analysis/analysis_layer.h"

#include <QDialog>

class QComboBox;

namespace mirlo {

class ExportEventsDialog : public QDialog {
    Q_OBJECT
public:
    ExportEventsDialog(const LayerList &layers, QWidget *parent = nullptr); // event layers are offered

    LayerPtr layer() const;
    LabelFormat format() const;

private:
    LayerList m_layers;
    QComboBox *m_layer;
    QComboBox *m_format;
};

// The event list of a layer (times + bar positions when known) and export options for it.
EventList eventListOf(const AnalysisLayer &layer);
LabelExportOptions labelOptionsFor(const AnalysisLayer &layer, int sampleRate);

} // namespace mirlo
