// madmom OnsetPeakPickingProcessor semantics on hand-made activations whose
// expected onsets follow from the definitions (worked out in the comments).
#include "core/onsets/peak_picking.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace mirlo;

namespace {

std::vector<float> spikes(int length, const std::vector<std::pair<int, float>> &at, float floor = 0.f)
{
    std::vector<float> odf(static_cast<size_t>(length), floor);
    for (const auto &p : at)
        odf[size_t(p.first)] = p.second;
    return odf;
}

PeakPickingParams plain(double threshold)
{
    PeakPickingParams p;
    p.threshold = threshold;
    p.combine = 0.0;
    return p;
}

void compareTimes(const std::vector<double> &got, const std::vector<double> &want)
{
    QCOMPARE(got.size(), want.size());
    for (size_t i = 0; i < got.size(); ++i)
        QVERIFY2(std::fabs(got[i] - want[i]) < 1e-9,
                 qPrintable(QStringLiteral("onset %1: %2 vs %3").arg(i).arg(got[i]).arg(want[i])));
}

} // namespace

class TestPeakPicking : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void spikesAtKnownFrames()
    {
        // Isolated spikes above the threshold are onsets at frame / fps.
        const auto odf = spikes(120, {{10, 5.f}, {50, 2.f}, {90, 3.f}});
        PeakPickingParams p = plain(1.0);
        p.preMax = 0.01;
        p.postMax = 0.01;
        compareTimes(pickOnsets(odf, 100.0, p), {0.10, 0.50, 0.90});
        // Threshold above the 2.0 spike removes it.
        p.threshold = 2.5;
        compareTimes(pickOnsets(odf, 100.0, p), {0.10, 0.90});
        // At 200 fps the same frames are half the time.
        p.threshold = 1.0;
        p.preMax = p.postMax = 0.005;
        compareTimes(pickOnsets(odf, 200.0, p), {0.05, 0.25, 0.45});
    }

    void combineKeepsTheFirstOfCloseOnsets()
    {
        // Two spikes 20 ms apart (frames 30 and 32 at 100 fps), no max window so
        // both are peaks; combine 30 ms keeps only the first (madmom 'left').
        const auto odf = spikes(60, {{30, 3.f}, {32, 4.f}});
        PeakPickingParams p = plain(1.0);
        compareTimes(pickOnsets(odf, 100.0, p), {0.30, 0.32});
        p.combine = 0.03;
        compareTimes(pickOnsets(odf, 100.0, p), {0.30});
        // Combining is relative to the last KEPT onset: 0.30, 0.32 (dropped),
        // 0.34 (0.04 after 0.30: kept), 0.36 (0.02 after 0.34: dropped).
        const auto train = spikes(60, {{30, 3.f}, {32, 3.f}, {34, 3.f}, {36, 3.f}});
        compareTimes(pickOnsets(train, 100.0, p), {0.30, 0.34});
        // Exactly 30 ms apart counts as "within" (<= combine, madmom adds 1e-12).
        const auto edge = spikes(60, {{30, 3.f}, {33, 3.f}});
        compareTimes(pickOnsets(edge, 100.0, p), {0.30});
        compareTimes(combineOnsets({1.0, 1.01, 1.05}, 0.03), {1.0, 1.05});
    }

    void localMaximumWindowIsAsymmetric()
    {
        // pre_max 1 frame, post_max 5 frames: frame 10 (2.0) sees frame 13 (3.0)
        // in its future window and is dropped; frame 13 sees frame 10 only with
        // a 3-frame look-back, which pre_max 1 does not reach.
        const auto odf = spikes(40, {{10, 2.f}, {13, 3.f}});
        PeakPickingParams p = plain(1.0);
        p.preMax = 0.01;
        p.postMax = 0.05;
        compareTimes(pickOnsets(odf, 100.0, p), {0.13});
        // post_max 2 frames: 13 is out of reach of 10, both are peaks.
        p.postMax = 0.02;
        compareTimes(pickOnsets(odf, 100.0, p), {0.10, 0.13});
        // pre_max 3 frames: 13 looks back at 10 but 3.0 > 2.0, still a peak;
        // 10 now looks ahead 2 only; both stay.
        p.preMax = 0.03;
        compareTimes(pickOnsets(odf, 100.0, p), {0.10, 0.13});
        // A plateau of two equal values: both equal the local maximum.
        const auto plateau = spikes(40, {{20, 2.f}, {21, 2.f}});
        p = plain(1.0);
        p.preMax = p.postMax = 0.01;
        compareTimes(pickOnsets(plateau, 100.0, p), {0.20, 0.21});
    }

    void movingAverageThreshold()
    {
        // Background 1.0, pre_avg 15 frames, post_avg 0, threshold 1.25:
        // a spike of 3.0 at frame 40 has mean(odf[25..40]) = (15 + 3) / 16
        // = 1.125 and 3.0 >= 2.375 -> onset; a spike of 2.2 has mean 1.075
        // and 2.2 < 2.325 -> none. Background frames: 1.0 < 2.25 -> none.
        PeakPickingParams p = plain(1.25);
        p.preAvg = 0.15;
        p.preMax = 0.01;
        p.postMax = 0.05;
        compareTimes(pickOnsets(spikes(100, {{40, 3.f}}, 1.f), 100.0, p), {0.40});
        QVERIFY(pickOnsets(spikes(100, {{40, 2.2f}}, 1.f), 100.0, p).empty());
        // Near the start the zero padding lowers the mean: at frame 3 a 2.2
        // spike has mean (3 * 1 + 2.2) / 16 = 0.325 -> 2.2 >= 1.575 -> onset.
        compareTimes(pickOnsets(spikes(100, {{3, 2.2f}}, 1.f), 100.0, p), {0.03});
        // post_avg includes future frames: with post_avg 0.04 s the window of
        // frame 40 is [25, 44] (20 frames): mean (19 + 3) / 20 = 1.1 -> onset.
        p.postAvg = 0.04;
        compareTimes(pickOnsets(spikes(100, {{40, 3.f}}, 1.f), 100.0, p), {0.40});
        // A 2.4 spike: mean (19 + 2.4) / 20 = 1.07, 2.4 < 2.32? no: 2.4 >= 2.32 -> onset;
        // a 2.3 spike: mean 1.065, 2.3 < 2.315 -> none.
        compareTimes(pickOnsets(spikes(100, {{40, 2.4f}}, 1.f), 100.0, p), {0.40});
        QVERIFY(pickOnsets(spikes(100, {{40, 2.3f}}, 1.f), 100.0, p).empty());
    }

    void smoothingUsesTheUnnormalisedHamming()
    {
        // smooth 0.07 s at 100 fps = 7 frames; hamming(7) = 0.54 - 0.46 cos(2 pi n / 6):
        // 0.08, 0.31, 0.77, 1.00, 0.77, 0.31, 0.08 (sum 3.32, not normalised).
        const double h[7] = {0.08, 0.31, 0.77, 1.0, 0.77, 0.31, 0.08};
        const auto one = spikes(40, {{20, 1.f}});
        const auto smoothed = smoothActivation(one, 7);
        QCOMPARE(smoothed.size(), one.size());
        for (int i = 0; i < 40; ++i) {
            const double want = (i >= 17 && i <= 23) ? h[i - 17] : 0.0;
            QVERIFY2(std::fabs(smoothed[size_t(i)] - want) < 1e-6, qPrintable(QString::number(i)));
        }
        // Two unit spikes 2 frames apart merge into one peak between them:
        // a[21] = 0.77 + 0.77 = 1.54, a[20] = a[22] = 1 + 0.31 = 1.31.
        PeakPickingParams p = plain(1.4);
        p.smooth = 0.07;
        p.preMax = p.postMax = 0.01;
        compareTimes(pickOnsets(spikes(60, {{20, 1.f}, {22, 1.f}}), 100.0, p), {0.21});
        // The threshold applies to the smoothed curve: 1.6 > 1.54 -> nothing.
        p.threshold = 1.6;
        QVERIFY(pickOnsets(spikes(60, {{20, 1.f}, {22, 1.f}}), 100.0, p).empty());
        // Unsmoothed the two spikes (1.0 < 1.4) would not pass either; smoothing
        // is what lifts them: threshold 1.4 without smoothing -> none.
        p.threshold = 1.4;
        p.smooth = 0.0;
        QVERIFY(pickOnsets(spikes(60, {{20, 1.f}, {22, 1.f}}), 100.0, p).empty());
    }

    void delayShiftsTimes()
    {
        PeakPickingParams p = plain(1.0);
        p.delay = 0.015;
        compareTimes(pickOnsets(spikes(30, {{10, 2.f}}), 100.0, p), {0.115});
    }

    void degenerateInput()
    {
        PeakPickingParams p = plain(0.5);
        QVERIFY(pickOnsets({}, 100.0, p).empty());
        QVERIFY(pickOnsets(spikes(10, {{5, 1.f}}), 0.0, p).empty());
        // A single frame above the threshold (zeros outside) is a peak.
        compareTimes(pickOnsets({1.f}, 100.0, p), {0.0});
        // NaN frames never become onsets and do not poison their neighbours.
        auto odf = spikes(30, {{10, 2.f}});
        odf[5] = std::numeric_limits<float>::quiet_NaN();
        compareTimes(pickOnsets(odf, 100.0, p), {0.10});
        // Smoothing longer than the activation: still one value per frame.
        QCOMPARE(smoothActivation({1.f, 2.f}, 7).size(), size_t(2));
    }
};

QTEST_GUILESS_MAIN(TestPeakPicking)
#include "tst_peak_picking.moc"
