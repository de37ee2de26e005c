// Parity of the FCN and CRNN MTAT taggers (ConvStackNetwork) with the
// original PyTorch outputs in ../shared/models/{fcn,crnn}_mtat/ref: chunk-0
// block outputs from the reference dB-mel, chunk and track probabilities from
// the 16 kHz WAV (<= 1e-4) and the track from the 44.1 kHz FLAC (<= 1e-3).
#include "core/audio/decoder.h"
#include "core/model/safetensors.h"
#include "core/tagging/conv_stack_network.h"
#include "core/tagging/tagger_model.h"
#include "core/tagging/track_tagger.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include "tagger_reference.h"

#include <cmath>

using namespace mirlo;
using mirlo::test::loadReference;
using mirlo::test::maxAbsDiff;
using mirlo::test::Reference;

namespace {

QString modelDir(const QString &name)
{
    return QStringLiteral(MIRLO_SHARED_DATA "/../models/") + name;
}

} // namespace

class TestConvTaggers : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void intermediates_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("fcn") << QStringLiteral("fcn_mtat");
        QTest::newRow("crnn") << QStringLiteral("crnn_mtat");
    }
    void intermediates()
    {
        QFETCH(QString, name);
        QString error;
        const auto model = TaggerModel::load(modelDir(name), &error);
        QVERIFY2(model, qPrintable(error));
        SafeTensors inter;
        QVERIFY2(inter.load(modelDir(name) + QStringLiteral("/ref/chunk0_intermediates.safetensors"), &error),
                 qPrintable(error));
        const int T = model->manifest().melFrames, F = model->manifest().nMels;
        const std::vector<float> ref = inter.floats("mel_db");
        QCOMPARE(ref.size(), size_t(T) * size_t(F));
        Matrix mel(T, F);
        for (int t = 0; t < T; ++t)
            for (int f = 0; f < F; ++f)
                mel.at(t, f) = ref[size_t(f) * size_t(T) + size_t(t)];
        ConvStackTrace trace;
        const std::vector<float> probs = model->predictMel(mel, &trace);
        // Stored block outputs "layerN" (C, F, T) against ours.
        int checked = 0;
        for (size_t b = 0; b < trace.blocks.size(); ++b) {
            const std::string key = "layer" + std::to_string(b + 1);
            if (!inter.contains(key))
                continue;
            const ConvStackTrace::Activation &a = trace.blocks[b];
            const std::vector<float> want = inter.floats(key);
            QCOMPARE(want.size(), a.values.size());
            double d = 0, scale = 0;
            for (int c = 0; c < a.channels; ++c)
                for (int f = 0; f < a.bands; ++f)
                    for (int t = 0; t < a.frames; ++t) {
                        const float w = want[(size_t(c) * size_t(a.bands) + size_t(f)) * size_t(a.frames) + size_t(t)];
                        d = std::max(d, std::abs(double(a.at(c, f, t)) - w));
                        scale = std::max(scale, std::abs(double(w)));
                    }
            qInfo("%s %s: max abs diff %.2e (max |value| %.1f)", qPrintable(name), key.c_str(), d, scale);
            QVERIFY(d <= 1e-4 * std::max(1.0, scale));
            ++checked;
        }
        QVERIFY(checked >= 2);
        const double dLogits = maxAbsDiff(trace.logits, inter.floats("logits"));
        const double dProbs = maxAbsDiff(probs, inter.floats("probabilities"));
        qInfo("%s: logits %.2e probabilities %.2e", qPrintable(name), dLogits, dProbs);
        QVERIFY(dLogits < 1e-3);
        QVERIFY(dProbs < 1e-5);
    }

    void track_data() { intermediates_data(); }
    void track()
    {
        QFETCH(QString, name);
        QString error;
        const auto model = TaggerModel::load(TaggerModel::resolveModel(name), &error); // the embedded copy
        QVERIFY2(model, qPrintable(error));
        const Reference ref = loadReference(modelDir(name));
        QCOMPARE(model->tags(), ref.tags);
        const DecodeResult d = decodeFile(modelDir(name) + QStringLiteral("/ref/clip_16k_mono_f32.wav"));
        QVERIFY2(d.ok, qPrintable(d.error));
        const TrackTags r = tagAudio(*model, d.audio);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.chunkStarts, ref.starts);
        double dChunks = 0;
        for (size_t i = 0; i < r.chunks.size(); ++i)
            dChunks = std::max(dChunks, maxAbsDiff(r.chunks[i], ref.chunks[i]));
        const double dTrack = maxAbsDiff(r.track, ref.track);
        const TrackTags flac = tagFile(*model, modelDir(name) + QStringLiteral("/ref/clip_44k1_stereo.flac"));
        QVERIFY2(flac.ok, qPrintable(flac.error));
        const double dFlac = maxAbsDiff(flac.track, ref.track);
        qInfo("%s: WAV chunks %.2e track %.2e; FLAC track %.2e", qPrintable(name), dChunks, dTrack, dFlac);
        QVERIFY(dChunks <= 1e-4);
        QVERIFY(dTrack <= 1e-4);
        QVERIFY(dFlac <= 1e-3);
    }
};

QTEST_GUILESS_MAIN(TestConvTaggers)
#include "tst_conv_taggers.moc"
