#include "core/dsp/streaming_spectrogram.h"

#include "core/dsp/filterbank.h"
#include "core/dsp/parallel_rows.h"
#include "core/dsp/scaling.h"

#include <algorithm>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif
#include <cstdint>
#include <cstring>
#include <limits>
#include <thread>
#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace mirlo {

namespace {

// numpy.pad(mode='reflect') index, the same rule Stft::compute applies.
int64_t reflectIndex(int64_t i, int64_t n)
{
    if (n == 1)
        return 0;
    const int64_t period = 2 * (n - 1);
    int64_t j = i % period;
    if (j < 0)
        j += period;
    return j < n ? j : period - j;
}

// Dropping consumed samples costs a memmove of what is kept; doing it only
// after this many samples keeps pushing amortised O(1) per sample.
constexpr int64_t kDiscardThreshold = 1 << 16;

} // namespace

StreamingStft::StreamingStft(const StftParams &params, SpectrumValue value, bool zeroPadShort)
    : m_stft(params), m_value(value), m_zeroPadShort(zeroPadShort), m_frame(size_t(params.frameSize))
{
}

StreamingStft::~StreamingStft() = default;

bool StreamingStft::startAtFrame(int64_t frame)
{
    const StftParams &p = m_stft.params();
    const int64_t first = frame * p.hopSize - p.frameSize / 2;
    if (!p.center || frame < 0 || first < 0 || m_received > 0 || m_finished)
        return false;
    m_firstFrame = m_framesDone = frame;
    m_bufStart = m_received = first;
    return true;
}

bool StreamingStft::frameReady(int64_t start) const
{
    const int frameSize = m_stft.params().frameSize;
    if (start + frameSize > m_received)
        return false;
    // Reflected start padding mirrors samples 1 .. -start, which must have arrived
    // (reflection of a signal shorter than the pad wraps around and has to wait).
    if (start < 0 && m_stft.params().pad == PadMode::Reflect)
        return -start < m_received;
    return true;
}

void StreamingStft::emitFrame(int64_t start, bool atEnd)
{
    const int frameSize = m_stft.params().frameSize;
    const int bins = m_stft.binCount();
    const size_t row = m_rows.size();
    if (!m_sink && !m_target)
        m_rows.resize(row + size_t(bins));
    const float *frame = nullptr;
    if (start >= m_bufStart && start + frameSize <= m_received) {
        frame = m_buf.data() + (start - m_bufStart);
    } else {
        // Padded frame: same sample rule as Stft::compute for the whole signal
        // of m_received samples (before finish() only the start can be padded,
        // and reflection there does not depend on the final length).
        const bool reflect = m_stft.params().pad == PadMode::Reflect;
        const int64_t n = m_received;
        for (int i = 0; i < frameSize; ++i) {
            const int64_t s = start + i;
            int64_t src = s;
            if (s < 0 || s >= n) {
                if (!reflect || (!atEnd && s >= n)) {
                    m_frame[size_t(i)] = 0.f;
                    continue;
                }
                src = reflectIndex(s, n);
            }
            m_frame[size_t(i)] = (src >= m_bufStart) ? m_buf[size_t(src - m_bufStart)] : 0.f;
        }
        frame = m_frame.data();
    }
    if (m_target) {
        float *dst = m_target();
        m_stft.transformFrame(frame, dst, m_value);
        m_done(dst);
    } else if (m_sink) {
        m_frameOut.resize(size_t(bins));
        m_stft.transformFrame(frame, m_frameOut.data(), m_value);
        m_sink(m_frameOut.data());
    } else {
        m_stft.transformFrame(frame, m_rows.data() + row, m_value);
    }
    ++m_framesDone;
}

void StreamingStft::discardConsumed()
{
    const StftParams &p = m_stft.params();
    const int64_t offset = p.center ? p.frameSize / 2 : 0;
    const int64_t nextStart = m_framesDone * p.hopSize - offset;
    // Keep what the next frame needs plus the last frameSize + 1 samples,
    // which the reflected end padding mirrors.
    const int64_t keepFrom = std::max<int64_t>(0, std::min(nextStart, m_received - p.frameSize - 1));
    const int64_t drop = keepFrom - m_bufStart;
    if (drop < kDiscardThreshold || drop < int64_t(m_buf.size() / 2))
        return;
    m_buf.erase(m_buf.begin(), m_buf.begin() + drop);
    m_bufStart = keepFrom;
}

// The frames from `start` on that lie wholly inside the buffer, transformed on
// two threads when there are at least m_batchMinFrames. Returns the count done
// (0: too few, the caller goes on frame by frame).
int64_t StreamingStft::emitBatch(int64_t start)
{
    const StftParams &p = m_stft.params();
    if (start < 0 || start < m_bufStart || start + p.frameSize > m_received)
        return 0;
    int64_t n = (m_received - p.frameSize - start) / p.hopSize + 1;
    if (m_limit >= 0)
        n = std::min(n, m_limit - m_framesDone);
    if (n < std::max<int64_t>(2, m_batchMinFrames))
        return 0;
    const size_t bins = size_t(m_stft.binCount());
    for (auto &power : m_lanePower)
        power.resize(bins);
    float *rows = m_batchReserve(n);
    const float *first = m_buf.data() + (start - m_bufStart);
    const int64_t hop = p.hopSize;
    detail::parallelRanges(n, std::max<int64_t>(1, m_batchMinFrames / 2), [&](int64_t a, int64_t b) {
        const int lane = a == 0 ? 0 : 1;
        float *power = m_lanePower[lane].data();
        for (int64_t t = a; t < b; ++t) {
            m_stft.transformFrame(first + t * hop, power, m_value);
            m_batchRow(lane, power, rows + size_t(t) * bins);
        }
    });
    m_framesDone += n;
    return n;
}

void StreamingStft::append(const float *samples, int64_t count)
{
    if (m_finished || count <= 0 || !samples)
        return;
    m_buf.insert(m_buf.end(), samples, samples + count);
    m_received += count;
}

void StreamingStft::push(const float *samples, int64_t count)
{
    if (m_finished)
        return;
    append(samples, count);
    const StftParams &p = m_stft.params();
    const int64_t offset = p.center ? p.frameSize / 2 : 0;
    for (;;) {
        const int64_t start = m_framesDone * p.hopSize - offset;
        if ((m_limit >= 0 && m_framesDone >= m_limit) || !frameReady(start))
            break;
        if (m_batchRow && emitBatch(start) > 0)
            continue;
        emitFrame(start, false);
    }
    discardConsumed();
}

Matrix StreamingStft::finish()
{
    Matrix result;
    if (m_finished)
        return result;
    m_finished = true;
    const StftParams &p = m_stft.params();
    const int64_t offset = p.center ? p.frameSize / 2 : 0;
    int64_t total = m_stft.frameCount(m_received);
    if (m_limit >= 0)
        total = std::min(total, std::max(m_limit, m_framesDone));
    if (total <= 0)
        return result;
    if (m_zeroPadShort && m_firstFrame == 0 && p.pad == PadMode::Reflect && m_received <= p.frameSize / 2) {
        // No frame has been emitted yet (each needs more than frameSize/2
        // samples with reflection) and the whole signal is still buffered.
        StftParams zp = p;
        zp.pad = PadMode::Zeros;
        Matrix short_ = Stft(zp).compute(m_buf.data(), m_received, m_value);
        m_framesDone = short_.rows;
        if (m_target) {
            for (int t = 0; t < short_.rows; ++t) {
                float *dst = m_target();
                std::copy(short_.row(t), short_.row(t) + short_.cols, dst);
                m_done(dst);
            }
            return result;
        }
        if (!m_sink)
            return short_;
        for (int t = 0; t < short_.rows; ++t)
            m_sink(short_.row(t));
        return result;
    }
    for (int64_t t = m_framesDone; t < total; ++t)
        emitFrame(t * p.hopSize - offset, true);
    m_buf.clear();
    m_buf.shrink_to_fit();
    if (m_sink || m_target)
        return result;
    result.rows = int(total - m_firstFrame);
    result.cols = m_stft.binCount();
    result.values = std::move(m_rows);
    m_rows.clear();
    return result;
}

namespace {

constexpr int kBatchRows = 64;
constexpr float kAmin = 1e-10f; // toDecibels' default floor before the log

// 10 * log10(max(x, kAmin)) as toDecibels(isPower, ref 1) computes it, but
// branch-free so the compiler vectorises it: ln x = e ln 2 + ln m with m in
// [sqrt(1/2), sqrt(2)) and ln m = 2 atanh((m-1)/(m+1)) by its series, whose
// truncation error (< 2e-9) is far below float rounding. glibc's log10f was
// the largest single cost of a song's spectrogram. Agrees with toDecibels to
// a few float ulps (tst_streaming_spectrogram checks it).
inline float powerToDb(float v)
{
    float x = v > kAmin ? v : kAmin; // NaN -> kAmin as in toDecibels
    x = x <= 3.0e38f ? x : kAmin;    // +inf: toDecibels maps non-finite to the floor
    uint32_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    int e = int(bits >> 23) - 127;   // x > 0 and normal here
    bits = (bits & 0x007fffffu) | 0x3f800000u;
    float m;
    std::memcpy(&m, &bits, sizeof m);
    const bool high = m > 1.41421356f;
    m = high ? 0.5f * m : m;
    e = high ? e + 1 : e;
    const float s = (m - 1.f) / (m + 1.f);
    const float s2 = s * s;
    const float lnM = 2.f * s * (1.f + s2 * (1.f / 3 + s2 * (1.f / 5 + s2 * (1.f / 7 + s2 * (1.f / 9)))));
    constexpr float kDbPerNeper = 4.342944819032518f; // 10 / ln 10
    constexpr float kLn2 = 0.6931471805599453f;
    return kDbPerNeper * (float(e) * kLn2 + lnM);
}

// Converts v[0..n) to dB in place and widens [lo, hi] to the results. The
// compiler keeps powerToDb scalar (its selects become branches), so the bulk
// goes through SSE2 (x86-64 baseline) with the same operations in the same
// order, i.e. bit-identical results; other CPUs use the scalar loop.
#if defined(__x86_64__) && defined(__GNUC__)
#define MIRLO_HAVE_AVX2_DB 1
// The SSE2 loop below on 8 lanes: the same operations in the same order (no
// FMA), so bit-identical; about twice the throughput. Returns the count done.
__attribute__((target("avx2"))) size_t powerToDbAvx2(const float *in, float *v, size_t n, float &lo, float &hi)
{
    const __m256 amin = _mm256_set1_ps(kAmin), big = _mm256_set1_ps(3.0e38f), sqrt2 = _mm256_set1_ps(1.41421356f);
    const __m256 one = _mm256_set1_ps(1.f), half = _mm256_set1_ps(0.5f), two = _mm256_set1_ps(2.f);
    const __m256 c3 = _mm256_set1_ps(1.f / 3), c5 = _mm256_set1_ps(1.f / 5), c7 = _mm256_set1_ps(1.f / 7),
                 c9 = _mm256_set1_ps(1.f / 9);
    const __m256 ln2 = _mm256_set1_ps(0.6931471805599453f), dbPerNeper = _mm256_set1_ps(4.342944819032518f);
    const __m256i mantissa = _mm256_set1_epi32(0x007fffff), oneBits = _mm256_set1_epi32(0x3f800000),
                  bias = _mm256_set1_epi32(127);
    __m256 vlo = _mm256_set1_ps(lo), vhi = _mm256_set1_ps(hi);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 x = _mm256_max_ps(_mm256_loadu_ps(in + i), amin); // NaN (first operand) -> amin
        const __m256 finite = _mm256_cmp_ps(x, big, _CMP_LE_OS);
        x = _mm256_or_ps(_mm256_and_ps(finite, x), _mm256_andnot_ps(finite, amin));
        const __m256i bits = _mm256_castps_si256(x);
        __m256i e = _mm256_sub_epi32(_mm256_srli_epi32(bits, 23), bias);
        __m256 m = _mm256_castsi256_ps(_mm256_or_si256(_mm256_and_si256(bits, mantissa), oneBits));
        const __m256 high = _mm256_cmp_ps(m, sqrt2, _CMP_GT_OS);
        m = _mm256_or_ps(_mm256_and_ps(high, _mm256_mul_ps(half, m)), _mm256_andnot_ps(high, m));
        e = _mm256_sub_epi32(e, _mm256_castps_si256(high)); // mask is -1: e + 1
        const __m256 s = _mm256_div_ps(_mm256_sub_ps(m, one), _mm256_add_ps(m, one));
        const __m256 s2 = _mm256_mul_ps(s, s);
        __m256 t = _mm256_add_ps(c7, _mm256_mul_ps(s2, c9));
        t = _mm256_add_ps(c5, _mm256_mul_ps(s2, t));
        t = _mm256_add_ps(c3, _mm256_mul_ps(s2, t));
        t = _mm256_add_ps(one, _mm256_mul_ps(s2, t));
        const __m256 lnM = _mm256_mul_ps(_mm256_mul_ps(two, s), t);
        const __m256 d =
            _mm256_mul_ps(dbPerNeper, _mm256_add_ps(_mm256_mul_ps(_mm256_cvtepi32_ps(e), ln2), lnM));
        _mm256_storeu_ps(v + i, d);
        vlo = _mm256_min_ps(vlo, d);
        vhi = _mm256_max_ps(vhi, d);
    }
    float l[8], h[8];
    _mm256_storeu_ps(l, vlo);
    _mm256_storeu_ps(h, vhi);
    for (int j = 0; j < 8; ++j) {
        lo = std::min(lo, l[j]);
        hi = std::max(hi, h[j]);
    }
    return i;
}

bool cpuHasAvx2()
{
    static const bool has = __builtin_cpu_supports("avx2");
    return has;
}
#endif

// `in` may be `v` (in place).
void powerToDbRange(const float *in, float *v, size_t n, float &lo, float &hi)
{
    size_t i = 0;
#if defined(MIRLO_HAVE_AVX2_DB)
    if (cpuHasAvx2()) {
        i = powerToDbAvx2(in, v, n, lo, hi);
        in += i;
        v += i;
        n -= i;
        i = 0;
    }
#endif
#if defined(__SSE2__)
    const __m128 amin = _mm_set1_ps(kAmin), big = _mm_set1_ps(3.0e38f), sqrt2 = _mm_set1_ps(1.41421356f);
    const __m128 one = _mm_set1_ps(1.f), half = _mm_set1_ps(0.5f), two = _mm_set1_ps(2.f);
    const __m128 c3 = _mm_set1_ps(1.f / 3), c5 = _mm_set1_ps(1.f / 5), c7 = _mm_set1_ps(1.f / 7),
                 c9 = _mm_set1_ps(1.f / 9);
    const __m128 ln2 = _mm_set1_ps(0.6931471805599453f), dbPerNeper = _mm_set1_ps(4.342944819032518f);
    const __m128i mantissa = _mm_set1_epi32(0x007fffff), oneBits = _mm_set1_epi32(0x3f800000),
                  bias = _mm_set1_epi32(127);
    __m128 vlo = _mm_set1_ps(lo), vhi = _mm_set1_ps(hi);
    for (; i + 4 <= n; i += 4) {
        __m128 x = _mm_max_ps(_mm_loadu_ps(in + i), amin); // NaN (first operand) -> amin
        const __m128 finite = _mm_cmple_ps(x, big);
        x = _mm_or_ps(_mm_and_ps(finite, x), _mm_andnot_ps(finite, amin));
        const __m128i bits = _mm_castps_si128(x);
        __m128i e = _mm_sub_epi32(_mm_srli_epi32(bits, 23), bias);
        __m128 m = _mm_castsi128_ps(_mm_or_si128(_mm_and_si128(bits, mantissa), oneBits));
        const __m128 high = _mm_cmpgt_ps(m, sqrt2);
        m = _mm_or_ps(_mm_and_ps(high, _mm_mul_ps(half, m)), _mm_andnot_ps(high, m));
        e = _mm_sub_epi32(e, _mm_castps_si128(high)); // mask is -1: e + 1
        const __m128 s = _mm_div_ps(_mm_sub_ps(m, one), _mm_add_ps(m, one));
        const __m128 s2 = _mm_mul_ps(s, s);
        __m128 t = _mm_add_ps(c7, _mm_mul_ps(s2, c9));
        t = _mm_add_ps(c5, _mm_mul_ps(s2, t));
        t = _mm_add_ps(c3, _mm_mul_ps(s2, t));
        t = _mm_add_ps(one, _mm_mul_ps(s2, t));
        const __m128 lnM = _mm_mul_ps(_mm_mul_ps(two, s), t);
        const __m128 d = _mm_mul_ps(dbPerNeper, _mm_add_ps(_mm_mul_ps(_mm_cvtepi32_ps(e), ln2), lnM));
        _mm_storeu_ps(v + i, d);
        vlo = _mm_min_ps(vlo, d);
        vhi = _mm_max_ps(vhi, d);
    }
    float l[4], h[4];
    _mm_storeu_ps(l, vlo);
    _mm_storeu_ps(h, vhi);
    for (int j = 0; j < 4; ++j) {
        lo = std::min(lo, l[j]);
        hi = std::max(hi, h[j]);
    }
#endif
    for (; i < n; ++i) {
        v[i] = powerToDb(in[i]);
        lo = std::min(lo, v[i]);
        hi = std::max(hi, v[i]);
    }
}

} // namespace

void fastPowerToDb(Matrix &m)
{
    float lo = 0.f, hi = 0.f;
    powerToDbRange(m.values.data(), m.values.data(), m.values.size(), lo, hi);
}

StreamingSpectrogram::StreamingSpectrogram(const SpectrogramParams &params, int sampleRate)
    : m_maxDb(-std::numeric_limits<float>::infinity()), m_minDb(std::numeric_limits<float>::infinity()),
      m_laneMaxDb(-std::numeric_limits<float>::infinity()), m_laneMinDb(std::numeric_limits<float>::infinity())
{
    m_data.params = params;
    m_data.sampleRate = sampleRate;
    if (sampleRate <= 0 || params.frameSize < 2 || params.hopSize <= 0)
        return;
    m_data.framesPerSecond = double(sampleRate) / params.hopSize;
    if (!spectrogramBands(params, sampleRate, params.frameSize, m_fb, m_data))
        return;
    StftParams sp;
    sp.frameSize = params.frameSize;
    sp.hopSize = params.hopSize;
    sp.window = params.window;
    sp.periodicWindow = true;
    sp.center = true;
    sp.pad = PadMode::Reflect;
    m_stft = std::make_unique<StreamingStft>(sp, SpectrumValue::Power, true);
    if (m_fb.bandCount() > 0) {
        m_stft->setRowSink([this](const float *row) { addPowerRow(row); });
        m_batch = Matrix(kBatchRows, m_stft->binCount());
    } else {
        // Plain STFT bins: each power row lands in a small scratch row and goes
        // into the result as dB in one pass (no batch copy, no append).
        m_power.resize(size_t(m_stft->binCount()));
        m_stft->setRowTarget([this] { return nextDbRow(); }, [this](float *row) { finishDbRow(row); });
    }
    m_valid = true;
}

StreamingSpectrogram::~StreamingSpectrogram() = default;

void StreamingSpectrogram::reserveSamples(int64_t samples)
{
    if (!m_valid || samples <= 0 || m_ext)
        return;
    m_db.reserve(size_t(1 + samples / m_data.params.hopSize) * size_t(bandCount()));
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    // A song's matrix is ~100 MB: 2 MB pages turn ~26,000 page faults into ~50.
    // Only the 2 MB-aligned inside of the (not yet touched) storage is advised.
    constexpr uintptr_t kHuge = uintptr_t(2) << 20;
    const uintptr_t begin = (reinterpret_cast<uintptr_t>(m_db.data()) + kHuge - 1) & ~(kHuge - 1);
    const uintptr_t end = reinterpret_cast<uintptr_t>(m_db.data() + m_db.capacity()) & ~(kHuge - 1);
    if (end > begin)
        madvise(reinterpret_cast<void *>(begin), end - begin, MADV_HUGEPAGE); // a hint: errors are harmless
#endif
}

bool StreamingSpectrogram::setExternalRows(float *rows, int64_t maxRows)
{
    if (!m_valid || m_finished || m_fb.bandCount() > 0 || samplesPushed() > 0 || !rows || maxRows <= 0)
        return false;
    m_db = std::vector<float>();
    m_ext = rows;
    m_extMax = maxRows;
    return true;
}

float *StreamingSpectrogram::nextDbRow()
{
    return m_power.data();
}

// Room for the next `count` result rows (counted as rows from now on).
float *StreamingSpectrogram::dbRowsSlot(int64_t count)
{
    const size_t cols = size_t(m_stft->binCount());
    if (m_ext) {
        if (m_rows + count <= m_extMax) {
            float *slot = m_ext + size_t(m_rows) * cols;
            m_rows += count;
            return slot;
        }
        // Longer than announced: continue in the result with the rows so far.
        m_db.reserve(size_t(m_rows + count) * cols * 5 / 4 + cols);
        m_db.assign(m_ext, m_ext + size_t(m_rows) * cols);
        m_ext = nullptr;
    }
    const size_t at = m_db.size();
    m_db.resize(at + size_t(count) * cols); // within the reserve: no reallocation
    m_rows += count;
    return m_db.data() + at;
}

float *StreamingSpectrogram::dbRowSlot()
{
    return dbRowsSlot(1);
}

void StreamingSpectrogram::finishDbRow(float *power)
{
    // The power row is in L1 (m_power): the result row is written once, as dB.
    // Without the floor: it depends on the maximum over all frames (finish()).
    powerToDbRange(power, dbRowSlot(), size_t(m_stft->binCount()), m_minDb, m_maxDb);
}

void StreamingSpectrogram::setParallelFrames(int64_t minFrames)
{
    if (!m_valid || m_fb.bandCount() > 0 || minFrames <= 0)
        return;
    // Lane 1 tracks its own dB range (merged in finish()): min and max do not
    // depend on the order, so the result is exactly the one-thread range.
    m_stft->setParallelBatches([this](int64_t count) { return dbRowsSlot(count); },
                               [this](int lane, float *power, float *dst) {
                                   powerToDbRange(power, dst, size_t(m_stft->binCount()),
                                                  lane == 0 ? m_minDb : m_laneMinDb,
                                                  lane == 0 ? m_maxDb : m_laneMaxDb);
                               },
                               minFrames);
}

void StreamingSpectrogram::push(const float *mono, int64_t samples)
{
    if (m_valid && !m_finished)
        m_stft->push(mono, samples);
}

void StreamingSpectrogram::append(const float *mono, int64_t samples)
{
    if (m_valid && !m_finished)
        m_stft->append(mono, samples);
}

void StreamingSpectrogram::addPowerRow(const float *row)
{
    std::copy(row, row + m_batch.cols, m_batch.row(m_batchRows));
    if (++m_batchRows == kBatchRows)
        flushBatch();
}

void StreamingSpectrogram::flushBatch()
{
    if (m_batchRows == 0)
        return;
    // Shrink the batch to the rows filled (no reallocation), process, restore.
    const int cols = m_batch.cols;
    m_batch.rows = m_batchRows;
    m_batch.values.resize(size_t(m_batchRows) * size_t(cols));
    Matrix bands;
    Matrix &db = m_fb.bandCount() > 0 ? (bands = m_fb.apply(m_batch)) : m_batch;
    // Without the floor: it depends on the maximum over all frames (finish()).
    powerToDbRange(db.values.data(), db.values.data(), db.values.size(), m_minDb, m_maxDb);
    m_db.insert(m_db.end(), db.values.begin(), db.values.end());
    m_rows += db.rows;
    m_batch.rows = kBatchRows;
    m_batch.values.resize(size_t(kBatchRows) * size_t(cols));
    m_batchRows = 0;
}

bool StreamingSpectrogram::startAtFrame(int64_t frame)
{
    return m_valid && !m_finished && m_fb.bandCount() == 0 && m_ext && m_stft->startAtFrame(frame);
}

void StreamingSpectrogram::setFrameLimit(int64_t limit)
{
    if (m_valid)
        m_stft->setFrameLimit(limit);
}

SpectrogramData StreamingSpectrogram::finish()
{
    if (m_finished)
        return {};
    m_finished = true;
    if (!m_valid)
        return m_data;
    m_stft->finish();
    flushBatch();
    return takeResult();
}

bool StreamingSpectrogram::finishJoined(StreamingSpectrogram &later, SpectrogramData &out)
{
    const size_t cols = size_t(bandCount());
    if (m_finished || later.m_finished || !m_valid || !later.m_valid || !m_ext)
        return false;
    const int64_t first = later.m_stft->firstFrame();
    if (first == 0 || m_rows != first || m_stft->framesDone() != first || later.m_ext != m_ext + size_t(m_rows) * cols
        || size_t(later.bandCount()) != cols)
        return false;
    later.m_stft->finish(); // the end-padded frames
    if (!later.m_ext || m_rows + later.m_rows > m_extMax)
        return false;
    m_finished = later.m_finished = true;
    m_stft->finish(); // nothing: the limit is reached
    m_rows += later.m_rows;
    m_maxDb = std::max({m_maxDb, later.m_maxDb, later.m_laneMaxDb});
    m_minDb = std::min({m_minDb, later.m_minDb, later.m_laneMinDb});
    out = takeResult();
    return true;
}

// The result from the rows made so far: the dB range over both batch lanes,
// then the floor (see finish()).
SpectrogramData StreamingSpectrogram::takeResult()
{
    SpectrogramData out;
    m_maxDb = std::max(m_maxDb, m_laneMaxDb);
    m_minDb = std::min(m_minDb, m_laneMinDb);
    out = std::move(m_data);
    if (m_rows == 0) {
        out.bandHz.clear();
        out.bandLowHz.clear();
        out.bandHighHz.clear();
        return out;
    }
    out.db.rows = int(m_rows);
    out.db.cols = int(out.bandHz.size());
    out.db.values = std::move(m_db);
    // The same floor toDecibels applies to the whole matrix at once. Flooring
    // cannot change the maximum, and the minimum becomes max(min, floor).
    out.maxDb = m_maxDb;
    out.minDb = m_minDb;
    if (out.params.topDb > 0.0) {
        const float floorDb = m_maxDb - float(out.params.topDb);
        out.minDb = std::max(m_minDb, floorDb);
        if (m_minDb < floorDb) {
            // Memory-bound pass over up to ~100 MB: split it over two threads.
            float *v = m_ext ? m_ext : out.db.values.data();
            const size_t n = size_t(out.db.rows) * size_t(out.db.cols);
            auto clampRange = [floorDb](float *p, float *end) {
                for (; p < end; ++p)
                    *p = std::max(*p, floorDb);
            };
            if (n >= (size_t(1) << 20)) {
                std::thread half(clampRange, v, v + n / 2);
                clampRange(v + n / 2, v + n);
                half.join();
            } else {
                clampRange(v, v + n);
            }
        }
    }
    return out;
}

} // namespace mirlo
