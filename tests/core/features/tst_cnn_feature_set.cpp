// extractCnnFeatures on the shared clips: every patch equals melPatch of the
// file decoded here (mono, 16 kHz) from k * 80 * 1024 samples on, divided by the
// peak of the whole signal from there on (TUTORIAL.md 1.6: the whole clip's peak
// for the first excerpt), patches per
// file as the file length allows, labels / groups per patch in item order; a
// second run is served from the FeatureCache (all hits, identical bytes);
// cancel; an undecodable file fails the set naming the file, or is skipped
// with a warning under skipBadFiles; a file with decode warnings is not cached.
#include "core/audio/decoder.h"
#include "core/features/cnn_feature_set.h"
#include "core/features/feature_cache.h"
#include "core/features/mel_patch.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>

using namespace mirlo;

namespace {

const QString kData = QStringLiteral(MIRLO_SHARED_DATA);

Dataset sharedClips()
{
    Dataset d;
    d.source = QStringLiteral("test clips");
    d.classes = QStringList{QStringLiteral("instrumental"), QStringLiteral("vocal")};
    d.items.push_back({kData + QStringLiteral("/instrumental/inst_synth01_pop_92bpm.ogg"), {0}});
    d.items.push_back({kData + QStringLiteral("/vocal/vocal_synth02_ballad_76bpm.ogg"), {1}});
    d.items.push_back({kData + QStringLiteral("/formats/clip_16k_s16_mono.wav"), {1}}); // ~10 s: one patch
    d.items.push_back({kData + QStringLiteral("/instrumental/inst_sectoid_metal_madness_guitar_030-050s.ogg"), {0}});
    return d;
}

} // namespace

class TstCnnFeatureSet : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    MelPatchFeatureConfig m_config; // TUTORIAL.md 1.6 defaults

private Q_SLOTS:
    void patchesEqualMelPatchOfDecodedFile()
    {
        const Dataset data = sharedClips();
        CnnFeatureOptions opt;
        opt.patchesPerFile = 3;
        opt.threads = 2;
        int calls = 0;
        double last = -1.0;
        bool monotone = true;
        const CnnFeatureSet set = extractCnnFeatures(data, m_config, opt, [&](double f, const QString &) {
            monotone = monotone && f >= last && f <= 1.0;
            last = f;
            ++calls;
            return true;
        });
        QVERIFY2(set.ok, qPrintable(set.error));
        QVERIFY(calls >= 2 && monotone && last == 1.0);
        QCOMPARE(set.bands, 80);
        QCOMPARE(set.frames, 80);
        QCOMPARE(set.cacheHits, 0);
        QCOMPARE(set.cacheMisses, 0); // without a cache nothing is counted

        // Independently: decode, then melPatch from k * 81920 samples on while a whole patch fits.
        const int64_t step = 80 * 1024;
        size_t at = 0;
        int expectedCount = 0;
        for (int i = 0; i < int(data.items.size()); ++i) {
            DecodeOptions d;
            d.mono = true;
            d.targetSampleRate = 16000;
            const DecodeResult r = decodeFile(data.items[size_t(i)].path, d);
            QVERIFY2(r.ok, qPrintable(r.error));
            const int64_t n = r.audio.frameCount();
            const int patches = int(std::clamp<int64_t>(n / step, 1, 3));
            for (int k = 0; k < patches; ++k) {
                std::vector<float> ref;
                // TUTORIAL.md 1.6 by hand for the excerpt: divide the signal from k * step on by
                // its peak (for k = 0 the whole clip), then melPatch without normalising.
                std::vector<float> y(r.audio.samples.begin() + k * step, r.audio.samples.end());
                float peak = 0.0f;
                for (float v : y)
                    peak = std::max(peak, std::fabs(v));
                for (float &v : y)
                    v /= peak;
                MelPatchFeatureConfig raw = m_config;
                raw.peakNormalise = false;
                QVERIFY(melPatch(y.data(), int64_t(y.size()), raw, &ref));
                QVERIFY2(at + ref.size() <= set.patches.size(), "too few patches");
                double diff = 0.0;
                for (size_t v = 0; v < ref.size(); ++v)
                    diff = std::max(diff, double(std::fabs(set.patches[at + v] - ref[v])));
                QVERIFY2(diff <= 1e-4, qPrintable(QStringLiteral("%1 patch %2 differs by %3 dB")
                                                      .arg(data.items[size_t(i)].path)
                                                      .arg(k)
                                                      .arg(diff)));
                QCOMPARE(set.labels[at / 6400], data.items[size_t(i)].labels);
                QCOMPARE(set.groups[at / 6400], i);
                at += ref.size();
                ++expectedCount;
            }
        }
        QCOMPARE(set.count(), expectedCount);
        QCOMPARE(set.count(), 3 + 3 + 1 + 3); // 20 s clips hold 3 patches of 5.12 s, the 10 s clip 1
        QCOMPARE(set.patches.size(), size_t(set.count()) * 6400);
    }

    void secondRunIsServedFromCache()
    {
        const FeatureCache cache(m_tmp.filePath(QStringLiteral("cache")));
        const Dataset data = sharedClips();
        CnnFeatureOptions opt;
        opt.patchesPerFile = 3;
        opt.cache = &cache;
        QElapsedTimer t;
        t.start();
        const CnnFeatureSet first = extractCnnFeatures(data, m_config, opt);
        const qint64 firstMs = t.restart();
        QVERIFY2(first.ok, qPrintable(first.error));
        QCOMPARE(first.cacheHits, 0);
        QCOMPARE(first.cacheMisses, 4);
        const CnnFeatureSet second = extractCnnFeatures(data, m_config, opt);
        const qint64 secondMs = t.elapsed();
        QVERIFY2(second.ok, qPrintable(second.error));
        QCOMPARE(second.cacheHits, 4);
        QCOMPARE(second.cacheMisses, 0);
        QCOMPARE(second.patches.size(), first.patches.size());
        QVERIFY(std::memcmp(second.patches.data(), first.patches.data(), first.patches.size() * sizeof(float)) == 0);
        QCOMPARE(second.labels, first.labels);
        QCOMPARE(second.groups, first.groups);
        qInfo("4 files: %lld ms extracting, %lld ms from the cache", firstMs, secondMs);

        // Another recipe (more patches per file) misses and does not disturb the old entries.
        opt.patchesPerFile = 1;
        const CnnFeatureSet one = extractCnnFeatures(data, m_config, opt);
        QVERIFY(one.ok);
        QCOMPARE(one.cacheMisses, 4);
        QCOMPARE(one.count(), 4);
        QVERIFY(std::memcmp(one.patches.data(), first.patches.data(), 6400 * sizeof(float)) == 0);
        MelPatchFeatureConfig other = m_config;
        other.topDb = 60.0;
        QVERIFY(cnnFeatureRecipe(other, 1) != cnnFeatureRecipe(m_config, 1));
        QVERIFY(cnnFeatureRecipe(m_config, 3) != cnnFeatureRecipe(m_config, 1));
        opt.patchesPerFile = 3;
        QCOMPARE(extractCnnFeatures(data, m_config, opt).cacheHits, 4);
    }

    void cancel()
    {
        const Dataset data = sharedClips();
        CnnFeatureOptions opt;
        opt.threads = 1;
        const CnnFeatureSet set = extractCnnFeatures(data, m_config, opt, [](double, const QString &) { return false; });
        QVERIFY(!set.ok);
        QVERIFY(set.cancelled);
        QCOMPARE(set.count(), 0);
    }

    void badFiles()
    {
        const FeatureCache cache(m_tmp.filePath(QStringLiteral("bad")));
        Dataset data = sharedClips();
        const QString broken = kData + QStringLiteral("/formats/bad/not_audio.wav");
        const QString truncated = kData + QStringLiteral("/formats/bad/truncated.flac");
        data.items.insert(data.items.begin() + 1, DatasetItem{broken, {0}});
        data.items.push_back({truncated, {1}});
        CnnFeatureOptions opt;
        opt.cache = &cache;
        CnnFeatureSet set = extractCnnFeatures(data, m_config, opt);
        QVERIFY(!set.ok);
        QVERIFY(!set.cancelled);
        QVERIFY2(set.error.contains(QStringLiteral("not_audio.wav")), qPrintable(set.error));
        QCOMPARE(set.count(), 0);

        opt.skipBadFiles = true;
        set = extractCnnFeatures(data, m_config, opt);
        QVERIFY2(set.ok, qPrintable(set.error));
        QCOMPARE(set.count(), 5); // one patch per good file
        QCOMPARE(set.groups, (std::vector<int>{0, 2, 3, 4, 5})); // item indices; the broken item 1 is skipped
        QVERIFY(set.warnings.filter(QStringLiteral("not_audio.wav")).size() == 1);
        QVERIFY(set.warnings.filter(QStringLiteral("not_audio.wav")).first().contains(QStringLiteral("skipped")));
        QVERIFY(!set.warnings.filter(QStringLiteral("truncated.flac")).isEmpty());
        // The truncated file decoded with warnings: not cached, so its warning shows again.
        set = extractCnnFeatures(data, m_config, opt);
        QCOMPARE(set.cacheHits, 4);
        QCOMPARE(set.cacheMisses, 1);
        QVERIFY(!set.warnings.filter(QStringLiteral("truncated.flac")).isEmpty());

        Dataset empty;
        empty.source = QStringLiteral("nothing.csv");
        set = extractCnnFeatures(empty, m_config, opt);
        QVERIFY(!set.ok);
        QVERIFY(set.error.contains(QStringLiteral("nothing.csv")));
    }
};

QTEST_GUILESS_MAIN(TstCnnFeatureSet)
#include "tst_cnn_feature_set.moc"
