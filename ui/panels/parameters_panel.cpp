#include "ui/panels/parameters_panel.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

namespace mirlo {

namespace {

const WindowType kWindows[] = {WindowType::Hann, WindowType::Hamming, WindowType::Blackman, WindowType::Rectangular};
const SpectrogramKind kKinds[] = {SpectrogramKind::Stft, SpectrogramKind::Mel, SpectrogramKind::LogFrequency};
const ColourMap kMaps[] = {ColourMap::Viridis, ColourMap::Magma, ColourMap::Inferno, ColourMap::Greyscale};

QSlider *dbSlider(int lo, int hi, int value, QWidget *parent)
{
    auto *s = new QSlider(Qt::Horizontal, parent);
    s->setRange(lo, hi);
    s->setValue(value);
    s->setPageStep(10);
    return s;
}

} // namespace

ParametersPanel::ParametersPanel(QWidget *parent) : QWidget(parent)
{
    auto *outer = new QVBoxLayout(this);
    auto *analysis = new QGroupBox(tr("Spectrogram"), this);
    auto *form = new QFormLayout(analysis);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    m_kind = new QComboBox(analysis);
    m_kind->addItem(tr("STFT (linear frequency)"), kindName(SpectrogramKind::Stft));
    m_kind->addItem(tr("Mel"), kindName(SpectrogramKind::Mel));
    m_kind->addItem(tr("Log frequency"), kindName(SpectrogramKind::LogFrequency));
    form->addRow(tr("Kind"), m_kind);

    m_frameSize = new QComboBox(analysis);
    for (int n = 256; n <= 8192; n *= 2)
        m_frameSize->addItem(QString::number(n), n);
    form->addRow(tr("Frame size"), m_frameSize);

    m_hop = new QSpinBox(analysis);
    m_hop->setRange(16, 8192);
    m_hop->setSuffix(tr(" samples"));
    m_hop->setKeyboardTracking(false);
    form->addRow(tr("Hop"), m_hop);

    m_melBands = new QSpinBox(analysis);
    m_melBands->setRange(16, 512);
    m_melBands->setKeyboardTracking(false);
    form->addRow(tr("Mel bands"), m_melBands);

    m_bandsPerOctave = new QSpinBox(analysis);
    m_bandsPerOctave->setRange(3, 48);
    m_bandsPerOctave->setKeyboardTracking(false);
    form->addRow(tr("Bands / octave"), m_bandsPerOctave);

    m_window = new QComboBox(analysis);
    for (WindowType w : kWindows)
        m_window->addItem(QString::fromUtf8(windowName(w)), int(w));
    form->addRow(tr("Window"), m_window);
    outer->addWidget(analysis);

    auto *display = new QGroupBox(tr("Display"), this);
    auto *dform = new QFormLayout(display);
    dform->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_colourMap = new QComboBox(display);
    for (ColourMap m : kMaps)
        m_colourMap->addItem(colourMapName(m), int(m));
    dform->addRow(tr("Colours"), m_colourMap);

    auto sliderRow = [display](QSlider *slider, QLabel *label) {
        auto *w = new QWidget(display);
        auto *row = new QHBoxLayout(w);
        row->setContentsMargins(0, 0, 0, 0);
        label->setMinimumWidth(label->fontMetrics().horizontalAdvance(QStringLiteral("-160 dB")));
        label->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        row->addWidget(slider, 1);
        row->addWidget(label);
        return w;
    };
    m_floor = dbSlider(-160, -10, kDefaultFloorDb, display);
    m_ceiling = dbSlider(-100, 20, kDefaultCeilingDb, display);
    m_floorLabel = new QLabel(display);
    m_ceilingLabel = new QLabel(display);
    dform->addRow(tr("dB floor"), sliderRow(m_floor, m_floorLabel));
    dform->addRow(tr("dB ceiling"), sliderRow(m_ceiling, m_ceilingLabel));
    outer->addWidget(display);
    outer->addStretch(1);

    setParams(SpectrogramParams{});
    onDbSlider();

    auto paramsEdited = [this]() {
        if (!m_updating)
            emitParams();
    };
    connect(m_kind, qOverload<int>(&QComboBox::currentIndexChanged), this, [this, paramsEdited]() {
        updateEnabled();
        paramsEdited();
    });
    connect(m_frameSize, qOverload<int>(&QComboBox::currentIndexChanged), this, [this, paramsEdited]() {
        // Keep the overlap: a new frame size takes a quarter of it as hop.
        const QSignalBlocker block(m_hop);
        m_hop->setMaximum(m_frameSize->currentData().toInt());
        m_hop->setValue(m_frameSize->currentData().toInt() / 4);
        paramsEdited();
    });
    connect(m_hop, qOverload<int>(&QSpinBox::valueChanged), this, paramsEdited);
    connect(m_melBands, qOverload<int>(&QSpinBox::valueChanged), this, paramsEdited);
    connect(m_bandsPerOctave, qOverload<int>(&QSpinBox::valueChanged), this, paramsEdited);
    connect(m_window, qOverload<int>(&QComboBox::currentIndexChanged), this, paramsEdited);
    connect(m_colourMap, qOverload<int>(&QComboBox::currentIndexChanged), this,
            [this]() { Q_EMIT colourMapChanged(colourMap()); });
    connect(m_floor, &QSlider::valueChanged, this, &ParametersPanel::onDbSlider);
    connect(m_ceiling, &QSlider::valueChanged, this, &ParametersPanel::onDbSlider);
}

SpectrogramParams ParametersPanel::params() const
{
    SpectrogramParams p = m_base;
    p.kind = kKinds[std::max(0, m_kind->currentIndex())];
    p.frameSize = m_frameSize->currentData().toInt();
    p.hopSize = std::min(m_hop->value(), p.frameSize);
    p.window = WindowType(m_window->currentData().toInt());
    p.melBands = m_melBands->value();
    p.bandsPerOctave = m_bandsPerOctave->value();
    return p;
}

void ParametersPanel::setParams(const SpectrogramParams &p)
{
    m_updating = true;
    m_base = p;
    m_kind->setCurrentIndex(std::max(0, m_kind->findData(kindName(p.kind))));
    m_frameSize->setCurrentIndex(std::max(0, m_frameSize->findData(p.frameSize)));
    m_hop->setMaximum(m_frameSize->currentData().toInt());
    m_hop->setValue(p.hopSize);
    m_window->setCurrentIndex(std::max(0, m_window->findData(int(p.window))));
    m_melBands->setValue(p.melBands);
    m_bandsPerOctave->setValue(p.bandsPerOctave);
    updateEnabled();
    m_updating = false;
}

ColourMap ParametersPanel::colourMap() const
{
    return ColourMap(m_colourMap->currentData().toInt());
}

double ParametersPanel::floorDb() const
{
    return m_floor->value();
}

double ParametersPanel::ceilingDb() const
{
    return m_ceiling->value();
}

void ParametersPanel::updateEnabled()
{
    const SpectrogramKind kind = kKinds[std::max(0, m_kind->currentIndex())];
    m_melBands->setEnabled(kind == SpectrogramKind::Mel);
    m_bandsPerOctave->setEnabled(kind == SpectrogramKind::LogFrequency);
}

void ParametersPanel::emitParams()
{
    Q_EMIT paramsChanged(params());
}

void ParametersPanel::onDbSlider()
{
    // Keep at least 10 dB between floor and ceiling by pushing the other slider.
    if (m_ceiling->value() < m_floor->value() + 10) {
        if (sender() == m_ceiling) {
            const QSignalBlocker block(m_floor);
            m_floor->setValue(m_ceiling->value() - 10);
        } else {
            const QSignalBlocker block(m_ceiling);
            m_ceiling->setValue(m_floor->value() + 10);
        }
    }
    m_floorLabel->setText(tr("%1 dB").arg(m_floor->value()));
    m_ceilingLabel->setText(tr("%1 dB").arg(m_ceiling->value()));
    Q_EMIT dbRangeChanged(floorDb(), ceilingDb());
}

} // namespace mirlo
