#include "ui/playback/click_track.h"

#include <algorithm>
#include <cmath>

namespace mirlo {

namespace {

struct ClickShape {
    double lengthSec;
    double decaySec; // exponential decay time constant
    double attackSec;
    double level; // peak
};

constexpr ClickShape kShapes[3] = {
    {0.020, 0.005, 0.0005, 0.5},  // beat
    {0.020, 0.006, 0.0005, 0.6},  // downbeat
    {0.010, 0.002, 0.00025, 0.4}, // onset
};
constexpr double kFadeSec = 0.002; // linear fade-out over the last 2 ms

} // namespace

std::vector<float> renderClickSound(ClickKind kind, int sampleRate)
{
    if (sampleRate <= 0)
        return {};
    const ClickShape &shape = kShapes[int(kind)];
    const int length = std::max(1, int(std::lround(shape.lengthSec * sampleRate)));
    const double attack = std::max(1.0, shape.attackSec * sampleRate);
    const double decay = shape.decaySec * sampleRate;
    const int fade = std::clamp(int(std::lround(kFadeSec * sampleRate)), 1, length);
    const double freq = kind == ClickKind::Downbeat ? 2500.0 : 1500.0;
    std::vector<double> wave(size_t(length), 0.0);
    uint32_t noise = 0x9E3779B9u; // xorshift32: the same tick every time
    for (int n = 0; n < length; ++n) {
        double carrier;
        if (kind == ClickKind::Onset) {
            noise ^= noise << 13;
            noise ^= noise >> 17;
            noise ^= noise << 5;
            const double u = double(noise) / 4294967295.0 * 2.0 - 1.0;
            // Keep every sample away from zero: a tick, not a hiss with gaps.
            carrier = (u < 0 ? -1.0 : 1.0) * (0.25 + 0.75 * std::abs(u));
        } else {
            // Cosine phase: the first sample is the crest, so the click starts at its frame.
            carrier = std::cos(2.0 * M_PI * freq * double(n) / sampleRate);
        }
        double env = std::min(1.0, double(n + 1) / attack) * std::exp(-double(n) / decay);
        if (n >= length - fade)
            env *= double(length - n) / double(fade + 1);
        wave[size_t(n)] = carrier * env;
    }
    double peak = 0.0;
    for (double v : wave)
        peak = std::max(peak, std::abs(v));
    std::vector<float> out(static_cast<size_t>(length));
    for (int n = 0; n < length; ++n)
        out[size_t(n)] = float(wave[size_t(n)] * shape.level / peak);
    return out;
}

std::vector<ClickEvent> buildClickEvents(const std::vector<double> &beatSec, const std::vector<double> &downbeatSec,
                                         const std::vector<double> &onsetSec, int sampleRate)
{
    std::vector<ClickEvent> events;
    if (sampleRate <= 0)
        return events;
    auto valid = [](double t) { return std::isfinite(t) && t >= 0.0 && t < 1e7; };
    std::vector<double> downbeats;
    for (double t : downbeatSec)
        if (valid(t))
            downbeats.push_back(t);
    std::sort(downbeats.begin(), downbeats.end());
    auto nearDownbeat = [&](double t) {
        auto it = std::lower_bound(downbeats.begin(), downbeats.end(), t - kClickMergeSec);
        return it != downbeats.end() && *it <= t + kClickMergeSec;
    };
    auto add = [&](double t, ClickKind kind) { events.push_back({int64_t(std::llround(t * sampleRate)), kind}); };
    for (double t : beatSec)
        if (valid(t) && !nearDownbeat(t))
            add(t, ClickKind::Beat);
    for (double t : downbeats)
        add(t, ClickKind::Downbeat);
    for (double t : onsetSec)
        if (valid(t))
            add(t, ClickKind::Onset);
    auto key = [](const ClickEvent &e) { return std::make_pair(e.frame, int(e.kind)); };
    std::sort(events.begin(), events.end(), [&](const ClickEvent &a, const ClickEvent &b) { return key(a) < key(b); });
    events.erase(std::unique(events.begin(), events.end(),
                             [&](const ClickEvent &a, const ClickEvent &b) { return key(a) == key(b); }),
                 events.end());
    return events;
}

ClickMixer::ClickMixer() = default;

ClickMixer::~ClickMixer()
{
    m_published.store(nullptr);
}

void ClickMixer::setRate(int sampleRate)
{
    m_rate = sampleRate;
    for (int k = 0; k < 3; ++k)
        m_sounds[size_t(k)] = renderClickSound(ClickKind(k), sampleRate);
    m_voiceCount = 0; // no reader runs: tails pointing into the old sounds go
    m_reset.store(false);
    setEvents(m_sec[0], m_sec[1], m_sec[2]);
}

void ClickMixer::setEvents(std::vector<double> beatSec, std::vector<double> downbeatSec, std::vector<double> onsetSec)
{
    m_sec[0] = std::move(beatSec);
    m_sec[1] = std::move(downbeatSec);
    m_sec[2] = std::move(onsetSec);
    auto next = std::make_unique<EventSet>();
    next->events = buildClickEvents(m_sec[0], m_sec[1], m_sec[2], m_rate);
    m_eventCount = int(next->events.size());
    publish(std::move(next));
}

void ClickMixer::publish(std::unique_ptr<EventSet> next)
{
    std::unique_ptr<EventSet> old = std::move(m_current);
    m_current = std::move(next);
    m_hasEvents.store(!m_current->events.empty());
    m_published.store(m_current.get()); // seq_cst: ordered before the hazard check below
    if (old)
        m_retired.push_back(std::move(old));
    collectRetired();
}

void ClickMixer::collectRetired()
{
    // A reader that announced a set before the store above still uses it; one
    // that announced it after sees the new pointer on its re-check and retries.
    const EventSet *inUse = m_hazard.load();
    m_retired.erase(std::remove_if(m_retired.begin(), m_retired.end(),
                                   [&](const std::unique_ptr<EventSet> &s) { return s.get() != inUse; }),
                    m_retired.end());
}

bool ClickMixer::wantsMix()
{
    if (m_reset.exchange(false, std::memory_order_acq_rel))
        m_voiceCount = 0;
    if (!m_enabled.load(std::memory_order_relaxed)) {
        m_voiceCount = 0;
        return false;
    }
    return m_voiceCount > 0 || m_hasEvents.load(std::memory_order_relaxed);
}

void ClickMixer::addSound(const float *sound, int32_t offset, int32_t count, float gain, float *frames,
                          int channels) const
{
    for (int32_t i = 0; i < count; ++i) {
        const float v = sound[offset + i] * gain;
        float *frame = frames + int64_t(i) * channels;
        for (int c = 0; c < channels; ++c)
            frame[c] += v;
    }
}

void ClickMixer::mix(int64_t pos, int64_t n, float *frames, int channels)
{
    if (n <= 0)
        return;
    const float gain = m_gain.load(std::memory_order_relaxed);

    // Tails of clicks started in earlier blocks continue in output order.
    int kept = 0;
    for (int i = 0; i < m_voiceCount; ++i) {
        Voice v = m_voices[size_t(i)];
        const int32_t count = int32_t(std::min<int64_t>(n, v.length - v.offset));
        addSound(v.sound, v.offset, count, gain, frames, channels);
        v.offset += count;
        if (v.offset < v.length)
            m_voices[size_t(kept++)] = v;
    }
    m_voiceCount = kept;

    // Hazard pointer: announce the set, then check it is still the published one.
    EventSet *set = nullptr;
    do {
        set = m_published.load();
        m_hazard.store(set);
    } while (set != m_published.load());
    if (set) {
        const std::vector<ClickEvent> &events = set->events;
        auto it = std::lower_bound(events.begin(), events.end(), pos,
                                   [](const ClickEvent &e, int64_t frame) { return e.frame < frame; });
        int64_t started = 0;
        for (; it != events.end() && it->frame < pos + n; ++it) {
            const std::vector<float> &sound = m_sounds[size_t(it->kind)];
            const int32_t length = int32_t(sound.size());
            const int64_t at = it->frame - pos;
            const int32_t count = int32_t(std::min<int64_t>(n - at, length));
            addSound(sound.data(), 0, count, gain, frames + at * channels, channels);
            ++started;
            if (count < length && m_voiceCount < kMaxVoices)
                m_voices[size_t(m_voiceCount++)] = Voice{sound.data(), length, count};
        }
        if (started)
            m_triggered.fetch_add(started, std::memory_order_relaxed);
    }
    m_hazard.store(nullptr, std::memory_order_release);
}

} // namespace mirlo
