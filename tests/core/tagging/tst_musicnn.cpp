// Parity of the Musicnn MTAT tagger with the original PyTorch outputs
// (../shared/models/musicnn_mtat/ref): chunk-0 intermediates, per-chunk and
// track probabilities from the 16 kHz WAV (<= 1e-4) and from the 44.1 kHz
// stereo FLAC through decoding + kaiser_best resampling (<= 1e-3); and the
// errors for wrong or damaged model folders.
#include "core/analysis/analysis_cache.h"
#include "core/audio/decoder.h"
#include "core/model/safetensors.h"
#include "core/tagging/cached_tagging.h"
#include "core/tagging/musicnn_network.h"
#include "core/tagging/tagger_model.h"
#include "core/tagging/track_tagger.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "tagger_reference.h"

#include <cmath>

using namespace mirlo;
using mirlo::test::loadReference;
using mirlo::test::maxAbsDiff;
using mirlo::test::Reference;

namespace {

const QString kModelDir = QStringLiteral(MIRLO_SHARED_DATA "/../models/musicnn_mtat");

// A time-major Matrix [T][C] against a reference stored (C, T).
double maxAbsDiffTransposed(const Matrix &m, const std::vector<float> &ref)
{
    if (size_t(m.rows) * size_t(m.cols) != ref.size())
        return INFINITY;
    double d = 0;
    for (int t = 0; t < m.rows; ++t)
        for (int c = 0; c < m.cols; ++c)
            d = std::max(d, std::abs(double(m.at(t, c)) - double(ref[size_t(c) * size_t(m.rows) + size_t(t)])));
    return d;
}

bool copyModel(const QString &to)
{
    return QFile::copy(kModelDir + QStringLiteral("/model.json"), to + QStringLiteral("/model.json")) &&
           QFile::copy(kModelDir + QStringLiteral("/weights.safetensors"), to + QStringLiteral("/weights.safetensors"));
}

} // namespace

class TestMusicnn : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        m_model = TaggerModel::load(kModelDir, &error);
        QVERIFY2(m_model, qPrintable(error));
        m_ref = loadReference(kModelDir);
        QCOMPARE(m_ref.tags.size(), 50);
        QCOMPARE(m_ref.chunks.size(), size_t(16));
        QCOMPARE(m_model->tags(), m_ref.tags);
        QVERIFY2(m_inter.load(kModelDir + QStringLiteral("/ref/chunk0_intermediates.safetensors"), &error),
                 qPrintable(error));
    }

    void manifestDrivesFrontEnd()
    {
        const TaggerManifest &m = m_model->manifest();
        QCOMPARE(m.sampleRate, 16000);
        QCOMPARE(m.chunkSamples, 48000);
        QCOMPARE(m.melFrames, 188);
        QCOMPARE(m.nMels, 96);
        QCOMPARE(m.trackChunks, 16);
        QCOMPARE(m.dbAmin, 1e-10);
    }

    void builtinModelMatchesShared()
    {
        QString error;
        auto builtin = TaggerModel::load(TaggerModel::resolveModel(QStringLiteral("musicnn")), &error);
        QVERIFY2(builtin, qPrintable(error));
        QCOMPARE(builtin->tags(), m_model->tags());
        const std::vector<float> mel = m_inter.floats("mel_db");
        Matrix m(188, 96);
        for (int t = 0; t < 188; ++t)
            for (int f = 0; f < 96; ++f)
                m.at(t, f) = mel[size_t(f) * 188 + size_t(t)];
        QCOMPARE(builtin->predictMel(m), m_model->predictMel(m));
    }

    void intermediatesFromReferenceMel()
    {
        const std::vector<float> mel = m_inter.floats("mel_db");
        QCOMPARE(mel.size(), size_t(96 * 188));
        Matrix m(188, 96);
        for (int t = 0; t < 188; ++t)
            for (int f = 0; f < 96; ++f)
                m.at(t, f) = mel[size_t(f) * 188 + size_t(t)];
        MusicnnTrace trace;
        const std::vector<float> probs = m_model->predictMel(m, &trace);
        const double dFront = maxAbsDiffTransposed(trace.frontend, m_inter.floats("frontend"));
        const double dRes3 = maxAbsDiffTransposed(trace.res3, m_inter.floats("res3"));
        const double dPooled = maxAbsDiff(trace.pooled, m_inter.floats("pooled"));
        const double dDense = maxAbsDiff(trace.dense1BnRelu, m_inter.floats("dense1_bn_relu"));
        const double dLogits = maxAbsDiff(trace.logits, m_inter.floats("logits"));
        const double dProbs = maxAbsDiff(probs, m_inter.floats("probabilities"));
        qInfo("chunk 0 from reference mel: frontend %.2e res1 %.2e res2 %.2e res3 %.2e pooled %.2e dense1 %.2e "
              "logits %.2e probs %.2e",
              dFront, maxAbsDiffTransposed(trace.res1, m_inter.floats("res1")),
              maxAbsDiffTransposed(trace.res2, m_inter.floats("res2")), dRes3, dPooled, dDense, dLogits, dProbs);
        QVERIFY(dFront < 1e-3);
        QVERIFY(dRes3 < 1e-3);
        QVERIFY(dPooled < 1e-3);
        QVERIFY(dDense < 1e-3);
        QVERIFY(dLogits < 1e-3);
        QVERIFY(dProbs < 1e-5);
    }

    void melFromWav()
    {
        const DecodeResult d = decodeFile(kModelDir + QStringLiteral("/ref/clip_16k_mono_f32.wav"));
        QVERIFY2(d.ok, qPrintable(d.error));
        QCOMPARE(d.audio.sampleRate, 16000);
        QCOMPARE(d.audio.frameCount(), int64_t(480000));
        const Matrix mel = m_model->melDb(d.audio.samples.data());
        const double dMel = maxAbsDiffTransposed(mel, m_inter.floats("mel_db"));
        qInfo("chunk 0 dB-mel max abs diff %.2e dB", dMel);
        QVERIFY(dMel < 1e-2);
    }

    void trackFromWav()
    {
        const DecodeResult d = decodeFile(kModelDir + QStringLiteral("/ref/clip_16k_mono_f32.wav"));
        QVERIFY2(d.ok, qPrintable(d.error));
        const TrackTags r = tagAudio(*m_model, d.audio);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.chunkStarts, m_ref.starts);
        double dChunks = 0;
        for (size_t i = 0; i < r.chunks.size(); ++i)
            dChunks = std::max(dChunks, maxAbsDiff(r.chunks[i], m_ref.chunks[i]));
        const double dTrack = maxAbsDiff(r.track, m_ref.track);
        qInfo("16 kHz WAV: max abs diff chunks %.2e track %.2e", dChunks, dTrack);
        QVERIFY(dChunks <= 1e-4);
        QVERIFY(dTrack <= 1e-4);
        QCOMPARE(m_ref.tags.at(rankTags(r.track).front().first), QStringLiteral("female"));
    }

    void trackFromFlac()
    {
        const TrackTags r = tagFile(*m_model, kModelDir + QStringLiteral("/ref/clip_44k1_stereo.flac"));
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.chunkStarts, m_ref.starts);
        const double dTrack = maxAbsDiff(r.track, m_ref.track);
        qInfo("44.1 kHz FLAC: max abs diff track %.2e", dTrack);
        QVERIFY(dTrack <= 1e-3);
    }

    void chunkProtocol()
    {
        QCOMPARE(trackChunkStarts(480000, 48000, 16).back(), int64_t(15 * 27000));
        QCOMPARE(trackChunkStarts(48010, 48000, 16).back(), int64_t(0)); // hop 0: all the same chunk
        // Shorter than a chunk: zero-padded, one warning, still 16 identical chunks.
        std::vector<float> shortSignal(16000, 0.1f);
        const TrackTags r = tagSamples(*m_model, shortSignal);
        QVERIFY(r.ok);
        QCOMPARE(r.warnings.size(), 1);
        QCOMPARE(r.chunks.front(), r.chunks.back());
        for (float p : r.track)
            QVERIFY(std::isfinite(p) && p >= 0.f && p <= 1.f);
    }

    void cancel()
    {
        std::vector<float> signal(480000, 0.f);
        const TrackTags r = tagSamples(*m_model, signal, [](double) { return false; });
        QVERIFY(!r.ok);
        QVERIFY(r.cancelled);
    }

    void cachedPerTrackAndModel()
    {
        QString error;
        const auto model = sharedTaggerModel(QStringLiteral("musicnn"), &error);
        QVERIFY2(model, qPrintable(error));
        QCOMPARE(sharedTaggerModel(QStringLiteral("musicnn_mtat"), &error), model); // loaded once
        QVERIFY(!sharedTaggerModel(QStringLiteral("/nonexistent/model"), &error));
        AnalysisCache cache;
        const QString wav = kModelDir + QStringLiteral("/ref/clip_16k_mono_f32.wav");
        // A cancelled run is returned (flagged) but not cached.
        const auto cancelled = cachedTrackTags(
            wav, model, [](double) { return false; }, &cache);
        QVERIFY(cancelled && cancelled->cancelled && !cancelled->ok);
        QCOMPARE(cache.size(), size_t(0));
        const auto first = cachedTrackTags(wav, model, {}, &cache);
        QVERIFY(first && first->ok);
        QVERIFY(maxAbsDiff(first->track, m_ref.track) <= 1e-4);
        QCOMPARE(cachedTrackTags(wav, model, {}, &cache), first); // same object: a cache hit
        // Another model on the same track is another entry.
        const auto fcn = sharedTaggerModel(QStringLiteral("fcn"), &error);
        QVERIFY2(fcn, qPrintable(error));
        const auto other = cachedTrackTags(wav, fcn, {}, &cache);
        QVERIFY(other && other->ok && other != first);
        QCOMPARE(cache.size(), size_t(2));
    }

    void missingFolder()
    {
        QString error;
        QVERIFY(!TaggerModel::load(QStringLiteral("/nonexistent/model"), &error));
        QVERIFY2(error.contains(QLatin1String("/nonexistent/model")), qPrintable(error));
    }

    void damagedManifest()
    {
        QTemporaryDir dir;
        QVERIFY(copyModel(dir.path()));
        QFile f(dir.path() + QStringLiteral("/model.json"));
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.resize(1000); // truncated JSON
        f.close();
        QString error;
        QVERIFY(!TaggerModel::load(dir.path(), &error));
        QVERIFY2(error.contains(QLatin1String("model.json")), qPrintable(error));
    }

    void manifestWithoutTags()
    {
        QTemporaryDir dir;
        QVERIFY(copyModel(dir.path()));
        QFile f(dir.path() + QStringLiteral("/model.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
        f.close();
        QJsonObject out = o.value(QStringLiteral("output")).toObject();
        QJsonArray tags = out.value(QStringLiteral("tags")).toArray();
        tags.removeLast();
        out.insert(QStringLiteral("tags"), tags);
        o.insert(QStringLiteral("output"), out);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QJsonDocument(o).toJson());
        f.close();
        QString error;
        QVERIFY(!TaggerModel::load(dir.path(), &error));
        QVERIFY2(error.contains(QLatin1String("model.json")) && error.contains(QLatin1String("output.tags")),
                 qPrintable(error));
    }

    void truncatedWeights()
    {
        QTemporaryDir dir;
        QVERIFY(copyModel(dir.path()));
        QFile f(dir.path() + QStringLiteral("/weights.safetensors"));
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.resize(f.size() / 2);
        f.close();
        QString error;
        QVERIFY(!TaggerModel::load(dir.path(), &error));
        QVERIFY2(error.contains(QLatin1String("weights.safetensors")), qPrintable(error));
    }

    void wrongTensorShape()
    {
        // Weights written with dense2 shaped for 49 tags: the error names the tensor.
        SafeTensors st;
        QString error;
        QVERIFY(st.load(kModelDir + QStringLiteral("/weights.safetensors"), &error));
        SafeTensorsWriter w;
        for (const std::string &name : st.names()) {
            std::vector<int64_t> shape = st.find(name)->shape;
            std::vector<float> v = st.floats(name);
            if (name == "dense2.weight") {
                shape[0] = 49;
                v.resize(size_t(49 * shape[1]));
            }
            w.add(name, shape, v);
        }
        QTemporaryDir dir;
        QVERIFY(QFile::copy(kModelDir + QStringLiteral("/model.json"), dir.path() + QStringLiteral("/model.json")));
        QVERIFY(w.save(dir.path() + QStringLiteral("/weights.safetensors"), &error));
        QVERIFY(!TaggerModel::load(dir.path(), &error));
        QVERIFY2(error.contains(QLatin1String("dense2.weight")) && error.contains(QLatin1String("weights.safetensors")),
                 qPrintable(error));
    }

    void missingTensor()
    {
        SafeTensors st;
        QString error;
        QVERIFY(st.load(kModelDir + QStringLiteral("/weights.safetensors"), &error));
        SafeTensorsWriter w;
        for (const std::string &name : st.names())
            if (name != "layers.1.bn.running_var")
                w.add(name, st.find(name)->shape, st.floats(name));
        QTemporaryDir dir;
        QVERIFY(QFile::copy(kModelDir + QStringLiteral("/model.json"), dir.path() + QStringLiteral("/model.json")));
        QVERIFY(w.save(dir.path() + QStringLiteral("/weights.safetensors"), &error));
        QVERIFY(!TaggerModel::load(dir.path(), &error));
        QVERIFY2(error.contains(QLatin1String("layers.1.bn.running_var")) && error.contains(QLatin1String("missing")),
                 qPrintable(error));
    }

private:
    std::unique_ptr<TaggerModel> m_model;
    Reference m_ref;
    SafeTensors m_inter;
};

QTEST_GUILESS_MAIN(TestMusicnn)
#include "tst_musicnn.moc"
