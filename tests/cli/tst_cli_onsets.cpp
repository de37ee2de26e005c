// `mirlo-cli onsets` end to end (QProcess): text and JSON output equal the core
// detector's times, exit codes 0 / 1 / 2 with one stderr line naming the file,
// and the broken files of shared/data/formats/bad never crash.
#include "core/audio/decoder.h"
#include "core/onsets/onset_detector.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QtTest>

#include "cli_runner.h"

#include <cmath>

namespace {

const QString kData = QStringLiteral(MIRLO_SHARED_DATA);

using mirlo::test::Run;

// Every run here is an `onsets` command.
Run runCli(const QStringList &args)
{
    return mirlo::test::runCli(QStringList{QStringLiteral("onsets")} + args);
}

QStringList lines(const QByteArray &text)
{
    return QString::fromUtf8(text).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

std::vector<double> coreOnsets(const QString &path, mirlo::OnsetMethod method)
{
    mirlo::DecodeOptions o;
    o.mono = true;
    const mirlo::DecodeResult d = mirlo::decodeFile(path, o);
    if (!d.ok)
        return {};
    return mirlo::detectOnsets(d.audio.samples.data(), d.audio.frameCount(), d.audio.sampleRate,
                               mirlo::defaultOnsetDetectorParams(method))
        .onsets;
}

} // namespace

class TestCliOnsets : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void textOutputMatchesCore()
    {
        const QString file = kData + QStringLiteral("/onsets/sample.wav");
        for (const QString &name :
             {QStringLiteral("flux"), QStringLiteral("superflux"), QStringLiteral("hfc"), QStringLiteral("complex")}) {
            mirlo::OnsetMethod method;
            QVERIFY(mirlo::parseOnsetMethod(name, method));
            const Run r = runCli({QStringLiteral("--method"), name, file});
            QCOMPARE(r.exitCode, 0);
            const QStringList got = lines(r.out);
            const std::vector<double> want = coreOnsets(file, method);
            QVERIFY(!want.empty());
            QCOMPARE(size_t(got.size()), want.size());
            static const QRegularExpression number(QStringLiteral("^\\d+\\.\\d{4,}$"));
            for (int i = 0; i < got.size(); ++i) {
                QVERIFY2(number.match(got[i]).hasMatch(), qPrintable(got[i]));
                QVERIFY(std::fabs(got[i].toDouble() - want[size_t(i)]) < 1e-6);
            }
        }
    }

    void thresholdAndJson()
    {
        const QString file = kData + QStringLiteral("/onsets/sample.wav");
        const Run low = runCli({QStringLiteral("--method"), QStringLiteral("superflux"), QStringLiteral("--threshold"),
                                QStringLiteral("0.2"), QStringLiteral("--json"), file});
        const Run def = runCli({QStringLiteral("--json"), file});
        QCOMPARE(low.exitCode, 0);
        QCOMPARE(def.exitCode, 0);
        const QJsonObject lo = QJsonDocument::fromJson(low.out).object();
        const QJsonObject de = QJsonDocument::fromJson(def.out).object();
        QCOMPARE(de.value(QStringLiteral("method")).toString(), QStringLiteral("superflux"));
        QCOMPARE(de.value(QStringLiteral("fps")).toDouble(), 200.0);
        QCOMPARE(de.value(QStringLiteral("peak_picking")).toObject().value(QStringLiteral("threshold")).toDouble(),
                 1.1);
        QCOMPARE(lo.value(QStringLiteral("peak_picking")).toObject().value(QStringLiteral("threshold")).toDouble(),
                 0.2);
        // A lower threshold can only add peaks (same maxima, weaker condition).
        QVERIFY(lo.value(QStringLiteral("onsets")).toArray().size() >
                de.value(QStringLiteral("onsets")).toArray().size());
        const std::vector<double> want = coreOnsets(file, mirlo::OnsetMethod::SuperFlux);
        const QJsonArray times = de.value(QStringLiteral("onsets")).toArray();
        QCOMPARE(size_t(times.size()), want.size());
        for (int i = 0; i < times.size(); ++i)
            QVERIFY(std::fabs(times[i].toDouble() - want[size_t(i)]) < 1e-6);
    }

    void severalFilesGetHeaders()
    {
        const QString a = kData + QStringLiteral("/onsets/sample.wav");
        const QString b = kData + QStringLiteral("/onsets/stereo_sample.flac");
        const Run r = runCli({a, b});
        QCOMPARE(r.exitCode, 0);
        const QStringList got = lines(r.out);
        QCOMPARE(got.first(), QStringLiteral("# ") + a);
        QVERIFY(got.contains(QStringLiteral("# ") + b));
        const Run j = runCli({QStringLiteral("--json"), a, b});
        QCOMPARE(QJsonDocument::fromJson(j.out).array().size(), 2);
    }

    void usageErrorsExitTwo()
    {
        const QString file = kData + QStringLiteral("/onsets/sample.wav");
        for (const QStringList &args :
             {QStringList{QStringLiteral("--method"), QStringLiteral("bogus"), file},
              QStringList{QStringLiteral("--threshold"), QStringLiteral("abc"), file}, QStringList{}}) {
            const Run r = runCli(args);
            QCOMPARE(r.exitCode, 2);
            QVERIFY(r.out.isEmpty());
            QVERIFY(!r.err.isEmpty());
        }
    }

    void badInputExitsOneNamingTheFile()
    {
        const Run missing = runCli({kData + QStringLiteral("/onsets/no_such_file.wav")});
        QCOMPARE(missing.exitCode, 1);
        QCOMPARE(lines(missing.err).size(), 1);
        QVERIFY(missing.err.contains("no_such_file.wav"));
        for (const char *bad : {"corrupt_header.wav", "empty.wav", "not_audio.wav"}) {
            const Run r = runCli({kData + QStringLiteral("/formats/bad/") + QLatin1String(bad)});
            QCOMPARE(r.exitCode, 1);
            QVERIFY2(r.err.contains(bad), r.err.constData());
        }
    }

    void damagedButDecodableFilesNeverCrash()
    {
        for (const char *name : {"nan_float.wav", "oversized_data_chunk.wav", "short_10ms.wav", "silent_5s.wav",
                                 "truncated.flac", "truncated.mp3", "wav_named_mp3.mp3"}) {
            const Run r =
                runCli({QStringLiteral("--json"), kData + QStringLiteral("/formats/bad/") + QLatin1String(name)});
            QVERIFY2(!r.crashed && r.exitCode == 0, name);
            const QJsonArray onsets = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("onsets")).toArray();
            for (const QJsonValue &t : onsets) // NaN/inf cannot be JSON numbers: they would not parse as doubles
                QVERIFY2(t.isDouble() && std::isfinite(t.toDouble()) && t.toDouble() >= 0.0, name);
            if (QByteArray(name) == "short_10ms.wav" || QByteArray(name) == "silent_5s.wav")
                QVERIFY2(onsets.isEmpty(), name);
        }
    }
};

QTEST_GUILESS_MAIN(TestCliOnsets)
#include "tst_cli_onsets.moc"
