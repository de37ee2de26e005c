// Filterbanks against numpy references (tests/data/make_dsp_reference.py), the
// mel formula, the Bark edges of TUTORIAL.md 3.1 and sines landing in their band.
#include "core/dsp/filterbank.h"
#include "core/dsp/stft.h"
#include "core/io/npy_writer.h"

#include <QtTest>

#include <cmath>
#include <random>

using namespace mirlo;

namespace {

// Expands a (band, bin, weight) triplet list written by the numpy script.
Matrix denseFromTriplets(const QString &file, int bands, int bins)
{
    Matrix sparse;
    QString error;
    if (!readNpy(QStringLiteral(MIRLO_TEST_DATA "/") + file, sparse, &error) || sparse.cols != 3) {
        qWarning("%s", qPrintable(error));
        return {};
    }
    Matrix dense(bands, bins);
    for (int r = 0; r < sparse.rows; ++r)
        dense.at(int(sparse.at(r, 0)), int(sparse.at(r, 1))) = sparse.at(r, 2);
    return dense;
}

double maxAbsDiff(const Matrix &a, const Matrix &b)
{
    double d = 0;
    for (size_t i = 0; i < a.values.size(); ++i)
        d = std::max(d, double(std::fabs(a.values[i] - b.values[i])));
    return d;
}

// Power spectrum (one frame, middle of a 1 s sine).
Matrix sinePower(double hz, int sr, int frameSize)
{
    std::vector<float> x(static_cast<size_t>(sr));
    for (int i = 0; i < sr; ++i)
        x[size_t(i)] = float(std::sin(2 * M_PI * hz * i / sr));
    StftParams p;
    p.frameSize = frameSize;
    Stft stft(p);
    Matrix frame(1, stft.binCount());
    stft.transformFrame(x.data() + sr / 2, frame.row(0), SpectrumValue::Power);
    return frame;
}

int argmaxRow(const Matrix &m, int r)
{
    return int(std::max_element(m.row(r), m.row(r) + m.cols) - m.row(r));
}

} // namespace

class TestFilterbank : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void melScales()
    {
        // Slaney: 1 kHz is mel 15; 6.4 kHz is 15 + 27 = 42; linear below 1 kHz.
        QVERIFY(std::fabs(hzToMel(1000, MelScale::Slaney) - 15.0) < 1e-12);
        QVERIFY(std::fabs(hzToMel(6400, MelScale::Slaney) - 42.0) < 1e-9);
        QVERIFY(std::fabs(hzToMel(500, MelScale::Slaney) - 7.5) < 1e-12);
        QVERIFY(std::fabs(hzToMel(700, MelScale::Htk) - 2595.0 * std::log10(2.0)) < 1e-9);
        for (double hz : {0.0, 100.0, 999.0, 1000.0, 4321.0, 11025.0}) {
            QVERIFY(std::fabs(melToHz(hzToMel(hz, MelScale::Slaney), MelScale::Slaney) - hz) < 1e-9);
            QVERIFY(std::fabs(melToHz(hzToMel(hz, MelScale::Htk), MelScale::Htk) - hz) < 1e-9);
        }
        const std::vector<double> f = fftBinFrequencies(2048, 16000);
        QCOMPARE(int(f.size()), 1025);
        QCOMPARE(f[1024], 8000.0);
        QCOMPARE(f[1], 16000.0 / 2048);
    }

    void melMatchesNumpyReference()
    {
        // 80 Slaney bands, area-normalised, n_fft 2048 at 16 kHz, 0..8000 Hz (TUTORIAL 1.6).
        const Filterbank fb = melFilterbank(80, 2048, 16000, 0.0, 8000.0);
        QCOMPARE(fb.bandCount(), 80);
        QCOMPARE(fb.binCount(), 1025);
        const Matrix ref = denseFromTriplets("mel80_2048_16k_sparse.npy", 80, 1025);
        QVERIFY(!ref.isEmpty());
        const double d = maxAbsDiff(fb.weights, ref);
        QVERIFY2(d < 1e-6, qPrintable(QString::number(d)));
    }

    void melEdgesFollowTheFormula()
    {
        // Edges equally spaced on the Slaney scale, written out independently.
        const int bands = 40;
        const double fmax = 11025.0;
        const Filterbank fb = melFilterbank(bands, 1024, 22050, 0.0, fmax);
        const double melMax = 15.0 + std::log(fmax / 1000.0) / (std::log(6.4) / 27.0);
        for (int i = 0; i < bands + 2; ++i) {
            const double m = melMax * i / (bands + 1);
            const double hz = m < 15.0 ? m * 200.0 / 3.0 : 1000.0 * std::exp((m - 15.0) * std::log(6.4) / 27.0);
            if (i < bands)
                QVERIFY(std::fabs(fb.lowHz[size_t(i)] - hz) < 1e-6);
            if (i >= 1 && i <= bands)
                QVERIFY(std::fabs(fb.centreHz[size_t(i - 1)] - hz) < 1e-6);
            if (i >= 2)
                QVERIFY(std::fabs(fb.highHz[size_t(i - 2)] - hz) < 1e-6);
        }
        // Unnormalised triangles peak at <= 1; normalised ones integrate (in Hz) to ~1.
        const Filterbank plain = melFilterbank(bands, 1024, 22050, 0.0, fmax, MelScale::Slaney, false);
        for (float w : plain.weights.values)
            QVERIFY(w >= 0.f && w <= 1.f + 1e-6f);
        const double binHz = 22050.0 / 1024;
        for (int b = 10; b < bands; ++b) { // wide enough bands for a Riemann sum
            double area = 0;
            for (int k = 0; k < fb.binCount(); ++k)
                area += fb.weights.at(b, k) * binHz;
            QVERIFY2(std::fabs(area - 1.0) < 0.05, qPrintable(QString::number(area)));
        }
        // HTK edges follow 2595 log10(1 + f / 700).
        const Filterbank htk = melFilterbank(20, 2048, 44100, 100.0, 8000.0, MelScale::Htk);
        const double m0 = 2595.0 * std::log10(1.0 + 100.0 / 700.0);
        const double m1 = 2595.0 * std::log10(1.0 + 8000.0 / 700.0);
        QVERIFY(std::fabs(htk.lowHz[0] - 100.0) < 1e-9);
        QVERIFY(std::fabs(htk.highHz[19] - 8000.0) < 1e-6);
        const double c5 = 700.0 * (std::pow(10.0, (m0 + (m1 - m0) * 6 / 21) / 2595.0) - 1.0);
        QVERIFY(std::fabs(htk.centreHz[5] - c5) < 1e-6);
    }

    void logMatchesNumpyReference()
    {
        // madmom: frame 2048 at 44.1 kHz gives 1024 bins k * sr / 2048 (no Nyquist).
        std::vector<double> bins = fftBinFrequencies(2048, 44100);
        bins.pop_back();
        const Filterbank fb = logFilterbank(bins, 12, 30.0, 17000.0, 440.0, true, true);
        QCOMPARE(fb.bandCount(), 81);
        QCOMPARE(fb.binCount(), 1024);
        const Matrix ref = denseFromTriplets("logfb_2048_44k_sparse.npy", 81, 1024);
        QVERIFY(!ref.isEmpty());
        const double d = maxAbsDiff(fb.weights, ref);
        QVERIFY2(d < 1e-6, qPrintable(QString::number(d)));
        for (int b = 0; b < fb.bandCount(); ++b) {
            double sum = 0;
            for (int k = 0; k < fb.binCount(); ++k)
                sum += fb.weights.at(b, k);
            QVERIFY(std::fabs(sum - 1.0) < 1e-5);
            // Edges are bin frequencies and the weight at both is zero.
            const int lo = int(std::lround(fb.lowHz[size_t(b)] * 2048 / 44100));
            const int hi = int(std::lround(fb.highHz[size_t(b)] * 2048 / 44100));
            QCOMPARE(fb.weights.at(b, lo), 0.f);
            if (hi < 1024)
                QCOMPARE(fb.weights.at(b, hi), 0.f);
            QVERIFY(fb.lowHz[size_t(b)] < fb.centreHz[size_t(b)] && fb.centreHz[size_t(b)] < fb.highHz[size_t(b)]);
        }
        // Unnormalised: the peak is 1 at the centre bin.
        const Filterbank raw = logFilterbank(bins, 12, 30.0, 17000.0, 440.0, false, true);
        for (int b = 0; b < raw.bandCount(); ++b) {
            const int c = int(std::lround(raw.centreHz[size_t(b)] * 2048 / 44100));
            QCOMPARE(raw.weights.at(b, c), 1.f);
        }
    }

    void logDuplicateFiltersLikeMadmom()
    {
        // Low resolution (frame 256): many semitones map to the same bin. Keeping
        // them gives one band per centre triple; too-small triples become one-bin
        // filters of weight 1 (normalised) at their start bin.
        std::vector<double> bins = fftBinFrequencies(256, 44100);
        bins.pop_back();
        const Filterbank dup = logFilterbank(bins, 12, 30.0, 17000.0, 440.0, true, false);
        const Filterbank uniq = logFilterbank(bins, 12, 30.0, 17000.0, 440.0, true, true);
        QVERIFY(dup.bandCount() > uniq.bandCount());
        int oneBin = 0;
        for (int b = 0; b < dup.bandCount(); ++b) {
            const auto [first, last] = dup.binRanges[size_t(b)];
            double sum = 0;
            for (int k = 0; k < dup.binCount(); ++k) {
                QVERIFY(std::isfinite(dup.weights.at(b, k)));
                sum += dup.weights.at(b, k);
            }
            QVERIFY(std::fabs(sum - 1.0) < 1e-5);
            if (last - first == 1) {
                ++oneBin;
                QCOMPARE(dup.weights.at(b, first), 1.f);
            }
        }
        QVERIFY(oneBin > 0);
        // Too few bins in range: no bands rather than a crash.
        QCOMPARE(logFilterbank(bins, 12, 30.0, 40.0).bandCount(), 0);
    }

    void sinesLandInTheirBand()
    {
        // Mel, 128 bands over 0..11025 Hz at 22.05 kHz.
        const Filterbank mel = melFilterbank(128, 2048, 22050, 0.0, 11025.0);
        for (double hz : {300.0, 1000.0, 3000.0, 7000.0}) {
            const Matrix bands = mel.apply(sinePower(hz, 22050, 2048));
            const int b = argmaxRow(bands, 0);
            QVERIFY2(mel.lowHz[size_t(b)] < hz && hz < mel.highHz[size_t(b)], qPrintable(QString::number(hz)));
        }
        // Log-frequency: the winning band is the one whose centre is nearest the sine.
        std::vector<double> bins = fftBinFrequencies(2048, 44100);
        bins.pop_back();
        const Filterbank logfb = logFilterbank(bins, 12);
        for (double hz : {440.0, 1000.0, 5000.0}) {
            Matrix power = sinePower(hz, 44100, 2048);
            power.cols = 1024;
            power.values.resize(1024);
            const int b = argmaxRow(logfb.apply(power), 0);
            int nearest = 0;
            for (int i = 0; i < logfb.bandCount(); ++i)
                if (std::fabs(logfb.centreHz[size_t(i)] - hz) < std::fabs(logfb.centreHz[size_t(nearest)] - hz))
                    nearest = i;
            QVERIFY2(b == nearest, qPrintable(QString::number(hz)));
        }
        // Bark: 1 kHz is in band 8 (920..1080 Hz).
        const Filterbank bark = barkFilterbank(fftBinFrequencies(1024, 44100));
        const int b = argmaxRow(bark.apply(sinePower(1000.0, 44100, 1024)), 0);
        QCOMPARE(b, 8);
    }

    void barkEdges()
    {
        const double upper[24] = {100,  200,  300,  400,  510,  630,  770,  920,  1080, 1270, 1480,  1720,
                                  2000, 2320, 2700, 3150, 3700, 4400, 5300, 6400, 7700, 9500, 12000, 15500};
        // rp_extract's bin frequencies: linspace(0, sr / 2, 513).
        std::vector<double> f(513);
        for (int k = 0; k < 513; ++k)
            f[size_t(k)] = 22050.0 * k / 512;
        const Filterbank fb = barkFilterbank(f);
        QCOMPARE(fb.bandCount(), 24);
        for (int b = 0; b < 24; ++b) {
            QCOMPARE(fb.highHz[size_t(b)], upper[b]);
            QCOMPARE(fb.lowHz[size_t(b)], b == 0 ? 0.0 : upper[b - 1]);
        }
        // Every bin below 15.5 kHz in exactly one band, with f in [lower, upper).
        for (int k = 0; k < 513; ++k) {
            int owners = 0;
            for (int b = 0; b < 24; ++b) {
                if (fb.weights.at(b, k) != 0.f) {
                    ++owners;
                    QCOMPARE(fb.weights.at(b, k), 1.f);
                    QVERIFY(f[size_t(k)] >= fb.lowHz[size_t(b)] && f[size_t(k)] < fb.highHz[size_t(b)]);
                }
            }
            QCOMPARE(owners, f[size_t(k)] < 15500.0 ? 1 : 0);
        }
        // A bin exactly on an edge belongs to the upper band: 100 Hz at sr 25600, N 256.
        const Filterbank edge = barkFilterbank(fftBinFrequencies(256, 25600));
        QCOMPARE(edge.weights.at(0, 1), 0.f);
        QCOMPARE(edge.weights.at(1, 1), 1.f);
    }

    void applyEqualsDenseProduct()
    {
        const Filterbank fb = melFilterbank(64, 1024, 44100, 50.0, 16000.0);
        std::mt19937 rng(3);
        std::uniform_real_distribution<float> u(0.f, 1.f);
        Matrix spec(7, fb.binCount());
        for (float &v : spec.values)
            v = u(rng);
        const Matrix out = fb.apply(spec);
        QCOMPARE(out.rows, 7);
        QCOMPARE(out.cols, 64);
        for (int t = 0; t < 7; ++t) {
            for (int b = 0; b < 64; ++b) {
                double acc = 0;
                for (int k = 0; k < fb.binCount(); ++k)
                    acc += double(spec.at(t, k)) * fb.weights.at(b, k);
                QVERIFY(std::fabs(out.at(t, b) - acc) <= 1e-6 * (1.0 + std::fabs(acc)));
            }
        }
        // Stale ranges (weights edited by hand) still give the right answer.
        Filterbank edited = fb;
        edited.binRanges.clear();
        QVERIFY(edited.apply(spec).values == out.values);
        // Wrong bin count: empty result, not a crash.
        QVERIFY(fb.apply(Matrix(3, 10)).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestFilterbank)
#include "tst_filterbank.moc"
