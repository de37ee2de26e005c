// RealSpectrum (half-length complex FFT + untangling pass) against a direct
// DFT in double precision, for even lengths of every residue the vector pass
// meets (blocks of 4 steps plus a scalar tail), odd lengths (FFTW r2c) and
// tiny ones; the vector and scalar passes must give the same bits.
#include "core/dsp/real_spectrum.h"

#include <QtTest>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

using namespace mirlo;

namespace {

struct Buffers {
    float *in;
    fftwf_complex *work;
    explicit Buffers(int n)
        : in(static_cast<float *>(fftwf_malloc(sizeof(float) * size_t(n)))),
          work(static_cast<fftwf_complex *>(fftwf_malloc(sizeof(fftwf_complex) * size_t(n / 2 + 1))))
    {
    }
    ~Buffers()
    {
        fftwf_free(in);
        fftwf_free(work);
    }
};

std::vector<double> directPower(const std::vector<float> &x)
{
    const size_t n = x.size();
    std::vector<double> p(n / 2 + 1);
    for (size_t k = 0; k < p.size(); ++k) {
        double re = 0.0, im = 0.0;
        for (size_t t = 0; t < n; ++t) {
            const double a = -2.0 * M_PI * double((k * t) % n) / double(n);
            re += double(x[t]) * std::cos(a);
            im += double(x[t]) * std::sin(a);
        }
        p[k] = re * re + im * im;
    }
    return p;
}

} // namespace

class TestRealSpectrum : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesDirectDft_data()
    {
        QTest::addColumn<int>("n");
        for (int n : {4, 6, 8, 16, 18, 30, 64, 100, 250, 512, 1000, 2048, 15, 7, 1})
            QTest::newRow(qPrintable(QString::number(n))) << n;
    }
    void matchesDirectDft()
    {
        QFETCH(int, n);
        std::mt19937 rng{static_cast<unsigned>(n)};
        std::uniform_real_distribution<float> u(-1.f, 1.f);
        std::vector<float> x(static_cast<size_t>(n));
        for (int i = 0; i < n; ++i) // a tone off the bin grid plus noise: every bin has energy
            x[size_t(i)] = float(std::sin(2 * M_PI * 3.3 * i / n)) + 0.2f * u(rng);
        const std::vector<double> ref = directPower(x);
        double peak = 0.0;
        for (double v : ref)
            peak = std::max(peak, v);

        RealSpectrum spectrum(n);
        QVERIFY(spectrum.isValid());
        QCOMPARE(spectrum.binCount(), n / 2 + 1);
        Buffers b(n);
        std::copy(x.begin(), x.end(), b.in);
        std::vector<float> power(size_t(n / 2 + 1)), magnitude(power.size());
        spectrum.power(b.in, b.work, power.data());
        QVERIFY(std::equal(x.begin(), x.end(), b.in)); // input kept
        spectrum.magnitude(b.in, b.work, magnitude.data());
        for (size_t k = 0; k < ref.size(); ++k) {
            // Float FFT error is relative to the largest bin.
            if (std::abs(double(power[k]) - ref[k]) > 1e-5 * peak + 1e-6)
                QFAIL(qPrintable(QStringLiteral("bin %1: %2 vs %3").arg(k).arg(power[k]).arg(ref[k])));
            QCOMPARE(magnitude[k], std::sqrt(power[k]));
        }

        // The vector pass changes the speed, not the bits.
        RealSpectrum scalar(n, false);
        std::vector<float> scalarPower(power.size());
        scalar.power(b.in, b.work, scalarPower.data());
        QVERIFY(std::memcmp(power.data(), scalarPower.data(), power.size() * sizeof(float)) == 0);
    }

    void parsevalOnANoiseFrame()
    {
        // sum |X|^2 = n sum x^2 (one-sided spectrum: interior bins count twice).
        const int n = 4096;
        std::mt19937 rng(7);
        std::normal_distribution<float> g(0.f, 1.f);
        Buffers b(n);
        double energy = 0.0;
        for (int i = 0; i < n; ++i) {
            b.in[i] = g(rng);
            energy += double(b.in[i]) * b.in[i];
        }
        RealSpectrum spectrum(n);
        std::vector<float> p(size_t(n / 2 + 1));
        spectrum.power(b.in, b.work, p.data());
        double sum = double(p[0]) + double(p[size_t(n / 2)]);
        for (int k = 1; k < n / 2; ++k)
            sum += 2.0 * double(p[size_t(k)]);
        QVERIFY(std::abs(sum / (double(n) * energy) - 1.0) < 1e-5);
    }

    void invalidSize()
    {
        QVERIFY(!RealSpectrum(0).isValid());
        QVERIFY(!RealSpectrum(-4).isValid());
    }
};

QTEST_GUILESS_MAIN(TestRealSpectrum)
#include "tst_real_spectrum.moc"
