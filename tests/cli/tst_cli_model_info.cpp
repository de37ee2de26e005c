// `mirlo-cli model-info` end to end: the presets print TUTORIAL.md's parameter
// counts, a model folder is described and its weights checked (a wrong tensor
// shape is exit 1 naming the file), --json, and usage errors.
#include "cli_runner.h"
#include "core/model/safetensors.h"
#include "core/model/tutorial_cnn_spec.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using mirlo::test::Run;
using mirlo::test::runCli;
using namespace mirlo;

namespace {

// A model folder written without torch: model.json + zero weights of the spec's tensor shapes.
bool writeFolder(const QString &dir, const TutorialCnnSpec &spec, const std::string &badTensor = {})
{
    QDir().mkpath(dir);
    QFile f(QDir(dir).filePath(QStringLiteral("model.json")));
    if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(tutorialCnnToJson(spec)).toJson()) < 0)
        return false;
    f.close();
    SafeTensorsWriter w;
    for (const CnnTensorSpec &t : cnnTensorSpecs(spec)) {
        std::vector<int64_t> shape = t.shape;
        if (t.name == badTensor)
            shape.back() += 1;
        int64_t n = 1;
        for (int64_t d : shape)
            n *= d;
        w.add(t.name, shape, std::vector<float>(size_t(n), 0.0f));
    }
    return w.save(QDir(dir).filePath(QStringLiteral("weights.safetensors")));
}

} // namespace

class TstCliModelInfo : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void presetCounts_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("total");
        QTest::addColumn<QString>("trainable");
        QTest::addColumn<QString>("nonTrainable");
        // TUTORIAL.md 2.2 (model A 6,230,689; model B 1,330,097) and 2.3 (CompactCNN genre 107,016 with
        // 106,536 trainable and 480 not; mood 106,500 with 106,020 trainable).
        QTest::newRow("A") << "instrumental_vocal"
                           << "6,230,689"
                           << "6,230,689"
                           << "0";
        QTest::newRow("B") << "instrumental_vocal_b"
                           << "1,330,097"
                           << "1,330,097"
                           << "0";
        QTest::newRow("genre") << "compact_cnn_genre"
                               << "107,016"
                               << "106,536"
                               << "480";
        QTest::newRow("mood") << "compact_cnn_mood"
                              << "106,500"
                              << "106,020"
                              << "480";
    }
    void presetCounts()
    {
        QFETCH(QString, name);
        QFETCH(QString, total);
        QFETCH(QString, trainable);
        QFETCH(QString, nonTrainable);
        const Run r = runCli({QStringLiteral("model-info"), name});
        QCOMPARE(r.exitCode, 0);
        const QString out = QString::fromUtf8(r.out);
        QVERIFY2(out.contains(QStringLiteral("Total params: ") + total + QLatin1Char('\n')), qPrintable(out));
        QVERIFY(out.contains(QStringLiteral("Trainable params: ") + trainable + QLatin1Char('\n')));
        QVERIFY(out.contains(QStringLiteral("Non-trainable params: ") + nonTrainable + QLatin1Char('\n')));
        QVERIFY(out.contains(QStringLiteral("n_fft 2048 hop 1024")));
    }

    void compactCnnLayerRows()
    {
        const Run r = runCli({QStringLiteral("model-info"), QStringLiteral("compact_cnn_genre")});
        const QString out = QString::fromUtf8(r.out);
        // Pool outputs and per-layer counts of the TUTORIAL.md 2.3 table.
        QVERIFY(out.contains(QRegularExpression(QStringLiteral("\\npool2 .* 13x5x64 "))));
        QVERIFY(out.contains(QRegularExpression(QStringLiteral("\\npool3 .* 6x1x64 "))));
        QVERIFY(out.contains(QRegularExpression(QStringLiteral("\\nconv2 .* 18,496\\n"))));
        QVERIFY(out.contains(QRegularExpression(QStringLiteral("\\nbn_0_freq .* 320 \\(160 trainable\\)\\n"))));
        QVERIFY(out.contains(QStringLiteral("Labels (8): classical, country, jazz, pop, rock, techno, blues, dance")));
    }

    void folder()
    {
        QTemporaryDir tmp;
        TutorialCnnSpec spec;
        QVERIFY(tutorialCnnPreset(QStringLiteral("compact_cnn_mood"), &spec));
        const QString dir = tmp.filePath(QStringLiteral("mood"));
        QVERIFY(writeFolder(dir, spec));
        Run r = runCli({QStringLiteral("model-info"), dir});
        QCOMPARE(r.exitCode, 0);
        const QString out = QString::fromUtf8(r.out);
        QVERIFY2(out.contains(QStringLiteral("Weights file: 106,500 values")), qPrintable(out));
        QVERIFY(out.contains(QStringLiteral("Labels (4): loud, quiet, soft, strange")));

        r = runCli({QStringLiteral("model-info"), QStringLiteral("--json"), dir});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(QStringLiteral("weight_values")).toDouble(), 106500.0);
        QCOMPARE(
            o.value(QStringLiteral("architecture")).toObject().value(QStringLiteral("parameters_total")).toDouble(),
            106500.0);
        QCOMPARE(o.value(QStringLiteral("labels")).toArray().size(), 4);

        const QString bad = tmp.filePath(QStringLiteral("bad"));
        QVERIFY(writeFolder(bad, spec, "conv2.weight"));
        r = runCli({QStringLiteral("model-info"), bad});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("weights.safetensors") && r.err.contains("conv2.weight"), r.err.constData());
    }

    void errors()
    {
        Run r = runCli({QStringLiteral("model-info"), QStringLiteral("no_such_model")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("no_such_model"));
        r = runCli({QStringLiteral("model-info")});
        QCOMPARE(r.exitCode, 2);
        QTemporaryDir tmp;
        r = runCli({QStringLiteral("model-info"), tmp.path()});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("model.json"));
    }
};

QTEST_GUILESS_MAIN(TstCliModelInfo)
#include "tst_cli_model_info.moc"
