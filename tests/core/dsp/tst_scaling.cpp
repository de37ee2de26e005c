// dB and log scaling: librosa power_to_db / amplitude_to_db semantics.
#include "core/dsp/scaling.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace mirlo;

namespace {

Matrix row(std::initializer_list<float> v)
{
    Matrix m(1, int(v.size()));
    m.values.assign(v);
    return m;
}

bool near(const Matrix &m, std::initializer_list<float> expected, float tol = 1e-4f)
{
    size_t i = 0;
    for (float e : expected)
        if (!(std::fabs(m.values[i++] - e) <= tol))
            return false;
    return i == m.values.size();
}

} // namespace

class TestScaling : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void powerToDb()
    {
        Matrix m = row({1.f, 10.f, 100.f, 0.f});
        toDecibels(m, true, 1.0, 1e-10, 0.0); // no floor
        QVERIFY(near(m, {0.f, 10.f, 20.f, -100.f}));
        m = row({1.f, 10.f, 100.f, 0.f});
        toDecibels(m, true, 1.0, 1e-10, 80.0); // floor at max - 80 = -60
        QVERIFY(near(m, {0.f, 10.f, 20.f, -60.f}));
        m = row({1.f, 10.f, 100.f});
        toDecibels(m, true, 10.0, 1e-10, 0.0); // ref shifts everything down
        QVERIFY(near(m, {-10.f, 0.f, 10.f}));
        m = row({1e-3f, 1.f});
        toDecibels(m, true, 1.0, 1e-2, 0.0); // amin clamps small values
        QVERIFY(near(m, {-20.f, 0.f}));
        m = row({1.f});
        toDecibels(m, true, 0.0, 1e-5, 0.0); // ref below amin uses amin (librosa)
        QVERIFY(near(m, {50.f}));
    }

    void reportsRange()
    {
        Matrix m = row({1.f, 10.f, 100.f, 0.f});
        float lo = 1, hi = -1;
        toDecibels(m, true, 1.0, 1e-10, 80.0, &lo, &hi);
        QCOMPARE(hi, 20.f);
        QCOMPARE(lo, -60.f);
        m = row({1.f, 10.f});
        toDecibels(m, true, 1.0, 1e-10, 80.0, &lo, &hi); // nothing clipped
        QCOMPARE(lo, 0.f);
        QCOMPARE(hi, 10.f);
        // Big enough to take the two-thread path; min/max must match a plain scan.
        Matrix big(3000, 1000);
        for (size_t i = 0; i < big.values.size(); ++i)
            big.values[i] = float((i * 7919) % 100003) * 1e-3f;
        toDecibels(big, true, 1.0, 1e-10, 50.0, &lo, &hi);
        QCOMPARE(lo, *std::min_element(big.values.begin(), big.values.end()));
        QCOMPARE(hi, *std::max_element(big.values.begin(), big.values.end()));
        QVERIFY(std::fabs(lo - (hi - 50.f)) < 1e-4f);
        toDecibels(m = Matrix(), true, 1.0, 1e-10, 80.0, &lo, &hi);
        QCOMPARE(lo, 0.f);
        QCOMPARE(hi, 0.f);
    }

    void amplitudeToDb()
    {
        Matrix m = row({1.f, 10.f, 0.f});
        toDecibels(m, false, 1.0, 1e-5, 0.0);
        QVERIFY(near(m, {0.f, 20.f, -100.f}));
        m = row({1.f, 10.f, 0.f});
        toDecibels(m, false, 10.0, 1e-5, 80.0);
        QVERIFY(near(m, {-20.f, 0.f, -80.f}));
    }

    void silenceAndGarbageNeverNaN()
    {
        Matrix silence(50, 40, 0.f);
        toDecibels(silence, true, 1.0, 1e-10, 80.0);
        for (float v : silence.values)
            QCOMPARE(v, -100.f);
        Matrix bad = row({std::numeric_limits<float>::quiet_NaN(), -1.f, std::numeric_limits<float>::infinity(), 1.f});
        toDecibels(bad, true, 1.0, 1e-10, 0.0);
        for (float v : bad.values)
            QVERIFY(std::isfinite(v));
        QVERIFY(near(bad, {-100.f, -100.f, -100.f, 0.f}));
        Matrix empty;
        toDecibels(empty, true); // no crash on an empty matrix
        QVERIFY(empty.isEmpty());
    }

    void logCompression()
    {
        Matrix m = row({0.f, 9.f, 99.f});
        logCompress(m);
        QVERIFY(near(m, {0.f, 1.f, 2.f}, 1e-6f));
        m = row({0.9f, 0.f});
        logCompress(m, 10.f);
        QVERIFY(near(m, {1.f, 0.f}, 1e-6f));
        m = row({-5.f, std::numeric_limits<float>::quiet_NaN()});
        logCompress(m);
        QVERIFY(std::isfinite(m.values[0]) && std::isfinite(m.values[1]));
    }
};

QTEST_GUILESS_MAIN(TestScaling)
#include "tst_scaling.moc"
