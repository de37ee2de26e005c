#include "ui/panels/analysis_panel.h"

#include "core/nn/onset_model_registry.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace mirlo {

namespace {

QDoubleSpinBox *spin(QWidget *parent, double lo, double hi, double step, int decimals, const QString &suffix)
{
    auto *s = new QDoubleSpinBox(parent);
    s->setRange(lo, hi);
    s->setSingleStep(step);
    s->setDecimals(decimals);
    s->setSuffix(suffix);
    s->setKeyboardTracking(false); // typing "1.25" is one change, not four
    return s;
}

QString methodLabel(const QString &m)
{
    // Not static: the labels follow the installed translator.
    const QHash<QString, QString> labels = {{QStringLiteral("flux"), AnalysisPanel::tr("Spectral flux")},
                                            {QStringLiteral("superflux"), QStringLiteral("SuperFlux")},
                                            {QStringLiteral("hfc"), AnalysisPanel::tr("High-frequency content")},
                                            {QStringLiteral("complex"), AnalysisPanel::tr("Complex flux")},
                                            {QStringLiteral("rnn"), AnalysisPanel::tr("RNN (madmom, pretrained)")},
                                            {QStringLiteral("cnn"), AnalysisPanel::tr("CNN (madmom, pretrained)")}};
    return labels.value(m, m);
}

} // namespace

AnalysisPanel::AnalysisPanel(QWidget *parent) : QWidget(parent)
{
    m_method = new QComboBox(this);
    for (const QString &m : onsetMethodNames())
        m_method->addItem(methodLabel(m), m);
    refreshOnsetModels();
    m_threshold = spin(this, 0.0, 1000.0, 0.05, 3, QString());
    m_threshold->setToolTip(tr("Peak-picking threshold above the moving average, in units of the detection "
                               "function (drag the line in the activation lane)"));
    m_smoothing = spin(this, 0.0, 0.5, 0.01, 3, tr(" s"));
    m_combine = spin(this, 0.0, 0.5, 0.01, 3, tr(" s"));
    m_combine->setToolTip(tr("Onsets closer than this to the previous one are dropped"));

    m_fps = spin(this, 0.0, 1000.0, 50.0, 0, tr(" fps"));
    m_fps->setSpecialValueText(tr("method default"));
    m_fps->setToolTip(tr("Frame rate of the detection function (flux, SuperFlux, HFC, complex flux)"));

    auto *onsetBox = new QGroupBox(tr("Onsets"), this);
    auto *onsetForm = new QFormLayout(onsetBox);
    onsetForm->addRow(tr("Method"), m_method);
    onsetForm->addRow(tr("Threshold"), m_threshold);
    onsetForm->addRow(tr("Smoothing"), m_smoothing);
    onsetForm->addRow(tr("Combine"), m_combine);
    onsetForm->addRow(tr("Frame rate"), m_fps);

    m_beats = new QCheckBox(tr("Track beats (RNN + DBN)"), this);
    m_minBpm = spin(this, 30.0, 300.0, 5.0, 0, tr(" BPM"));
    m_maxBpm = spin(this, 30.0, 400.0, 5.0, 0, tr(" BPM"));
    m_downbeats = new QCheckBox(tr("Downbeats and bars"), this);
    auto *beatBox = new QGroupBox(tr("Beats"), this);
    auto *beatForm = new QFormLayout(beatBox);
    beatForm->addRow(m_beats);
    beatForm->addRow(tr("Min tempo"), m_minBpm);
    beatForm->addRow(tr("Max tempo"), m_maxBpm);
    beatForm->addRow(m_downbeats);

    m_analyse = new QPushButton(tr("Analyse"), this);
    m_analyse->setObjectName(QStringLiteral("analyseButton"));
    m_auto = new QCheckBox(tr("Analyse on load"), this);
    m_auto->setChecked(true);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(onsetBox);
    layout->addWidget(beatBox);
    layout->addWidget(m_analyse);
    layout->addWidget(m_auto);
    layout->addStretch(1);

    setSettings(AnalysisSettings());

    connect(m_method, &QComboBox::currentIndexChanged, this, [this]() {
        if (m_updating)
            return;
        // A new detection function has its own scale: start from the method's defaults.
        AnalysisSettings s = settings();
        applyOnsetMethodDefaults(s);
        setSettings(s);
        Q_EMIT settingsChanged(s);
    });
    for (QDoubleSpinBox *s : {m_threshold, m_smoothing, m_combine, m_fps, m_minBpm, m_maxBpm})
        connect(s, &QDoubleSpinBox::valueChanged, this, &AnalysisPanel::emitSettings);
    for (QCheckBox *c : {m_beats, m_downbeats})
        connect(c, &QCheckBox::toggled, this, &AnalysisPanel::emitSettings);
    connect(m_beats, &QCheckBox::toggled, this, [this](bool on) {
        for (QWidget *w :
             {static_cast<QWidget *>(m_minBpm), static_cast<QWidget *>(m_maxBpm), static_cast<QWidget *>(m_downbeats)})
            w->setEnabled(on);
    });
    connect(m_analyse, &QPushButton::clicked, this, &AnalysisPanel::analyseRequested);
    connect(m_auto, &QCheckBox::toggled, this, &AnalysisPanel::autoAnalyseToggled);
}

AnalysisSettings AnalysisPanel::settings() const
{
    AnalysisSettings s;
    s.onsetMethod = m_method->currentData().toString();
    s.threshold = m_threshold->value();
    s.smoothing = m_smoothing->value();
    s.combine = m_combine->value();
    s.fps = m_fps->isEnabled() ? m_fps->value() : 0.0;
    s.beats = m_beats->isChecked();
    s.minBpm = std::min(m_minBpm->value(), m_maxBpm->value());
    s.maxBpm = std::max(m_minBpm->value(), m_maxBpm->value());
    s.downbeats = m_downbeats->isChecked();
    return s;
}

void AnalysisPanel::setSettings(const AnalysisSettings &s)
{
    m_updating = true;
    const QSignalBlocker b0(m_method), b1(m_threshold), b2(m_smoothing), b3(m_combine), b4(m_minBpm), b5(m_maxBpm),
        b6(m_beats), b7(m_downbeats), b8(m_fps);
    m_method->setCurrentIndex(std::max(0, m_method->findData(s.onsetMethod)));
    m_threshold->setValue(s.threshold);
    m_smoothing->setValue(s.smoothing);
    m_combine->setValue(s.combine);
    m_fps->setValue(s.fps);
    // The pretrained networks have their own fixed frame rate.
    m_fps->setEnabled(!isNeuralOnsetMethod(s.onsetMethod));
    m_beats->setChecked(s.beats);
    m_minBpm->setValue(s.minBpm);
    m_maxBpm->setValue(s.maxBpm);
    m_downbeats->setChecked(s.downbeats);
    for (QWidget *w :
         {static_cast<QWidget *>(m_minBpm), static_cast<QWidget *>(m_maxBpm), static_cast<QWidget *>(m_downbeats)})
        w->setEnabled(s.beats);
    m_updating = false;
}

void AnalysisPanel::refreshOnsetModels()
{
    const QString current = m_method->currentData().toString();
    const QSignalBlocker block(m_method);
    for (int i = m_method->count() - 1; i >= 0; --i)
        if (isOnsetModelMethod(m_method->itemData(i).toString()))
            m_method->removeItem(i);
    for (const OnsetModelEntry &e : availableOnsetModels()) {
        m_method->addItem(tr("Model: %1").arg(e.name), onsetModelMethod(e.folder));
        m_method->setItemData(m_method->count() - 1, e.folder, Qt::ToolTipRole);
    }
    const int index = m_method->findData(current);
    if (index >= 0) {
        m_method->setCurrentIndex(index);
    } else if (!current.isEmpty()) {
        // The chosen model is gone: fall back to the default method, as a user pick would.
        m_method->setCurrentIndex(std::max(0, m_method->findData(AnalysisSettings().onsetMethod)));
        AnalysisSettings s = settings();
        applyOnsetMethodDefaults(s);
        setSettings(s);
        Q_EMIT settingsChanged(s);
    }
}

bool AnalysisPanel::autoAnalyse() const
{
    return m_auto->isChecked();
}

void AnalysisPanel::setAutoAnalyse(bool on)
{
    m_auto->setChecked(on);
}

void AnalysisPanel::emitSettings()
{
    if (!m_updating)
        Q_EMIT settingsChanged(settings());
}

} // namespace mirlo
