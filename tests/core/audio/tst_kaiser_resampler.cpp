// kaiserResample against resampy 0.4.2 'kaiser_best' / 'kaiser_fast' outputs
// made by tests/data/make_kaiser_reference.py (librosa 0.7.2 length rule), the
// decoded reference clip of the musicnn tagger against its 16 kHz network
// input, the polyphase tables against resampy's per-sample formula at large
// t, scalar == AVX2, edge cases, progress / cancel, concurrent first use, and
// the time for 3 minutes of 44.1 kHz audio.
#include "core/audio/decoder.h"
#include "core/audio/kaiser_plan.h"
#include "core/audio/kaiser_resampler.h"
#include "core/io/npy_writer.h"

#include <QElapsedTimer>
#include <QtTest>

#include <cmath>
#include <random>
#include <thread>

using namespace mirlo;

namespace {

QString refPath(const QString &name)
{
    return QStringLiteral(MIRLO_TEST_DATA "/kaiser/") + name + QStringLiteral(".npy");
}

std::vector<float> loadRef(const QString &name)
{
    Matrix m;
    QString error;
    if (!readNpy(refPath(name), m, &error))
        qWarning("%s", qPrintable(error));
    return m.values;
}

double maxAbsDiff(const std::vector<float> &a, const std::vector<float> &b)
{
    if (a.size() != b.size())
        return INFINITY;
    double worst = 0;
    for (size_t i = 0; i < a.size(); ++i)
        worst = std::max(worst, std::abs(double(a[i]) - double(b[i])));
    return worst;
}

std::vector<float> noise(int64_t n, unsigned seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(-0.9f, 0.9f);
    std::vector<float> x(static_cast<size_t>(n));
    for (float &v : x)
        v = dist(rng);
    return x;
}

} // namespace

class TstKaiserResampler : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void matchesResampy_data()
    {
        QTest::addColumn<QString>("signal");
        QTest::addColumn<int>("from");
        QTest::addColumn<int>("to");
        const int pairs[][2] = {{8000, 16000},  {11025, 16000}, {22050, 16000}, {32000, 16000}, {44100, 16000},
                                {48000, 16000}, {44100, 22050}, {16000, 44100}, {44101, 16000}, {44056, 37800}};
        for (const auto &p : pairs)
            for (const char *s : {"noise", "chirp"})
                QTest::addRow("%s %d->%d", s, p[0], p[1]) << QString::fromLatin1(s) << p[0] << p[1];
    }
    void matchesResampy()
    {
        QFETCH(QString, signal);
        QFETCH(int, from);
        QFETCH(int, to);
        const std::vector<float> x = loadRef(QStringLiteral("%1_%2").arg(signal).arg(from));
        const QString outName = QStringLiteral("%1_%2_%3").arg(signal).arg(from).arg(to);
        const std::vector<float> ref32 = loadRef(outName);
        const std::vector<float> ref64 = loadRef(outName + QStringLiteral("_f64"));
        QVERIFY(!x.empty() && !ref32.empty() && ref64.size() == ref32.size());
        QCOMPARE(kaiserOutputLength(int64_t(x.size()), from, to), int64_t(ref32.size()));
        const std::vector<float> y = kaiserResample(x.data(), int64_t(x.size()), from, to);
        QCOMPARE(y.size(), ref32.size());
        if (int64_t(x.size()) * to % from != 0)
            QCOMPARE(y.back(), 0.0f); // librosa's zero padding to the ceil
        // resampy run in float64: only our float32 output rounding remains.
        const double err64 = maxAbsDiff(y, ref64);
        // resampy as librosa ran it (float32 input, float32 accumulation).
        const double err32 = maxAbsDiff(y, ref32);
        qInfo("%s: max abs vs resampy float64 %.2e, vs resampy float32 (librosa) %.2e", qPrintable(outName), err64,
              err32);
        QVERIFY2(err64 <= 1e-7, qPrintable(QString::number(err64)));
        QVERIFY2(err32 <= 1e-6, qPrintable(QString::number(err32)));
    }

    void kaiserFastMatchesResampy()
    {
        for (const auto &p : {std::pair<int, int>{44100, 16000}, {16000, 44100}}) {
            const std::vector<float> x = loadRef(QStringLiteral("noise_%1").arg(p.first));
            const std::vector<float> ref = loadRef(QStringLiteral("noise_%1_%2_fast").arg(p.first).arg(p.second));
            QVERIFY(!x.empty() && !ref.empty());
            const auto y = kaiserResample(x.data(), int64_t(x.size()), p.first, p.second, KaiserFilter::Fast);
            const double err = maxAbsDiff(y, ref);
            qInfo("kaiser_fast %d->%d: max abs vs resampy %.2e", p.first, p.second, err);
            QVERIFY2(err <= 1e-6, qPrintable(QString::number(err)));
            // and it is a different filter from kaiser_best
            const auto best = kaiserResample(x.data(), int64_t(x.size()), p.first, p.second);
            QVERIFY(maxAbsDiff(y, best) > 1e-3);
        }
    }

    // The tagger's preprocessing on its reference clip: FLAC (44.1 kHz stereo,
    // 16 bit) -> mean of channels -> kaiser_best -> the 16 kHz float32 WAV the
    // network was fed (made with librosa 0.7.2 / resampy).
    void referenceClip()
    {
        const QString dir = QStringLiteral(MIRLO_SHARED_DATA "/../models/musicnn_mtat/ref/");
        const DecodeResult flac = decodeFile(dir + QStringLiteral("clip_44k1_stereo.flac"));
        const DecodeResult wav = decodeFile(dir + QStringLiteral("clip_16k_mono_f32.wav"));
        if (!flac.ok || !wav.ok)
            QSKIP("reference clip of models/musicnn_mtat not available");
        QCOMPARE(flac.audio.sampleRate, 44100);
        QCOMPARE(flac.audio.channels, 2);
        QCOMPARE(wav.audio.sampleRate, 16000);
        QCOMPARE(wav.audio.frameCount(), int64_t(480000));
        QElapsedTimer timer;
        timer.start();
        const AudioBuffer y = kaiserResampleMono(flac.audio, 16000);
        const qint64 ms = timer.elapsed();
        QCOMPARE(y.channels, 1);
        QCOMPARE(y.sampleRate, 16000);
        const double err = maxAbsDiff(y.samples, wav.audio.samples);
        qInfo("reference clip FLAC -> mono -> 16 kHz: %lld ms, max abs vs clip_16k_mono_f32.wav %.2e",
              static_cast<long long>(ms), err);
        QVERIFY2(err <= 1e-6, qPrintable(QString::number(err)));
    }

    // The tabulated phases (and the special row for times that resampy rounds
    // just below an integer) against resampy's per-sample weights at large t,
    // where double rounding of t * (1 / ratio) matters.
    void polyphaseEqualsPerSampleFormula()
    {
        const int64_t n = int64_t(44100) * 180;
        const std::vector<float> x = noise(n, 7);
        for (const auto &p :
             {std::pair<int, int>{44100, 16000}, {48000, 16000}, {22050, 16000}, {16000, 44100}, {44056, 37800}}) {
            const int64_t len = n * p.second / p.first;
            const std::vector<float> y = kaiserResample(x.data(), int64_t(x.size()), p.first, p.second);
            const auto pl = kaiser::plan(KaiserFilter::Best, p.first, p.second);
            QVERIFY(pl->polyphase);
            std::vector<double> w(size_t(pl->taps));
            std::vector<float> win(size_t(pl->taps));
            double worst = 0;
            int flipped = 0;
            for (int64_t t = len - 1; t > len - 20000; --t) {
                const double time = double(t) * pl->increment;
                const int64_t whole = int64_t(time);
                if (t % pl->phases == 0 && whole < t / pl->phases * pl->inputStep)
                    ++flipped;
                const int64_t start = pl->weights(whole, time - double(whole), w.data());
                double sum = 0;
                for (int j = 0; j < pl->taps; ++j) {
                    const int64_t i = start + j;
                    sum += w[size_t(j)] * (i >= 0 && i < n ? double(x[size_t(i)]) : 0.0);
                }
                worst = std::max(worst, std::abs(sum - double(y[size_t(t)])));
            }
            qInfo("%d->%d: polyphase vs per-sample formula near t = %lld: max abs %.2e (%d outputs at t = q * L "
                  "rounded below the integer)",
                  p.first, p.second, static_cast<long long>(len), worst, flipped);
            QVERIFY2(worst <= 2e-7, qPrintable(QString::number(worst)));
            if (p.first == 44056)
                QVERIFY(flipped > 0); // the special row was needed and used
        }
    }

    void scalarEqualsAvx2()
    {
        const std::vector<float> x = noise(30000, 3);
        const auto a = kaiserResample(x.data(), int64_t(x.size()), 44100, 16000);
        kaiser::setAllowAvx2(false);
        QVERIFY(!kaiser::usingAvx2());
        const auto b = kaiserResample(x.data(), int64_t(x.size()), 44100, 16000);
        kaiser::setAllowAvx2(true);
        QCOMPARE(a.size(), b.size());
        QVERIFY(maxAbsDiff(a, b) <= 1e-7);
    }

    // Outputs are independent, so the thread count cannot change them.
    void threadsDoNotChangeResult()
    {
        const std::vector<float> x = noise(44100 * 6, 4);
        kaiser::setMaxThreads(1);
        const auto one = kaiserResample(x.data(), int64_t(x.size()), 44100, 16000);
        kaiser::setMaxThreads(2);
        const auto two = kaiserResample(x.data(), int64_t(x.size()), 44100, 16000);
        QCOMPARE(int64_t(one.size()), kaiserOutputLength(int64_t(x.size()), 44100, 16000));
        QVERIFY(one == two);
    }

    void edgeCases()
    {
        const std::vector<float> x = noise(1000, 1);
        QVERIFY(kaiserResample(x.data(), 0, 44100, 16000).empty());
        QVERIFY(kaiserResample(nullptr, 1000, 44100, 16000).empty());
        QVERIFY(kaiserResample(x.data(), -5, 44100, 16000).empty());
        QVERIFY(kaiserResample(x.data(), 1000, 0, 16000).empty());
        QVERIFY(kaiserResample(x.data(), 1000, 44100, -1).empty());
        QVERIFY(kaiserResample(x.data(), 1000, 1, 2147483647).empty()); // 2e12 samples: refused
        QCOMPARE(kaiserOutputLength(1000, 0, 16000), int64_t(0));
        QCOMPARE(kaiserOutputLength(0, 44100, 16000), int64_t(0));
        QCOMPARE(kaiserOutputLength(1000, 16000, 16000), int64_t(1000));
        QCOMPARE(kaiserOutputLength(1323000, 44100, 16000), int64_t(480000));
        QCOMPARE(kaiserOutputLength(1323001, 44100, 16000), int64_t(480001));
        QCOMPARE(kaiserOutputLength(3, 48000, 16000), int64_t(1));
        QCOMPARE(kaiserOutputLength(4, 48000, 16000), int64_t(2));
        // Equal rates: an exact copy.
        const auto same = kaiserResample(x.data(), int64_t(x.size()), 22050, 22050);
        QVERIFY(same == x);
        // Shorter than one output period: resampy would refuse (length 0);
        // librosa's length rule gives one sample, which is padding.
        const auto tiny = kaiserResample(x.data(), 2, 44100, 16000);
        QCOMPARE(tiny.size(), size_t(1));
        QCOMPARE(tiny[0], 0.0f);
        // One sample upsampled: the filter's impulse response, peak h[0] = rolloff at t = 0.
        const auto imp = kaiserResample(x.data(), 1, 16000, 48000);
        QCOMPARE(imp.size(), size_t(3));
        QVERIFY(std::abs(imp[0] - 0.917347f * x[0]) < 1e-6f);
        // Mono mix first: a stereo buffer with opposite channels resamples to silence.
        AudioBuffer st;
        st.sampleRate = 44100;
        st.channels = 2;
        for (float v : x) {
            st.samples.push_back(v);
            st.samples.push_back(-v);
        }
        const AudioBuffer m = kaiserResampleMono(st, 16000);
        QCOMPARE(m.frameCount(), kaiserOutputLength(1000, 44100, 16000));
        for (float v : m.samples)
            QCOMPARE(v, 0.0f);
        QVERIFY(kaiserResampleMono(AudioBuffer{}, 16000).isEmpty());
    }

    void progressAndCancel()
    {
        const std::vector<float> x = noise(44100 * 20, 5);
        std::vector<double> seen;
        const auto y = kaiserResample(x.data(), int64_t(x.size()), 44100, 16000, KaiserFilter::Best, [&](double f) {
            seen.push_back(f);
            return true;
        });
        QCOMPARE(int64_t(y.size()), kaiserOutputLength(int64_t(x.size()), 44100, 16000));
        QVERIFY(seen.size() >= 2);
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        QCOMPARE(seen.back(), 1.0);
        int calls = 0;
        const auto cancelled = kaiserResample(x.data(), int64_t(x.size()), 44100, 16000, KaiserFilter::Best,
                                              [&](double) { return ++calls < 2; });
        QVERIFY(cancelled.empty());
        QCOMPARE(calls, 2);
    }

    // First use of a rate pair from two threads at once: one table, same results.
    void concurrentFirstUse()
    {
        const std::vector<float> x = noise(20000, 9);
        std::vector<float> a, b;
        std::thread t1([&] { a = kaiserResample(x.data(), int64_t(x.size()), 37800, 16000); });
        std::thread t2([&] { b = kaiserResample(x.data(), int64_t(x.size()), 37800, 16000); });
        t1.join();
        t2.join();
        QVERIFY(!a.empty());
        QVERIFY(a == b);
        QVERIFY(kaiser::plan(KaiserFilter::Best, 37800, 16000) == kaiser::plan(KaiserFilter::Best, 37800, 16000));
    }

    void speedThreeMinutes()
    {
        const std::vector<float> x = noise(int64_t(44100) * 180, 11);
        (void)kaiser::plan(KaiserFilter::Best, 44100, 16000); // table build is once per process
        QElapsedTimer timer;
        timer.start();
        const auto y = kaiserResample(x.data(), int64_t(x.size()), 44100, 16000);
        const qint64 ms = timer.elapsed();
        QCOMPARE(int64_t(y.size()), int64_t(16000) * 180);
        qInfo("3 min 44.1 kHz -> 16 kHz: %lld ms (%s)", static_cast<long long>(ms),
              kaiser::usingAvx2() ? "AVX2" : "scalar");
        QVERIFY2(ms < 2000, "far slower than expected (goal well under 500 ms)");
    }
};

QTEST_GUILESS_MAIN(TstKaiserResampler)
#include "tst_kaiser_resampler.moc"
