#pragma once
// The activation lane: an onset detection function or network activation
// (one value per frame at the layer's fps) drawn under the spectrogram on the
// shared TimeViewport, with the peak-picking threshold as a horizontal line
// the user drags (emitting thresholdDragged with the new value in activation
// units) and, when the picker uses a moving average, the effective adaptive
// threshold (average + threshold) as a dotted curve. Event overlays (the
// picked onsets) are drawn on top like on the other lanes.
#include "ui/analysis/analysis_layer.h"
#include "ui/views/time_lane.h"

namespace mirlo {

class ActivationLane : public TimeLane {
    Q_OBJECT
public:
    explicit ActivationLane(TimeViewport *viewport, QWidget *parent = nullptr);

    void setActivation(LayerPtr activation); // nullptr: none
    LayerPtr activation() const { return m_layer; }
    double threshold() const;
    double valueToY(double value) const; // widget y of an activation value
    double yToValue(double y) const;
    double maxValue() const { return m_yMax; }

    QSize sizeHint() const override { return QSize(400, 90); }

Q_SIGNALS:
    void thresholdDragged(double threshold);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    QString readoutAt(const QPoint &pos) const override;

private:
    bool nearThreshold(double y) const;
    void updateAdaptive();

    LayerPtr m_layer;
    std::vector<float> m_adaptive; // moving average + threshold, empty when the picker uses none
    double m_yMax = 1.0;
    bool m_dragging = false;
    double m_dragThreshold = 0.0; // shown while dragging, before the controller answers
};

} // namespace mirlo
