#pragma once
// Block-wise STFT and spectrogram: feed a mono signal in blocks of any size
// (e.g. straight from the decoder's onBlock callback) and get exactly the
// frames Stft::compute would give for the concatenated signal, including
// centre padding (reflect or zeros) at both ends. Frames are transformed as
// soon as their samples have arrived, so analysis overlaps with decoding;
// only the frames touching the end of the signal wait for finish().
// Units: samples at the signal's own rate; rows of the result are frames.
// One instance is fed from one thread at a time.
#include "core/dsp/filterbank.h"
#include "core/dsp/matrix.h"
#include "core/dsp/spectrogram.h"
#include "core/dsp/stft.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace mirlo {

class StreamingStft {
public:
    // Receives each power/magnitude row (binCount values) instead of storing it.
    using RowSink = std::function<void(const float *row)>;

    // zeroPadShort: as computeSpectrogram, use zero padding instead of reflect
    // when the whole signal has at most frameSize/2 samples (decided in finish()).
    StreamingStft(const StftParams &params, SpectrumValue value, bool zeroPadShort = false);
    // With a sink, rows go to it and finish() returns an empty matrix.
    void setRowSink(RowSink sink) { m_sink = std::move(sink); }
    // Alternative to a sink that saves copying each row: every frame is
    // transformed straight into the binCount floats `target` returns, then
    // `done` gets that row (to post-process it in place while it is in cache).
    using RowTarget = std::function<float *()>;
    using RowDone = std::function<void(float *row)>;
    void setRowTarget(RowTarget target, RowDone done)
    {
        m_target = std::move(target);
        m_done = std::move(done);
    }
    // Optional, with setRowTarget: when at least minFrames frames that lie
    // wholly inside the signal are in hand at once (e.g. after append() of a
    // burst of blocks), they are transformed on two threads. `reserve(count)`
    // runs on the feeding thread and returns room for `count` consecutive rows
    // (the frames in order); then `row(lane, power, dst)` runs concurrently on
    // lane 0 (the feeding thread) and lane 1 (a helper) for disjoint frames
    // and must write dst from the power row (binCount floats, lane scratch).
    // Each frame is computed exactly as on one thread.
    using BatchReserve = std::function<float *(int64_t count)>;
    using BatchRow = std::function<void(int lane, float *power, float *dst)>;
    void setParallelBatches(BatchReserve reserve, BatchRow row, int64_t minFrames)
    {
        m_batchReserve = std::move(reserve);
        m_batchRow = std::move(row);
        m_batchMinFrames = minFrames;
    }
    ~StreamingStft();
    StreamingStft(const StreamingStft &) = delete;
    StreamingStft &operator=(const StreamingStft &) = delete;

    // Splitting one signal over two instances (each fed on its own thread):
    // the first stops before frame `limit` (later samples are only buffered)
    // and the second, after startAtFrame(limit), computes frames limit, limit+1,
    // ... to the end and is fed the signal from sample limit * hop - frameSize/2
    // (frame `limit`'s first sample, which must be >= 0) on. Together they give
    // the frames of one instance fed the whole signal, bit for bit.
    // startAtFrame: before the first push, centred frames only; false otherwise.
    bool startAtFrame(int64_t frame);
    // A limit at or below framesDone() stops at once; a negative limit removes it
    // (the next push() or finish() transforms the waiting frames).
    void setFrameLimit(int64_t limit) { m_limit = limit; }
    int64_t frameLimit() const { return m_limit; }
    int64_t firstFrame() const { return m_firstFrame; } // startAtFrame's, else 0
    // Appends `count` samples; transforms every frame that is now complete.
    void push(const float *samples, int64_t count);
    // Appends `count` samples without transforming: their frames wait for the
    // next push(), which then has them all in hand (see setParallelBatches).
    void append(const float *samples, int64_t count);
    // Ends the signal: transforms the remaining (end-padded) frames, up to
    // the frame limit if one is set, and returns all frames (frames x bins).
    // Later pushes are ignored. samplesPushed() counts from sample 0 also after
    // startAtFrame (it is the signal's length when the second instance ends).
    Matrix finish();

    int64_t samplesPushed() const { return m_received; }
    int64_t framesDone() const { return m_framesDone; }
    int binCount() const { return m_stft.binCount(); }

private:
    bool frameReady(int64_t start) const;
    void emitFrame(int64_t start, bool atEnd);
    void discardConsumed();
    int64_t emitBatch(int64_t start);

    Stft m_stft;
    SpectrumValue m_value;
    std::vector<float> m_buf;   // samples [m_bufStart, m_received)
    int64_t m_bufStart = 0;
    int64_t m_received = 0;
    int64_t m_framesDone = 0;
    bool m_finished = false;
    bool m_zeroPadShort = false;
    std::vector<float> m_frame; // scratch: one (padded) frame
    std::vector<float> m_frameOut; // scratch: one row for the sink
    std::vector<float> m_rows;  // finished frames, row-major (without sink)
    RowSink m_sink;
    RowTarget m_target;
    RowDone m_done;
    BatchReserve m_batchReserve;
    BatchRow m_batchRow;
    int64_t m_batchMinFrames = 0;
    std::vector<float> m_lanePower[2]; // scratch rows of the batch lanes
    int64_t m_limit = -1;        // setFrameLimit: no frame from here on
    int64_t m_firstFrame = 0;    // startAtFrame
};

// computeSpectrogram, streamed: push mono blocks, each complete STFT frame is
// mapped to bands and converted to dB right away (in batches), so finish()
// only applies the top-dB floor. The result equals computeSpectrogram() on the
// concatenated signal (tst_streaming_spectrogram checks this).
class StreamingSpectrogram {
public:
    StreamingSpectrogram(const SpectrogramParams &params, int sampleRate);
    ~StreamingSpectrogram();
    StreamingSpectrogram(const StreamingSpectrogram &) = delete;
    StreamingSpectrogram &operator=(const StreamingSpectrogram &) = delete;

    // False when the parameters give no bands (e.g. a mel range above Nyquist).
    bool isValid() const { return m_valid; }
    int bandCount() const { return int(m_data.bandHz.size()); }
    // Optional: pre-allocates the output for this many input samples.
    void reserveSamples(int64_t samples);
    // Optional, before the first push, plain STFT (no bands) only: rows go to
    // `rows` (maxRows x bandCount floats, e.g. an NpyMappedWriter) instead of
    // the result. finish() then floors them there and returns db with its
    // shape but no values (rowsInExternal() true). If more than maxRows rows
    // come, they move to the result and finish() returns them as usual.
    bool setExternalRows(float *rows, int64_t maxRows);
    bool rowsInExternal() const { return m_ext != nullptr; }
    void push(const float *mono, int64_t samples);
    // Buffers samples only; the next push() transforms their frames (several
    // blocks at once can then use two threads, see setParallelFrames).
    void append(const float *mono, int64_t samples);
    // Optional, plain STFT only: whenever a push() has at least minFrames
    // frames in hand, they are transformed on two threads (bit-identical
    // result). For a caller whose input arrives in bursts (mirlo-cli).
    void setParallelFrames(int64_t minFrames);
    int64_t samplesPushed() const { return m_stft ? m_stft->samplesPushed() : 0; }
    // Empty db when no samples were pushed or the parameters are invalid.
    SpectrogramData finish();

    // One signal analysed by two instances on two threads (StreamingStft::
    // startAtFrame explains the split), plain STFT into external rows only:
    // the first instance gets setExternalRows(rows, maxRows) and
    // setFrameLimit(f), the second setExternalRows(rows + f * bandCount(),
    // maxRows - f) and startAtFrame(f) before their first push.
    bool startAtFrame(int64_t frame);
    void setFrameLimit(int64_t limit);
    int64_t framesDone() const { return m_stft ? m_stft->framesDone() : 0; }
    // Ends both (the second's end-padded frames included) and gives the result
    // finish() gives for the whole signal: rows in the external storage, dB
    // floor from the maximum over both. False (and `out` untouched) when the
    // two do not join up: the first did not reach the second's first frame,
    // or either left its external rows (more rows than announced).
    bool finishJoined(StreamingSpectrogram &later, SpectrogramData &out);

private:
    void addPowerRow(const float *row);
    float *nextDbRow();
    float *dbRowSlot();
    float *dbRowsSlot(int64_t count);
    void finishDbRow(float *power);
    void flushBatch();
    SpectrogramData takeResult();

    SpectrogramData m_data;
    bool m_valid = false;
    std::unique_ptr<StreamingStft> m_stft;
    Filterbank m_fb;        // empty for SpectrogramKind::Stft
    Matrix m_batch;         // power rows waiting for bands + dB
    int m_batchRows = 0;
    std::vector<float> m_db; // finished rows, row-major
    int64_t m_rows = 0;
    std::vector<float> m_power; // one power row (plain STFT)
    float *m_ext = nullptr; // setExternalRows
    int64_t m_extMax = 0;
    float m_maxDb = 0.f; // over all rows, before the floor
    float m_minDb = 0.f;
    float m_laneMaxDb = 0.f; // lane 1 of parallel batches, merged in finish()
    float m_laneMinDb = 0.f;
    bool m_finished = false;
};

// In place 10 log10(max(x, 1e-10)), non-finite -> -100: toDecibels(m, true,
// 1.0, 1e-10, 0) up to float rounding (a few ulps), several times faster.
void fastPowerToDb(Matrix &m);

} // namespace mirlo
