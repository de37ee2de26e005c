#pragma once
// The time-aligned detail area of one track: time ruler, waveform lane and
// spectrogram lane (with its frequency axis) sharing one TimeViewport, a
// horizontal scroll bar, the playback cursor and the selected region.
// Mouse: wheel scrolls, Ctrl+wheel (or pinch) zooms around the pointer,
// Shift+wheel zooms frequency on the spectrogram, click seeks, drag selects.
// Keyboard: +/- zoom, Left/Right scroll, Home/End, 0 = show all.
// Analysis layers (setLayers) are drawn as event overlays on the waveform and
// spectrogram lanes, and an activation layer in the activation lane below the
// spectrogram, whose threshold line can be dragged (thresholdDragged).
#include "core/dsp/spectrogram.h"
#include "core/render/colour_map.h"
#include "ui/analysis/analysis_layer.h"
#include "ui/model/track.h"

#include <QWidget>

#include <memory>

namespace mirlo {

class ActivationLane;
class SaliencyLane;
class EventOverlay;
class JobRunner;
class SpectrogramLane;
class TagTimelineLane;
struct TrackTags;
class WaveformLane;
class TimeViewport;

class TrackDetailView : public QWidget {
    Q_OBJECT
public:
    explicit TrackDetailView(JobRunner *jobs, QWidget *parent = nullptr);
    ~TrackDetailView() override;

    TimeViewport *viewport() const;

    void setTrack(TrackPtr track); // nullptr clears
    TrackPtr track() const;

    void setSpectrogramParams(const SpectrogramParams &params);
    SpectrogramParams spectrogramParams() const;
    void setColourMap(ColourMap map);
    void setDbRange(double floorDb, double ceilingDb); // colour scale, dB re full scale
    void setFrequencyRange(double lowHz, double highHz); // vertical zoom of the spectrogram

    void setPlayhead(double sec);
    void setFollowPlayback(bool follow);
    void setSelection(double fromSec, double toSec);
    void clearSelection();

    // The visible analysis layers; events are matched truth vs estimate with
    // +-onsetWindowSec for onsets (+-70 ms for beats). The activation lane shows
    // the first activation layer and hides itself when there is none.
    void setLayers(const LayerList &layers, double onsetWindowSec = 0.05);
    LayerList layers() const;
    const EventOverlay &eventOverlay() const;
    ActivationLane *activationLane() const;
    // The tag timeline lane under the activation lane, shown while it has tags
    // (nullptr hides it); modelRate / chunkSamples: the tagger's.
    void setTagTimeline(std::shared_ptr<const TrackTags> tags, int modelRate, int chunkSamples);
    TagTimelineLane *tagTimelineLane() const;
    // The saliency lane under the tag timeline (a tag's gradient saliency over the model's mel
    // input); hidden until shown. Its map and status are set on the lane itself.
    SaliencyLane *saliencyLane() const;
    void setSaliencyShown(bool shown);
    WaveformLane *waveformLane() const;
    SpectrogramLane *spectrogramLane() const;

Q_SIGNALS:
    void seekRequested(double sec);
    void selectionChanged(double fromSec, double toSec); // fromSec == toSec: cleared
    void hoverReadout(const QString &text);              // "0:12.345  440 Hz  -23.1 dB"
    void spectrogramShown();                             // first spectrogram pixels of the current track painted
    void thresholdDragged(double threshold);             // activation units
    void chunkPlayRequested(double startSec, double endSec); // a tag timeline cell was clicked (after seekRequested)

protected:
    void resizeEvent(QResizeEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    void startSpectrogramJob();
    void syncScrollBar();
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace mirlo
