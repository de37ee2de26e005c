#pragma once
// The click track mixed into playback: beats, downbeats and onsets sonified as
// short pre-rendered clicks. The GUI thread publishes an immutable, sorted set
// of click events; the audio thread (PcmSource::readData) adds the clicks that
// start inside each block it reads, without locks or allocations.
//
// Sharing: the event set is published through an atomic pointer guarded by a
// single hazard pointer (one reader thread: the sink's pull). The GUI thread
// frees a replaced set only when the reader does not hold it, so the audio
// thread never frees memory either.
//
// Clicks are "voices": a click starts at the exact buffer frame of its event
// when reading passes over that frame, and its tail keeps sounding in output
// order across block boundaries, loop wraps and seeks (as a metronome would),
// so a loop wrap or seek never starts a click half-way through.
//
// Units: event times are seconds of the track; inside, buffer frames at the
// rate given to setRate() (the rate the source is read at).
#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace mirlo {

enum class ClickKind : uint8_t { Beat = 0, Downbeat = 1, Onset = 2 };

// The click sound for `kind` at `sampleRate`, peak-normalised to its level
// (beat 0.5, downbeat 0.6, onset 0.4). Beat: 20 ms decaying 1.5 kHz cosine;
// downbeat: 20 ms decaying 2.5 kHz; onset: 10 ms decaying noise tick. The
// first sample is never zero (so a click is found at its exact frame) and the
// last ramps to ~0 (no step at the end).
std::vector<float> renderClickSound(ClickKind kind, int sampleRate);

struct ClickEvent {
    int64_t frame = 0;
    ClickKind kind = ClickKind::Beat;
};

// Sorted click events (by frame) from seconds. Negative / non-finite times are
// dropped; a beat within kClickMergeSec of a downbeat is dropped (the downbeat
// sounds instead of both); exact duplicates of one kind collapse.
constexpr double kClickMergeSec = 0.010;
std::vector<ClickEvent> buildClickEvents(const std::vector<double> &beatSec, const std::vector<double> &downbeatSec,
                                         const std::vector<double> &onsetSec, int sampleRate);

class ClickMixer {
public:
    ClickMixer();
    ~ClickMixer();
    ClickMixer(const ClickMixer &) = delete;
    ClickMixer &operator=(const ClickMixer &) = delete;

    // ---- GUI thread ----
    // Only while no reader runs: renders the sounds and rebuilds the events for `sampleRate`.
    void setRate(int sampleRate);
    // Safe while reading: publishes a new event set (times in seconds; any may be empty).
    void setEvents(std::vector<double> beatSec, std::vector<double> downbeatSec, std::vector<double> onsetSec);
    void setEnabled(bool on) { m_enabled.store(on, std::memory_order_relaxed); }
    bool enabled() const { return m_enabled.load(std::memory_order_relaxed); }
    void setGain(float gain) { m_gain.store(gain, std::memory_order_relaxed); }
    float gain() const { return m_gain.load(std::memory_order_relaxed); }
    // Silences sounding click tails at the next read (after a restart).
    void requestReset() { m_reset.store(true, std::memory_order_release); }
    int eventCount() const { return m_eventCount; }
    // Clicks started by the reader since construction (diagnostics, tests).
    int64_t triggeredCount() const { return m_triggered.load(std::memory_order_relaxed); }

    // ---- reader thread ----
    // True when mix() may change samples; false also drops sounding tails once disabled.
    bool wantsMix();
    // Adds the clicks sounding during buffer frames [pos, pos + n) to `frames`
    // (interleaved, `channels` per frame; every channel gets the click).
    void mix(int64_t pos, int64_t n, float *frames, int channels);

private:
    struct EventSet {
        std::vector<ClickEvent> events;
    };
    struct Voice {
        const float *sound = nullptr;
        int32_t length = 0;
        int32_t offset = 0;
    };
    static constexpr int kMaxVoices = 16;

    void publish(std::unique_ptr<EventSet> next);
    void collectRetired();
    void addSound(const float *sound, int32_t offset, int32_t count, float gain, float *frames, int channels) const;

    // GUI-thread state.
    std::array<std::vector<float>, 3> m_sounds; // by ClickKind; changed only by setRate()
    int m_rate = 0;
    std::vector<double> m_sec[3];
    std::unique_ptr<EventSet> m_current;              // what m_published points to
    std::vector<std::unique_ptr<EventSet>> m_retired; // replaced, maybe still read
    int m_eventCount = 0;

    // Shared.
    std::atomic<EventSet *> m_published{nullptr};
    std::atomic<EventSet *> m_hazard{nullptr};
    std::atomic<bool> m_enabled{false};
    std::atomic<bool> m_hasEvents{false};
    std::atomic<bool> m_reset{false};
    std::atomic<float> m_gain{0.5f};
    std::atomic<int64_t> m_triggered{0};

    // Reader-thread state.
    std::array<Voice, kMaxVoices> m_voices;
    int m_voiceCount = 0;
};

} // namespace mirlo
