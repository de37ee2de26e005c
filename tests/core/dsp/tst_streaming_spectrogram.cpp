// StreamingStft must reproduce Stft::compute exactly, whatever the block sizes,
// and StreamingSpectrogram must equal computeSpectrogram.
#include "core/dsp/scaling.h"
#include "core/dsp/spectrogram.h"
#include "core/dsp/stft.h"
#include "core/dsp/streaming_spectrogram.h"

#include <QtTest>

#include <atomic>
#include <thread>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

using namespace mirlo;

namespace {

std::vector<float> testSignal(int64_t n, unsigned seed)
{
    // A chirp plus noise: every frame differs, so a misplaced frame cannot match.
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> noise(-0.1f, 0.1f);
    std::vector<float> x(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
        const double t = double(i) / 8000.0;
        x[size_t(i)] = float(0.5 * std::sin(2 * M_PI * (200.0 + 300.0 * t) * t)) + noise(rng);
    }
    return x;
}

Matrix streamed(const StftParams &p, const std::vector<float> &x, unsigned seed, int maxBlock)
{
    StreamingStft s(p, SpectrumValue::Power);
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> block(1, maxBlock);
    size_t pos = 0;
    while (pos < x.size()) {
        const size_t len = std::min(x.size() - pos, size_t(block(rng)));
        s.push(x.data() + pos, int64_t(len));
        pos += len;
    }
    return s.finish();
}

// Exact equality is expected (same samples, same FFT plan); the tiny tolerance
// only covers FFTW choosing a different SIMD path for unaligned input.
void compareMatrices(const Matrix &a, const Matrix &b)
{
    QCOMPARE(a.rows, b.rows);
    QCOMPARE(a.cols, b.cols);
    for (size_t i = 0; i < a.values.size(); ++i) {
        const float x = a.values[i], y = b.values[i];
        if (std::abs(x - y) > 1e-5f * std::max(1.f, std::abs(y)))
            QFAIL(qPrintable(QStringLiteral("differs at row %1 col %2: %3 vs %4")
                                 .arg(int(i) / a.cols).arg(int(i) % a.cols).arg(x).arg(y)));
    }
}

} // namespace

class TestStreamingSpectrogram : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void identity_data()
    {
        QTest::addColumn<int>("frame");
        QTest::addColumn<int>("hop");
        QTest::addColumn<bool>("center");
        QTest::addColumn<bool>("reflect");
        QTest::addColumn<int>("samples");
        QTest::addColumn<int>("maxBlock");
        QTest::newRow("2048/512 long, big blocks") << 2048 << 512 << true << true << 50000 << 4096;
        QTest::newRow("2048/512 long, tiny blocks") << 2048 << 512 << true << true << 20000 << 7;
        QTest::newRow("1024/441 odd hop") << 1024 << 441 << true << true << 33333 << 1000;
        QTest::newRow("odd frame 255/64") << 255 << 64 << true << true << 9000 << 300;
        QTest::newRow("hop > frame") << 256 << 700 << true << true << 20000 << 500;
        QTest::newRow("zeros pad") << 512 << 128 << true << false << 10000 << 333;
        QTest::newRow("no centre") << 512 << 200 << false << true << 10000 << 333;
        QTest::newRow("no centre, shorter than a frame") << 512 << 200 << false << true << 300 << 50;
        QTest::newRow("just over half a frame") << 2048 << 512 << true << true << 1025 << 100;
        QTest::newRow("shorter than half a frame (wrap reflect)") << 2048 << 512 << true << true << 441 << 64;
        QTest::newRow("one sample") << 64 << 16 << true << true << 1 << 1;
        QTest::newRow("exact multiple of hop") << 256 << 64 << true << true << 6400 << 64;
    }
    void identity()
    {
        QFETCH(int, frame);
        QFETCH(int, hop);
        QFETCH(bool, center);
        QFETCH(bool, reflect);
        QFETCH(int, samples);
        QFETCH(int, maxBlock);
        StftParams p;
        p.frameSize = frame;
        p.hopSize = hop;
        p.center = center;
        p.pad = reflect ? PadMode::Reflect : PadMode::Zeros;
        const auto x = testSignal(samples, 7);
        Stft stft(p);
        const Matrix whole = stft.compute(x.data(), int64_t(x.size()), SpectrumValue::Power);
        QCOMPARE(int64_t(whole.rows), stft.frameCount(samples));
        compareMatrices(streamed(p, x, 11, maxBlock), whole);
    }

    void framesAreEmittedWhileStreaming()
    {
        // Overlap with decoding only works if frames leave before finish().
        StftParams p;
        p.frameSize = 1024;
        p.hopSize = 256;
        StreamingStft s(p, SpectrumValue::Power);
        const auto x = testSignal(44100, 3);
        s.push(x.data(), 44100);
        // All frames whose window ends inside the signal: (44100 + 512 - 1024) / 256 + 1.
        QCOMPARE(s.framesDone(), int64_t((44100 + 512 - 1024) / 256 + 1));
        const Matrix m = s.finish();
        QCOMPARE(m.rows, int(1 + 44100 / 256));
    }

    void emptyInput()
    {
        StftParams p;
        StreamingStft s(p, SpectrumValue::Power);
        QVERIFY(s.finish().isEmpty());
    }

    void spectrogramMatchesComputeSpectrogram_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("samples");
        QTest::newRow("stft") << int(SpectrogramKind::Stft) << 3 * 22050;
        QTest::newRow("mel") << int(SpectrogramKind::Mel) << 3 * 22050;
        QTest::newRow("logfreq") << int(SpectrogramKind::LogFrequency) << 3 * 22050;
        // At most frameSize/2 samples: computeSpectrogram switches to zero padding.
        QTest::newRow("stft, 220 samples") << int(SpectrogramKind::Stft) << 220;
        QTest::newRow("mel, 512 samples") << int(SpectrogramKind::Mel) << 512;
        QTest::newRow("mel, 513 samples") << int(SpectrogramKind::Mel) << 513;
    }
    void spectrogramMatchesComputeSpectrogram()
    {
        QFETCH(int, kind);
        QFETCH(int, samples);
        SpectrogramParams params;
        params.kind = SpectrogramKind(kind);
        params.frameSize = 1024;
        params.hopSize = 256;
        params.melBands = 40;
        params.topDb = 80.0;
        const int sr = 22050;
        const auto x = testSignal(samples, 5);
        const SpectrogramData ref = computeSpectrogram(x.data(), int64_t(x.size()), sr, params);
        StreamingSpectrogram s(params, sr);
        QVERIFY(s.isValid());
        for (int64_t pos = 0; pos < samples; pos += 100)
            s.push(x.data() + pos, std::min<int64_t>(100, samples - pos));
        const SpectrogramData got = s.finish();
        QVERIFY(!ref.db.isEmpty());
        compareMatrices(got.db, ref.db);
        QCOMPARE(got.bandHz.size(), ref.bandHz.size());
        for (size_t i = 0; i < ref.bandHz.size(); ++i)
            QCOMPARE(got.bandHz[i], ref.bandHz[i]);
        QCOMPARE(got.framesPerSecond, ref.framesPerSecond);
        QCOMPARE(got.sampleRate, ref.sampleRate);
        // dB values come from a vectorised log: equal up to float rounding.
        QVERIFY(std::abs(got.maxDb - ref.maxDb) < 1e-4f);
        QVERIFY(std::abs(got.minDb - ref.minDb) < 1e-4f);
        // The test must not pass vacuously on a floor-only matrix.
        QVERIFY(ref.maxDb - ref.minDb > 10.f);
    }

    void externalRowsMatchResult()
    {
        // Rows written to caller memory (mirlo-cli's .npy mapping) must be the
        // very values of the ordinary result, floor included; with too little
        // room the rows move back into the result.
        SpectrogramParams params;
        params.frameSize = 1024;
        params.hopSize = 256;
        params.topDb = 60.0;
        const int sr = 22050;
        const int64_t samples = 2 * sr + 77;
        const auto x = testSignal(samples, 9);
        bool setOk = true;
        auto run = [&](float *ext, int64_t maxRows, bool *inExternal) -> SpectrogramData {
            StreamingSpectrogram s(params, sr);
            if (ext)
                setOk = s.setExternalRows(ext, maxRows) && setOk;
            for (int64_t pos = 0; pos < samples; pos += 1000)
                s.push(x.data() + pos, std::min<int64_t>(1000, samples - pos));
            SpectrogramData d = s.finish();
            *inExternal = s.rowsInExternal();
            return d;
        };
        bool inExt = false;
        const SpectrogramData ref = run(nullptr, 0, &inExt);
        QVERIFY(!inExt);
        const int rows = ref.db.rows, cols = ref.db.cols;
        QCOMPARE(rows, int(1 + samples / params.hopSize));
        QVERIFY(ref.minDb > ref.maxDb - 60.5f); // the floor was applied

        std::vector<float> room(size_t(rows + 5) * size_t(cols), 12345.f);
        const SpectrogramData ext = run(room.data(), rows + 5, &inExt);
        QVERIFY(setOk);
        QVERIFY(inExt);
        QCOMPARE(ext.db.rows, rows);
        QCOMPARE(ext.db.cols, cols);
        QVERIFY(ext.db.values.empty());
        QCOMPARE(ext.maxDb, ref.maxDb);
        QCOMPARE(ext.minDb, ref.minDb);
        QVERIFY(std::memcmp(room.data(), ref.db.values.data(), ref.db.values.size() * sizeof(float)) == 0);
        QCOMPARE(room[size_t(rows) * size_t(cols)], 12345.f); // nothing written past the rows

        std::vector<float> small(size_t(rows / 3) * size_t(cols));
        const SpectrogramData moved = run(small.data(), rows / 3, &inExt);
        QVERIFY(setOk);
        QVERIFY(!inExt);
        QCOMPARE(moved.db.rows, rows);
        QVERIFY(moved.db.values == ref.db.values);

        params.kind = SpectrogramKind::Mel; // bands: not supported, ordinary result
        StreamingSpectrogram mel(params, sr);
        QVERIFY(!mel.setExternalRows(room.data(), rows));
    }

    void parallelBatchesMatchOneThread()
    {
        // Blocks appended in bursts and transformed on two lanes must give the
        // very rows (bit for bit) of frame-by-frame pushing; lane 1 must run.
        StftParams p;
        p.frameSize = 1024;
        p.hopSize = 256;
        const auto x = testSignal(60000, 13);
        const Matrix ref = streamed(p, x, 17, 3000);
        StreamingStft s(p, SpectrumValue::Power);
        std::vector<float> rows;
        s.setRowTarget(
            [&] {
                rows.resize(rows.size() + size_t(s.binCount()));
                return rows.data() + rows.size() - size_t(s.binCount());
            },
            [](float *) {});
        std::atomic<int> laneRows[2] = {{0}, {0}};
        s.setParallelBatches(
            [&](int64_t count) {
                rows.resize(rows.size() + size_t(count) * size_t(s.binCount()));
                return rows.data() + rows.size() - size_t(count) * size_t(s.binCount());
            },
            [&](int lane, float *power, float *dst) {
                ++laneRows[lane];
                std::copy(power, power + s.binCount(), dst);
            },
            32);
        for (size_t pos = 0; pos < x.size(); pos += 4000) {
            const int64_t n = std::min<int64_t>(4000, int64_t(x.size() - pos));
            if ((pos / 4000) % 3 == 2)
                s.push(x.data() + pos, n); // two appended blocks + this one at once
            else
                s.append(x.data() + pos, n);
        }
        s.finish();
        QCOMPARE(int64_t(rows.size()), int64_t(ref.values.size()));
        QVERIFY(std::memcmp(rows.data(), ref.values.data(), rows.size() * sizeof(float)) == 0);
        if (std::thread::hardware_concurrency() >= 2)
            QVERIFY(laneRows[1] > 0);
        QVERIFY(laneRows[0] > 0);
    }

    void parallelSpectrogramIsBitIdentical_data()
    {
        QTest::addColumn<int>("extRows"); // -1: no external rows
        QTest::newRow("result") << -1;
        QTest::newRow("external rows") << 100000;
        QTest::newRow("external rows, too few") << 50;
    }
    void parallelSpectrogramIsBitIdentical()
    {
        // mirlo-cli's analysis: bursts on two threads, same bytes and dB range.
        QFETCH(int, extRows);
        SpectrogramParams params;
        params.frameSize = 1024;
        params.hopSize = 256;
        params.topDb = 60.0;
        const int sr = 22050;
        const int64_t samples = 3 * sr + 123;
        const auto x = testSignal(samples, 21);
        StreamingSpectrogram one(params, sr);
        for (int64_t pos = 0; pos < samples; pos += 1000)
            one.push(x.data() + pos, std::min<int64_t>(1000, samples - pos));
        const SpectrogramData ref = one.finish();
        QVERIFY(ref.maxDb - ref.minDb > 10.f);

        std::vector<float> room(extRows > 0 ? size_t(extRows) * size_t(ref.db.cols) : 0);
        StreamingSpectrogram two(params, sr);
        if (extRows > 0)
            QVERIFY(two.setExternalRows(room.data(), extRows));
        two.setParallelFrames(16);
        for (int64_t pos = 0, k = 0; pos < samples; pos += 1000, ++k) {
            const int64_t n = std::min<int64_t>(1000, samples - pos);
            if (k % 20 == 19)
                two.push(x.data() + pos, n); // 20 blocks (~78 frames) at once
            else
                two.append(x.data() + pos, n);
        }
        const SpectrogramData got = two.finish();
        QCOMPARE(got.maxDb, ref.maxDb);
        QCOMPARE(got.minDb, ref.minDb);
        QCOMPARE(got.db.rows, ref.db.rows);
        QCOMPARE(got.db.cols, ref.db.cols);
        const float *values = two.rowsInExternal() ? room.data() : got.db.values.data();
        QCOMPARE(two.rowsInExternal(), extRows > ref.db.rows);
        QVERIFY(std::memcmp(values, ref.db.values.data(), ref.db.values.size() * sizeof(float)) == 0);
    }

    void twoLanesJoinBitIdentical_data()
    {
        QTest::addColumn<int>("frameSize");
        QTest::addColumn<int>("hopSize");
        QTest::addColumn<double>("splitAt"); // fraction of the signal where lane B's part begins
        QTest::newRow("middle") << 1024 << 256 << 0.5;
        QTest::newRow("early") << 1024 << 256 << 0.05;
        QTest::newRow("near the end") << 1024 << 256 << 0.97; // lane B: only end-padded frames
        QTest::newRow("hop > frame/2") << 512 << 400 << 0.37;
        QTest::newRow("hop = 1") << 64 << 1 << 0.61;
    }
    void twoLanesJoinBitIdentical()
    {
        // mirlo-cli's split analysis: lane A up to lane B's first frame, lane B
        // from that frame's first sample, each on its own thread, joined.
        QFETCH(int, frameSize);
        QFETCH(int, hopSize);
        QFETCH(double, splitAt);
        SpectrogramParams params;
        params.frameSize = frameSize;
        params.hopSize = hopSize;
        params.topDb = 70.0;
        const int sr = 16000;
        const int64_t samples = 2 * sr + 77;
        const auto x = testSignal(samples, 5);
        StreamingSpectrogram one(params, sr);
        one.push(x.data(), samples);
        const SpectrogramData ref = one.finish();
        QVERIFY(ref.db.rows > 10);

        const int64_t maxRows = ref.db.rows + 5;
        const size_t cols = size_t(ref.db.cols);
        std::vector<float> room(size_t(maxRows) * cols, std::numeric_limits<float>::quiet_NaN());
        // As SplitAnalysis::plan: the first frame wholly after `begin`.
        const int64_t begin = int64_t(splitAt * double(samples));
        const int64_t first = (begin + frameSize / 2 + hopSize - 1) / hopSize;
        const int64_t firstSample = first * hopSize - frameSize / 2;
        QVERIFY(firstSample >= begin);
        StreamingSpectrogram laneA(params, sr), laneB(params, sr);
        QVERIFY(laneA.setExternalRows(room.data(), maxRows));
        laneA.setFrameLimit(first);
        QVERIFY(laneB.setExternalRows(room.data() + size_t(first) * cols, maxRows - first));
        QVERIFY(laneB.startAtFrame(first));
        QVERIFY(!laneB.startAtFrame(first)); // only once, before any sample
        std::thread b([&] {
            for (int64_t pos = firstSample; pos < samples; pos += 777)
                laneB.push(x.data() + pos, std::min<int64_t>(777, samples - pos));
        });
        // Lane A gets part 0 and a head of part 1, like the decoder's first block.
        const int64_t endA = std::min(samples, begin + 16384);
        for (int64_t pos = 0; pos < endA; pos += 1000)
            laneA.push(x.data() + pos, std::min<int64_t>(1000, endA - pos));
        b.join();
        QCOMPARE(laneA.framesDone(), first);
        SpectrogramData got;
        QVERIFY(laneA.finishJoined(laneB, got));
        QCOMPARE(got.db.rows, ref.db.rows);
        QCOMPARE(got.maxDb, ref.maxDb);
        QCOMPARE(got.minDb, ref.minDb);
        QVERIFY(std::memcmp(room.data(), ref.db.values.data(), ref.db.values.size() * sizeof(float)) == 0);
    }

    void lanesThatDoNotMeetDoNotJoin()
    {
        SpectrogramParams params;
        params.frameSize = 512;
        params.hopSize = 128;
        const int sr = 8000;
        const auto x = testSignal(sr, 9);
        const int64_t maxRows = 200;
        std::vector<float> room(size_t(maxRows) * 257);
        StreamingSpectrogram laneA(params, sr), laneB(params, sr);
        QVERIFY(laneA.setExternalRows(room.data(), maxRows));
        laneA.setFrameLimit(40);
        QVERIFY(laneB.setExternalRows(room.data() + 40 * 257, maxRows - 40));
        QVERIFY(laneB.startAtFrame(40));
        laneB.push(x.data() + 40 * 128 - 256, sr - (40 * 128 - 256));
        laneA.push(x.data(), 3000); // frames up to ~21 only: lane A stops short
        SpectrogramData out;
        QVERIFY(!laneA.finishJoined(laneB, out));
        QVERIFY(out.db.isEmpty());
        // Lane B starting after the last frame: lane A cannot reach it.
        StreamingSpectrogram shortA(params, sr), lateB(params, sr);
        const int64_t frames = 1 + sr / 128;
        QVERIFY(shortA.setExternalRows(room.data(), maxRows));
        shortA.setFrameLimit(frames + 2);
        QVERIFY(lateB.setExternalRows(room.data() + (frames + 2) * 257, maxRows - frames - 2));
        QVERIFY(lateB.startAtFrame(frames + 2));
        shortA.push(x.data(), sr);
        QVERIFY(!shortA.finishJoined(lateB, out));
        // A mel spectrogram has no external rows: no second lane.
        params.kind = SpectrogramKind::Mel;
        StreamingSpectrogram mel(params, sr);
        QVERIFY(!mel.startAtFrame(3));
    }

    void decibelsMatchToDecibels()
    {
        // Power values over the whole float range the spectrogram can produce,
        // plus the special cases toDecibels maps to its floor.
        std::vector<float> power;
        for (double x = 1e-14; x < 1e12; x *= 1.0007)
            power.push_back(float(x));
        power.push_back(0.f);
        power.push_back(-1.f);
        power.push_back(std::numeric_limits<float>::quiet_NaN());
        power.push_back(std::numeric_limits<float>::infinity());
        power.push_back(std::numeric_limits<float>::denorm_min());
        if (power.size() % 4 == 0)
            power.push_back(0.5f); // also exercise the scalar tail after the SIMD blocks
        // NaN and inf inside a SIMD block too.
        power.insert(power.begin() + 5, std::numeric_limits<float>::quiet_NaN());
        power.insert(power.begin() + 6, std::numeric_limits<float>::infinity());
        Matrix ref(1, int(power.size()));
        ref.values = power;
        toDecibels(ref, true, 1.0, 1e-10, 0.0);
        QCOMPARE(ref.values.front(), -100.f); // the floor, as documented
        Matrix got(1, int(power.size()));
        got.values = power;
        fastPowerToDb(got);
        // A few float ulps: 1e-5 dB absolute or 5e-7 relative (4 ulps at 120 dB).
        for (size_t i = 0; i < power.size(); ++i) {
            QVERIFY(std::isfinite(got.values[i]));
            const float tol = std::max(1e-5f, 5e-7f * std::abs(ref.values[i]));
            if (std::abs(got.values[i] - ref.values[i]) > tol)
                QFAIL(qPrintable(QStringLiteral("power %1: %2 dB vs toDecibels %3 dB")
                                     .arg(double(power[i])).arg(double(got.values[i])).arg(double(ref.values[i]))));
        }
    }

    void invalidParamsGiveEmptyResult()
    {
        SpectrogramParams params;
        params.kind = SpectrogramKind::Mel;
        params.fminHz = 20000.0; // above Nyquist of 8 kHz: no bands
        StreamingSpectrogram s(params, 8000);
        QVERIFY(!s.isValid());
        std::vector<float> x(8000, 0.1f);
        s.push(x.data(), 8000);
        QVERIFY(s.finish().db.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestStreamingSpectrogram)
#include "tst_streaming_spectrogram.moc"
