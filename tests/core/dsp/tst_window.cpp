// Windows against their textbook formulas and numpy's published values.
#include "core/dsp/window.h"

#include <QtTest>

#include <cmath>
#include <numeric>

using namespace mirlo;

class TestWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void numpyValues()
    {
        // numpy.hanning(5), numpy.hamming(5), numpy.blackman(5)
        const std::vector<float> hann = makeWindow(WindowType::Hann, 5, false);
        const float hannRef[] = {0.f, 0.5f, 1.f, 0.5f, 0.f};
        const std::vector<float> hamming = makeWindow(WindowType::Hamming, 5, false);
        const float hammingRef[] = {0.08f, 0.54f, 1.f, 0.54f, 0.08f};
        const std::vector<float> blackman = makeWindow(WindowType::Blackman, 5, false);
        const float blackmanRef[] = {0.f, 0.34f, 1.f, 0.34f, 0.f};
        for (int i = 0; i < 5; ++i) {
            QVERIFY(std::fabs(hann[i] - hannRef[i]) < 1e-6f);
            QVERIFY(std::fabs(hamming[i] - hammingRef[i]) < 1e-6f);
            QVERIFY(std::fabs(blackman[i] - blackmanRef[i]) < 1e-6f);
        }
        // scipy.signal.get_window('hann', 4) (periodic)
        const std::vector<float> periodic = makeWindow(WindowType::Hann, 4, true);
        const float periodicRef[] = {0.f, 0.5f, 1.f, 0.5f};
        for (int i = 0; i < 4; ++i)
            QVERIFY(std::fabs(periodic[i] - periodicRef[i]) < 1e-6f);
    }

    void formulaAndSums()
    {
        const int n = 2048;
        const std::vector<float> sym = makeWindow(WindowType::Hann, n, false);
        const std::vector<float> per = makeWindow(WindowType::Hann, n, true);
        QCOMPARE(int(sym.size()), n);
        double sumSym = 0, sumPer = 0;
        for (int i = 0; i < n; ++i) {
            QVERIFY(std::fabs(sym[i] - (0.5 - 0.5 * std::cos(2 * M_PI * i / (n - 1)))) < 1e-6);
            QVERIFY(std::fabs(per[i] - (0.5 - 0.5 * std::cos(2 * M_PI * i / n))) < 1e-6);
            sumSym += sym[i];
            sumPer += per[i];
        }
        // Periodic cosine windows sum to their constant term times N exactly;
        // the symmetric Hann sums to (N - 1) / 2.
        QVERIFY(std::fabs(sumPer - n / 2.0) < 1e-3);
        QVERIFY(std::fabs(sumSym - (n - 1) / 2.0) < 1e-3);
        auto sum = [](const std::vector<float> &w) { return std::accumulate(w.begin(), w.end(), 0.0); };
        QVERIFY(std::fabs(sum(makeWindow(WindowType::Hamming, n, true)) - 0.54 * n) < 1e-2);
        QVERIFY(std::fabs(sum(makeWindow(WindowType::Blackman, n, true)) - 0.42 * n) < 1e-2);
        QCOMPARE(sum(makeWindow(WindowType::Rectangular, n, true)), double(n));
        // Symmetric windows are symmetric; the peak of an odd one is exactly 1.
        for (int i = 0; i < n; ++i)
            QVERIFY(std::fabs(sym[i] - sym[n - 1 - i]) < 1e-6f);
    }

    void periodicIsTruncatedSymmetric()
    {
        for (WindowType t : {WindowType::Hann, WindowType::Hamming, WindowType::Blackman}) {
            const std::vector<float> per = makeWindow(t, 1000, true);
            const std::vector<float> sym = makeWindow(t, 1001, false);
            for (int i = 0; i < 1000; ++i)
                QVERIFY(std::fabs(per[i] - sym[i]) < 1e-6f);
        }
    }

    void edgeSizes()
    {
        QVERIFY(makeWindow(WindowType::Hann, 0).empty());
        QVERIFY(makeWindow(WindowType::Hann, -3).empty());
        QCOMPARE(makeWindow(WindowType::Hann, 1, false), std::vector<float>{1.f});
        QCOMPARE(QString(windowName(WindowType::Hann)), QString("hann"));
        QCOMPARE(QString(windowName(WindowType::Blackman)), QString("blackman"));
    }
};

QTEST_GUILESS_MAIN(TestWindow)
#include "tst_window.moc"
