// Bar-tracking DBN: parity with madmom's DBNDownBeatTracker on sample.wav's
// reference activation, meter selection on synthetic 3/4 and 4/4 patterns,
// and robustness on degenerate input.
#include "core/beats/dbn_downbeat_tracker.h"
#include "core/beats/observation_model.h"
#include "core/beats/tempo.h"
#include "core/model/safetensors.h"
#include "synthetic_activation.h"

#include <QtTest>

#include <cmath>

using namespace mirlo;
using namespace mirlo::test;

namespace {

// Beats every `interval` frames; every `meter`-th beat (starting with the
// `phase`-th) is a downbeat: strong downbeat column, weak beat column there.
Matrix barActivation(int frames, double interval, int meter, int phase, unsigned seed)
{
    const auto beats = regularPeaks(frames, interval, 20.0);
    const auto beatCol = peakActivation(frames, beats, 0.8f, seed);
    std::vector<int> downbeats;
    for (size_t i = 0; i < beats.size(); ++i)
        if (int(i) % meter == phase)
            downbeats.push_back(beats[i]);
    const auto downCol = peakActivation(frames, downbeats, 0.8f, seed + 1);
    Matrix m(frames, 2);
    for (int t = 0; t < frames; ++t) {
        float b = 0.5f * beatCol[size_t(t)], d = 0.5f * downCol[size_t(t)];
        if (d > 0.2f)
            b = 0.05f; // the network gives a downbeat instead of a beat there
        m.at(t, 0) = b;
        m.at(t, 1) = d;
    }
    return m;
}

} // namespace

class TstDownbeatTracker : public QObject {
    Q_OBJECT
    const QString kRef = QStringLiteral(MIRLO_SHARED_DATA "/../models/madmom/ref/sample_reference.safetensors");
    SafeTensors m_ref;

    void checkMeter(int meter, int phase)
    {
        const int frames = 4000;
        const Matrix act = barActivation(frames, 50.0, meter, phase, unsigned(meter * 10 + phase));
        const DownbeatTrackingResult r = DbnDownbeatTracker().track(act);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.beatsPerBar, meter);
        QCOMPARE(int(r.logProbabilities.size()), 2);
        QVERIFY(r.beats.size() > 60);
        const auto beats = regularPeaks(frames, 50.0, 20.0);
        for (const DownbeatEvent &e : r.beats) {
            // Which true beat is this, and is it a downbeat?
            int idx = -1;
            for (size_t i = 0; i < beats.size(); ++i)
                if (std::abs(beats[i] - e.frame) <= 1)
                    idx = int(i);
            QVERIFY2(idx >= 0, qPrintable(QStringLiteral("beat at frame %1 matches no click").arg(e.frame)));
            const int expected = ((idx - phase) % meter + meter) % meter + 1;
            QCOMPARE(e.beatNumber, expected);
        }
        QVERIFY(std::fabs(tempoFromBeats([&] {
                              std::vector<double> t;
                              for (const auto &e : r.beats)
                                  t.push_back(e.time);
                              return t;
                          }()) -
                          120.0) <= 1.0);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_ref.load(kRef, &error), qPrintable(error));
    }

    void stateSpacesFollowMadmom()
    {
        DbnDownbeatTracker tracker;
        QCOMPARE(tracker.numModels(), 2);
        for (int m = 0; m < 2; ++m) {
            const BeatStateSpace &ss = tracker.stateSpace(m);
            QCOMPARE(ss.numBeats, 3 + m);
            QCOMPARE(ss.numIntervals(), 60);
            QCOMPARE(ss.intervals.front(), 28);
            QCOMPARE(ss.intervals.back(), 109);
            int perBeat = 0;
            for (int L : ss.intervals)
                perBeat += L;
            QCOMPARE(ss.numStates, perBeat * ss.numBeats);
            // Downbeat states: only within the first beat's first 1/16.
            const auto &obs = tracker.observationPointers(m);
            for (int s = 0; s < ss.numStates; ++s) {
                const double pos = ss.statePositions[size_t(s)];
                const int expected = pos < 1.0 / 16 ? 2 : (pos - std::floor(pos) < 1.0 / 16 ? 1 : 0);
                QCOMPARE(int(obs[size_t(s)]), expected);
            }
            // Tempo changes only enter first states, from the previous beat's last states.
            const TransitionModel &tm = tracker.transitionModel(m);
            const auto &first0 = ss.firstStates[0];
            const int s = first0[10];
            for (int p = tm.pointers[size_t(s)]; p < tm.pointers[size_t(s) + 1]; ++p) {
                const int prev = tm.states[size_t(p)];
                QVERIFY(ss.statePositions[size_t(prev)] > ss.numBeats - 1); // in the last beat
            }
            double sum = 0; // probabilities out of one last state sum to 1
            const int last = ss.lastStates[size_t(ss.numBeats - 1)][5];
            for (int t = 0; t < ss.numStates; ++t)
                for (int p = tm.pointers[size_t(t)]; p < tm.pointers[size_t(t) + 1]; ++p)
                    if (tm.states[size_t(p)] == last)
                        sum += std::exp(tm.logProbabilities[size_t(p)]);
            QVERIFY(std::fabs(sum - 1.0) < 1e-12);
        }
    }

    void matchesReferenceDownbeats()
    {
        std::vector<float> values;
        QString error;
        QVERIFY2(m_ref.expectFloats("downbeats.activation", {281, 2}, values, &error), qPrintable(error));
        Matrix act(281, 2);
        act.values = values;
        const DownbeatTrackingResult r = DbnDownbeatTracker().track(act);
        QVERIFY2(r.ok(), qPrintable(r.error));
        const auto ref = m_ref.doubles("downbeats.beats"); // [8, 2] time, beat number
        QCOMPARE(int(r.beats.size()) * 2, int(ref.size()));
        for (size_t i = 0; i < r.beats.size(); ++i) {
            QVERIFY2(std::fabs(r.beats[i].time - ref[2 * i]) <= 1e-9,
                     qPrintable(QStringLiteral("beat %1: %2 vs %3").arg(i).arg(r.beats[i].time).arg(ref[2 * i])));
            QCOMPARE(r.beats[i].beatNumber, int(ref[2 * i + 1]));
        }
        QCOMPARE(r.beatsPerBar, 4);
    }

    void sequentialEqualsParallel()
    {
        const Matrix act = barActivation(1500, 45.0, 4, 1, 3);
        DbnDownbeatTrackerParams p;
        p.parallel = false;
        const DownbeatTrackingResult a = DbnDownbeatTracker(p).track(act);
        const DownbeatTrackingResult b = DbnDownbeatTracker().track(act);
        QCOMPARE(a.path, b.path);
        QCOMPARE(a.logProbabilities, b.logProbabilities);
    }

    void fastViterbiEqualsReferenceLoop()
    {
        DbnDownbeatTrackerParams p;
        p.numTempi = 12;
        p.minBpm = 80;
        p.maxBpm = 160;
        DbnDownbeatTracker tracker(p);
        std::mt19937 rng(5);
        std::uniform_real_distribution<float> u(0.0f, 0.5f);
        Matrix act(400, 2);
        for (float &v : act.values)
            v = u(rng) * u(rng) * 2.0f;
        const LogDensities d = downbeatLogDensities(act, 16);
        for (int m = 0; m < 2; ++m) {
            SparseViterbi fast(tracker.transitionModel(m), tracker.observationPointers(m));
            const ViterbiResult a = fast.decode(d);
            const ViterbiResult b = viterbiReference(tracker.transitionModel(m), tracker.observationPointers(m), d);
            QCOMPARE(a.path, b.path);
            QCOMPARE(a.logProbability, b.logProbability);
            // Two-column (beat model) densities cannot feed a bar model's downbeat states.
            std::vector<float> beatAct(400, 0.2f);
            const LogDensities wrong = beatLogDensities(beatAct.data(), 400, 16);
            QVERIFY(fast.decode(wrong).path.empty());
            QVERIFY(viterbiReference(tracker.transitionModel(m), tracker.observationPointers(m), wrong).path.empty());
        }
    }

    void picksThreeFour() { checkMeter(3, 0); }
    void picksFourFour() { checkMeter(4, 0); }
    void picksFourFourWithPickup() { checkMeter(4, 2); }

    void degenerateInput()
    {
        DbnDownbeatTracker tracker;
        for (int n : {0, 1, 3, 40}) {
            const DownbeatTrackingResult r = tracker.track(Matrix(n, 2, 0.0f));
            QVERIFY(r.ok());
            QVERIFY(r.beats.empty());
        }
        // Below the 0.05 threshold everywhere: nothing decoded.
        QVERIFY(tracker.track(Matrix(500, 2, 0.01f)).beats.empty());
        // Wrong shape and NaN: clear errors.
        const DownbeatTrackingResult wrong = tracker.track(Matrix(10, 3, 0.1f));
        QVERIFY(!wrong.ok());
        QVERIFY(wrong.error.contains(QStringLiteral("2 columns")));
        Matrix nan(50, 2, 0.1f);
        nan.at(7, 1) = std::nanf("");
        QVERIFY(tracker.track(nan).error.contains(QStringLiteral("frame 7")));
        DbnDownbeatTrackerParams p;
        p.beatsPerBar = {};
        QVERIFY(!DbnDownbeatTracker(p).track(Matrix(50, 2, 0.1f)).ok());
    }
};

QTEST_GUILESS_MAIN(TstDownbeatTracker)
#include "tst_downbeat_tracker.moc"
