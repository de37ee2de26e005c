#pragma once
// The spectrogram parameters dock: kind (stft / mel / logfreq), frame size
// (256..8192 samples), hop (samples), mel bands, bands per octave, window,
// colour map and the colour scale's dB floor / ceiling. Emits a complete
// SpectrogramParams whenever an analysis parameter changes and cheap display
// changes (colour map, dB range) separately, since those need no recompute.
#include "core/dsp/spectrogram.h"
#include "core/render/colour_map.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QSlider;
class QSpinBox;

namespace mirlo {

class ParametersPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int kDefaultFloorDb = -90;
    static constexpr int kDefaultCeilingDb = 0;

    explicit ParametersPanel(QWidget *parent = nullptr);

    SpectrogramParams params() const;
    void setParams(const SpectrogramParams &params); // without emitting
    ColourMap colourMap() const;
    double floorDb() const;
    double ceilingDb() const;

Q_SIGNALS:
    void paramsChanged(const mirlo::SpectrogramParams &params);
    void colourMapChanged(mirlo::ColourMap map);
    void dbRangeChanged(double floorDb, double ceilingDb);

private:
    void updateEnabled();
    void emitParams();
    void onDbSlider();

    QComboBox *m_kind;
    QComboBox *m_frameSize;
    QSpinBox *m_hop;
    QSpinBox *m_melBands;
    QSpinBox *m_bandsPerOctave;
    QComboBox *m_window;
    QComboBox *m_colourMap;
    QSlider *m_floor;
    QSlider *m_ceiling;
    QLabel *m_floorLabel;
    QLabel *m_ceilingLabel;
    bool m_updating = false;
    SpectrogramParams m_base; // fields the panel does not edit (fmin/fmax/topDb)
};

} // namespace mirlo
