// Times the DBN decoders on a 5-minute activation (30,000 frames at 100 fps):
// beat tracker (5617 states), downbeat tracker (3/4 and 4/4 bar models, both
// threads and one thread) and the comb-filter tempo estimate. Prints the
// minimum over several runs in milliseconds.
#include "core/beats/dbn_beat_tracker.h"
#include "core/beats/dbn_downbeat_tracker.h"
#include "core/beats/tempo.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <random>
#include <time.h>

using namespace mirlo;

namespace {

struct Timing {
    double wallMs = 1e300; // minimum over the runs
    double cpuMs = 1e300;  // process CPU time of that kind of run (less sensitive to a busy machine)
};

double cpuNowMs()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

Timing minMs(int runs, const std::function<void()> &fn)
{
    Timing best;
    for (int i = 0; i < runs; ++i) {
        const double c0 = cpuNowMs();
        const auto t0 = std::chrono::steady_clock::now();
        fn();
        const auto t1 = std::chrono::steady_clock::now();
        best.wallMs = std::min(best.wallMs, std::chrono::duration<double, std::milli>(t1 - t0).count());
        best.cpuMs = std::min(best.cpuMs, cpuNowMs() - c0);
    }
    return best;
}

} // namespace

int main()
{
    std::printf("load average: ");
    if (FILE *f = std::fopen("/proc/loadavg", "r")) {
        char buf[128] = {};
        if (std::fgets(buf, sizeof buf, f))
            std::printf("%s", buf);
        std::fclose(f);
    }
    const int frames = 30000;
    // Random-ish beat activation: noise plus peaks at a drifting tempo around 128 BPM.
    std::mt19937 rng(1234);
    std::uniform_real_distribution<float> u(0.0f, 1.0f);
    std::vector<float> beat(frames);
    Matrix both(frames, 2);
    for (int t = 0; t < frames; ++t)
        beat[size_t(t)] = 0.05f * u(rng) * u(rng);
    double pos = 10.0;
    for (int k = 0; pos < frames; ++k) {
        const int f = int(pos);
        beat[size_t(f)] = 0.5f + 0.4f * u(rng);
        both.at(f, k % 4 == 0 ? 1 : 0) = 0.5f * beat[size_t(f)];
        pos += 6000.0 / (128.0 + 6.0 * std::sin(pos / 3000.0)) + (u(rng) - 0.5f) * 2.0f;
    }
    for (int t = 0; t < frames; ++t) {
        both.at(t, 0) = std::max(both.at(t, 0), 0.5f * 0.05f * u(rng));
        both.at(t, 1) = std::max(both.at(t, 1), 0.5f * 0.02f * u(rng));
    }

    DbnBeatTracker beats;
    size_t numBeats = 0;
    const Timing beatT = minMs(5, [&] { numBeats = beats.track(beat).beatTimes.size(); });
    std::printf("DBN beats      %d frames, %d states, %d transitions: %.1f ms wall, %.1f ms CPU (%zu beats)\n", frames,
                beats.stateSpace().numStates, beats.transitionModel().numTransitions(), beatT.wallMs, beatT.cpuMs,
                numBeats);

    DbnDownbeatTracker downbeats;
    DbnDownbeatTrackerParams seqParams;
    seqParams.parallel = false;
    DbnDownbeatTracker downbeatsSeq(seqParams);
    size_t numDown = 0;
    const Timing downT = minMs(3, [&] { numDown = downbeats.track(both).beats.size(); });
    const Timing downSeqT = minMs(3, [&] { downbeatsSeq.track(both); });
    std::printf("DBN downbeats  %d frames, %d + %d states: 2 threads %.1f ms wall (%.1f ms CPU), 1 thread %.1f ms wall "
                "(%.1f ms CPU) (%zu beats)\n",
                frames, downbeats.stateSpace(0).numStates, downbeats.stateSpace(1).numStates, downT.wallMs, downT.cpuMs,
                downSeqT.wallMs, downSeqT.cpuMs, numDown);

    double bpm = 0.0;
    const Timing tempoT = minMs(5, [&] { bpm = estimateTempo(beat).tempo1; });
    std::printf("comb tempo     %d frames: %.1f ms wall, %.1f ms CPU (tempo1 %.2f BPM)\n", frames, tempoT.wallMs,
                tempoT.cpuMs, bpm);
    return 0;
}
