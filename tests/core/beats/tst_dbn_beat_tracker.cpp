// DBN beat tracker: parity with madmom's reference (state space, CSR
// transitions, observation densities, Viterbi path and beat times for
// sample.wav) and behaviour on synthetic click activations.
#include "core/beats/dbn_beat_tracker.h"
#include "core/beats/tempo.h"
#include "core/model/safetensors.h"
#include "synthetic_activation.h"

#include <QtTest>

#include <cmath>

using namespace mirlo;
using namespace mirlo::test;

class TstDbnBeatTracker : public QObject {
    Q_OBJECT
    const QString kRef = QStringLiteral(MIRLO_SHARED_DATA "/../models/madmom/ref/sample_reference.safetensors");
    SafeTensors m_ref;

    // Every detected beat lies within `tol` frames of a true peak, and every
    // true peak between `from` and `to` has a detection within `tol`.
    static void checkBeats(const std::vector<int> &detected, const std::vector<int> &truth, int tol, int from, int to)
    {
        for (int d : detected) {
            int best = 1 << 30;
            for (int p : truth)
                best = std::min(best, std::abs(p - d));
            QVERIFY2(best <= tol, qPrintable(QStringLiteral("beat at frame %1 is %2 frames off").arg(d).arg(best)));
        }
        for (int p : truth) {
            if (p < from || p > to)
                continue;
            int best = 1 << 30;
            for (int d : detected)
                best = std::min(best, std::abs(p - d));
            QVERIFY2(best <= tol, qPrintable(QStringLiteral("peak at frame %1 missed").arg(p)));
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_ref.load(kRef, &error), qPrintable(error));
    }

    void stateSpaceMatchesReference()
    {
        DbnBeatTracker tracker;
        const BeatStateSpace &ss = tracker.stateSpace();
        const auto intervals = m_ref.ints("beats.state_space.intervals");
        QCOMPARE(ss.intervals, std::vector<int>(intervals.begin(), intervals.end()));
        QCOMPARE(ss.numStates, 5617);
        const auto pos = m_ref.doubles("beats.state_space.state_positions");
        const auto siv = m_ref.ints("beats.state_space.state_intervals");
        QCOMPARE(int(pos.size()), ss.numStates);
        for (int s = 0; s < ss.numStates; ++s) {
            QCOMPARE(ss.statePositions[size_t(s)], pos[size_t(s)]); // exact
            QCOMPARE(ss.stateIntervals[size_t(s)], siv[size_t(s)]);
        }
        const auto obs = m_ref.ints("beats.observation_pointers");
        for (int s = 0; s < ss.numStates; ++s)
            QCOMPARE(int(tracker.observationPointers()[size_t(s)]), obs[size_t(s)]);
    }

    void transitionModelMatchesReference()
    {
        DbnBeatTracker tracker;
        const TransitionModel &tm = tracker.transitionModel();
        QCOMPARE(tm.states, m_ref.ints("beats.transition.states"));
        QCOMPARE(tm.pointers, m_ref.ints("beats.transition.pointers"));
        QCOMPARE(tm.numTransitions(), 8934);
        const auto lp = m_ref.doubles("beats.transition.log_probabilities");
        QCOMPARE(lp.size(), tm.logProbabilities.size());
        double maxDiff = 0.0;
        for (size_t i = 0; i < lp.size(); ++i)
            maxDiff = std::max(maxDiff, std::fabs(lp[i] - tm.logProbabilities[i]));
        QVERIFY2(maxDiff <= 1e-12, qPrintable(QString::number(maxDiff)));
    }

    void observationDensitiesMatchReference()
    {
        const auto act = m_ref.floats("beats.activation");
        const auto ref = m_ref.doubles("beats.observation_log_densities");
        const LogDensities d = beatLogDensities(act.data(), int(act.size()), 16);
        QCOMPARE(d.values.size(), ref.size());
        double maxDiff = 0.0;
        for (size_t i = 0; i < ref.size(); ++i)
            maxDiff = std::max(maxDiff, std::fabs(ref[i] - d.values[i]));
        // Same float32 arithmetic and numpy's float32 log algorithm: bit-identical.
        QVERIFY2(maxDiff == 0.0, qPrintable(QString::number(maxDiff)));
    }

    void viterbiPathAndBeatsMatchReference()
    {
        const auto act = m_ref.floats("beats.activation");
        DbnBeatTracker tracker;
        const BeatTrackingResult r = tracker.track(act);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.path, m_ref.ints("beats.viterbi_path"));
        const double refLp = m_ref.doubles("beats.viterbi_log_prob").at(0);
        qInfo("log probability %.17g, reference %.17g", r.logProbability, refLp);
        QVERIFY2(std::fabs(r.logProbability - refLp) <= 1e-9 * std::fabs(refLp),
                 qPrintable(QStringLiteral("%1 vs %2").arg(r.logProbability, 0, 'g', 17).arg(refLp, 0, 'g', 17)));
        const auto beats = m_ref.doubles("beats.beat_times");
        QCOMPARE(r.beatTimes.size(), beats.size());
        for (size_t i = 0; i < beats.size(); ++i)
            QVERIFY(std::fabs(r.beatTimes[i] - beats[i]) <= 1e-9);
    }

    void fastViterbiEqualsReferenceLoop()
    {
        // Random activations through a smaller model (fast enough for the naive decoder)
        // and the full default model on a short excerpt.
        // Variant 3 has rows of ~280 predecessors (16-bit back-pointers).
        for (int variant = 0; variant < 4; ++variant) {
            DbnBeatTrackerParams p;
            int frames = 600;
            if (variant == 1) {
                p.minBpm = 90;
                p.maxBpm = 180;
                p.numTempi = 20;
            } else if (variant == 2) {
                p.transitionLambda = 5;
            } else if (variant == 3) {
                p.minBpm = 20;
                p.maxBpm = 300;
                p.transitionLambda = 1;
                frames = 150;
            }
            DbnBeatTracker tracker(p);
            std::mt19937 rng(42 + unsigned(variant));
            std::uniform_real_distribution<float> u(0.0f, 1.0f);
            std::vector<float> act(static_cast<size_t>(frames));
            for (float &v : act)
                v = u(rng) * u(rng) * u(rng);
            const LogDensities d = beatLogDensities(act.data(), int(act.size()), 16);
            SparseViterbi fast(tracker.transitionModel(), tracker.observationPointers());
            const ViterbiResult a = fast.decode(d);
            const ViterbiResult b = viterbiReference(tracker.transitionModel(), tracker.observationPointers(), d);
            QCOMPARE(a.path, b.path);
            QCOMPARE(a.logProbability, b.logProbability);
            QCOMPARE(int(a.path.size()), frames);
            if (variant == 3) {
                int longest = 0;
                const auto &ptr = tracker.transitionModel().pointers;
                for (size_t i = 0; i + 1 < ptr.size(); ++i)
                    longest = std::max(longest, ptr[i + 1] - ptr[i]);
                QVERIFY(longest > 256);
            }
        }
    }

    void tracksSteadyClicks()
    {
        const int frames = 3000;
        const auto truth = regularPeaks(frames, 50.0, 17.0); // 120 BPM
        const auto act = peakActivation(frames, truth);
        DbnBeatTracker tracker;
        const BeatTrackingResult r = tracker.track(act);
        QVERIFY2(r.ok(), qPrintable(r.error));
        checkBeats(r.beatFrames, truth, 1, 0, frames);
        QVERIFY(std::fabs(tempoFromBeats(r.beatTimes) - 120.0) <= 1.0);
    }

    void followsTempoStep()
    {
        // 100 BPM (60 frames) for 30 s, then 140 BPM (42.86 frames) for 30 s.
        const int half = 3000, frames = 6000;
        std::vector<int> truth = regularPeaks(half, 60.0, 20.0);
        for (double t = truth.back() + 6000.0 / 140.0; t < frames; t += 6000.0 / 140.0)
            truth.push_back(int(t + 0.5));
        const auto act = peakActivation(frames, truth, 0.9f, 7);
        DbnBeatTracker tracker;
        const BeatTrackingResult r = tracker.track(act);
        QVERIFY2(r.ok(), qPrintable(r.error));
        // The DBN needs a beat or two to change tempo; check away from the step.
        std::vector<int> before, after;
        for (int f : r.beatFrames)
            (f < half - 100 ? before : f > half + 300 ? after : before).push_back(f);
        checkBeats(r.beatFrames, truth, 2, 0, frames);
        std::vector<double> tb, ta;
        for (int f : r.beatFrames) {
            if (f < half - 100)
                tb.push_back(f / 100.0);
            else if (f > half + 300)
                ta.push_back(f / 100.0);
        }
        QVERIFY(std::fabs(tempoFromBeats(tb) - 100.0) <= 1.0);
        QVERIFY(std::fabs(tempoFromBeats(ta) - 140.0) <= 1.5);
    }

    void tooFastClicksAreTrackedAtHalfTempo()
    {
        // 240 BPM is above max_bpm 215: every other click becomes a beat (120 BPM).
        const int frames = 3000;
        const auto truth = regularPeaks(frames, 25.0, 10.0);
        const auto act = peakActivation(frames, truth);
        DbnBeatTracker tracker;
        QCOMPARE(tracker.stateSpace().intervals.front(), 28);
        const BeatTrackingResult r = tracker.track(act);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QVERIFY(r.beatFrames.size() > 50);
        QVERIFY(std::fabs(tempoFromBeats(r.beatTimes) - 120.0) <= 1.0);
        checkBeats(r.beatFrames, truth, 1, 0, -1);

        // With the range opened up to 250 BPM the same clicks are tracked at 240 BPM.
        DbnBeatTrackerParams p;
        p.maxBpm = 250;
        const BeatTrackingResult fast = DbnBeatTracker(p).track(act);
        QVERIFY(std::fabs(tempoFromBeats(fast.beatTimes) - 240.0) <= 2.0);
    }

    void minBpmIsRespected()
    {
        DbnBeatTrackerParams p;
        p.minBpm = 100;
        p.maxBpm = 200;
        DbnBeatTracker tracker(p);
        QCOMPARE(tracker.stateSpace().intervals.front(), 30);
        QCOMPARE(tracker.stateSpace().intervals.back(), 60);
        // 75 BPM clicks (80 frames) cannot be tracked below 100 BPM: doubled to 150 BPM.
        const int frames = 4000;
        const auto act = peakActivation(frames, regularPeaks(frames, 80.0, 30.0));
        const BeatTrackingResult r = tracker.track(act);
        QVERIFY2(r.ok(), qPrintable(r.error));
        const double bpm = tempoFromBeats(r.beatTimes);
        QVERIFY2(bpm >= 100.0 - 1.0 && bpm <= 200.0 + 1.0, qPrintable(QString::number(bpm)));
    }

    void logSpacedTempi()
    {
        DbnBeatTrackerParams p;
        p.numTempi = 60;
        DbnBeatTracker tracker(p);
        const auto &iv = tracker.stateSpace().intervals;
        QCOMPARE(int(iv.size()), 60);
        QCOMPARE(iv.front(), 28);
        QCOMPARE(iv.back(), 109);
        for (size_t i = 1; i < iv.size(); ++i)
            QVERIFY(iv[i] > iv[i - 1]);
        // Computed with numpy (madmom's BeatStateSpace recipe: logspace, round, unique, retry).
        const std::vector<int> numpy60{28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38,  39,  40,  41,  42,
                                       43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53,  54,  55,  56,  58,
                                       59, 60, 61, 63, 64, 65, 67, 68, 70, 71, 73,  74,  76,  78,  79,
                                       81, 83, 84, 86, 88, 90, 92, 94, 96, 98, 100, 102, 105, 107, 109};
        QCOMPARE(iv, numpy60);
        const std::vector<int> numpy30{33, 35, 36, 37, 39, 40, 42, 43, 45, 47, 49, 51, 53, 55, 57,
                                       59, 61, 63, 66, 68, 71, 74, 77, 80, 83, 86, 89, 93, 96, 100};
        QCOMPARE(beatIntervals(6000.0 / 180, 6000.0 / 60, 30), numpy30);
    }

    void uncorrectedBeatsFollowThePath()
    {
        DbnBeatTrackerParams p;
        p.correct = false;
        const int frames = 3000;
        const auto truth = regularPeaks(frames, 50.0, 17.0);
        const DbnBeatTracker tracker(p);
        const BeatTrackingResult r = tracker.track(peakActivation(frames, truth));
        QVERIFY(r.ok());
        // Without correction a beat is where the path passes the start of a beat.
        for (int f : r.beatFrames)
            QVERIFY(tracker.stateSpace().statePositions[size_t(r.path[size_t(f)])] < 1.0 / 16);
        checkBeats(r.beatFrames, truth, 2, 60, frames - 60);
    }

    void emptyZeroAndShortInputs()
    {
        DbnBeatTracker tracker;
        for (int n : {0, 1, 2, 5, 30}) {
            const BeatTrackingResult r = tracker.track(std::vector<float>(size_t(n), 0.0f));
            QVERIFY(r.ok());
            QVERIFY(r.beatTimes.empty());
        }
        // A few frames of real activation: no crash, any beats inside the range.
        const BeatTrackingResult r = tracker.track({0.1f, 0.9f, 0.2f});
        QVERIFY(r.ok());
        for (double t : r.beatTimes)
            QVERIFY(t >= 0.0 && t < 0.03);
        // Saturated activation (log(0) densities) must not produce NaN or crash.
        const BeatTrackingResult sat = tracker.track(std::vector<float>(500, 1.0f));
        QVERIFY(sat.ok());
        QVERIFY(!std::isnan(sat.logProbability));
    }

    void thresholdCropsSegment()
    {
        DbnBeatTrackerParams p;
        p.threshold = 0.5;
        const int frames = 2000;
        auto truth = regularPeaks(frames, 50.0, 500.0);
        truth.resize(20); // clicks between frames 500 and 1450 only
        const auto act = peakActivation(frames, truth);
        const BeatTrackingResult r = DbnBeatTracker(p).track(act);
        QVERIFY(r.ok());
        QCOMPARE(r.firstFrame, 500);
        QCOMPARE(int(r.path.size()), truth.back() - truth.front() + 1);
        checkBeats(r.beatFrames, truth, 1, 0, frames);
    }

    void badInputGivesError()
    {
        std::vector<float> act(100, 0.1f);
        act[40] = std::nanf("");
        const BeatTrackingResult r = DbnBeatTracker().track(act);
        QVERIFY(!r.ok());
        QVERIFY(r.error.contains(QStringLiteral("frame 40")));
        DbnBeatTrackerParams p;
        p.minBpm = 0;
        QVERIFY(!DbnBeatTracker(p).track(std::vector<float>(100, 0.1f)).ok());
        p = {};
        p.fps = -1;
        QVERIFY(!DbnBeatTracker(p).track(std::vector<float>(100, 0.1f)).ok());
    }
};

QTEST_GUILESS_MAIN(TstDbnBeatTracker)
#include "tst_dbn_beat_tracker.moc"
