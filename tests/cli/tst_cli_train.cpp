// `mirlo-cli train` end to end (runs mirlo-train cnn), then `mirlo-cli classify`: a short run on the
// shared vocal / instrumental clips writes a model folder that model-info
// accepts (weights match the architecture, labels from the data), the log has
// one line per epoch, and bad task / data / usage give exit codes 1 / 2; the
// one sigmoid output is "instrumental" (the tutorial's 1 = instrumental); a
// second run reads every file's features from the cache ($MIRLO_CACHE_DIR),
// --no-cache reads none; --tutorial-protocol splits 25 % test, no validation.
// Accuracy is not asserted here: 20 clips are too few for a stable number
// (measured test accuracy 0.40-0.80 over seeds); tests/ml covers learning.
#include "cli_runner.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using mirlo::test::Run;
using mirlo::test::runCli;

class TstCliTrain : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_csv;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        qputenv("MIRLO_CACHE_DIR", m_tmp.filePath(QStringLiteral("cache")).toUtf8()); // inherited by mirlo-train
        m_csv = m_tmp.filePath(QStringLiteral("data.csv"));
        QFile f(m_csv);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("file,label\n");
        int n = 0;
        for (const char *cls : {"instrumental", "vocal"}) {
            const QDir dir(QStringLiteral(MIRLO_SHARED_DATA "/") + QLatin1String(cls));
            for (const QString &name : dir.entryList({QStringLiteral("*.ogg")}, QDir::Files, QDir::Name)) {
                f.write((dir.filePath(name) + QLatin1Char(',') + QLatin1String(cls) + QLatin1Char('\n')).toUtf8());
                ++n;
            }
        }
        QVERIFY(n >= 10);
    }

    void trainsAndWritesModel()
    {
        const QString out = m_tmp.filePath(QStringLiteral("model"));
        const Run r = runCli({QStringLiteral("train"), QStringLiteral("--data"), m_csv, QStringLiteral("--task"),
                              QStringLiteral("binary"), QStringLiteral("--out"), out, QStringLiteral("--epochs"),
                              QStringLiteral("3"), QStringLiteral("--seed"), QStringLiteral("1")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString log = QString::fromUtf8(r.out);
        QCOMPARE(
            log.count(QRegularExpression(QStringLiteral("^epoch \\d+/3 loss "), QRegularExpression::MultilineOption)),
            3);
        QVERIFY(log.contains(QStringLiteral("architecture instrumental_vocal (6230689 parameters)")));
        QVERIFY2(log.contains(QStringLiteral("features: 20 files, 0 from cache")), qPrintable(log));
        QVERIFY(QFile::exists(out + QStringLiteral("/scaler.safetensors")));
        const Run info = runCli({QStringLiteral("model-info"), out});
        QVERIFY2(info.exitCode == 0, info.err.constData());
        const QString text = QString::fromUtf8(info.out);
        QVERIFY(text.contains(QStringLiteral("Weights file: 6,230,689 values")));
        QVERIFY(text.contains(QStringLiteral("Labels (1): instrumental"))); // output = P(instrumental)
    }

    void classifyWithTrainedModel()
    {
        const QString out = m_tmp.filePath(QStringLiteral("model"));
        QVERIFY(QFile::exists(out + QStringLiteral("/model.json"))); // from trainsAndWritesModel
        const QString a = QStringLiteral(MIRLO_SHARED_DATA "/formats/clip_16k_s16_mono.wav");
        const QString b = QStringLiteral(MIRLO_SHARED_DATA "/formats/clip_44k_s16_stereo.flac");
        Run r = runCli({QStringLiteral("classify"), QStringLiteral("--model"), out, a, b});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QStringList lines = QString::fromUtf8(r.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 4); // "# FILE" + one "instrumental<TAB>p" line per file
        QCOMPARE(lines.at(0), QStringLiteral("# ") + a);
        const QStringList fields = lines.at(1).split(QLatin1Char('\t'));
        QCOMPARE(fields.value(0), QStringLiteral("instrumental"));
        const double p = fields.value(1).toDouble();
        QVERIFY(p >= 0.0 && p <= 1.0);

        r = runCli({QStringLiteral("classify"), QStringLiteral("--model"), out, QStringLiteral("--json"), a});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QVERIFY(std::abs(o.value(QStringLiteral("probabilities")).toObject().value(QStringLiteral("instrumental")).toDouble() -
                         p) < 1e-4);

        r = runCli({QStringLiteral("classify"), QStringLiteral("--model"), m_tmp.filePath(QStringLiteral("none")), a});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("model.json"));
        r = runCli({QStringLiteral("classify"), a});
        QCOMPARE(r.exitCode, 2);
    }

    void cacheAndTutorialProtocol()
    {
        // Runs after trainsAndWritesModel, which filled the cache.
        const QString out = m_tmp.filePath(QStringLiteral("model2"));
        const QStringList common{QStringLiteral("train"), QStringLiteral("--data"), m_csv, QStringLiteral("--out"), out,
                                 QStringLiteral("--epochs"), QStringLiteral("1")};
        Run r = runCli(common + QStringList{QStringLiteral("--tutorial-protocol")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("features: 20 files, 20 from cache"), r.out.constData());
        QFile f(out + QStringLiteral("/model.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject training =
            QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("training")).toObject();
        QCOMPARE(training.value(QStringLiteral("protocol")).toString(), QStringLiteral("tutorial"));
        const QJsonObject split = training.value(QStringLiteral("split")).toObject();
        QCOMPARE(split.value(QStringLiteral("test")).toInt(), 5); // ceil(0.25 * 20)
        QCOMPARE(split.value(QStringLiteral("validation")).toInt(), 0); // instrumental_vocal: no validation
        QCOMPARE(split.value(QStringLiteral("train")).toInt(), 15);

        const int entries = QDir(m_tmp.filePath(QStringLiteral("cache/features"))).entryList(QDir::Files).size();
        QCOMPARE(entries, 20);
        r = runCli(common + QStringList{QStringLiteral("--no-cache")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("features: 20 files, 0 from cache"), r.out.constData());
    }

    void errors()
    {
        const QString out = m_tmp.filePath(QStringLiteral("bad"));
        Run r = runCli({QStringLiteral("train"), QStringLiteral("--data"), m_csv, QStringLiteral("--task"),
                        QStringLiteral("multilabel"), QStringLiteral("--out"), out});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("binary"));
        r = runCli({QStringLiteral("train"), QStringLiteral("--data"), m_tmp.filePath(QStringLiteral("none.csv")),
                    QStringLiteral("--out"), out});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("none.csv"));
        r = runCli({QStringLiteral("train"), QStringLiteral("--data"), m_csv});
        QCOMPARE(r.exitCode, 2);
        r = runCli({QStringLiteral("train"), QStringLiteral("--data"), m_csv, QStringLiteral("--out"), out,
                    QStringLiteral("--arch"), QStringLiteral("resnet")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(!QFile::exists(out + QStringLiteral("/model.json")));
    }
};

QTEST_GUILESS_MAIN(TstCliTrain)
#include "tst_cli_train.moc"
