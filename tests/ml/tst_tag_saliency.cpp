// Tag saliency (core/ml/tag_saliency.h): the libtorch Musicnn is the same
// function as the plain C++ tagger (reference chunk to <= 1e-4), its input
// gradient agrees with central finite differences of the C++ forward, the map
// of a track that is silent except for one music region lies in that region,
// a tutorial CNN's gradient (scaler included) agrees with finite differences
// of the torch-free TutorialCnnInference, and bad input gives clear errors.
#include "core/audio/decoder.h"
#include "core/ml/saliency_backend.h"
#include "core/ml/tag_saliency.h"
#include "core/ml/tutorial_cnn.h"
#include "core/model/safetensors.h"
#include "core/model/tutorial_cnn_inference.h"
#include "core/tagging/tagger_model.h"
#include "core/tagging/tutorial_cnn_tagging.h"

#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

using namespace mirlo;
using namespace mirlo::ml;

namespace {

const QString kModelDir = QStringLiteral(MIRLO_SHARED_DATA "/../models/musicnn_mtat");

// Cells (indices) with the largest |g|, `count` of them spread by a fixed-seed shuffle of the top 2 %.
std::vector<size_t> strongCells(const std::vector<float> &g, int count, unsigned seed)
{
    std::vector<size_t> idx(g.size());
    std::iota(idx.begin(), idx.end(), size_t(0));
    const size_t top = std::max<size_t>(size_t(count), g.size() / 50);
    std::partial_sort(idx.begin(), idx.begin() + std::ptrdiff_t(top), idx.end(),
                      [&](size_t a, size_t b) { return std::abs(g[a]) > std::abs(g[b]); });
    idx.resize(top);
    std::shuffle(idx.begin(), idx.end(), std::mt19937(seed));
    idx.resize(size_t(count));
    return idx;
}

// Cells among the strongest of g whose central finite difference (step h dB) of the C++ forward's
// tag probability agrees with g to 5 %; *detail lists "gradient vs finite difference" per cell.
int finiteDifferenceAgreement(const TaggerModel &model, const Matrix &mel, int tag, const std::vector<float> &g,
                              int cells, unsigned seed, double h, QString *detail)
{
    int agree = 0;
    for (size_t i : strongCells(g, cells, seed)) {
        Matrix plus = mel, minus = mel;
        plus.values[i] += float(h);
        minus.values[i] -= float(h);
        const double fd =
            (double(model.predictMel(plus)[size_t(tag)]) - double(model.predictMel(minus)[size_t(tag)])) / (2 * h);
        *detail += QStringLiteral(" [t%1 f%2: %3 vs %4]")
                       .arg(i / size_t(mel.cols))
                       .arg(i % size_t(mel.cols))
                       .arg(g[i], 0, 'g', 4)
                       .arg(fd, 0, 'g', 4);
        agree += std::abs(fd - g[i]) < 0.05 * std::abs(double(g[i])) ? 1 : 0;
    }
    return agree;
}

} // namespace

class TestTagSaliency : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        m_cpp = TaggerModel::load(kModelDir, &error);
        QVERIFY2(m_cpp, qPrintable(error));
        m_torch = MusicnnTorch::load(kModelDir, &error);
        QVERIFY2(m_torch, qPrintable(error));
        SafeTensors inter;
        QVERIFY2(inter.load(kModelDir + QStringLiteral("/ref/chunk0_intermediates.safetensors"), &error),
                 qPrintable(error));
        const std::vector<float> mel = inter.floats("mel_db"); // (96, 188)
        QCOMPARE(mel.size(), size_t(96 * 188));
        m_mel = Matrix(188, 96);
        for (int t = 0; t < 188; ++t)
            for (int f = 0; f < 96; ++f)
                m_mel.at(t, f) = mel[size_t(f) * 188 + size_t(t)];
        m_refProbs = inter.floats("probabilities");
        const DecodeResult d = decodeFile(kModelDir + QStringLiteral("/ref/clip_16k_mono_f32.wav"));
        QVERIFY2(d.ok, qPrintable(d.error));
        m_clip = d.audio;
        m_vocal = m_cpp->tags().indexOf(QStringLiteral("female"));
        QVERIFY(m_vocal >= 0);
    }

    void torchForwardEqualsCpp()
    {
        // Batch of two: the reference chunk and chunk 5 of the clip (front end of the C++ tagger).
        const Matrix mel5 = m_cpp->melDb(m_clip.samples.data() + 5 * 48000);
        std::vector<float> batch = m_mel.values;
        batch.insert(batch.end(), mel5.values.begin(), mel5.values.end());
        const std::vector<float> p = m_torch->predict(batch, 2);
        QCOMPARE(p.size(), size_t(100));
        const std::vector<float> c0 = m_cpp->predictMel(m_mel), c5 = m_cpp->predictMel(mel5);
        double dCpp = 0, dRef = 0;
        for (int k = 0; k < 50; ++k) {
            dCpp = std::max({dCpp, std::abs(double(p[size_t(k)]) - c0[size_t(k)]),
                             std::abs(double(p[size_t(50 + k)]) - c5[size_t(k)])});
            dRef = std::max(dRef, std::abs(double(p[size_t(k)]) - m_refProbs[size_t(k)]));
        }
        qInfo("torch vs C++ Musicnn: max abs %.2e; torch vs reference chunk 0: %.2e", dCpp, dRef);
        QVERIFY(dCpp <= 1e-4);
        QVERIFY(dRef <= 1e-4);
    }

    void gradientMatchesFiniteDifferences()
    {
        std::vector<float> probs;
        const std::vector<float> g =
            m_torch->inputGradient(m_mel.values, 1, m_vocal, SaliencyTarget::Probability, &probs);
        QCOMPARE(g.size(), m_mel.values.size());
        QVERIFY(std::abs(probs[size_t(m_vocal)] - m_cpp->predictMel(m_mel)[size_t(m_vocal)]) < 1e-4);
        // Logit gradient = probability gradient / (p (1 - p)) (chain rule through the sigmoid).
        const std::vector<float> gl = m_torch->inputGradient(m_mel.values, 1, m_vocal, SaliencyTarget::Logit);
        const double s = double(probs[size_t(m_vocal)]) * (1.0 - probs[size_t(m_vocal)]);
        double worstChain = 0;
        for (size_t i = 0; i < g.size(); i += 97)
            worstChain = std::max(worstChain, std::abs(gl[i] * s - g[i]) / (std::abs(g[i]) + 1e-9));
        QVERIFY2(worstChain < 1e-3, qPrintable(QString::number(worstChain)));

        const double h = 0.02; // dB; the forward is piecewise smooth (ReLU, max pooling)
        QString detail;
        const int agree = finiteDifferenceAgreement(*m_cpp, m_mel, m_vocal, g, 10, 7, h, &detail);
        qInfo("gradient vs finite difference (h = %.2f dB):%s", h, qPrintable(detail));
        // A cell next to a ReLU / max kink may legitimately differ; almost all must agree.
        QVERIFY2(agree >= 9, qPrintable(detail));
    }

    // FCN and CRNN in torch: forward = the C++ tagger on their reference chunk, and the input
    // gradient = central finite differences of the C++ forward.
    void convStackForwardAndGradient_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("fcn") << QStringLiteral("fcn_mtat");
        QTest::newRow("crnn") << QStringLiteral("crnn_mtat");
    }
    void convStackForwardAndGradient()
    {
        QFETCH(QString, name);
        const QString dir = QStringLiteral(MIRLO_SHARED_DATA "/../models/") + name;
        QString error;
        auto cpp = TaggerModel::load(dir, &error);
        QVERIFY2(cpp, qPrintable(error));
        auto torchNet = makeSaliencyBackend(dir, &error);
        QVERIFY2(torchNet, qPrintable(error));
        SafeTensors inter;
        QVERIFY2(inter.load(dir + QStringLiteral("/ref/chunk0_intermediates.safetensors"), &error), qPrintable(error));
        const std::vector<float> ref = inter.floats("mel_db"); // (96, T)
        const int bands = 96, frames = int(ref.size()) / bands;
        QCOMPARE(frames, torchNet->framesPerChunk());
        Matrix mel(frames, bands);
        for (int t = 0; t < frames; ++t)
            for (int f = 0; f < bands; ++f)
                mel.at(t, f) = ref[size_t(f) * size_t(frames) + size_t(t)];
        const int tag = cpp->tags().indexOf(QStringLiteral("guitar"));
        std::vector<float> probs;
        const std::vector<float> g =
            torchNet->gradient(mel.values, 1, tag, SaliencyTarget::Probability, &probs);
        const std::vector<float> c = cpp->predictMel(mel);
        double d = 0;
        for (size_t k = 0; k < c.size(); ++k)
            d = std::max(d, std::abs(double(probs[k]) - c[k]));
        qInfo("%s: torch vs C++ forward max abs %.2e", qPrintable(name), d);
        QVERIFY(d <= 1e-4);
        QString detail;
        const int agree = finiteDifferenceAgreement(*cpp, mel, tag, g, 6, 3, 0.05, &detail);
        qInfo("%s gradient vs finite difference:%s", qPrintable(name), qPrintable(detail));
        QVERIFY2(agree >= 5, qPrintable(detail));
    }

    void saliencyLiesWhereTheMusicIs()
    {
        // 30 s clip, silent except 9..15 s (chunks 3 and 4 exactly).
        AudioBuffer a = m_clip;
        for (int64_t i = 0; i < a.frameCount(); ++i)
            if (i < 3 * 48000 || i >= 5 * 48000)
                a.samples[size_t(i)] = 0.f;
        const SaliencyMap m = tagSaliency(kModelDir, a, m_vocal);
        QVERIFY2(m.ok, qPrintable(m.error));
        QCOMPARE(m.bands, 96);
        QCOMPARE(m.frames, 10 * 188);
        QCOMPARE(m.chunkProbabilities.size(), size_t(10));
        double in = 0, out = 0;
        int nIn = 0, nOut = 0;
        for (int f = 0; f < m.frames; ++f) {
            const double t = m.frameTime(f);
            double rowSum = 0;
            for (int b = 0; b < m.bands; ++b)
                rowSum += m.saliency[size_t(f) * 96 + size_t(b)];
            (t >= 9.0 && t < 15.0 ? in : out) += rowSum;
            (t >= 9.0 && t < 15.0 ? nIn : nOut) += 1;
        }
        const double ratio = (in / nIn) / std::max(out / nOut, 1e-12);
        qInfo("mean saliency per frame: music %.4f, silence %.4f (ratio %.1f)", in / nIn, out / nOut, ratio);
        QVERIFY(ratio > 5.0);
        QCOMPARE(*std::max_element(m.saliency.begin(), m.saliency.end()), 1.f);
        // The map's mel is the C++ front end of each chunk.
        const Matrix mel3 = m_cpp->melDb(a.samples.data() + 3 * 48000);
        QCOMPARE(m.mel[size_t(3 * 188) * 96 + 500], mel3.values[500]);
        QVERIFY(m.frameTime(188) == 3.0 && m.frameAt(3.001) == 188 && m.frameAt(31.0) == -1);
    }

    void partialLastChunkAndResampling()
    {
        // 7.5 s of the 44.1 kHz stereo FLAC: 3 chunks, the last one half full.
        const DecodeResult d = decodeFile(kModelDir + QStringLiteral("/ref/clip_44k1_stereo.flac"));
        QVERIFY2(d.ok, qPrintable(d.error));
        AudioBuffer a = d.audio;
        a.samples.resize(size_t(44100 * 15 / 2) * size_t(a.channels));
        SaliencyOptions opt;
        opt.method = SaliencyMethod::SmoothGrad;
        opt.smoothSamples = 2;
        const SaliencyMap m = tagSaliency(QStringLiteral("musicnn"), a, 0, {}, opt);
        QVERIFY2(m.ok, qPrintable(m.error));
        QCOMPARE(m.tag, QStringLiteral("guitar"));
        QCOMPARE(m.frames, 2 * 188 + (24000 - 1) / 256 + 1);
        QCOMPARE(m.bandHz.size(), size_t(96));
        QVERIFY(m.bandHz.front() > 0 && m.bandHz.front() < 100 && m.bandHz.back() > 7000 && m.bandHz.back() < 8000);
        QVERIFY(std::is_sorted(m.bandHz.begin(), m.bandHz.end()));
    }

    // The 29 s chunks of FCN / CRNN over the 30 s clip: two chunks, the second one 1 s long.
    void convStackTrackMap()
    {
        for (const char *name : {"fcn", "crnn"}) {
            QElapsedTimer t;
            t.start();
            const SaliencyMap m = tagSaliency(QString::fromLatin1(name), m_clip, m_vocal);
            QVERIFY2(m.ok, qPrintable(m.error));
            qInfo("%s: map of the 30 s clip in %.1f s", name, t.elapsed() / 1000.0);
            QCOMPARE(m.framesPerChunk, 1813);
            QCOMPARE(m.frames, 1813 + (16000 - 1) / 256 + 1);
            QCOMPARE(m.chunkProbabilities.size(), size_t(2));
            QVERIFY(std::abs(m.frameTime(1813) - 29.0) < 1e-9);
            QCOMPARE(*std::max_element(m.saliency.begin(), m.saliency.end()), 1.f);
        }
    }

    void cancelStops()
    {
        int calls = 0;
        const SaliencyMap m = tagSaliency(kModelDir, m_clip, 0, [&](double) { return ++calls < 2; });
        QVERIFY(!m.ok);
        QVERIFY(m.cancelled);
    }

    void tutorialCnnGradient()
    {
        TutorialCnnSpec spec;
        QVERIFY(tutorialCnnPreset(QStringLiteral("instrumental_vocal"), &spec));
        TutorialCnn net(spec, 3);
        QTemporaryDir dir;
        QString error;
        QVERIFY2(net.save(dir.path(), &error), qPrintable(error));
        // A scaler, so the chain rule through the z-scoring is part of what is checked.
        const int nb = spec.inputBands, nf = spec.inputFrames;
        std::vector<float> mean(size_t(nb * nf)), scale(mean.size());
        for (size_t i = 0; i < mean.size(); ++i) {
            mean[i] = -40.f + float(i % 7);
            scale[i] = 8.f + float(i % 5);
        }
        SafeTensorsWriter w;
        w.add("mean", {nb, nf}, mean);
        w.add("scale", {nb, nf}, scale);
        QVERIFY2(w.save(dir.filePath(QStringLiteral("scaler.safetensors")), &error), qPrintable(error));
        auto plain = TutorialCnnInference::load(dir.path(), &error);
        QVERIFY2(plain, qPrintable(error));

        // Saliency over 2.5 patches of noise + a tone at the model rate.
        const int patch = nf * spec.features.hopSamples;
        AudioBuffer a;
        a.sampleRate = spec.features.sampleRate;
        a.channels = 1;
        std::mt19937 rng(5);
        std::normal_distribution<float> n(0.f, 0.05f);
        for (int i = 0; i < patch * 5 / 2; ++i)
            a.samples.push_back(n(rng) + 0.3f * float(std::sin(2 * M_PI * 440.0 * i / a.sampleRate)));
        SaliencyOptions opt;
        opt.target = SaliencyTarget::Probability;
        const SaliencyMap m = tagSaliency(dir.path(), a, 0, {}, opt);
        QVERIFY2(m.ok, qPrintable(m.error));
        QCOMPARE(m.bands, nb);
        QCOMPARE(m.framesPerChunk, nf);
        QCOMPARE(m.chunkProbabilities.size(), size_t(3));
        // Same patches as the tutorial CNN track tagger (its mel recipe per patch, torch-free forward).
        const TrackTags tagged = tagSamplesWithTutorialCnn(*plain, a.samples);
        QVERIFY2(tagged.ok, qPrintable(tagged.error));
        QCOMPARE(tagged.chunks.size(), size_t(3));
        for (size_t c = 0; c < 3; ++c)
            QVERIFY2(std::abs(tagged.chunks[c][0] - m.chunkProbabilities[c]) < 1e-5,
                     qPrintable(QStringLiteral("patch %1: %2 vs %3").arg(c).arg(tagged.chunks[c][0]).arg(m.chunkProbabilities[c])));

        // Patch 0's map against finite differences of the torch-free forward (raw dB input).
        std::vector<float> raw(size_t(nb * nf)); // bands x frames
        for (int t = 0; t < nf; ++t)
            for (int b = 0; b < nb; ++b)
                raw[size_t(b * nf + t)] = m.mel[size_t(t * nb + b)];
        const float p0 = plain->predict(raw)[0];
        QVERIFY(std::abs(p0 - m.chunkProbabilities[0]) < 1e-4);
        std::vector<float> sal0(m.saliency.begin(), m.saliency.begin() + nb * nf); // time-major, normalised
        const double h = 0.1; // dB; the probability is float32, a smaller step drowns in its rounding
        std::vector<double> fd, sal;
        for (size_t i : strongCells(sal0, 8, 11)) {
            const int t = int(i) / nb, b = int(i) % nb;
            std::vector<float> plus = raw, minus = raw;
            plus[size_t(b * nf + t)] += float(h);
            minus[size_t(b * nf + t)] -= float(h);
            fd.push_back(std::abs(double(plain->predict(plus)[0]) - double(plain->predict(minus)[0])) / (2 * h));
            sal.push_back(sal0[i]);
        }
        // The map is |gradient| / max over the track: the ratios to the finite differences must agree.
        QString detail;
        int agree = 0;
        for (size_t k = 0; k < fd.size(); ++k) {
            detail += QStringLiteral(" %1/%2").arg(sal[k], 0, 'g', 4).arg(fd[k], 0, 'g', 4);
            agree += std::abs(sal[k] / fd[k] - sal[0] / fd[0]) < 0.05 * sal[0] / fd[0] ? 1 : 0;
        }
        qInfo("tutorial CNN saliency / finite difference:%s", qPrintable(detail));
        QVERIFY2(agree >= 7, qPrintable(detail));
    }

    // The 'vocal' map against the sung regions of ../shared/data/vocal/*.vocals.lab, per file:
    // mean saliency per frame inside the labelled singing over the mean outside ("track"), and
    // the median of the same ratio within single chunks that hold >= 0.5 s of both ("chunk":
    // localisation inside a 3 s chunk, free of the chunk-level weighting). Both targets.
    void vocalRegions()
    {
        const QDir dir(QStringLiteral(MIRLO_SHARED_DATA "/vocal"));
        const QStringList labs = dir.entryList({QStringLiteral("*.vocals.lab")}, QDir::Files, QDir::Name);
        QVERIFY(labs.size() >= 5);
        const int vocal = m_cpp->tags().indexOf(QStringLiteral("vocal"));
        const SaliencyTarget targets[2] = {SaliencyTarget::Probability, SaliencyTarget::Logit};
        std::vector<double> trackRatios[2], chunkRatios[2];
        for (const QString &lab : labs) {
            QFile f(dir.filePath(lab));
            QVERIFY(f.open(QIODevice::ReadOnly | QIODevice::Text));
            std::vector<std::pair<double, double>> sung;
            for (const QByteArray &line : f.readAll().split('\n')) {
                const QList<QByteArray> cols = line.simplified().split(' ');
                if (cols.size() >= 2)
                    sung.emplace_back(cols[0].toDouble(), cols[1].toDouble());
            }
            const DecodeResult d =
                decodeFile(dir.filePath(QString(lab).replace(QStringLiteral(".vocals.lab"), QStringLiteral(".ogg"))));
            QVERIFY2(d.ok, qPrintable(d.error));
            QString line = lab.section(QLatin1Char('.'), 0, 0);
            for (int k = 0; k < 2; ++k) {
                SaliencyOptions opt;
                opt.target = targets[k];
                const SaliencyMap m = tagSaliency(kModelDir, d.audio, vocal, {}, opt);
                QVERIFY2(m.ok, qPrintable(m.error));
                // Per chunk: sums and counts of frame saliency inside / outside the singing.
                const int chunks = (m.frames + m.framesPerChunk - 1) / m.framesPerChunk;
                std::vector<double> in(size_t(chunks), 0), out(size_t(chunks), 0);
                std::vector<int> nIn(size_t(chunks), 0), nOut(size_t(chunks), 0);
                for (int fr = 0; fr < m.frames; ++fr) {
                    const double t = m.frameTime(fr);
                    const bool inside = std::any_of(sung.begin(), sung.end(),
                                                    [t](const auto &r) { return t >= r.first && t < r.second; });
                    double sum = 0;
                    for (int b = 0; b < m.bands; ++b)
                        sum += m.saliency[size_t(fr) * size_t(m.bands) + size_t(b)];
                    const size_t c = size_t(fr / m.framesPerChunk);
                    (inside ? in[c] : out[c]) += sum;
                    (inside ? nIn[c] : nOut[c]) += 1;
                }
                auto total = [](const auto &v) { return std::accumulate(v.begin(), v.end(), 0.0); };
                const double track = (total(in) / total(nIn)) / (total(out) / total(nOut));
                std::vector<double> within;
                for (size_t c = 0; c < size_t(chunks); ++c)
                    if (nIn[c] >= 31 && nOut[c] >= 31)
                        within.push_back((in[c] / nIn[c]) / (out[c] / nOut[c]));
                std::sort(within.begin(), within.end());
                const double chunk = within.empty() ? NAN : within[within.size() / 2];
                trackRatios[k].push_back(track);
                if (!within.empty())
                    chunkRatios[k].push_back(chunk);
                line += QStringLiteral("  %1: track %2 chunk %3")
                            .arg(k == 0 ? QStringLiteral("probability") : QStringLiteral("logit"))
                            .arg(track, 0, 'f', 2)
                            .arg(chunk, 0, 'f', 2);
            }
            qInfo("%s", qPrintable(line));
        }
        auto median = [](std::vector<double> v) {
            std::sort(v.begin(), v.end());
            return v.empty() ? NAN : v[v.size() / 2];
        };
        for (int k = 0; k < 2; ++k)
            qInfo("%s target: median inside/outside ratio over %d files: track %.2f (min %.2f), within chunks %.2f",
                  k == 0 ? "probability" : "logit", int(labs.size()), median(trackRatios[k]),
                  *std::min_element(trackRatios[k].begin(), trackRatios[k].end()), median(chunkRatios[k]));
        // The default map (probability target) is brighter where the labels say someone sings.
        QVERIFY(median(trackRatios[0]) > 1.2);
    }

    void errors()
    {
        SaliencyMap m = tagSaliency(kModelDir, m_clip, 50);
        QVERIFY(!m.ok && m.error.contains(QStringLiteral("tag index 50")));
        m = tagSaliency(kModelDir, m_clip, -1);
        QVERIFY(!m.ok && m.error.contains(QStringLiteral("tag index -1")));
        m = tagSaliency(QStringLiteral("/nonexistent/model"), m_clip, 0);
        QVERIFY(!m.ok && m.error.contains(QStringLiteral("/nonexistent/model")));
        QString why;
        for (const char *name : {"musicnn", "fcn_mtat", "crnn"})
            QVERIFY2(saliencySupported(QString::fromLatin1(name), &why), qPrintable(why));
        // A tagger manifest of another architecture: named as unsupported.
        QTemporaryDir dir;
        QFile in(kModelDir + QStringLiteral("/model.json"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QFile out(dir.filePath(QStringLiteral("model.json")));
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(in.readAll().replace("\"name\": \"layer1\"", "\"name\": \"block1\""));
        out.close();
        QVERIFY(QFile::copy(kModelDir + QStringLiteral("/weights.safetensors"),
                            dir.filePath(QStringLiteral("weights.safetensors"))));
        QVERIFY(!saliencySupported(dir.path(), &why));
        QVERIFY2(why.contains(dir.path()) && why.contains(QStringLiteral("not supported")), qPrintable(why));
        QCOMPARE(saliencyModelTags(QStringLiteral("musicnn")), m_cpp->tags());
        m = tagSaliency(kModelDir, AudioBuffer{}, 0);
        QVERIFY(!m.ok && m.error.contains(QStringLiteral("no audio")));
    }

private:
    std::unique_ptr<TaggerModel> m_cpp;
    std::unique_ptr<MusicnnTorch> m_torch;
    Matrix m_mel;
    std::vector<float> m_refProbs;
    AudioBuffer m_clip;
    int m_vocal = -1;
};

QTEST_GUILESS_MAIN(TestTagSaliency)
#include "tst_tag_saliency.moc"
