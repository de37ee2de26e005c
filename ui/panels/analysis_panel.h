#pragma once
// The analysis dock: onset method (flux, superflux, hfc, complex, rnn, cnn,
// and every registered trained model as "Model: <name>", data "model:<folder>")
// with its peak picking (threshold in activation units, smoothing and
// combine window in seconds) and frame rate (frames per second; the networks
// are fixed at 100 fps), the beat tracker's BPM range and downbeats,
// "Analyse" and auto-analyse on load. Picking a method loads its defaults.
// Emits complete AnalysisSettings on every change (the controller decides
// what is cheap and debounces the rest).
#include "ui/analysis/analysis_provider.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QPushButton;

namespace mirlo {

class AnalysisPanel : public QWidget {
    Q_OBJECT
public:
    explicit AnalysisPanel(QWidget *parent = nullptr);

    AnalysisSettings settings() const;
    void setSettings(const AnalysisSettings &settings); // without emitting
    bool autoAnalyse() const;
    void setAutoAnalyse(bool on);
    QComboBox *methodBox() const { return m_method; }
    // Re-reads the registered trained models (core/nn/onset_model_registry.h)
    // into the method list, keeping the current choice when it is still there.
    void refreshOnsetModels();
    QDoubleSpinBox *thresholdBox() const { return m_threshold; }
    QPushButton *analyseButton() const { return m_analyse; }

Q_SIGNALS:
    void settingsChanged(const mirlo::AnalysisSettings &settings);
    void analyseRequested();
    void autoAnalyseToggled(bool on);

private:
    void emitSettings();

    QComboBox *m_method;
    QDoubleSpinBox *m_threshold;
    QDoubleSpinBox *m_smoothing;
    QDoubleSpinBox *m_combine;
    QDoubleSpinBox *m_fps;
    QCheckBox *m_beats;
    QDoubleSpinBox *m_minBpm;
    QDoubleSpinBox *m_maxBpm;
    QCheckBox *m_downbeats;
    QCheckBox *m_auto;
    QPushButton *m_analyse;
    bool m_updating = false;
};

} // namespace mirlo
