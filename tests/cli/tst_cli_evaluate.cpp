// `mirlo-cli evaluate` end to end (QProcess) with a hand-built tutorial CNN
// (zero weights + output biases: a constant softmax, see tiny_cnn_models.h):
// the --json numbers equal evaluateModel's on the same data and the values
// known by hand; the text table shows them; --top; exit codes 1 (bad model
// folder / data, named on stderr) and 2 (bad usage).
#include "../core/tagging/tiny_cnn_models.h"
#include "cli_runner.h"
#include "core/datasets/dataset_source.h"
#include "core/tagging/model_evaluation.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using mirlo::test::Run;
using mirlo::test::runCli;

namespace {

QString shared(const char *relative)
{
    return QStringLiteral(MIRLO_SHARED_DATA "/") + QString::fromLatin1(relative);
}

bool sameNumber(const QJsonValue &json, double expected)
{
    return std::isnan(expected) ? json.isNull() : (json.isDouble() && json.toDouble() == expected);
}

} // namespace

class TstCliEvaluate : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_model, m_data;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        // mirlo-cli caches tutorial CNN patches; keep them in the temporary folder.
        qputenv("MIRLO_CACHE_DIR", m_tmp.filePath(QStringLiteral("cache")).toUtf8());
        m_model = m_tmp.filePath(QStringLiteral("model"));
        m_data = m_tmp.filePath(QStringLiteral("data"));
        // Always predicts "instrumental" (largest bias); 2 vocal + 3 instrumental + 1 synth files.
        QVERIFY(mirlo::test::writeConstantSoftmaxModel(
            m_model, {QStringLiteral("vocal"), QStringLiteral("instrumental"), QStringLiteral("synth")},
            {0.0f, 2.0f, 1.0f}));
        QVERIFY(mirlo::test::makeClassFolders(
            m_data,
            {{QStringLiteral("vocal"),
              {shared("vocal/vocal_synth02_ballad_76bpm.ogg"), shared("vocal/vocal_synth06_folk_104bpm.ogg")}},
             {QStringLiteral("instrumental"),
              {shared("instrumental/inst_synth01_pop_92bpm.ogg"), shared("instrumental/inst_synth03_rock_120bpm.ogg"),
               shared("instrumental/inst_synth05_funk_100bpm.ogg")}},
             {QStringLiteral("synth"), {shared("synth/synth01_ballad_70bpm.flac")}}}));
    }

    void jsonEqualsEvaluateModel()
    {
        const Run r = runCli({QStringLiteral("evaluate"), QStringLiteral("--model"), m_model, QStringLiteral("--data"),
                              m_data, QStringLiteral("--json")});
        QVERIFY2(!r.crashed && r.exitCode == 0, r.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(QStringLiteral("model")).toString(), m_model);
        QCOMPARE(o.value(QStringLiteral("data")).toString(), m_data);
        QCOMPARE(o.value(QStringLiteral("task")).toString(), QStringLiteral("multiclass"));

        mirlo::Dataset d;
        QString error;
        QVERIFY2(mirlo::loadDataset(m_data, d, &error), qPrintable(error));
        const mirlo::ModelEvaluation e = mirlo::evaluateModel(m_model, d);
        QVERIFY2(e.ok, qPrintable(e.error));
        const mirlo::ClassificationReport &rep = e.report;
        QCOMPARE(o.value(QStringLiteral("items")).toInt(), rep.items);
        QVERIFY(sameNumber(o.value(QStringLiteral("accuracy")), rep.accuracy));
        QVERIFY(sameNumber(o.value(QStringLiteral("macroF1")), rep.macroF1));
        QVERIFY(sameNumber(o.value(QStringLiteral("weightedF1")), rep.weightedF1));
        QVERIFY(sameNumber(o.value(QStringLiteral("macroRocAuc")), rep.macroRocAuc));
        QVERIFY(sameNumber(o.value(QStringLiteral("macroPrAuc")), rep.macroPrAuc));
        QVERIFY(sameNumber(o.value(QStringLiteral("hammingLoss")), rep.hammingLoss));
        const QJsonArray classes = o.value(QStringLiteral("classes")).toArray();
        QCOMPARE(classes.size(), 3);
        for (int c = 0; c < 3; ++c) {
            const QJsonObject jc = classes.at(c).toObject();
            const mirlo::ClassMetrics &m = rep.classes[size_t(c)];
            QCOMPARE(jc.value(QStringLiteral("name")).toString(), m.name);
            QCOMPARE(jc.value(QStringLiteral("support")).toInt(), m.support);
            QVERIFY(sameNumber(jc.value(QStringLiteral("f1")), m.f1));
            QVERIFY(sameNumber(jc.value(QStringLiteral("rocAuc")), m.rocAuc));
            QVERIFY(sameNumber(jc.value(QStringLiteral("prAuc")), m.prAuc));
        }
        // And what the weights must give: always "instrumental" -> accuracy 3/6, confusion column 1.
        QCOMPARE(o.value(QStringLiteral("accuracy")).toDouble(), 0.5);
        const QJsonArray confusion = o.value(QStringLiteral("confusion")).toArray();
        QCOMPARE(confusion.size(), 3);
        const int expected[3][3] = {{0, 2, 0}, {0, 3, 0}, {0, 1, 0}};
        for (int i = 0; i < 3; ++i)
            for (int j = 0; j < 3; ++j)
                QCOMPARE(confusion.at(i).toArray().at(j).toInt(), expected[i][j]);
        // instrumental: P 3/6, R 1, F1 = 6 / (6 + 3) = 2/3; macro F1 = 2/9.
        QVERIFY(std::abs(classes.at(1).toObject().value(QStringLiteral("f1")).toDouble() - 2.0 / 3.0) < 1e-12);
        QVERIFY(std::abs(o.value(QStringLiteral("macroF1")).toDouble() - 2.0 / 9.0) < 1e-12);
    }

    void cacheGivesSameNumbers()
    {
        const QStringList args = {
            QStringLiteral("evaluate"), QStringLiteral("--model"), m_model, QStringLiteral("--data"), m_data,
            QStringLiteral("--json")};
        const Run first = runCli(args);
        QCOMPARE(first.exitCode, 0);
        // One cache entry per file, then the same report from the cache and without it.
        const QDir cache(m_tmp.filePath(QStringLiteral("cache/features")));
        QVERIFY2(cache.entryList(QDir::Files).size() >= 6, qPrintable(cache.path()));
        const Run cached = runCli(args);
        const Run uncached = runCli(args + QStringList{QStringLiteral("--no-cache")});
        QCOMPARE(cached.exitCode, 0);
        QCOMPARE(uncached.exitCode, 0);
        QCOMPARE(cached.out, first.out);
        QCOMPARE(uncached.out, first.out);
    }

    void builtinTaggerByName()
    {
        // file,label CSV: "vocal" and "guitar" are MTAT tags, "instrumental" is not (a warning names it).
        const QString csv = m_tmp.filePath(QStringLiteral("tags.csv"));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral("file,label\n%1,vocal\n%2,guitar\n%3,instrumental\n")
                    .arg(shared("vocal/vocal_synth02_ballad_76bpm.ogg"),
                         shared("instrumental/inst_muldjord_armygeddon_guitar_040-060s.ogg"),
                         shared("instrumental/inst_synth01_pop_92bpm.ogg"))
                    .toUtf8());
        f.close();
        const Run r = runCli({QStringLiteral("evaluate"), QStringLiteral("--model"), QStringLiteral("musicnn"),
                              QStringLiteral("--data"), csv, QStringLiteral("--json")});
        QVERIFY2(!r.crashed && r.exitCode == 0, r.err.constData());
        QVERIFY2(r.err.contains("'instrumental'"), r.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(QStringLiteral("modelName")).toString(), QStringLiteral("musicnn_mtat"));
        QCOMPARE(o.value(QStringLiteral("task")).toString(), QStringLiteral("multilabel"));
        QVERIFY(!o.contains(QStringLiteral("confusion")));

        mirlo::Dataset d;
        QString error;
        QVERIFY2(mirlo::loadDataset(csv, d, &error), qPrintable(error));
        const mirlo::ModelEvaluation e = mirlo::evaluateModel(QStringLiteral("musicnn"), d);
        QVERIFY2(e.ok, qPrintable(e.error));
        const QJsonArray classes = o.value(QStringLiteral("classes")).toArray();
        QCOMPARE(classes.size(), 2);
        for (int c = 0; c < 2; ++c) {
            const QJsonObject jc = classes.at(c).toObject();
            QCOMPARE(jc.value(QStringLiteral("name")).toString(), e.report.classes[size_t(c)].name);
            QVERIFY(sameNumber(jc.value(QStringLiteral("rocAuc")), e.report.classes[size_t(c)].rocAuc));
            QVERIFY(sameNumber(jc.value(QStringLiteral("prAuc")), e.report.classes[size_t(c)].prAuc));
        }
        QVERIFY(sameNumber(o.value(QStringLiteral("hammingLoss")), e.report.hammingLoss));
        QVERIFY(sameNumber(o.value(QStringLiteral("accuracy")), e.report.accuracy));
        QVERIFY(sameNumber(o.value(QStringLiteral("macroRocAuc")), e.report.macroRocAuc));
    }

    void textTable()
    {
        const Run r =
            runCli({QStringLiteral("evaluate"), QStringLiteral("--model"), m_model, QStringLiteral("--data"), m_data});
        QVERIFY2(!r.crashed && r.exitCode == 0, r.err.constData());
        const QString out = QString::fromUtf8(r.out);
        QVERIFY2(out.contains(QRegularExpression(QStringLiteral("accuracy\\s+0\\.5000\\n"))), qPrintable(out));
        QVERIFY(out.contains(QRegularExpression(QStringLiteral("macro F1\\s+0\\.2222\\n"))));
        QVERIFY(out.contains(QRegularExpression(QStringLiteral("macro ROC-AUC\\s+0\\.5000\\n"))));
        QVERIFY(out.contains(QRegularExpression(QStringLiteral("Hamming loss\\s+0\\.5000\\n"))));
        // Per-class row of instrumental: support 3, precision 0.5, recall 1, F1 2/3, AUC 1/2, AP 3/6.
        QVERIFY2(out.contains(QRegularExpression(QStringLiteral(
                     "instrumental\\s+3\\s+0\\.5000\\s+1\\.0000\\s+0\\.6667\\s+0\\.5000\\s+0\\.5000\\n"))),
                 qPrintable(out));
        // Confusion matrix row of vocal: 0 2 0.
        QVERIFY(out.contains(QStringLiteral("Confusion matrix")));
        QVERIFY(out.contains(QRegularExpression(QStringLiteral("\\n\\s+vocal\\s+0\\s+2\\s+0\\s*\\n"))));
        QVERIFY(r.err.isEmpty());

        // --top 1: only the class with the most items gets a row.
        const Run top = runCli({QStringLiteral("evaluate"), QStringLiteral("--model"), m_model,
                                QStringLiteral("--data"), m_data, QStringLiteral("--top"), QStringLiteral("1")});
        QCOMPARE(top.exitCode, 0);
        const QString topOut = QString::fromUtf8(top.out);
        QVERIFY(topOut.contains(QRegularExpression(QStringLiteral("\\n\\s+instrumental\\s+3\\s+0\\.5000"))));
        QVERIFY(!topOut.contains(QRegularExpression(QStringLiteral("\\n\\s+synth\\s+1\\s+0\\.0000"))));
        QVERIFY(topOut.contains(QStringLiteral("1 of 3 classes")));
    }

    void errors()
    {
        // Bad model folder: exit 1, the folder named on stderr.
        const QString missing = m_tmp.filePath(QStringLiteral("no_model_here"));
        Run r =
            runCli({QStringLiteral("evaluate"), QStringLiteral("--model"), missing, QStringLiteral("--data"), m_data});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(QString::fromUtf8(r.err).contains(missing), r.err.constData());
        QVERIFY(r.out.isEmpty());
        // A folder that is not a model: its model.json is named.
        r = runCli({QStringLiteral("evaluate"), QStringLiteral("--model"), m_data, QStringLiteral("--data"), m_data});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(QString::fromUtf8(r.err).contains(m_data), r.err.constData());
        // Bad data path: exit 1, named.
        const QString noData = m_tmp.filePath(QStringLiteral("no_data"));
        r = runCli({QStringLiteral("evaluate"), QStringLiteral("--model"), m_model, QStringLiteral("--data"), noData});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(QString::fromUtf8(r.err).contains(QStringLiteral("no_data")), r.err.constData());
        // Usage: missing --data, a stray argument, a bad --top.
        r = runCli({QStringLiteral("evaluate"), QStringLiteral("--model"), m_model});
        QCOMPARE(r.exitCode, 2);
        r = runCli({QStringLiteral("evaluate"), QStringLiteral("--model"), m_model, QStringLiteral("--data"), m_data,
                    QStringLiteral("extra")});
        QCOMPARE(r.exitCode, 2);
        r = runCli({QStringLiteral("evaluate"), QStringLiteral("--model"), m_model, QStringLiteral("--data"), m_data,
                    QStringLiteral("--top"), QStringLiteral("-1")});
        QCOMPARE(r.exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TstCliEvaluate)
#include "tst_cli_evaluate.moc"
