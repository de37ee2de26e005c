#pragma once
// The spectrogram lane: blits tiles from a SpectrogramTileCache for the shared
// TimeViewport and a vertical frequency range (Hz). Hover reads out the time,
// the frequency of the band under the pointer and its level in dBFS. Shows a
// quiet note while the matrix is computed, or when the track is too short.
#include "ui/render/spectrogram_tile_cache.h"
#include "ui/views/time_lane.h"

namespace mirlo {

class SpectrogramLane : public TimeLane {
    Q_OBJECT
public:
    explicit SpectrogramLane(TimeViewport *viewport, QWidget *parent = nullptr);

    void setTrack(TrackPtr track) override;
    void setSpectrogram(DisplaySpectrogramPtr spectrogram); // nullptr: being computed
    void setMessage(const QString &message);                // shown when there is no picture
    DisplaySpectrogramPtr spectrogram() const { return m_cache.spectrogram(); }
    void setColourMap(ColourMap map);
    void setDbRange(double floorDbfs, double ceilingDbfs);
    void setFrequencyRange(double lowHz, double highHz); // clamped to the data's range
    double lowHz() const { return m_lowHz; }
    double highHz() const { return m_highHz; }
    // Widget y <-> axis position (see FrequencyMapping) for the current range.
    double yToPos(double y) const;
    double posToY(double pos) const;

    SpectrogramTileCache &tileCache() { return m_cache; }
    qint64 lastPaintNs() const { return m_lastPaintNs; }
    qint64 maxPaintNs() const { return m_maxPaintNs; }
    void resetPaintTiming() { m_maxPaintNs = 0; }

Q_SIGNALS:
    void firstTilesPainted();
    void frequencyRangeChanged();

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    QString readoutAt(const QPoint &pos) const override;
    void zoomVertically(double y, double factor) override;

private:
    void updateStyle();

    SpectrogramTileCache m_cache;
    TileStyle m_style;
    double m_lowHz = 0.0, m_highHz = 0.0;       // shown (clamped)
    double m_wantLowHz = 0.0, m_wantHighHz = 0.0; // requested; 0, 0 = everything
    QString m_message;
    bool m_announced = false;
    qint64 m_lastPaintNs = 0, m_maxPaintNs = 0;
    bool m_timing = false;
};

} // namespace mirlo
