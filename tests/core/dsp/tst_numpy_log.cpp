// numpy's float32 log (core/dsp/numpy_log.h), shared by the madmom features
// and the DBN observation models: special values, <= 4 ulp from the exact log
// over normals and subnormals, the scalar and vector paths give the same bits,
// and powers of two give e * ln2 (a zero polynomial term).
#include "core/dsp/numpy_log.h"

#include <QtTest>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

using namespace mirlo;

namespace {

int64_t ulpDistance(float a, float b)
{
    int32_t ia, ib;
    std::memcpy(&ia, &a, 4);
    std::memcpy(&ib, &b, 4);
    if (ia < 0)
        ia = int32_t(0x80000000u) - ia;
    if (ib < 0)
        ib = int32_t(0x80000000u) - ib;
    return std::llabs(int64_t(ia) - int64_t(ib));
}

} // namespace

class TstNumpyLog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void specialValues()
    {
        QVERIFY(std::isinf(numpyLogf(0.f)) && numpyLogf(0.f) < 0);
        QVERIFY(std::isnan(numpyLogf(-1.f)));
        QVERIFY(std::isnan(numpyLogf(std::numeric_limits<float>::quiet_NaN())));
        QVERIFY(std::isinf(numpyLogf(std::numeric_limits<float>::infinity())));
        QCOMPARE(numpyLogf(1.f), 0.f);
    }

    void closeToExactLogAndPathIndependent()
    {
        std::mt19937 rng(3);
        std::uniform_int_distribution<uint32_t> bits(1u, 0x7f7fffffu); // every positive finite float incl. subnormals
        std::vector<float> x(20000);
        for (float &v : x) {
            const uint32_t b = bits(rng);
            std::memcpy(&v, &b, 4);
        }
        std::vector<float> batch(x.size());
        numpyLogFloat(x.data(), batch.data(), x.size());
        int64_t worst = 0;
        for (size_t i = 0; i < x.size(); ++i) {
            const float scalar = numpyLogf(x[i]);
            QCOMPARE(batch[i], scalar);
            worst = std::max(worst, ulpDistance(scalar, float(std::log(double(x[i])))));
        }
        QVERIFY2(worst <= 4, qPrintable(QStringLiteral("worst %1 ulp").arg(worst)));
    }

    void powersOfTwoAreExponentTimesLn2()
    {
        const float ln2 = 0.693147180559945309417232121458176568f;
        for (int e = -148; e <= 127; ++e) { // includes subnormal powers of two
            const float x = std::ldexp(1.f, e);
            QCOMPARE(numpyLogf(x), float(e) * ln2);
        }
    }
};

QTEST_GUILESS_MAIN(TstNumpyLog)
#include "tst_numpy_log.moc"
