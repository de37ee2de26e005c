#include "ui/views/track_detail_view.h"

#include "core/jobs/job_runner.h"
#include "ui/views/activation_lane.h"
#include "ui/views/event_overlay.h"
#include "ui/views/frequency_axis.h"
#include "ui/views/saliency_lane.h"
#include "ui/views/spectrogram_lane.h"
#include "ui/views/tag_timeline_lane.h"
#include "ui/views/time_ruler.h"
#include "ui/views/time_viewport.h"
#include "ui/views/waveform_lane.h"

#include <QGridLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QScrollBar>

#include <cmath>

namespace mirlo {

namespace {
constexpr int kAxisWidth = 64;
constexpr double kKeyZoom = 2.0;
} // namespace

struct TrackDetailView::Private {
    JobRunner *jobs = nullptr;
    TimeViewport *viewport = nullptr;
    TimeRuler *ruler = nullptr;
    WaveformLane *waveform = nullptr;
    SpectrogramLane *spectrogram = nullptr;
    FrequencyAxis *frequencyAxis = nullptr;
    ActivationLane *activation = nullptr;
    QWidget *activationCorner = nullptr;
    TagTimelineLane *tagTimeline = nullptr;
    QWidget *tagCorner = nullptr;
    SaliencyLane *saliency = nullptr;
    QWidget *saliencyCorner = nullptr;
    EventOverlay overlay;
    EventOverlay activationOverlay; // onsets only, over the function they were picked from
    LayerList layers;
    QScrollBar *scrollBar = nullptr;
    std::vector<TimeLane *> lanes;
    TrackPtr track;
    SpectrogramParams params;
    ColourMap colourMap = ColourMap::Viridis;
    JobId job = 0;
    quint64 jobToken = 0; // results of superseded jobs are dropped
    double playhead = -1.0;
    double selFrom = 0.0, selTo = 0.0;
    bool follow = false;
    bool syncingScrollBar = false;
};

TrackDetailView::TrackDetailView(JobRunner *jobs, QWidget *parent) : QWidget(parent), d(new Private)
{
    d->jobs = jobs;
    d->viewport = new TimeViewport(this);
    d->ruler = new TimeRuler(d->viewport, this);
    d->waveform = new WaveformLane(d->viewport, this);
    d->spectrogram = new SpectrogramLane(d->viewport, this);
    d->frequencyAxis = new FrequencyAxis(d->spectrogram, this);
    d->activation = new ActivationLane(d->viewport, this);
    d->tagTimeline = new TagTimelineLane(d->viewport, this);
    d->saliency = new SaliencyLane(d->viewport, this);
    d->scrollBar = new QScrollBar(Qt::Horizontal, this);
    d->lanes = {d->ruler, d->waveform, d->spectrogram, d->activation, d->tagTimeline, d->saliency};

    auto *rulerCorner = new QWidget(this);
    auto *amplitudeAxis = new AmplitudeAxis(this);
    d->activationCorner = new QLabel(tr("ODF"), this);
    static_cast<QLabel *>(d->activationCorner)->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    d->activationCorner->setContentsMargins(0, 0, 8, 0);
    d->activationCorner->setToolTip(tr("Onset detection function / network activation; drag the threshold line"));
    d->tagCorner = new TagTimelineLabels(d->tagTimeline, this);
    d->tagCorner->setToolTip(tr("Per-chunk probabilities of the top tags; click a cell to play that chunk"));
    d->saliencyCorner = new SaliencyAxis(d->saliency, this);
    d->saliencyCorner->setToolTip(tr("Mel bands of the model's input; the heat shows where the tag's score is most "
                                     "sensitive (gradient saliency)"));
    for (QWidget *w : {rulerCorner, static_cast<QWidget *>(amplitudeAxis), static_cast<QWidget *>(d->frequencyAxis),
                       d->activationCorner, d->tagCorner, d->saliencyCorner})
        w->setFixedWidth(kAxisWidth);

    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(0);
    grid->setVerticalSpacing(1);
    grid->addWidget(rulerCorner, 0, 0);
    grid->addWidget(d->ruler, 0, 1);
    grid->addWidget(amplitudeAxis, 1, 0);
    grid->addWidget(d->waveform, 1, 1);
    grid->addWidget(d->frequencyAxis, 2, 0);
    grid->addWidget(d->spectrogram, 2, 1);
    grid->addWidget(d->activationCorner, 3, 0);
    grid->addWidget(d->activation, 3, 1);
    grid->addWidget(d->tagCorner, 4, 0);
    grid->addWidget(d->tagTimeline, 4, 1);
    grid->addWidget(d->saliencyCorner, 5, 0);
    grid->addWidget(d->saliency, 5, 1);
    grid->addWidget(d->scrollBar, 6, 1);
    // The spectrogram carries most information per pixel: give it most of the height.
    grid->setRowStretch(1, 1);
    grid->setRowStretch(2, 3);
    grid->setRowStretch(3, 1);
    grid->setRowStretch(4, 0); // tag timeline: 1 while shown (setTagTimeline)
    d->activation->hide();
    d->activationCorner->hide();
    d->tagTimeline->hide();
    d->tagCorner->hide();
    d->saliency->hide();
    d->saliencyCorner->hide();
    connect(d->tagTimeline, &TagTimelineLane::chunkClicked, this,
            [this](int, double from, double to) { Q_EMIT chunkPlayRequested(from, to); });
    d->waveform->setEventOverlay(&d->overlay, true);
    d->spectrogram->setEventOverlay(&d->overlay, false, 0.7); // the spectrogram stays readable between lines
    d->activation->setEventOverlay(&d->activationOverlay);
    connect(d->activation, &ActivationLane::thresholdDragged, this, &TrackDetailView::thresholdDragged);

    setFocusPolicy(Qt::StrongFocus);
    for (TimeLane *lane : d->lanes) {
        lane->setFocusProxy(this);
        lane->setFocusPolicy(Qt::ClickFocus); // a click in a lane gives the keys to the view
        connect(lane, &TimeLane::seekRequested, this, &TrackDetailView::seekRequested);
        connect(lane, &TimeLane::hoverText, this, &TrackDetailView::hoverReadout);
        connect(lane, &TimeLane::selectionDragged, this, [this](double a, double b) {
            setSelection(a, b);
            Q_EMIT selectionChanged(d->selFrom, d->selTo);
        });
    }
    connect(d->spectrogram, &SpectrogramLane::firstTilesPainted, this, &TrackDetailView::spectrogramShown);
    connect(d->viewport, &TimeViewport::changed, this, &TrackDetailView::syncScrollBar);
    connect(d->scrollBar, &QScrollBar::valueChanged, this, [this](int value) {
        if (!d->syncingScrollBar)
            d->viewport->setStart(value * d->viewport->secPerPixel());
    });
    syncScrollBar();
}

TrackDetailView::~TrackDetailView()
{
    if (d->job)
        d->jobs->cancel(d->job);
}

TimeViewport *TrackDetailView::viewport() const
{
    return d->viewport;
}

void TrackDetailView::setTrack(TrackPtr track)
{
    d->track = std::move(track);
    d->playhead = -1.0;
    d->selFrom = d->selTo = 0.0;
    for (TimeLane *lane : d->lanes)
        lane->setTrack(d->track);
    d->viewport->setWidth(d->spectrogram->width());
    if (d->track)
        d->viewport->setTrack(d->track->durationSec(), d->track->sampleRate());
    else
        d->viewport->setTrack(0.0, 44100);
    startSpectrogramJob();
}

TrackPtr TrackDetailView::track() const
{
    return d->track;
}

void TrackDetailView::setSpectrogramParams(const SpectrogramParams &params)
{
    if (params == d->params)
        return;
    d->params = params;
    if (d->track)
        startSpectrogramJob();
}

SpectrogramParams TrackDetailView::spectrogramParams() const
{
    return d->params;
}

void TrackDetailView::setColourMap(ColourMap map)
{
    d->spectrogram->setColourMap(map);
}

void TrackDetailView::setDbRange(double floorDb, double ceilingDb)
{
    d->spectrogram->setDbRange(floorDb, ceilingDb);
}

void TrackDetailView::setFrequencyRange(double lowHz, double highHz)
{
    d->spectrogram->setFrequencyRange(lowHz, highHz);
}

void TrackDetailView::setPlayhead(double sec)
{
    d->playhead = sec;
    if (d->follow && sec >= 0)
        d->viewport->ensureVisible(sec);
    for (TimeLane *lane : d->lanes)
        lane->setPlayhead(sec);
}

void TrackDetailView::setFollowPlayback(bool follow)
{
    d->follow = follow;
    if (follow && d->playhead >= 0)
        d->viewport->ensureVisible(d->playhead);
}

void TrackDetailView::setSelection(double fromSec, double toSec)
{
    if (toSec < fromSec)
        std::swap(fromSec, toSec);
    d->selFrom = fromSec;
    d->selTo = toSec;
    for (TimeLane *lane : d->lanes)
        lane->setSelection(fromSec, toSec);
}

void TrackDetailView::clearSelection()
{
    setSelection(0.0, 0.0);
}

void TrackDetailView::setLayers(const LayerList &layers, double onsetWindowSec)
{
    d->layers = layers;
    d->overlay.setLayers(layers, onsetWindowSec);
    LayerList onsets;
    for (const LayerPtr &l : layers)
        if (l && l->kind == LayerKind::Onsets)
            onsets.push_back(l);
    d->activationOverlay.setLayers(onsets, onsetWindowSec);
    LayerPtr activation;
    for (const LayerPtr &l : layers)
        if (l && l->kind == LayerKind::Activation) {
            activation = l;
            break;
        }
    d->activation->setActivation(activation);
    d->activation->setVisible(activation != nullptr);
    d->activationCorner->setVisible(activation != nullptr);
    for (TimeLane *lane : d->lanes)
        lane->update();
}

LayerList TrackDetailView::layers() const
{
    return d->layers;
}

const EventOverlay &TrackDetailView::eventOverlay() const
{
    return d->overlay;
}

ActivationLane *TrackDetailView::activationLane() const
{
    return d->activation;
}

void TrackDetailView::setTagTimeline(std::shared_ptr<const TrackTags> tags, int modelRate, int chunkSamples)
{
    d->tagTimeline->setTags(std::move(tags), modelRate, chunkSamples);
    const bool shown = d->tagTimeline->tags() != nullptr;
    d->tagTimeline->setVisible(shown);
    d->tagCorner->setVisible(shown);
    // A stretch factor makes even a hidden row take height: only while shown.
    if (auto *grid = qobject_cast<QGridLayout *>(layout()))
        grid->setRowStretch(4, shown ? 1 : 0);
}

TagTimelineLane *TrackDetailView::tagTimelineLane() const
{
    return d->tagTimeline;
}

SaliencyLane *TrackDetailView::saliencyLane() const
{
    return d->saliency;
}

void TrackDetailView::setSaliencyShown(bool shown)
{
    d->saliency->setVisible(shown);
    d->saliencyCorner->setVisible(shown);
    // A stretch factor makes even a hidden row take height: only while shown.
    if (auto *grid = qobject_cast<QGridLayout *>(layout()))
        grid->setRowStretch(5, shown ? 2 : 0);
}

WaveformLane *TrackDetailView::waveformLane() const
{
    return d->waveform;
}

SpectrogramLane *TrackDetailView::spectrogramLane() const
{
    return d->spectrogram;
}

void TrackDetailView::startSpectrogramJob()
{
    if (d->job)
        d->jobs->cancel(d->job);
    d->job = 0;
    const quint64 token = ++d->jobToken;
    d->spectrogram->setSpectrogram(nullptr);
    d->spectrogram->setMessage(QString());
    d->frequencyAxis->update();
    if (!d->track)
        return;
    const TrackPtr track = d->track;
    const SpectrogramParams params = d->params;
    d->job = d->jobs->run<DisplaySpectrogramPtr>(
        tr("Spectrogram (%1) of %2").arg(kindName(params.kind), track->displayName()),
        [track, params](JobContext &ctx) -> DisplaySpectrogramPtr {
            auto spec = computeDisplaySpectrogram(track->mono.data(), int64_t(track->mono.size()),
                                                  track->sampleRate(), params,
                                                  [&ctx](double f) { return ctx.setProgress(f); });
            return ctx.isCancelled() ? nullptr : spec;
        },
        this,
        [this, token](DisplaySpectrogramPtr spec) {
            if (token != d->jobToken || !spec)
                return;
            d->job = 0;
            d->spectrogram->setSpectrogram(std::move(spec));
            d->frequencyAxis->update();
        },
        [this, token](const QString &message) {
            if (token != d->jobToken)
                return;
            d->job = 0;
            d->spectrogram->setMessage(tr("Spectrogram failed: %1").arg(message));
        });
}

void TrackDetailView::syncScrollBar()
{
    const TimeViewport *vp = d->viewport;
    const double spp = vp->secPerPixel();
    const double total = vp->durationSec() / spp;
    d->syncingScrollBar = true;
    d->scrollBar->setRange(0, int(std::min(2.0e9, std::max(0.0, std::ceil(total - vp->widthPx())))));
    d->scrollBar->setPageStep(vp->widthPx());
    d->scrollBar->setSingleStep(std::max(1, vp->widthPx() / 20));
    d->scrollBar->setValue(int(std::llround(vp->startSec() / spp)));
    d->syncingScrollBar = false;
}

void TrackDetailView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    d->viewport->setWidth(d->spectrogram->width());
}

void TrackDetailView::keyPressEvent(QKeyEvent *event)
{
    TimeViewport *vp = d->viewport;
    const int w = vp->widthPx();
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        vp->zoomAround(w / 2.0, kKeyZoom);
        break;
    case Qt::Key_Minus:
        vp->zoomAround(w / 2.0, 1.0 / kKeyZoom);
        break;
    case Qt::Key_0:
        vp->showAll();
        break;
    case Qt::Key_Left:
        vp->scrollByPixels(-w / 10.0);
        break;
    case Qt::Key_Right:
        vp->scrollByPixels(w / 10.0);
        break;
    case Qt::Key_PageUp:
        vp->scrollByPixels(-w * 0.9);
        break;
    case Qt::Key_PageDown:
        vp->scrollByPixels(w * 0.9);
        break;
    case Qt::Key_Home:
        vp->setStart(0.0);
        break;
    case Qt::Key_End:
        vp->setStart(vp->durationSec());
        break;
    case Qt::Key_Escape:
        if (d->selTo > d->selFrom) {
            clearSelection();
            Q_EMIT selectionChanged(0.0, 0.0);
        }
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

} // namespace mirlo
