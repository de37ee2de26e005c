// `mirlo-cli train` and `mirlo-cli evaluate` on a tutorial-style MTAT label matrix with
// --audio-root: the shared vocal / instrumental clips are copied into a mini MTAT tree
// (<hex dir>/<name>.ogg, the metadata names them .mp3 with the tutorial author's absolute
// Windows path), the label file is keyed by clip_id (1 = instrumental) with a metadata file
// beside it, and one listed clip has no audio. Training reads every present clip (one
// warning names the missing one), writes a model whose output is "instrumental", and
// evaluation of that model on the same label file scores all present clips. Without
// --audio-root the commands fail with a message saying what to give; a bad
// --ground-truth is a usage error.
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
        m_root = m_tmp.filePath(QStringLiteral("mtat"));
        m_model = m_tmp.filePath(QStringLiteral("model"));
        QDir().mkpath(m_tmp.filePath(QStringLiteral("labels")));
        m_labels = m_tmp.filePath(QStringLiteral("labels/mini_labels_subset_w_clipid.csv"));
        QByteArray labels = "clip_id,instrumental\n";
        QByteArray meta = ",clip_id,mp3_path,title\n";
        const char hex[] = "0123456789abcdef";
        int clip = 100, row = 0;
        for (const char *cls : {"instrumental", "vocal"}) {
            const QDir dir(QStringLiteral(MIRLO_SHARED_DATA "/") + QLatin1String(cls));
            for (const QString &name : dir.entryList({QStringLiteral("*.ogg")}, QDir::Files, QDir::Name)) {
                const QString sub = QString(QLatin1Char(hex[row % 16]));
                QVERIFY(QDir().mkpath(QDir(m_root).filePath(sub)));
                QVERIFY(QFile::copy(dir.filePath(name), QDir(m_root).filePath(sub + QLatin1Char('/') + name)));
                const QString mp3 = sub + QLatin1Char('/') + QFileInfo(name).completeBaseName() + QStringLiteral(".mp3");
                labels += QByteArray::number(clip) + (qstrcmp(cls, "instrumental") == 0 ? ",1.0\n" : ",0.0\n");
                meta += QByteArray::number(row) + ',' + QByteArray::number(clip) +
                        ".0,D:/Research/Data/MIR/MagnaTagATune/mp3_full/" + mp3.toUtf8() + ",t\n";
                ++clip;
                ++row;
                ++m_present;
            }
        }
        QVERIFY(m_present >= 10);
        // A listed clip whose audio the user does not have.
        labels += "999,1.0\n";
        meta += QByteArray::number(row) + ",999.0,D:/x/mp3_full/f/absent-clip-01-x-0-29.mp3,t\n";
        for (const auto &[path, text] : {std::pair{m_labels, labels},
                                         std::pair{m_tmp.filePath(QStringLiteral("labels/mini_metadata_subset.csv")), meta}}) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        }
    }

    void trainWithAudioRoot()
    {
        const Run r = runCli({QStringLiteral("train"), QStringLiteral("--data"), m_labels, QStringLiteral("--audio-root"),
                              m_root, QStringLiteral("--out"), m_model, QStringLiteral("--epochs"), QStringLiteral("1"),
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
        Run r = runCli({QStringLiteral("evaluate"), QStringLiteral("--model"), m_model, QStringLiteral("--data"),
                        m_labels});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("--audio-root") && r.err.contains("mini_labels_subset_w_clipid.csv"), r.err.constData());
        r = runCli({QStringLiteral("train"), QStringLiteral("--data"), m_labels, QStringLiteral("--out"),
                    m_tmp.filePath(QStringLiteral("m2"))});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("--audio-root"), r.err.constData());
        r = runCli({QStringLiteral("train"), QStringLiteral("--data"), m_labels, QStringLiteral("--audio-root"),
                    m_tmp.filePath(QStringLiteral("nowhere")), QStringLiteral("--out"), m_tmp.filePath(QStringLiteral("m2"))});
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
