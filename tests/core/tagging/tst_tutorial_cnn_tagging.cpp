// Track-level tagging with a tutorial CNN folder: a tiny network written
// without torch (tutorial_cnn_fixture.h) whose outputs are sigmoids of the mel
// patch mean, on synthetic WAVs of known length. Checks the patch protocol
// (count, starts, half-patch rule), every chunk against the network's predict
// on melPatch of the same samples computed here and against the closed form,
// the track mean, short-file padding, cancel, bad input, and the cache (the
// key holds the model kind and folder).
#include "core/analysis/analysis_cache.h"
#include "core/features/mel_patch.h"
#include "core/model/tutorial_cnn_inference.h"
#include "core/tagging/cached_tagging.h"
#include "core/tagging/tutorial_cnn_tagging.h"

#include <QTemporaryDir>
#include <QtTest>

#include "../audio/test_audio_util.h"
#include "tutorial_cnn_fixture.h"

#include <cmath>

using namespace mirlo;
using namespace mirlo::test;
using mirlo_test::sharedData;
using mirlo_test::writeWav16;

namespace {

constexpr int kRate = 16000;
constexpr int64_t kPatch = 16 * 256; // tinyMelConfig: patchFrames * hopSamples

// A different tone (and level) in every patch, plus a little noise, so chunks differ.
std::vector<float> synth(int64_t n)
{
    std::vector<float> x(static_cast<size_t>(n));
    uint32_t seed = 7;
    for (int64_t i = 0; i < n; ++i) {
        const int64_t k = i / kPatch;
        seed = seed * 1664525u + 1013904223u;
        const double noise = (double(seed >> 8) / double(1u << 24) - 0.5) * 0.02;
        x[size_t(i)] = float((0.2 + 0.07 * double(k % 9)) * std::sin(2.0 * M_PI * (200.0 + 450.0 * double(k % 13)) *
                                                                        double(i) / kRate) +
                             noise);
    }
    return x;
}

// What the WAV holds (16-bit); the decoder's scale cancels in the patch's peak normalisation.
std::vector<float> quantised(const std::vector<float> &x)
{
    std::vector<float> q(x.size());
    for (size_t i = 0; i < x.size(); ++i)
        q[i] = float(std::lround(std::clamp(x[i], -1.0f, 1.0f) * 32767.0f)) / 32767.0f;
    return q;
}

} // namespace

class TestTutorialCnnTagging : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_model;
    std::unique_ptr<TutorialCnnInference> m_net;

    QString wav(const QString &name, const std::vector<float> &x)
    {
        const QString path = m_tmp.filePath(name);
        return writeWav16(path, x, 1, kRate) ? path : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_model = m_tmp.filePath(QStringLiteral("tiny"));
        QVERIFY(writeTinyTutorialCnn(m_model, {QStringLiteral("bright"), QStringLiteral("dark")}));
        QString error;
        m_net = TutorialCnnInference::load(m_model, &error);
        QVERIFY2(m_net, qPrintable(error));
    }

    void patchStarts()
    {
        const auto count = [](int64_t n) { return int(tutorialPatchStarts(n, 100).size()); };
        QCOMPARE(count(1000), 10);
        QCOMPARE(count(1049), 10); // a 49-sample tail is less than half a patch
        QCOMPARE(count(1050), 11); // half a patch counts
        QCOMPARE(count(30), 1);    // short: one padded patch
        QCOMPARE(count(0), 1);
        const std::vector<int64_t> s = tutorialPatchStarts(1070, 100);
        QCOMPARE(int(s.size()), 11);
        for (size_t k = 0; k < s.size(); ++k)
            QCOMPARE(s[k], int64_t(k) * 100);
    }

    void perChunkValuesAndMean()
    {
        // 10.6 patches: 11 chunks, the last one partial.
        const int64_t n = 10 * kPatch + kPatch * 6 / 10;
        const std::vector<float> x = synth(n);
        const QString path = wav(QStringLiteral("tones.wav"), x);
        QVERIFY(!path.isEmpty());
        const TrackTags t = tagFileWithTutorialCnn(*m_net, path);
        QVERIFY2(t.ok, qPrintable(t.error));
        QCOMPARE(t.tags, QStringList({QStringLiteral("bright"), QStringLiteral("dark")}));
        QCOMPARE(int(t.chunks.size()), 11);
        QCOMPARE(int(t.chunkStarts.size()), 11);
        QVERIFY(std::abs(t.durationSec - double(n) / kRate) < 1e-9);
        QVERIFY(t.warnings.isEmpty());

        const std::vector<float> q = quantised(x);
        const MelPatchFeatureConfig f = tinyMelConfig();
        double sum0 = 0, sum1 = 0, lo = 1, hi = 0;
        for (int k = 0; k < 11; ++k) {
            QCOMPARE(t.chunkStarts[size_t(k)], int64_t(k) * kPatch);
            const int64_t start = int64_t(k) * kPatch;
            std::vector<float> patch;
            // Peak-normalised over the rest of the file, as training does (TUTORIAL.md 1.6 for patch 0).
            QVERIFY(melPatch(q.data() + start, n - start, f, &patch));
            const std::vector<float> p = m_net->predict(patch);
            QCOMPARE(int(p.size()), 2);
            QCOMPARE(int(t.chunks[size_t(k)].size()), 2);
            for (int o = 0; o < 2; ++o) {
                QVERIFY2(std::abs(t.chunks[size_t(k)][size_t(o)] - p[size_t(o)]) < 2e-5,
                         qPrintable(QStringLiteral("chunk %1 output %2: %3 vs %4")
                                        .arg(k)
                                        .arg(o)
                                        .arg(t.chunks[size_t(k)][size_t(o)])
                                        .arg(p[size_t(o)])));
                // The closed form of the tiny network.
                QVERIFY(std::abs(t.chunks[size_t(k)][size_t(o)] - tinyByHand(patch, o)) < 2e-5);
            }
            sum0 += tinyByHand(patch, 0);
            sum1 += tinyByHand(patch, 1);
            lo = std::min(lo, double(t.chunks[size_t(k)][0]));
            hi = std::max(hi, double(t.chunks[size_t(k)][0]));
        }
        QVERIFY2(hi - lo > 0.01, "the chunks should differ"); // otherwise the per-chunk check proves little
        QVERIFY(std::abs(t.track[0] - sum0 / 11.0) < 2e-5);
        QVERIFY(std::abs(t.track[1] - sum1 / 11.0) < 2e-5);

        // 10.4 patches: the tail is dropped.
        const QString shorter = wav(QStringLiteral("tones104.wav"), synth(10 * kPatch + kPatch * 4 / 10));
        const TrackTags t2 = tagFileWithTutorialCnn(*m_net, shorter);
        QVERIFY2(t2.ok, qPrintable(t2.error));
        QCOMPARE(int(t2.chunks.size()), 10);
    }

    void shortFileIsPadded()
    {
        const int64_t n = kPatch * 3 / 10;
        const std::vector<float> x = synth(n);
        const TrackTags t = tagFileWithTutorialCnn(*m_net, wav(QStringLiteral("short.wav"), x));
        QVERIFY2(t.ok, qPrintable(t.error));
        QCOMPARE(int(t.chunks.size()), 1);
        QCOMPARE(t.chunkStarts.front(), int64_t(0));
        QVERIFY(t.warnings.join(QLatin1Char(' ')).contains(QStringLiteral("zero-padded")));
        // The padded patch by hand: the samples followed by zeros up to the frames the patch needs.
        std::vector<float> padded = quantised(x);
        padded.resize(size_t(15 * 256), 0.0f);
        std::vector<float> patch;
        QVERIFY(melPatch(padded.data(), int64_t(padded.size()), tinyMelConfig(), &patch));
        QVERIFY(std::abs(t.track[0] - tinyByHand(patch, 0)) < 2e-5);
        QCOMPARE(t.track[0], t.chunks[0][0]);
    }

    void samplesEntryPoint()
    {
        // Already at the model rate: no decoding, same protocol.
        const std::vector<float> x = synth(3 * kPatch);
        const TrackTags t = tagSamplesWithTutorialCnn(*m_net, x);
        QVERIFY2(t.ok, qPrintable(t.error));
        QCOMPARE(int(t.chunks.size()), 3);
        std::vector<float> patch;
        QVERIFY(melPatch(x.data() + kPatch, 2 * kPatch, tinyMelConfig(), &patch));
        QVERIFY(std::abs(t.chunks[1][0] - tinyByHand(patch, 0)) < 2e-5);
        QVERIFY(!tagSamplesWithTutorialCnn(*m_net, {}).ok);
    }

    void cancel()
    {
        const QString path = wav(QStringLiteral("long.wav"), synth(40 * kPatch));
        int calls = 0;
        const TrackTags t = tagFileWithTutorialCnn(*m_net, path, [&](double f) {
            ++calls;
            return f < 0.5; // stop during the network part (after 0.3 of decoding)
        });
        QVERIFY(!t.ok);
        QVERIFY(t.cancelled);
        QVERIFY(t.chunks.empty());
        QVERIFY(calls > 0);
        // Cancel during decoding.
        const TrackTags d = tagFileWithTutorialCnn(*m_net, path, [](double) { return false; });
        QVERIFY(!d.ok);
        QVERIFY(d.cancelled);
    }

    void badInput()
    {
        const QString bad = sharedData(QStringLiteral("formats/bad/not_audio.wav"));
        const TrackTags t = tagFileWithTutorialCnn(*m_net, bad);
        QVERIFY(!t.ok);
        QVERIFY(!t.cancelled);
        QVERIFY2(t.error.contains(QStringLiteral("not_audio.wav")), qPrintable(t.error));
    }

    void cachedPerKindAndFolder()
    {
        QString error;
        const auto model = sharedClassifier(m_model, &error);
        QVERIFY2(model, qPrintable(error));
        QCOMPARE(model->kind, ClassifierKind::TutorialCnn);
        QCOMPARE(model->chunkSamples(), int(kPatch));
        QCOMPARE(model->sampleRate(), kRate);
        QCOMPARE(model->labels(), QStringList({QStringLiteral("bright"), QStringLiteral("dark")}));
        QCOMPARE(sharedClassifier(m_model, &error)->tutorialCnn, model->tutorialCnn); // loaded once

        const QString path = wav(QStringLiteral("cached.wav"), synth(4 * kPatch));
        AnalysisCache cache;
        const auto cancelled = cachedTrackTags(path, model, [](double) { return false; }, &cache);
        QVERIFY(cancelled && cancelled->cancelled);
        const auto first = cachedTrackTags(path, model, {}, &cache);
        QVERIFY(first && first->ok);
        QCOMPARE(cachedTrackTags(path, model, {}, &cache), first); // a hit
        QCOMPARE(first->track, tagFileWithTutorialCnn(*m_net, path).track);

        // Another folder with the same files is another model: no shared entry.
        const QString copy = m_tmp.filePath(QStringLiteral("tiny_copy"));
        QVERIFY(writeTinyTutorialCnn(copy, {QStringLiteral("bright"), QStringLiteral("dark")}));
        const auto other = cachedTrackTags(path, sharedClassifier(copy, &error), {}, &cache);
        QVERIFY(other && other->ok);
        QVERIFY(other != first);
        QCOMPARE(other->track, first->track);

        // Retrained into the same folder (other files on disk): loaded again, not served from the caches.
        const auto before = sharedClassifier(copy, &error);
        QVERIFY(writeTinyTutorialCnn(copy, {QStringLiteral("bright")}));
        const auto retrained = sharedClassifier(copy, &error);
        QVERIFY2(retrained, qPrintable(error));
        QVERIFY(retrained->tutorialCnn != before->tutorialCnn);
        QVERIFY(retrained->version != before->version);
        QCOMPARE(retrained->labels(), QStringList({QStringLiteral("bright")}));
        const auto fresh = cachedTrackTags(path, retrained, {}, &cache);
        QVERIFY(fresh && fresh->ok);
        QCOMPARE(fresh->tags, QStringList({QStringLiteral("bright")}));
        QCOMPARE(fresh->track[0], first->track[0]); // output 0 is the same function of the patch

        // A built-in MTAT tagger through the same entry point.
        const auto fcn = sharedClassifier(QStringLiteral("fcn"), &error);
        QVERIFY2(fcn, qPrintable(error));
        QCOMPARE(fcn->kind, ClassifierKind::MtatTagger);
        QCOMPARE(fcn->labels().size(), 50);
        QCOMPARE(fcn->folder, QStringLiteral(":/models/tagging/fcn_mtat"));
        QVERIFY(fcn->version.isEmpty());
        QCOMPARE(fcn->tagger, sharedTaggerModel(QStringLiteral("fcn_mtat"), &error)); // one loaded copy

        QVERIFY(!sharedClassifier(m_tmp.filePath(QStringLiteral("nothing_here")), &error));
        QVERIFY2(error.contains(QStringLiteral("nothing_here")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestTutorialCnnTagging)
#include "tst_tutorial_cnn_tagging.moc"
