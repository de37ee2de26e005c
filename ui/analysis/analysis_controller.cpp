#include "ui/analysis/analysis_controller.h"

#include "core/beats/tempo.h"
#include "core/eval/annotations.h"

#include <QElapsedTimer>
#include <QFileInfo>

namespace mirlo {

namespace {
constexpr int kDebounceMs = 350;
// Layer sets kept: a few methods x parameter sets x recently opened tracks.
constexpr size_t kCacheEntries = 64;
const QChar kSep(0x1f);

// The shown layers are computed from the track decoded in memory, so the file
// is stamped once when the track is set: a later rewrite on disk must not
// pair the old audio with a new stamp. Files that do not exist (in-memory
// tracks) are keyed by their path alone, as before.
QString trackKey(const TrackPtr &track)
{
    if (!track)
        return {};
    const QString key = analysisKey(track->path, QStringLiteral("layers"), QString());
    return key.isEmpty() ? QStringLiteral("nofile") + kSep + track->path : key;
}

bool onlyPickingDiffers(const AnalysisSettings &a, const AnalysisSettings &b)
{
    AnalysisSettings c = a;
    c.threshold = b.threshold;
    c.smoothing = b.smoothing;
    c.combine = b.combine;
    return c == b;
}

LayerPtr truthLayer(LayerKind kind, const QString &file, std::vector<double> times, std::vector<int> positions = {})
{
    auto l = std::make_shared<AnalysisLayer>();
    l->kind = kind;
    l->source = LayerSource::Truth;
    switch (kind) {
    case LayerKind::Onsets:
        l->id = QStringLiteral("truth.onsets");
        break;
    case LayerKind::Beats:
        l->id = QStringLiteral("truth.beats");
        break;
    default:
        l->id = QStringLiteral("truth.downbeats");
        break;
    }
    l->title = QObject::tr("%1 · truth (.%2)").arg(layerKindName(kind), QFileInfo(file).suffix());
    l->colour = defaultLayerColour(kind, LayerSource::Truth);
    l->times = std::move(times);
    l->positions = std::move(positions);
    return l;
}

} // namespace

AnalysisController::AnalysisController(JobRunner *jobs, QObject *parent)
    : QObject(parent), m_jobs(jobs), m_cache(kCacheEntries)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, [this]() { refreshShown(true); });
}

AnalysisController::~AnalysisController()
{
    cancelJobs();
}

void AnalysisController::addProvider(std::unique_ptr<AnalysisProvider> provider)
{
    Slot slot;
    slot.provider = std::move(provider);
    m_slots.push_back(std::move(slot));
}

bool AnalysisController::isRunning() const
{
    for (const Slot &s : m_slots)
        if (s.job)
            return true;
    return false;
}

QString AnalysisController::cacheKey(const Slot &slot) const
{
    return m_trackKey + kSep + slot.provider->cacheKey(m_settings);
}

void AnalysisController::cancelJobs()
{
    for (Slot &s : m_slots) {
        if (s.job && m_jobs)
            m_jobs->cancel(s.job);
        s.job = 0;
        ++s.token; // a result already queued is dropped
    }
}

void AnalysisController::setTrack(TrackPtr track)
{
    cancelJobs();
    m_debounce.stop();
    m_track = std::move(track);
    m_trackKey = trackKey(m_track);
    m_requested = m_auto && m_track;
    for (Slot &s : m_slots)
        s.shown.clear();
    loadTruth();
    refreshShown(m_requested);
}

void AnalysisController::loadTruth()
{
    m_truth.clear();
    if (!m_track || m_track->path.isEmpty())
        return;
    const AnnotationFiles files = findAnnotationFiles(m_track->path);
    QString error;
    for (const QString &f : {files.onsets, files.beats, files.downbeats})
        if (!f.isEmpty() && !importAnnotations(f, &error))
            Q_EMIT message(error);
}

bool AnalysisController::importAnnotations(const QString &path, QString *error)
{
    EventList events;
    if (!readEventFile(path, events, error) || !validateEventTimes(events, QFileInfo(path).fileName(), error))
        return false;
    const QString ext = QFileInfo(path).suffix().toLower();
    LayerList add;
    if (ext == QLatin1String("downbeats")) {
        add.push_back(truthLayer(LayerKind::Downbeats, path, events.times));
    } else if (ext == QLatin1String("beats") || events.hasPositions()) {
        add.push_back(truthLayer(LayerKind::Beats, path, events.times,
                                 events.hasPositions() ? events.positions : std::vector<int>{}));
        if (events.hasPositions()) {
            std::vector<double> downbeats;
            for (size_t i = 0; i < events.times.size(); ++i)
                if (events.positions[i] == 1)
                    downbeats.push_back(events.times[i]);
            add.push_back(truthLayer(LayerKind::Downbeats, path, std::move(downbeats)));
        }
    } else {
        add.push_back(truthLayer(LayerKind::Onsets, path, events.times));
    }
    // A newly read file replaces the truth of the same kind (a .downbeats file wins over derived ones).
    for (const LayerPtr &l : add) {
        auto same = std::find_if(m_truth.begin(), m_truth.end(), [&](const LayerPtr &t) { return t->id == l->id; });
        if (same != m_truth.end())
            *same = l;
        else
            m_truth.push_back(l);
    }
    emitChanged();
    return true;
}

void AnalysisController::setSettings(const AnalysisSettings &settings)
{
    if (settings == m_settings)
        return;
    const bool pickingOnly = onlyPickingDiffers(settings, m_settings);
    m_settings = settings;
    Q_EMIT settingsChanged(m_settings);
    if (pickingOnly) {
        refreshShown(false);
    } else {
        // Show what the cache already has, compute the rest after a pause in the editing.
        refreshShown(false);
        if (m_requested)
            m_debounce.start();
    }
}

void AnalysisController::setThreshold(double threshold)
{
    if (threshold == m_settings.threshold)
        return;
    m_settings.threshold = threshold;
    QElapsedTimer timer;
    timer.start();
    refreshShown(false);
    m_lastPickMs = timer.nsecsElapsed() / 1e6;
    Q_EMIT settingsChanged(m_settings);
}

void AnalysisController::setAutoAnalyse(bool on)
{
    m_auto = on;
    if (on && m_track && !m_requested)
        analyse();
}

void AnalysisController::analyse()
{
    if (!m_track)
        return;
    m_debounce.stop();
    m_requested = true;
    refreshShown(true);
}

void AnalysisController::refreshShown(bool startMissing)
{
    bool started = false;
    for (Slot &s : m_slots) {
        if (!m_track || !s.provider->enabled(m_settings)) {
            if (s.job)
                m_jobs->cancel(s.job);
            s.job = 0;
            s.shown.clear();
            continue;
        }
        if (const auto cached = m_cache.find<LayerList>(cacheKey(s))) {
            if (s.job) { // a job for older settings is no longer wanted
                m_jobs->cancel(s.job);
                s.job = 0;
                ++s.token;
            }
            s.shown = s.provider->refine(*cached, m_settings);
        } else {
            s.shown.clear();
            if (startMissing) {
                startJob(s);
                started = true;
            }
        }
    }
    emitChanged();
    if (startMissing && !started && !isRunning())
        Q_EMIT analysisFinished();
}

void AnalysisController::startJob(Slot &slot)
{
    if (slot.job)
        m_jobs->cancel(slot.job);
    const quint64 token = ++slot.token;
    const TrackPtr track = m_track;
    const AnalysisSettings settings = m_settings;
    const QString key = cacheKey(slot);
    const AnalysisProvider *provider = slot.provider.get();
    Slot *slotPtr = &slot; // stable: m_slots is a deque that only grows
    slot.job = m_jobs->run<LayerList>(
        tr("%1 of %2").arg(provider->title(), track->displayName()),
        [provider, track, settings](JobContext &ctx) { return provider->compute(track, settings, ctx); }, this,
        [this, slotPtr, token, key](LayerList layers) {
            if (token != slotPtr->token)
                return;
            slotPtr->job = 0;
            if (!layers.empty()) {
                m_cache.insert<LayerList>(key, std::make_shared<const LayerList>(layers));
                slotPtr->shown = slotPtr->provider->refine(layers, m_settings);
                emitChanged();
            }
            if (!isRunning())
                Q_EMIT analysisFinished();
        },
        [this, slotPtr, token](const QString &text) {
            if (token != slotPtr->token)
                return;
            slotPtr->job = 0;
            Q_EMIT message(text);
            if (!isRunning())
                Q_EMIT analysisFinished();
        });
}

bool AnalysisController::defaultVisible(const QString &id)
{
    return id != QLatin1String("truth.beats") && id != QLatin1String("truth.downbeats");
}

LayerList AnalysisController::layers() const
{
    LayerList all = m_truth;
    for (const Slot &s : m_slots)
        all.insert(all.end(), s.shown.begin(), s.shown.end());
    return all;
}

LayerList AnalysisController::visibleLayers() const
{
    LayerList out;
    for (const LayerPtr &l : layers())
        if (isVisible(l->id))
            out.push_back(l);
    return out;
}

LayerPtr AnalysisController::layer(const QString &id) const
{
    for (const LayerPtr &l : layers())
        if (l->id == id)
            return l;
    return nullptr;
}

double AnalysisController::tempoBpm() const
{
    const LayerPtr beats = layer(QStringLiteral("est.beats"));
    if (!beats)
        return 0.0;
    return beats->tempoBpm > 0 ? beats->tempoBpm : tempoFromBeats(beats->times);
}

void AnalysisController::setLayerVisible(const QString &id, bool visible)
{
    if (isVisible(id) == visible)
        return;
    m_visible.insert(id, visible);
    emitChanged();
}

void AnalysisController::emitChanged()
{
    Q_EMIT layersChanged();
    const double bpm = tempoBpm();
    if (bpm != m_lastTempo) {
        m_lastTempo = bpm;
        Q_EMIT tempoChanged(bpm);
    }
}

} // namespace mirlo
