// `mirlo-cli tag` end to end (QProcess): the embedded default model on the
// reference clip prints the reference track probabilities of
// ../shared/models/musicnn_mtat/ref/outputs.json (4 decimals) sorted, --top
// and --json agree with them, a model folder (tagger or tutorial CNN) works, and exit codes 1 (bad
// file / bad model, one stderr line naming it) and 2 (bad usage).
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "cli_runner.h"
#include "core/model/tutorial_cnn_inference.h"
#include "core/tagging/tutorial_cnn_tagging.h"

#include "../core/tagging/tutorial_cnn_fixture.h"

#include <algorithm>
#include <cmath>

namespace {

const QString kModel = QStringLiteral(MIRLO_SHARED_DATA "/../models/musicnn_mtat");
const QString kWav = kModel + QStringLiteral("/ref/clip_16k_mono_f32.wav");
const QString kFlac = kModel + QStringLiteral("/ref/clip_44k1_stereo.flac");

using mirlo::test::Run;
using mirlo::test::runCli;

QStringList lines(const QByteArray &text)
{
    return QString::fromUtf8(text).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

// Reference track probabilities, sorted highest first.
QVector<QPair<QString, double>> referenceRanking()
{
    QFile f(kModel + QStringLiteral("/ref/outputs.json"));
    QVector<QPair<QString, double>> r;
    if (!f.open(QIODevice::ReadOnly))
        return r;
    const QJsonObject track = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("track")).toObject();
    for (auto it = track.begin(); it != track.end(); ++it)
        r.append({it.key(), it.value().toDouble()});
    std::sort(r.begin(), r.end(), [](const auto &a, const auto &b) { return a.second > b.second; });
    return r;
}

} // namespace

class TstCliTag : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void defaultModelTop10()
    {
        const auto ref = referenceRanking();
        QCOMPARE(ref.size(), 50);
        for (const QString &file : {kWav, kFlac}) {
            const Run r = runCli({QStringLiteral("tag"), file});
            QVERIFY2(!r.crashed && r.exitCode == 0, r.err.constData());
            const QStringList got = lines(r.out);
            QCOMPARE(got.size(), 10);
            for (int i = 0; i < 10; ++i) {
                const QStringList f = got[i].split(QLatin1Char('\t'));
                QCOMPARE(f.size(), 2);
                QCOMPARE(f[0], ref[i].first);
                QVERIFY2(std::abs(f[1].toDouble() - ref[i].second) <= 1e-4 + 5e-5, qPrintable(got[i]));
            }
        }
    }

    void topAllAndJson()
    {
        const Run all = runCli({QStringLiteral("tag"), QStringLiteral("--top"), QStringLiteral("0"), kWav});
        QCOMPARE(all.exitCode, 0);
        QCOMPARE(lines(all.out).size(), 50);
        const Run j = runCli({QStringLiteral("tag"), QStringLiteral("--json"), QStringLiteral("--top"),
                              QStringLiteral("3"), QStringLiteral("--model"), kModel, kWav});
        QCOMPARE(j.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(j.out).object();
        QCOMPARE(o.value(QStringLiteral("model")).toString(), QStringLiteral("musicnn_mtat"));
        const QJsonArray tags = o.value(QStringLiteral("tags")).toArray();
        QCOMPARE(tags.size(), 3);
        const auto ref = referenceRanking();
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(tags[i].toArray()[0].toString(), ref[i].first);
            QVERIFY(std::abs(tags[i].toArray()[1].toDouble() - ref[i].second) <= 1e-4);
        }
        const QJsonArray starts = o.value(QStringLiteral("chunk_starts_sec")).toArray();
        QCOMPARE(starts.size(), 16);
        QCOMPARE(starts[1].toDouble(), 27000.0 / 16000.0);
    }

    void otherBuiltinModels()
    {
        // Short names resolve to the embedded fcn_mtat / crnn_mtat; their top tags on the clip
        // (outputs.json track_top5): guitar for FCN, female for CRNN.
        const Run fcn = runCli({QStringLiteral("tag"), QStringLiteral("--model"), QStringLiteral("fcn"),
                                QStringLiteral("--top"), QStringLiteral("1"), kWav});
        QCOMPARE(fcn.exitCode, 0);
        QVERIFY2(fcn.out.startsWith("guitar\t0.417"), fcn.out.constData());
        const Run crnn = runCli({QStringLiteral("tag"), QStringLiteral("--model"), QStringLiteral("crnn_mtat"),
                                 QStringLiteral("--top"), QStringLiteral("1"), kWav});
        QCOMPARE(crnn.exitCode, 0);
        QVERIFY2(crnn.out.startsWith("female\t0.318"), crnn.out.constData());
    }

    void badFileExit1()
    {
        const QString bad = QStringLiteral(MIRLO_SHARED_DATA "/formats/bad/not_audio.wav");
        const Run r = runCli({QStringLiteral("tag"), bad});
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(lines(r.err).size(), 1);
        QVERIFY2(r.err.contains("not_audio.wav"), r.err.constData());
        // A good file after a bad one is still tagged.
        const Run mixed = runCli({QStringLiteral("tag"), bad, kWav});
        QCOMPARE(mixed.exitCode, 1);
        QVERIFY(mixed.out.contains("female\t"));
    }

    // A tutorial CNN folder (here a tiny torch-free one whose output is a known
    // function of the patch mean) tags through the same command: the printed
    // probability and chunk grid equal tagFileWithTutorialCnn's.
    void tutorialCnnFolder()
    {
        QTemporaryDir dir;
        QVERIFY(mirlo::test::writeTinyTutorialCnn(dir.path(), {QStringLiteral("instrumental")}));
        QString error;
        const auto model = mirlo::TutorialCnnInference::load(dir.path(), &error);
        QVERIFY2(model, qPrintable(error));
        const mirlo::TrackTags expected = mirlo::tagFileWithTutorialCnn(*model, kWav);
        QVERIFY2(expected.ok, qPrintable(expected.error));
        const Run r = runCli({QStringLiteral("tag"), QStringLiteral("--model"), dir.path(), QStringLiteral("--json"), kWav});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject obj = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(obj.value(QStringLiteral("model")).toString(), QStringLiteral("tiny_mean"));
        const QJsonArray tags = obj.value(QStringLiteral("tags")).toArray();
        QCOMPARE(tags.size(), 1);
        QCOMPARE(tags.at(0).toArray().at(0).toString(), QStringLiteral("instrumental"));
        QVERIFY(std::abs(tags.at(0).toArray().at(1).toDouble() - double(expected.track.at(0))) < 1e-6);
        QCOMPARE(obj.value(QStringLiteral("chunk_starts_sec")).toArray().size(), int(expected.chunkStarts.size()));
        QVERIFY(expected.chunkStarts.size() > 1);
    }

    void badModelExit1()
    {
        QTemporaryDir empty;
        const Run r = runCli({QStringLiteral("tag"), QStringLiteral("--model"), empty.path(), kWav});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(lines(r.err).size(), 1);
        QVERIFY2(r.err.contains("model.json"), r.err.constData());
    }

    void usageExit2()
    {
        QCOMPARE(runCli({QStringLiteral("tag")}).exitCode, 2);
        QCOMPARE(runCli({QStringLiteral("tag"), QStringLiteral("--top"), QStringLiteral("-1"), kWav}).exitCode, 2);
        QCOMPARE(runCli({QStringLiteral("tag"), QStringLiteral("--bogus"), kWav}).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TstCliTag)
#include "tst_cli_tag.moc"
