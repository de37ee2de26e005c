// evaluateModel on class-folder data sets copied from shared test audio:
// * a CompactCNN with zero weights and output biases (constant softmax), whose
//   report follows by hand from the class counts alone;
// * a sigmoid "mean dB" probe (output = sigmoid(mean of the mel patch + b))
//   whose probabilities are recomputed here from the decoded patch;
// * the built-in musicnn tagger: only the tags the data names are scored and
//   the probabilities are tagFile's;
// * errors: unknown class, missing model, undecodable file, no common tag, cancel.
#include "core/audio/decoder.h"
#include "core/datasets/dataset_source.h"
#include "core/features/mel_patch.h"
#include "core/tagging/model_evaluation.h"
#include "core/tagging/tagger_model.h"
#include "core/tagging/track_tagger.h"
#include "tiny_cnn_models.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace mirlo;

namespace {

const QString kData = QStringLiteral(MIRLO_SHARED_DATA);

QString shared(const char *relative)
{
    return kData + QLatin1Char('/') + QString::fromLatin1(relative);
}

const QStringList kInstrumental = {shared("instrumental/inst_synth01_pop_92bpm.ogg"),
                                   shared("instrumental/inst_muldjord_armygeddon_guitar_040-060s.ogg"),
                                   shared("instrumental/inst_synth09_rock_140bpm.ogg")};
const QStringList kVocal = {shared("vocal/vocal_synth02_ballad_76bpm.ogg"),
                            shared("vocal/vocal_sectoid_feelings_guitar_090-110s.ogg")};
const QStringList kSynth = {shared("synth/synth01_ballad_70bpm.flac"), shared("synth/synth02_pop_96bpm.flac")};

bool near(double a, double b, double tol = 1e-9)
{
    return std::abs(a - b) <= tol;
}

// The mean of the tutorial mel patch of a file, computed here from the decoder and melPatch.
double patchMean(const QString &path)
{
    const MelPatchFeatureConfig config;
    DecodeOptions o;
    o.mono = true;
    o.targetSampleRate = config.sampleRate;
    const DecodeResult r = decodeFile(path, o);
    std::vector<float> patch;
    if (!r.ok || !melPatch(r.audio.samples.data(), r.audio.frameCount(), config, &patch))
        return std::nan("");
    return std::accumulate(patch.begin(), patch.end(), 0.0) / double(patch.size());
}

Dataset folderData(const QString &root)
{
    Dataset d;
    QString error;
    if (!datasetFromFolder(root, d, &error))
        qWarning("%s", qPrintable(error));
    return d;
}

} // namespace

class TestModelEvaluation : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void constantSoftmaxByHand();
    void meanDbBinary_data();
    void meanDbBinary();
    void taggerScoresCommonTags();
    void errors();
};

void TestModelEvaluation::constantSoftmaxByHand()
{
    QTemporaryDir tmp;
    const QString model = tmp.filePath(QStringLiteral("model"));
    // Model order vocal, Instrumental, synth (case differs from the folders on purpose).
    const QStringList labels = {QStringLiteral("vocal"), QStringLiteral("Instrumental"), QStringLiteral("synth")};
    const std::vector<float> biases = {0.2f, 1.0f, -0.5f};
    QVERIFY(mirlo::test::writeConstantSoftmaxModel(model, labels, biases));
    const QString data = tmp.filePath(QStringLiteral("data"));
    QVERIFY(mirlo::test::makeClassFolders(data, {{QStringLiteral("instrumental"), kInstrumental},
                                                 {QStringLiteral("Synth"), kSynth},
                                                 {QStringLiteral("vocal"), kVocal}}));
    int calls = 0;
    const ModelEvaluation e = evaluateModel(model, folderData(data), [&](double f, const QString &) {
        ++calls;
        return f >= 0.0 && f <= 1.0;
    });
    QVERIFY2(e.ok, qPrintable(e.error));
    QVERIFY(calls >= 7);
    QCOMPARE(e.modelName, QStringLiteral("compact_cnn_genre"));
    const ClassificationReport &r = e.report;
    QCOMPARE(r.task, ClassificationTask::MultiClass);
    QCOMPARE(r.items, 7);
    QCOMPARE(int(r.classes.size()), 3);
    for (int c = 0; c < 3; ++c)
        QCOMPARE(r.classes[size_t(c)].name, labels.at(c));
    // Every item gets softmax(0.2, 1.0, -0.5).
    const double z = std::exp(0.2) + std::exp(1.0) + std::exp(-0.5);
    QCOMPARE(int(e.probabilities.size()), 7);
    for (const std::vector<float> &p : e.probabilities) {
        QCOMPARE(int(p.size()), 3);
        QVERIFY(near(p[0], std::exp(0.2) / z, 1e-6));
        QVERIFY(near(p[1], std::exp(1.0) / z, 1e-6));
    }
    // Always "Instrumental" predicted; true counts vocal 2, Instrumental 3, synth 2 (model order).
    const std::vector<std::vector<int>> confusion = {{0, 2, 0}, {0, 3, 0}, {0, 2, 0}};
    QCOMPARE(r.confusion, confusion);
    QVERIFY(near(r.accuracy, 3.0 / 7.0));
    QVERIFY(near(r.hammingLoss, 4.0 / 7.0));
    // Instrumental: P 3/7, R 1, F1 = 2*3/(2*3 + 4 + 0) = 0.6; the others 0.
    QVERIFY(near(r.classes[1].precision, 3.0 / 7.0));
    QVERIFY(near(r.classes[1].recall, 1.0));
    QVERIFY(near(r.classes[1].f1, 0.6));
    QCOMPARE(r.classes[0].f1, 0.0);
    QVERIFY(near(r.macroF1, 0.2));
    QVERIFY(near(r.weightedF1, 3.0 * 0.6 / 7.0));
    // Constant scores: ROC-AUC 1/2 for every class, AP = the class's share of the items.
    const double share[] = {2.0 / 7.0, 3.0 / 7.0, 2.0 / 7.0};
    for (int c = 0; c < 3; ++c) {
        QVERIFY(near(r.classes[size_t(c)].rocAuc, 0.5));
        QVERIFY(near(r.classes[size_t(c)].prAuc, share[c]));
    }
    QVERIFY(near(r.macroPrAuc, 1.0 / 3.0));
}

void TestModelEvaluation::meanDbBinary_data()
{
    // Two instrumental then two vocal files. The tutorial (1.6) and melPatch divide the whole clip by
    // its peak before taking the first excerpt (165,888 samples); in the first row every file's peak
    // lies inside that excerpt, in the second it lies after it (excerpt peak / file peak 0.91-0.93).
    QTest::addColumn<QStringList>("files");
    QTest::newRow("peak in the first excerpt")
        << QStringList{shared("instrumental/inst_muldjord_armygeddon_guitar_040-060s.ogg"),
                       shared("instrumental/inst_synth03_rock_120bpm.ogg"),
                       shared("vocal/vocal_synth02_ballad_76bpm.ogg"), shared("vocal/vocal_synth04_waltz_132bpm.ogg")};
    QTest::newRow("peak after the first excerpt") << QStringList{
        shared("instrumental/inst_synth01_pop_92bpm.ogg"), shared("instrumental/inst_synth05_funk_100bpm.ogg"),
        shared("vocal/vocal_synth06_folk_104bpm.ogg"), shared("vocal/vocal_sectoid_feelings_guitar_090-110s.ogg")};
}

void TestModelEvaluation::meanDbBinary()
{
    QFETCH(QStringList, files);
    QTemporaryDir tmp;
    std::vector<double> means;
    for (const QString &f : files)
        means.push_back(patchMean(f));
    std::vector<double> sorted = means;
    std::sort(sorted.begin(), sorted.end());
    QVERIFY(sorted[1] < sorted[2]); // the threshold below separates two from two
    const float bias = float(-(sorted[1] + sorted[2]) / 2.0);
    const QString model = tmp.filePath(QStringLiteral("model"));
    QVERIFY(mirlo::test::writeMeanDbModel(model, QStringLiteral("INSTRUMENTAL"), bias));
    const QString data = tmp.filePath(QStringLiteral("data"));
    QVERIFY(mirlo::test::makeClassFolders(
        data, {{QStringLiteral("instrumental"), files.mid(0, 2)}, {QStringLiteral("vocal"), files.mid(2, 2)}}));
    const ModelEvaluation e = evaluateModel(model, folderData(data));
    QVERIFY2(e.ok, qPrintable(e.error));
    const ClassificationReport &r = e.report;
    QCOMPARE(r.task, ClassificationTask::Binary);
    // The folder matching the model's output ("instrumental", data class 0) is the positive class.
    QCOMPARE(r.classes[0].name, QStringLiteral("vocal"));
    QCOMPARE(r.classes[1].name, QStringLiteral("instrumental"));
    QCOMPARE(e.itemPaths.size(), 4);
    int correct = 0, tpPairs = 0;
    std::vector<int> positive;
    std::vector<double> expected;
    for (int i = 0; i < 4; ++i) {
        // Match the evaluated copy to its source by file name.
        const QString name = QFileInfo(e.itemPaths.at(i)).fileName();
        int src = -1;
        for (int j = 0; j < 4; ++j)
            if (QFileInfo(files.at(j)).fileName() == name)
                src = j;
        QVERIFY(src >= 0);
        const double p = 1.0 / (1.0 + std::exp(-(means[size_t(src)] + double(bias))));
        QCOMPARE(int(e.probabilities[size_t(i)].size()), 1);
        // extractCnnFeatures (shared with mirlo-train) normalises the first excerpt by the whole
        // clip's peak, as the tutorial and mirlo-cli classify: both rows agree.
        QVERIFY2(near(e.probabilities[size_t(i)][0], p, 1e-5),
                 qPrintable(QStringLiteral("%1 vs %2").arg(e.probabilities[size_t(i)][0]).arg(p)));
        const bool isInstrumental = src < 2;
        correct += (p >= 0.5) == isInstrumental;
        positive.push_back(isInstrumental);
        expected.push_back(means[size_t(src)]);
    }
    QVERIFY(near(r.accuracy, correct / 4.0));
    // ROC-AUC of "instrumental" by pair counting on the patch means (the sigmoid keeps the order).
    for (int a = 0; a < 4; ++a)
        for (int b = 0; b < 4; ++b)
            if (positive[size_t(a)] && !positive[size_t(b)])
                tpPairs += expected[size_t(a)] > expected[size_t(b)] ? 2 : (expected[size_t(a)] == expected[size_t(b)]);
    QVERIFY(near(r.classes[1].rocAuc, tpPairs / 2.0 / 4.0));
    QVERIFY(near(r.classes[0].rocAuc, r.classes[1].rocAuc));
}

void TestModelEvaluation::taggerScoresCommonTags()
{
    // file,label CSV: "vocal" and "guitar" are MTAT tags, "kazoo" is not (ignored, its item has no tag).
    QTemporaryDir tmp;
    const QString csv = tmp.filePath(QStringLiteral("labels.csv"));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QStringLiteral("file,label\n%1,vocal\n%2,guitar\n%3,kazoo\n")
                .arg(kVocal.at(0), kInstrumental.at(1), kInstrumental.at(0))
                .toUtf8());
    f.close();
    Dataset data;
    QString error;
    QVERIFY2(loadDataset(csv, data, &error), qPrintable(error));
    const ModelEvaluation e = evaluateModel(QStringLiteral("musicnn"), data);
    QVERIFY2(e.ok, qPrintable(e.error));
    QCOMPARE(e.modelName, QStringLiteral("musicnn_mtat"));
    QCOMPARE(e.report.task, ClassificationTask::MultiLabel);
    QStringList names;
    for (const ClassMetrics &c : e.report.classes)
        names << c.name;
    QStringList expectedNames = data.classes;
    expectedNames.removeAll(QStringLiteral("kazoo"));
    QCOMPARE(names, expectedNames);
    const std::unique_ptr<TaggerModel> model =
        TaggerModel::load(TaggerModel::resolveModel(QStringLiteral("musicnn")), &error);
    QVERIFY2(model, qPrintable(error));
    for (int i = 0; i < 3; ++i) {
        const TrackTags t = tagFile(*model, e.itemPaths.at(i));
        QVERIFY(t.ok);
        for (int c = 0; c < names.size(); ++c)
            QCOMPARE(e.probabilities[size_t(i)][size_t(c)], t.track[size_t(model->tags().indexOf(names.at(c)))]);
    }
    QCOMPARE(e.report.classes[size_t(names.indexOf(QStringLiteral("vocal")))].support, 1);
}

void TestModelEvaluation::errors()
{
    QTemporaryDir tmp;
    const QString model = tmp.filePath(QStringLiteral("model"));
    QVERIFY(mirlo::test::writeConstantSoftmaxModel(model, {QStringLiteral("vocal"), QStringLiteral("instrumental")},
                                                   {0.0f, 1.0f}));
    // A class the model does not know is named.
    const QString unknown = tmp.filePath(QStringLiteral("unknown"));
    QVERIFY(mirlo::test::makeClassFolders(unknown, {{QStringLiteral("drums"), kSynth.mid(0, 1)},
                                                    {QStringLiteral("vocal"), kVocal.mid(0, 1)},
                                                    {QStringLiteral("instrumental"), kInstrumental.mid(0, 1)}}));
    ModelEvaluation e = evaluateModel(model, folderData(unknown));
    QVERIFY(!e.ok);
    QVERIFY2(e.error.contains(QLatin1String("'drums'")), qPrintable(e.error));
    // A missing model folder is named.
    const QString missing = tmp.filePath(QStringLiteral("no_such_model"));
    e = evaluateModel(missing, folderData(unknown));
    QVERIFY(!e.ok);
    QVERIFY2(e.error.contains(missing), qPrintable(e.error));
    // An undecodable file stops the evaluation with its name.
    const QString bad = tmp.filePath(QStringLiteral("bad"));
    QVERIFY(
        mirlo::test::makeClassFolders(bad, {{QStringLiteral("vocal"), kVocal.mid(0, 1)},
                                            {QStringLiteral("instrumental"), {shared("formats/bad/not_audio.wav")}}}));
    e = evaluateModel(model, folderData(bad));
    QVERIFY(!e.ok);
    QVERIFY2(e.error.contains(QLatin1String("not_audio.wav")), qPrintable(e.error));
    // A tagger with no tag in common with the data.
    const QString noTags = tmp.filePath(QStringLiteral("notags"));
    QVERIFY(mirlo::test::makeClassFolders(noTags, {{QStringLiteral("kazoo"), kVocal.mid(0, 1)}}));
    e = evaluateModel(QStringLiteral("fcn"), folderData(noTags));
    QVERIFY(!e.ok);
    QVERIFY2(e.error.contains(QLatin1String("'kazoo'")), qPrintable(e.error));
    // Cancel from the progress callback.
    const QString ok = tmp.filePath(QStringLiteral("ok"));
    QVERIFY(mirlo::test::makeClassFolders(
        ok, {{QStringLiteral("vocal"), kVocal}, {QStringLiteral("instrumental"), kInstrumental}}));
    e = evaluateModel(model, folderData(ok), [](double f, const QString &) { return f < 0.3; });
    QVERIFY(!e.ok);
    QVERIFY(e.cancelled);
}

QTEST_GUILESS_MAIN(TestModelEvaluation)
#include "tst_model_evaluation.moc"
