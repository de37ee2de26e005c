// `mirlo-cli train-onsets` (which runs mirlo-train) and `mirlo-cli onsets
// --method model` end to end: per-epoch lines, a loadable model folder,
// seed-reproducible training, model onsets equal to the core inference, and
// exit codes 0 / 1 / 2 with one stderr line naming the folder.
#include "core/nn/trained_onset_model.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include "cli_runner.h"

namespace {

const QString kData = QStringLiteral(MIRLO_SHARED_DATA);

using mirlo::test::Run;
using mirlo::test::runCli;

QStringList lines(const QByteArray &text)
{
    return QString::fromUtf8(text).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

// Epoch lines without their timing column.
QStringList epochLines(const QByteArray &out)
{
    QStringList result;
    for (QString l : lines(out))
        if (l.startsWith(QLatin1String("epoch ")))
            result << l.remove(QRegularExpression(QStringLiteral("\\s+[0-9.]+ s$")));
    return result;
}

} // namespace

class TstCliTrainOnsets : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_model;

private Q_SLOTS:
    void trainsAndWritesModelFolder()
    {
        QVERIFY(m_tmp.isValid());
        m_model = m_tmp.filePath(QStringLiteral("m1"));
        const QStringList args = {QStringLiteral("train-onsets"),
                                  QStringLiteral("--data"),
                                  kData + QStringLiteral("/onsets"),
                                  QStringLiteral("--out"),
                                  m_model,
                                  QStringLiteral("--epochs"),
                                  QStringLiteral("3"),
                                  QStringLiteral("--seed"),
                                  QStringLiteral("7")};
        const Run r = runCli(args);
        QVERIFY(!r.crashed);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QStringList epochs = epochLines(r.out);
        QCOMPARE(epochs.size(), 3);
        QVERIFY2(epochs[0].contains(
                     QRegularExpression(QStringLiteral("^epoch 1/3  loss [0-9.]+  val_loss [0-9.]+  val_F [0-9.]+$"))),
                 qPrintable(epochs[0]));
        QVERIFY(QFile::exists(QDir(m_model).filePath(QStringLiteral("weights.safetensors"))));

        mirlo::TrainedOnsetModel model;
        QString error;
        QVERIFY2(model.load(m_model, &error), qPrintable(error));
        const QJsonObject training = model.manifest().value(QLatin1String("training")).toObject();
        QCOMPARE(training.value(QLatin1String("seed")).toInt(), 7);
        QCOMPARE(training.value(QLatin1String("history")).toArray().size(), 3);
        QCOMPARE(training.value(QLatin1String("files")).toInt(), 3); // stereo_sample.{wav,flac,m4a} once

        // Same seed, same data: the same losses.
        const QString second = m_tmp.filePath(QStringLiteral("m2"));
        QStringList again = args;
        again[4] = second;
        const Run r2 = runCli(again);
        QCOMPARE(r2.exitCode, 0);
        QCOMPARE(epochLines(r2.out), epochs);
    }

    void modelMethodMatchesCore()
    {
        const QString wav = kData + QStringLiteral("/onsets/sample.wav");
        const Run r = runCli({QStringLiteral("onsets"), QStringLiteral("--method"), QStringLiteral("model"),
                              QStringLiteral("--model"), m_model, wav});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        mirlo::TrainedOnsetModel model;
        QVERIFY(model.load(m_model));
        const auto d = model.detectFile(wav);
        QVERIFY(d.ok);
        QStringList expected;
        for (double t : d.onsets)
            expected << QString::number(t, 'f', 6);
        QCOMPARE(lines(r.out), expected);

        const Run j = runCli({QStringLiteral("onsets"), QStringLiteral("--method"), QStringLiteral("model"),
                              QStringLiteral("--model"), m_model, QStringLiteral("--json"), wav});
        QCOMPARE(j.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(j.out).object();
        QCOMPARE(o.value(QLatin1String("method")).toString(), QStringLiteral("model"));
        QCOMPARE(o.value(QLatin1String("fps")).toDouble(), 100.0);
        QCOMPARE(o.value(QLatin1String("onsets")).toArray().size(), int(d.onsets.size()));
    }

    void exitCodes()
    {
        const QString wav = kData + QStringLiteral("/onsets/sample.wav");
        Run r = runCli({QStringLiteral("onsets"), QStringLiteral("--method"), QStringLiteral("model"), wav});
        QCOMPARE(r.exitCode, 2);
        const QString missing = m_tmp.filePath(QStringLiteral("no_such_model"));
        r = runCli({QStringLiteral("onsets"), QStringLiteral("--method"), QStringLiteral("model"),
                    QStringLiteral("--model"), missing, wav});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(lines(r.err).size(), 1);
        QVERIFY(r.err.contains(missing.toUtf8()));

        r = runCli({QStringLiteral("train-onsets"), QStringLiteral("--data"), kData + QStringLiteral("/onsets")});
        QCOMPARE(r.exitCode, 2);
        const QString empty = m_tmp.filePath(QStringLiteral("empty"));
        QDir().mkpath(empty);
        r = runCli({QStringLiteral("train-onsets"), QStringLiteral("--data"), empty, QStringLiteral("--out"),
                    m_tmp.filePath(QStringLiteral("m3"))});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains(empty.toUtf8()));
        QVERIFY(!QFile::exists(m_tmp.filePath(QStringLiteral("m3"))));
        r = runCli({QStringLiteral("train-onsets"), QStringLiteral("--data"), kData + QStringLiteral("/onsets"),
                    QStringLiteral("--out"), m_tmp.filePath(QStringLiteral("m4")), QStringLiteral("--epochs"),
                    QStringLiteral("zero")});
        QCOMPARE(r.exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TstCliTrainOnsets)
#include "tst_cli_train_onsets.moc"
