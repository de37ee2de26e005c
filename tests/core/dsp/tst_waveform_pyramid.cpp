// WaveformPyramid::query against brute-force min/max over the raw samples.
#include "core/dsp/waveform_pyramid.h"

#include <QElapsedTimer>
#include <QtTest>

#include <cmath>
#include <random>

using namespace mirlo;

namespace {

// The documented pixel rule, evaluated directly on the samples: pixel i covers
// samples floor(x0) .. ceil(x1) - 1 clipped to the signal; nothing -> {0, 0}.
std::vector<MinMax> bruteForce(const std::vector<float> &x, double start, double spp, int pixels)
{
    std::vector<MinMax> out(static_cast<size_t>(pixels));
    const int64_t n = int64_t(x.size());
    for (int i = 0; i < pixels; ++i) {
        const double x0 = start + i * spp;
        const double x1 = start + (i + 1) * spp;
        const int64_t b = std::max<int64_t>(0, int64_t(std::floor(x0)));
        const int64_t e = std::min<int64_t>(n, int64_t(std::ceil(x1)));
        if (x1 <= 0.0 || x0 >= double(n) || b >= e)
            continue;
        MinMax m{x[size_t(b)], x[size_t(b)]};
        for (int64_t k = b; k < e; ++k) {
            m.min = std::min(m.min, x[size_t(k)]);
            m.max = std::max(m.max, x[size_t(k)]);
        }
        out[size_t(i)] = m;
    }
    return out;
}

std::vector<float> randomSignal(int64_t n, unsigned seed)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> g(0.f, 0.3f);
    std::vector<float> x(static_cast<size_t>(n));
    for (float &v : x)
        v = g(rng);
    return x;
}

} // namespace

class TestWaveformPyramid : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void exactAtManyZooms()
    {
        const std::vector<float> x = randomSignal(100003, 42); // not a multiple of 64
        const WaveformPyramid p(x.data(), int64_t(x.size()));
        QCOMPARE(p.sampleCount(), int64_t(x.size()));
        const double n = double(x.size());
        const double zooms[] = {0.1, 0.25, 0.5, 1.0, 1.7, 3.0, 63.0, 64.0, 100.5, 256.0, 257.0,
                                1000.0, 4096.3, 16384.0, 50000.0, 200000.0};
        const double starts[] = {-5000.5, -10.0, 0.0, 0.3, 17.3, 4095.9, n / 2, n - 100.0, n - 0.5, n + 10.0};
        for (double spp : zooms) {
            for (double start : starts) {
                for (int pixels : {1, 7, 300}) {
                    const std::vector<MinMax> got = p.query(start, spp, pixels);
                    const std::vector<MinMax> want = bruteForce(x, start, spp, pixels);
                    QCOMPARE(int(got.size()), pixels);
                    for (int i = 0; i < pixels; ++i) {
                        if (got[size_t(i)].min != want[size_t(i)].min || got[size_t(i)].max != want[size_t(i)].max)
                            QFAIL(qPrintable(QString("spp %1 start %2 pixel %3").arg(spp).arg(start).arg(i)));
                    }
                }
            }
        }
    }

    void randomQueries()
    {
        std::mt19937 rng(7);
        const std::vector<float> x = randomSignal(1 << 20, 3);
        const WaveformPyramid p(x.data(), int64_t(x.size()));
        std::uniform_real_distribution<double> logSpp(-2.0, 6.5), startU(-1e5, 1.2e6);
        for (int q = 0; q < 200; ++q) {
            const double spp = std::pow(10.0, logSpp(rng));
            const double start = startU(rng);
            const std::vector<MinMax> got = p.query(start, spp, 50);
            const std::vector<MinMax> want = bruteForce(x, start, spp, 50);
            for (int i = 0; i < 50; ++i)
                QVERIFY(got[size_t(i)].min == want[size_t(i)].min && got[size_t(i)].max == want[size_t(i)].max);
        }
    }

    void outsideAndDegenerate()
    {
        const std::vector<float> x = {0.5f, -0.25f, 1.f};
        const WaveformPyramid p(x.data(), 3);
        std::vector<MinMax> r = p.query(-10.0, 1.0, 15);
        for (int i = 0; i < 10; ++i)
            QVERIFY(r[size_t(i)].min == 0.f && r[size_t(i)].max == 0.f);
        QCOMPARE(r[10].min, 0.5f);
        QCOMPARE(r[11].min, -0.25f);
        QCOMPARE(r[12].max, 1.f);
        for (int i = 13; i < 15; ++i)
            QVERIFY(r[size_t(i)].min == 0.f && r[size_t(i)].max == 0.f);
        // Zoomed far in: every pixel shows the sample under it.
        r = p.query(0.0, 0.25, 12);
        QCOMPARE(r[0].max, 0.5f);
        QCOMPARE(r[5].min, -0.25f);
        QCOMPARE(r[11].max, 1.f);
        const WaveformPyramid empty;
        QCOMPARE(empty.sampleCount(), int64_t(0));
        QCOMPARE(int(empty.query(0, 10, 5).size()), 5);
        QVERIFY(p.query(0.0, 0.0, 4)[0].max == 0.f); // non-positive zoom: blank, no hang
        QVERIFY(p.query(0.0, 1.0, 0).empty());
        QVERIFY(p.query(0.0, 1.0, -3).empty());
        const WaveformPyramid fromNull(nullptr, 100);
        QCOMPARE(fromNull.sampleCount(), int64_t(0));
    }

    void oneHourIsFast()
    {
        // 1 hour at 44.1 kHz = 158.76 M samples (635 MB).
        const int64_t n = int64_t(44100) * 3600;
        std::vector<float> x(static_cast<size_t>(n));
        uint32_t s = 1;
        for (float &v : x) {
            s = s * 1664525u + 1013904223u;
            v = float(int32_t(s)) * (1.f / 2147483648.f);
        }
        x[size_t(n / 3)] = 2.f; // a single spike must survive every level
        QElapsedTimer t;
        t.start();
        const WaveformPyramid p(x.data(), n);
        const qint64 buildMs = t.elapsed();
        t.restart();
        const std::vector<MinMax> all = p.query(0.0, double(n) / 1920, 1920);
        const qint64 queryUs = t.nsecsElapsed() / 1000;
        qDebug("WaveformPyramid 1 h at 44.1 kHz: build %lld ms, whole-file query of 1920 px %lld us", buildMs,
               queryUs);
        const int spikePixel = int(double(n / 3) / (double(n) / 1920));
        QCOMPARE(all[size_t(spikePixel)].max, 2.f);
        const std::vector<MinMax> want = bruteForce(x, 1e8 + 0.5, 3000.7, 40);
        const std::vector<MinMax> got = p.query(1e8 + 0.5, 3000.7, 40);
        for (int i = 0; i < 40; ++i)
            QVERIFY(got[size_t(i)].min == want[size_t(i)].min && got[size_t(i)].max == want[size_t(i)].max);
        QVERIFY2(buildMs < 5000, qPrintable(QString::number(buildMs)));   // loose: shared CI cores
        QVERIFY2(queryUs < 50000, qPrintable(QString::number(queryUs)));
    }
};

QTEST_GUILESS_MAIN(TestWaveformPyramid)
#include "tst_waveform_pyramid.moc"
