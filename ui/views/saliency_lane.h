#pragma once
// The saliency lane under the spectrogram: a tagger's own mel input for the
// whole track in grey, with the gradient saliency of one tag as a heat
// overlay (transparent where the tag does not care, yellow-white where it
// does), on the shared TimeViewport. Each model chunk is drawn at its true
// time span (frame f of chunk c is centred at c * chunkSeconds + f / fps), so
// the map lines up with the spectrogram and the tag timeline. Mel band 0 is at
// the bottom. The heat scale is clipped at the 99th percentile of the track's
// non-zero saliency, so one extreme cell does not wash out the rest.
// Times are seconds; bands are the model's mel bands (SaliencyAxis labels them in Hz).
#include "core/ml/tag_saliency.h"
#include "ui/views/time_lane.h"

#include <QImage>

#include <memory>

namespace mirlo {

using SaliencyMapPtr = std::shared_ptr<const ml::SaliencyMap>;

class SaliencyLane : public TimeLane {
    Q_OBJECT
public:
    explicit SaliencyLane(TimeViewport *viewport, QWidget *parent = nullptr);

    // nullptr clears.
    void setMap(SaliencyMapPtr map);
    SaliencyMapPtr map() const { return m_map; }
    // Text drawn while there is no map (e.g. "Computing saliency for 'vocal'… 40 %").
    void setStatus(const QString &text);
    QString status() const { return m_status; }

    // The composited map image (frames wide, bands high, band 0 at the bottom); null without a map.
    const QImage &image() const { return m_image; }
    int bandAt(double y) const; // -1: none
    double bandY(double band) const; // widget y of a band's centre
    float displayScale() const { return m_scale; } // saliency value drawn at full heat

    QSize sizeHint() const override { return QSize(400, 140); }

Q_SIGNALS:
    void mapChanged();

protected:
    void paintEvent(QPaintEvent *event) override;
    QString readoutAt(const QPoint &pos) const override;

private:
    void rebuildImage();
    SaliencyMapPtr m_map;
    QImage m_image;
    QString m_status;
    float m_scale = 1.f;
};

// Left of the lane: the tag's name and the model's mel band frequencies (Hz).
class SaliencyAxis : public QWidget {
    Q_OBJECT
public:
    explicit SaliencyAxis(const SaliencyLane *lane, QWidget *parent = nullptr);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    const SaliencyLane *m_lane;
};

} // namespace mirlo
