#include "core/audio/parallel_decoder.h"

#include "core/audio/ffmpeg_input.h"
#include "core/audio/parallel_part.h"
#include "core/audio/parallel_splicer.h"
#include "core/audio/progress_throttle.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <ctime>
#include <deque>
#include <exception>
#include <limits>
#include <memory>
#include <mutex>
#include <thread>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace mirlo {

namespace {

constexpr double kAutoMinSec = 20.0;     // shorter files: threads cost more than they save
constexpr double kAutoMaxSec = 3600.0;   // later parts are buffered in memory
// Keeping the samples as well, the buffered second half comes on top of the
// whole signal: 1.5x the memory at the peak, so only up to 20 minutes.
constexpr double kAutoMaxKeptSec = 1200.0;
constexpr double kMinPartSec = 2.0;
constexpr int kLaterPartNice = 10;       // see decodePart
static_assert(kSplitHeadFrames == kSpliceBlockFrames, "the head block of part 1 is one splice block");

// Decoders whose state depends only on the last few frames, so that a
// bit-identical overlap means the rest is identical too. Not AAC or Opus:
// their noise substitution / folding draws from a random generator that
// carries over from the start of the file, so a frame far after the splice
// can differ even when the overlap matched.
bool deterministicAfterSeek(AVCodecID id)
{
    switch (id) {
    case AV_CODEC_ID_FLAC:
    case AV_CODEC_ID_VORBIS:
    case AV_CODEC_ID_MP1:
    case AV_CODEC_ID_MP2:
    case AV_CODEC_ID_MP3:
    case AV_CODEC_ID_ALAC:
        return true;
    default: // uncompressed PCM of any layout
        return id >= AV_CODEC_ID_FIRST_AUDIO && id < AV_CODEC_ID_ADPCM_IMA_QT;
    }
}

// One later part, decoded on its own thread into a queue of blocks.
struct Part {
    int64_t begin = 0;
    int64_t limit = -1;
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<std::vector<float>> blocks; // interleaved output frames from `begin`
    bool finished = false;                 // under mutex
    QString failure;                       // under mutex, set with finished
    std::atomic<int64_t> produced{0};      // frames queued so far (progress)
    std::atomic<bool> stop{false};
    std::thread thread;
    double cpuSec = 0.0; // the thread's CPU time, set when it ends
    std::atomic<pid_t> tid{0}; // for its priority
    // PartHooks::onPart1 when the consumer takes this part's frames on this
    // thread: then only the first block is queued, the rest is counted.
    const std::function<bool(const float *, int64_t)> *tap = nullptr;
};

void decodePart(Part &part, const QString &path, int rate, bool mono)
{
    std::vector<float> block;
    int channels = 1;
    bool headQueued = false;
    auto publish = [&] {
        std::lock_guard<std::mutex> lock(part.mutex);
        part.produced += int64_t(block.size()) / channels;
        part.blocks.push_back(std::move(block));
        block = {};
        headQueued = true;
        part.ready.notify_all();
    };
    // Part 0 feeds the consumer directly and later parts are only buffered, so
    // they run at a lower priority while part 0 decodes: on a machine with few
    // cores the consumer keeps pace with part 0 and the later parts use the CPU
    // that is left (restored when part 0 ends, where the system allows it).
    // A part whose frames the consumer takes on the part's thread is as urgent
    // as part 0.
    part.tid = pid_t(syscall(SYS_gettid));
    if (!part.tap)
        setpriority(PRIO_PROCESS, id_t(part.tid.load()), std::min(19, getpriority(PRIO_PROCESS, 0) + kLaterPartNice));
    QString failure;
    try {
        PartDecoder decoder(path, rate, mono);
        const PartDecoder::Sink sink = [&](const float *s, int64_t frames) {
            channels = std::max(1, decoder.channels());
            if (part.tap) {
                if (!(*part.tap)(s, frames))
                    return false;
                if (headQueued) {
                    part.produced += frames;
                    return true;
                }
            }
            const int64_t blockSamples = kSpliceBlockFrames * channels;
            const float *end = s + frames * channels;
            while (s < end) {
                if (part.tap && headQueued) { // the rest of this call: counted only
                    part.produced += int64_t(end - s) / channels;
                    break;
                }
                const int64_t n = std::min<int64_t>(end - s, blockSamples - int64_t(block.size()));
                block.insert(block.end(), s, s + n);
                s += n;
                if (int64_t(block.size()) == blockSamples)
                    publish();
            }
            return true;
        };
        if (!decoder.run(part.begin, part.limit, sink, part.stop))
            failure = decoder.failure().isEmpty() ? QStringLiteral("stopped") : decoder.failure();
        else if (!block.empty())
            publish();
    } catch (const std::exception &) {
        failure = QStringLiteral("out of memory");
    }
    timespec cpu{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu);
    std::lock_guard<std::mutex> lock(part.mutex);
    part.cpuSec = double(cpu.tv_sec) + 1e-9 * double(cpu.tv_nsec);
    part.finished = true;
    part.failure = failure;
    part.ready.notify_all();
}

class ParallelRun {
public:
    ParallelRun(const QString &path, const DecodeOptions &opt, const ProgressFn &progress, const BlockFn &onBlock,
                const PartHooks &hooks)
        : m_path(path), m_opt(opt), m_progress(progress), m_onBlock(onBlock), m_hooks(hooks)
    {
    }
    ~ParallelRun() { stopParts(); }

    ParallelDecodeResult run(int parts);

private:
    ParallelDecodeResult sequential(const QString &reason);
    ParallelDecodeResult cancelled();
    bool report(double fraction);
    bool reportWork();
    bool waitForBlock(Part &part, std::vector<float> &block, bool &failed);
    void stopParts();

    const QString m_path;
    const DecodeOptions m_opt;
    const ProgressFn &m_progress;
    const BlockFn &m_onBlock;
    const PartHooks &m_hooks;
    ParallelDecodeResult m_result;
    std::vector<std::unique_ptr<Part>> m_parts;
    std::unique_ptr<Splicer> m_splicer;
    ProgressThrottle m_throttle;
    int64_t m_totalFrames = 1;
    bool m_tapped = false; // PartHooks in use (see run())
};

void ParallelRun::stopParts()
{
    for (auto &part : m_parts)
        part->stop = true;
    for (auto &part : m_parts)
        if (part->thread.joinable())
            part->thread.join();
}

bool ParallelRun::report(double fraction)
{
    if (!m_throttle.due(fraction))
        return true;
    return !m_progress || m_progress(fraction);
}

// Half decoding (all parts), half delivery: after the parts are decoded the
// consumer may still take a while to receive the buffered blocks.
bool ParallelRun::reportWork()
{
    int64_t decoded = m_splicer->position();
    for (const auto &p : m_parts)
        decoded += p->produced.load(std::memory_order_relaxed);
    // A tapped part's frames are delivered (to the tap) as they are decoded.
    const int64_t delivered = m_tapped ? decoded : m_splicer->position();
    const double work = double(decoded + delivered) / (2.0 * double(m_totalFrames));
    return report(std::min(work, 0.999));
}

// Plain decodeFile for the whole file; frames already delivered are not delivered again.
ParallelDecodeResult ParallelRun::sequential(const QString &reason)
{
    stopParts();
    const int64_t skip = m_splicer ? m_splicer->delivered() : 0;
    int64_t seen = 0;
    int channels = 1;
    const BlockFn onBlock = [&](const float *s, int64_t frames) {
        const int64_t drop = std::clamp<int64_t>(skip - seen, 0, frames);
        seen += frames;
        if (!m_onBlock || drop == frames)
            return true;
        return m_onBlock(s + drop * channels, frames - drop);
    };
    const ProgressFn progress = [&](double f) { return report(std::max(f, m_throttle.last())); };
    // Channels of the output layout: known from the probe when blocks need skipping.
    channels = m_opt.mono ? 1 : std::max(1, m_result.info.channels);
    ParallelDecodeResult result;
    static_cast<DecodeResult &>(result) =
        decodeFile(m_path, m_opt, m_progress ? progress : ProgressFn{}, m_onBlock ? onBlock : BlockFn{});
    result.fallbackReason = reason;
    return result;
}

ParallelDecodeResult ParallelRun::cancelled()
{
    stopParts();
    m_result.ok = false;
    m_result.cancelled = true;
    m_result.error = displayName(m_path) + QStringLiteral(": cancelled");
    m_result.audio.samples = {};
    return std::move(m_result);
}

// Next block of `part`, reporting progress while waiting. False: cancelled.
bool ParallelRun::waitForBlock(Part &part, std::vector<float> &block, bool &failed)
{
    failed = false;
    block.clear();
    for (;;) {
        {
            std::unique_lock<std::mutex> lock(part.mutex);
            part.ready.wait_for(lock, std::chrono::milliseconds(20),
                                [&] { return !part.blocks.empty() || part.finished; });
            if (!part.blocks.empty()) {
                block = std::move(part.blocks.front());
                part.blocks.pop_front();
                return true;
            }
            if (part.finished) {
                failed = !part.failure.isEmpty();
                return true; // block stays empty: the part is done
            }
        }
        if (!reportWork())
            return false;
    }
}

ParallelDecodeResult ParallelRun::run(int parts)
{
    FfmpegInput in;
    QString error;
    if (!in.open(m_path, true, error))
        return sequential(QStringLiteral("the file cannot be opened")); // decodeFile reports why
    const double durationSec = in.headerDurationSec();
    const int rate = in.codec()->sample_rate;
    if (m_opt.targetSampleRate > 0 && m_opt.targetSampleRate != rate)
        return sequential(QStringLiteral("resampling is stateful across a split"));
    if (parts == 0)
        parts = durationSec >= kAutoMinSec && durationSec <= (m_opt.keepSamples ? kAutoMaxKeptSec : kAutoMaxSec)
                        && std::thread::hardware_concurrency() > 1
                    ? 2
                    : 1;
    if (parts < 2)
        return sequential(QStringLiteral("one part requested, or the file is too short (or, with its samples kept, too long) to split"));
    if (rate <= 0 || durationSec < parts * kMinPartSec)
        return sequential(QStringLiteral("the file is too short to split"));
    if (!deterministicAfterSeek(in.codec()->codec_id))
        return sequential(QStringLiteral("the %1 decoder's state after a seek may never match a sequential decode")
                              .arg(QString::fromUtf8(avcodec_get_name(in.codec()->codec_id))));
    if (!in.format()->pb || !(in.format()->pb->seekable & AVIO_SEEKABLE_NORMAL))
        return sequential(QStringLiteral("the input is not seekable"));

    // Info and warnings as decodeFile would give them (durationSec is set at the end).
    if (m_opt.readTags) {
        const DecodeResult probe = probeFile(m_path);
        m_result.info = probe.info;
        m_result.warnings = probe.warnings;
    } else {
        in.describe(m_result.info);
        const QString mismatch = in.extensionMismatchWarning();
        if (!mismatch.isEmpty())
            m_result.warnings << mismatch;
    }
    const int channels = m_opt.mono ? 1 : std::max(1, m_result.info.channels);
    m_totalFrames = std::max<int64_t>(1, int64_t(durationSec * rate));
    std::vector<int64_t> bounds;
    for (int k = 0; k <= parts; ++k)
        bounds.push_back(k == parts ? std::numeric_limits<int64_t>::max() : m_totalFrames * k / parts);

    std::vector<float> *keep = m_opt.keepSamples ? &m_result.audio.samples : nullptr;
    if (keep)
        keep->reserve(size_t((durationSec * 1.02 + 0.1) * rate) * size_t(channels));
    m_splicer = std::make_unique<Splicer>(channels, kSpliceVerifyFrames, m_onBlock, keep);
    // See PartHooks: part 1's frames go to the consumer on part 1's thread.
    const bool tapped = parts == 2 && !keep && m_hooks.onPart1;
    m_tapped = tapped;
    for (int k = 1; k < parts; ++k) {
        auto part = std::make_unique<Part>();
        part->begin = bounds[k];
        part->limit = k + 1 < parts ? bounds[k + 1] + kSpliceVerifyFrames : -1;
        if (tapped)
            part->tap = &m_hooks.onPart1;
        m_parts.push_back(std::move(part));
    }
    if (tapped && m_hooks.onPlan)
        m_hooks.onPlan(bounds[1]);
    for (auto &part : m_parts)
        part->thread = std::thread(decodePart, std::ref(*part), m_path, rate, m_opt.mono);

    if (!report(0.0))
        return cancelled();
    bool userStop = false;
    PartDecoder first(m_path, rate, m_opt.mono);
    m_splicer->startPart(bounds[1]);
    const PartDecoder::Sink sink = [&](const float *s, int64_t frames) {
        if (first.channels() != channels || !m_splicer->accept(s, frames)) {
            userStop = first.channels() == channels;
            return false;
        }
        userStop = !reportWork();
        return !userStop;
    };
    const std::atomic<bool> never{false};
    if (!first.run(0, bounds[1] + kSpliceVerifyFrames, sink, never)) {
        if (userStop)
            return cancelled();
        return sequential(QStringLiteral("part 1: ") + (first.failure().isEmpty() ? QStringLiteral("channel count changed")
                                                                                   : first.failure()));
    }

    const int basePriority = getpriority(PRIO_PROCESS, 0);
    for (const auto &part : m_parts) // usually needs privileges; harmless when refused
        if (part->tid.load() != 0)
            setpriority(PRIO_PROCESS, id_t(part->tid.load()), basePriority);

    std::vector<float> block;
    for (int k = 1; k < parts; ++k) {
        Part &part = *m_parts[size_t(k - 1)];
        const QString label = QStringLiteral("part %1: ").arg(k + 1);
        bool failed = false;
        if (!waitForBlock(part, block, failed))
            return cancelled();
        if (failed || block.empty())
            return sequential(label + (part.failure.isEmpty() ? QStringLiteral("no audio") : part.failure));
        if (!m_splicer->matches(block))
            return sequential(label + QStringLiteral("the overlap with the previous part is not bit-identical"));
        if (tapped && m_hooks.onSpliceVerified)
            m_hooks.onSpliceVerified();
        m_splicer->startPart(bounds[k + 1]);
        while (!block.empty()) {
            if (!m_splicer->accept(block.data(), int64_t(block.size()) / channels) || !reportWork())
                return cancelled();
            if (!waitForBlock(part, block, failed))
                return cancelled();
            if (failed)
                return sequential(label + part.failure);
        }
    }
    if (!m_splicer->flush())
        return cancelled();
    stopParts();

    // A short decode needs decodeFile's own truncation warning. A tapped part
    // 1 delivered only its first block: its own count is the length.
    const int64_t frames = tapped ? bounds[1] + m_parts[0]->produced.load() : m_splicer->position();
    const double decodedSec = double(frames) / rate;
    const bool roughHeader = in.format()->duration_estimation_method == AVFMT_DURATION_FROM_BITRATE;
    if (decodedSec < durationSec - std::max(0.1, (roughHeader ? 0.25 : 0.02) * durationSec))
        return sequential(QStringLiteral("fewer frames than the header promises"));

    if (!report(1.0))
        return cancelled();
    m_result.ok = true;
    m_result.info.durationSec = decodedSec;
    m_result.audio.sampleRate = rate;
    m_result.audio.channels = channels;
    m_result.parallel = true;
    m_result.parts = parts;
    for (const auto &part : m_parts)
        m_result.workerCpuSec += part->cpuSec;
    return std::move(m_result);
}

} // namespace

ParallelDecodeResult decodeFileParallel(const QString &path, const DecodeOptions &options, const ProgressFn &progress,
                                        const BlockFn &onBlock, int parts, const PartHooks &hooks)
{
    return ParallelRun(path, options, progress, onBlock, hooks).run(parts);
}

} // namespace mirlo
