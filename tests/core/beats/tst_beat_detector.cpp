// The beat pipeline end to end: ref/sample.wav -> beats_blstm -> DBN equals
// madmom's DBNBeatTracker beats, downbeats_blstm -> bar DBN equals
// DBNDownBeatTracker; a synthetic 120 BPM click track (real audio through
// features, networks and DBN) gives 120 +- 2 BPM; BPM range, cancel, errors.
#include "core/beats/beat_detector.h"
#include "core/features/madmom_signal.h"
#include "core/model/safetensors.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <random>

using namespace mirlo;

namespace {

// Decaying 1 kHz + 3 kHz clicks (20 ms) at `clicks` (seconds) on quiet white
// noise, as madmom's int16-valued 44.1 kHz signal.
std::vector<float> clicksAt(double seconds, const std::vector<double> &clicks)
{
    const int sr = kMadmomSampleRate;
    std::vector<float> s(size_t(seconds * sr));
    std::mt19937 rng(7);
    std::normal_distribution<float> noise(0.f, 30.f); // ~ -60 dBFS
    for (float &v : s)
        v = noise(rng);
    const double kPi = 3.14159265358979323846;
    for (double t : clicks) {
        const size_t start = size_t(std::lround(t * sr));
        for (int n = 0; n < sr / 50 && start + size_t(n) < s.size(); ++n) {
            const double env = std::exp(-double(n) / (0.004 * sr));
            s[start + size_t(n)] += float(
                12000.0 * env * (std::sin(2 * kPi * 1000.0 * n / sr) + 0.5 * std::sin(2 * kPi * 3000.0 * n / sr)));
        }
    }
    for (float &v : s)
        v = std::round(std::max(-32768.f, std::min(32767.f, v)));
    return s;
}

// Clicks every `period` seconds from `first` on.
std::vector<float> clickTrack(double seconds, double period, double first)
{
    std::vector<double> clicks;
    for (double t = first; t < seconds; t += period)
        clicks.push_back(t);
    return clicksAt(seconds, clicks);
}

} // namespace

class TstBeatDetector : public QObject {
    Q_OBJECT
    const QString kRefDir = QStringLiteral(MIRLO_SHARED_DATA "/../models/madmom/ref");
    SafeTensors m_ref;

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_ref.load(kRefDir + QStringLiteral("/sample_reference.safetensors"), &error), qPrintable(error));
    }

    void defaultsAreMadmoms()
    {
        const BeatDetectorParams p;
        QCOMPARE(p.dbn.minBpm, 55.0);
        QCOMPARE(p.dbn.maxBpm, 215.0);
        QCOMPARE(p.dbn.transitionLambda, 100.0);
        QCOMPARE(p.dbn.observationLambda, 16);
        QCOMPARE(p.dbn.numTempi, 0);
        QCOMPARE(p.downbeat.beatsPerBar, (std::vector<int>{3, 4}));
        QCOMPARE(p.downbeat.numTempi, 60);
        QCOMPARE(p.downbeat.threshold, 0.05);
    }

    void sampleBeatsMatchMadmom()
    {
        BeatDetectorParams p;
        p.downbeats = true;
        double last = -1;
        bool monotone = true;
        const BeatDetectionResult r = detectBeatsInFile(kRefDir + QStringLiteral("/sample.wav"), p, [&](double f) {
            monotone = monotone && f >= last && f <= 1.0;
            last = f;
            return true;
        });
        QVERIFY2(r.ok(), qPrintable(r.error));
        QVERIFY(monotone);
        QCOMPARE(last, 1.0);

        const std::vector<float> refAct = m_ref.floats("beats.activation");
        QCOMPARE(r.beatActivation.size(), refAct.size());
        double maxDiff = 0;
        for (size_t i = 0; i < refAct.size(); ++i)
            maxDiff = std::max(maxDiff, double(std::abs(r.beatActivation[i] - refAct[i])));
        QVERIFY2(maxDiff <= 1e-5, qPrintable(QStringLiteral("beat activation max |diff| %1").arg(maxDiff)));

        const std::vector<double> beats = m_ref.doubles("beats.beat_times");
        QCOMPARE(r.beats.size(), beats.size());
        for (size_t i = 0; i < beats.size(); ++i)
            QCOMPARE(r.beats[i], beats[i]);

        const std::vector<double> down = m_ref.doubles("downbeats.beats"); // [8, 2]: time, beat number
        QCOMPARE(r.downbeats.size() * 2, down.size());
        for (size_t i = 0; i < r.downbeats.size(); ++i) {
            QCOMPARE(r.downbeats[i].time, down[2 * i]);
            QCOMPARE(double(r.downbeats[i].beatNumber), down[2 * i + 1]);
        }
        QCOMPARE(r.beatsPerBar, 4);
        QCOMPARE(r.downbeatActivation.cols, 2);
        // Tempo from the same beats: 60 / median IBI, consistent with the curve.
        QVERIFY(r.medianIbiTempo > 0);
        QCOMPARE(int(r.tempoCurve.size()), int(r.beats.size()) - 1);
        QVERIFY(r.tempo.valid());
    }

    void clickTrackTempo()
    {
        // 30 s of clicks every 0.5 s: 120 BPM.
        const std::vector<float> signal = clickTrack(30.0, 0.5, 0.25);
        const BeatDetectionResult r = detectBeats(signal);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QVERIFY2(std::abs(r.medianIbiTempo - 120.0) <= 2.0,
                 qPrintable(QStringLiteral("median-IBI tempo %1").arg(r.medianIbiTempo)));
        QVERIFY2(std::abs(r.tempo.tempo1 - 120.0) <= 2.0,
                 qPrintable(QStringLiteral("comb tempo %1").arg(r.tempo.tempo1)));
        QVERIFY(r.beats.size() >= 50);
        // Every beat sits on a click (within 30 ms).
        for (double b : r.beats) {
            const double phase = std::fmod(b - 0.25 + 100.0, 0.5);
            QVERIFY2(std::min(phase, 0.5 - phase) <= 0.03, qPrintable(QStringLiteral("beat at %1").arg(b)));
        }
        for (const TempoPoint &pt : r.tempoCurve)
            QVERIFY(std::abs(pt.bpm - 120.0) <= 3.0);
    }

    void tempoCurveFollowsATempoStep()
    {
        // 100 BPM for 15 s, then 140 BPM for 15 s.
        std::vector<double> clicks;
        double t = 0.3;
        for (; t < 15.0; t += 0.6)
            clicks.push_back(t);
        for (; t < 30.0; t += 60.0 / 140.0)
            clicks.push_back(t);
        const BeatDetectionResult r = detectBeats(clicksAt(30.0, clicks));
        QVERIFY2(r.ok(), qPrintable(r.error));
        int early = 0, late = 0;
        for (const TempoPoint &p : r.tempoCurve) {
            if (p.time > 3.0 && p.time < 12.0) {
                ++early;
                QVERIFY2(std::abs(p.bpm - 100.0) <= 3.0, qPrintable(QStringLiteral("%1 s: %2").arg(p.time).arg(p.bpm)));
            } else if (p.time > 18.0 && p.time < 28.0) {
                ++late;
                QVERIFY2(std::abs(p.bpm - 140.0) <= 3.0, qPrintable(QStringLiteral("%1 s: %2").arg(p.time).arg(p.bpm)));
            }
        }
        QVERIFY(early >= 10 && late >= 15);
    }

    void bpmRangeIsHonoured()
    {
        // With max 90 BPM the 120 BPM clicks must be tracked at another metrical level.
        BeatDetectorParams p;
        p.setBpmRange(55, 90);
        p.tempo = false;
        const BeatDetectionResult r = detectBeats(clickTrack(20.0, 0.5, 0.25), p);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QVERIFY2(r.medianIbiTempo <= 91.0, qPrintable(QString::number(r.medianIbiTempo)));
        BeatDetectorParams bad;
        bad.setBpmRange(200, 100);
        const BeatDetectionResult e = detectBeats(clickTrack(5.0, 0.5, 0.25), bad);
        QVERIFY(!e.ok());
        QVERIFY(!e.cancelled);
    }

    void cancelAndErrors()
    {
        int calls = 0;
        BeatDetectorParams p;
        p.downbeats = true;
        const BeatDetectionResult c = detectBeats(clickTrack(10.0, 0.5, 0.25), p, [&](double) { return ++calls < 3; });
        QVERIFY(c.cancelled);
        QVERIFY(c.beats.empty());
        // Digital silence: no beats and no tempo (shared/data README), not madmom's arbitrary path.
        BeatDetectorParams both;
        both.downbeats = true;
        const BeatDetectionResult s = detectBeats(std::vector<float>(5 * kMadmomSampleRate, 0.f), both);
        QVERIFY(s.ok());
        QVERIFY(s.beats.empty());
        QVERIFY(s.downbeats.empty());
        QVERIFY(!s.tempo.valid());
        const BeatDetectionResult e = detectBeats({});
        QVERIFY(e.ok());
        QVERIFY(e.beats.empty());
        QTemporaryDir dir;
        const BeatDetectionResult m = detectBeatsInFile(dir.filePath(QStringLiteral("missing.ogg")));
        QVERIFY(!m.ok());
        QVERIFY2(m.error.contains(QStringLiteral("missing.ogg")), qPrintable(m.error));
    }
};

QTEST_GUILESS_MAIN(TstBeatDetector)
#include "tst_beat_detector.moc"
