// `mirlo-cli train` and `mirlo-cli evaluate` on a tutorial-style MTAT label matrix with
// --audio-root (mini tree of the shared clips, see mini_mtat_tree.h: .ogg files the metadata
// names .mp3 with the tutorial author's absolute Windows path, keys = clip_id, one listed
// clip without audio). Training reads every present clip (one
// warning names the missing one), writes a model whose output is "instrumental", and
// evaluation of that model on the same label file scores all present clips. Without
// --audio-root the commands fail with a message saying what to give; a bad
// --ground-truth is a usage error.
#include "../core/datasets/mini_mtat_tree.h"
#include "cli_runner.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using mirlo::test::Run;
using mirlo::test::runCli;

class TstCliMtatAudio : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_root, m_labels, m_model;
    int m_present = 0;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        qputenv("MIRLO_CACHE_DIR", m_tmp.filePath(QStringLiteral("cache")).toUtf8());
        m_model = m_tmp.filePath(QStringLiteral("model"));
        mirlo::test::MiniMtat mini;
        QVERIFY(mirlo::test::writeMiniMtat(m_tmp.path(), mini));
        m_root = mini.root;
        m_labels = mini.labels;
        m_present = mini.present;
        QVERIFY(m_present >= 10);
    }

    void trainWithAudioRoot()
    {
        const Run r =
            runCli({QStringLiteral("train"), QStringLiteral("--data"), m_labels, QStringLiteral("--audio-root"), m_root,
                    QStringLiteral("--out"), m_model, QStringLiteral("--epochs"), QStringLiteral("1"),
                    QStringLiteral("--task"), QStringLiteral("binary")});
        QVERIFY2(!r.crashed && r.exitCode == 0, r.err.constData());
        const QString err = QString::fromUtf8(r.err);
        QVERIFY2(err.contains(QStringLiteral("warning: 1 of %1 clips have no audio under %2 and are left out: 999 "
                                             "(f/absent-clip-01-x-0-29.mp3)")
                                  .arg(m_present + 1)
                                  .arg(m_root)),
                 qPrintable(err));
        QVERIFY2(r.out.contains(QStringLiteral("features: %1 files, 0 from cache").arg(m_present).toUtf8()),
                 r.out.constData());
        const Run info = runCli({QStringLiteral("model-info"), m_model});
        QVERIFY2(info.exitCode == 0, info.err.constData());
        QVERIFY(info.out.contains("Labels (1): instrumental"));
    }

    void evaluateWithAudioRoot()
    {
        QVERIFY(QFile::exists(m_model + QStringLiteral("/model.json"))); // from trainWithAudioRoot
        const Run r = runCli({QStringLiteral("evaluate"), QStringLiteral("--model"), m_model, QStringLiteral("--data"),
                              m_labels, QStringLiteral("--audio-root"), m_root, QStringLiteral("--json")});
        QVERIFY2(!r.crashed && r.exitCode == 0, r.err.constData());
        QVERIFY2(r.err.contains("999 (f/absent-clip-01-x-0-29.mp3)"), r.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(QStringLiteral("items")).toInt(), m_present);
        const double acc = o.value(QStringLiteral("accuracy")).toDouble(-1.0);
        QVERIFY(acc >= 0.0 && acc <= 1.0);
    }

    void errors()
    {
        Run r = runCli(
            {QStringLiteral("evaluate"), QStringLiteral("--model"), m_model, QStringLiteral("--data"), m_labels});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("--audio-root") && r.err.contains("mini_labels_subset_w_clipid.csv"),
                 r.err.constData());
        r = runCli({QStringLiteral("train"), QStringLiteral("--data"), m_labels, QStringLiteral("--out"),
                    m_tmp.filePath(QStringLiteral("m2"))});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("--audio-root"), r.err.constData());
        r = runCli({QStringLiteral("train"), QStringLiteral("--data"), m_labels, QStringLiteral("--audio-root"),
                    m_tmp.filePath(QStringLiteral("nowhere")), QStringLiteral("--out"),
                    m_tmp.filePath(QStringLiteral("m2"))});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("nowhere: no such audio folder"), r.err.constData());
        r = runCli({QStringLiteral("evaluate"), QStringLiteral("--model"), m_model, QStringLiteral("--data"), m_labels,
                    QStringLiteral("--ground-truth"), QStringLiteral("style")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("--ground-truth"));
    }
};

QTEST_GUILESS_MAIN(TstCliMtatAudio)
#include "tst_cli_mtat_audio.moc"
