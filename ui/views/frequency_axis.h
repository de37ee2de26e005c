#pragma once
// The frequency axis left of the spectrogram lane: Hz/kHz labels, linear
// ticks for STFT and log-spaced ones (which mel/log bands space evenly) otherwise.
#include <QWidget>

namespace mirlo {

class SpectrogramLane;

class FrequencyAxis : public QWidget {
    Q_OBJECT
public:
    explicit FrequencyAxis(SpectrogramLane *lane, QWidget *parent = nullptr);
    static QString formatHz(double hz);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    SpectrogramLane *m_lane;
};

} // namespace mirlo
