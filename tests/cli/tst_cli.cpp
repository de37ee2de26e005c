// mirlo-cli end to end (QProcess): JSON of `info` against shared/data/manifest.csv,
// exit codes and error lines, and `spectrogram` outputs checked on analytic sines
// (the .npy is parsed here, independently of core/io).
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>

#include "cli_runner.h"

#include <cmath>

namespace {

const QString kData = QStringLiteral(MIRLO_SHARED_DATA);

using mirlo::test::Run;
using mirlo::test::runCli;

QStringList errLines(const Run &r)
{
    return QString::fromUtf8(r.err).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

struct ManifestEntry {
    double duration = 0.0;
    int sampleRate = 0;
    int channels = 0;
};

QHash<QString, ManifestEntry> readManifest()
{
    QHash<QString, ManifestEntry> m;
    QFile f(kData + QStringLiteral("/manifest.csv"));
    if (!f.open(QIODevice::ReadOnly))
        return m;
    f.readLine(); // header: path,kind,duration_s,sample_rate,channels,...
    while (!f.atEnd()) {
        const QStringList cols = QString::fromUtf8(f.readLine()).split(QLatin1Char(','));
        if (cols.size() < 5 || cols[2].isEmpty())
            continue;
        m.insert(cols[0], {cols[2].toDouble(), cols[3].toInt(), cols[4].toInt()});
    }
    return m;
}

// Mono 16-bit PCM WAV of amplitude * sin(2 pi f t).
bool writeSineWav(const QString &path, int sampleRate, double freq, double amplitude, int samples)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    auto u32 = [&](quint32 v) { v = qToLittleEndian(v); f.write(reinterpret_cast<const char *>(&v), 4); };
    auto u16 = [&](quint16 v) { v = qToLittleEndian(v); f.write(reinterpret_cast<const char *>(&v), 2); };
    f.write("RIFF");
    u32(quint32(36 + 2 * samples));
    f.write("WAVEfmt ");
    u32(16);
    u16(1); // PCM
    u16(1); // mono
    u32(quint32(sampleRate));
    u32(quint32(2 * sampleRate));
    u16(2);
    u16(16);
    f.write("data");
    u32(quint32(2 * samples));
    for (int i = 0; i < samples; ++i) {
        const double x = amplitude * std::sin(2.0 * M_PI * freq * i / sampleRate);
        u16(quint16(qint16(std::lround(x * 32767.0))));
    }
    return true;
}

// Minimal .npy reader (format 1.0, '<f4', C order) written for this test.
struct Npy {
    int rows = 0, cols = 0;
    std::vector<float> v;
    float at(int r, int c) const { return v[size_t(r) * size_t(cols) + size_t(c)]; }
};

bool readNpyFile(const QString &path, Npy &out, QString &why)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return why = QStringLiteral("cannot open"), false;
    const QByteArray all = f.readAll();
    if (!all.startsWith(QByteArray("\x93NUMPY\x01\x00", 8)))
        return why = QStringLiteral("bad magic/version"), false;
    const int hlen = quint8(all[8]) | (quint8(all[9]) << 8);
    const QString header = QString::fromLatin1(all.mid(10, hlen));
    if ((10 + hlen) % 64 != 0)
        return why = QStringLiteral("preamble not 64-byte aligned"), false;
    if (!header.contains(QStringLiteral("'descr': '<f4'")) || !header.contains(QStringLiteral("'fortran_order': False")))
        return why = QStringLiteral("unexpected header ") + header, false;
    const int s = header.indexOf(QStringLiteral("'shape': ("));
    const int e = header.indexOf(QLatin1Char(')'), s);
    const QStringList dims = header.mid(s + 10, e - s - 10).split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (dims.size() != 2)
        return why = QStringLiteral("not 2-D: ") + header, false;
    out.rows = dims[0].trimmed().toInt();
    out.cols = dims[1].trimmed().toInt();
    const qsizetype bytes = qsizetype(out.rows) * out.cols * 4;
    if (all.size() - 10 - hlen != bytes)
        return why = QStringLiteral("data size %1 != %2").arg(all.size() - 10 - hlen).arg(bytes), false;
    out.v.resize(size_t(out.rows) * size_t(out.cols));
    std::memcpy(out.v.data(), all.constData() + 10 + hlen, size_t(bytes));
    for (float &x : out.v)
        x = qFromLittleEndian(x);
    return true;
}

int argmaxRow(const Npy &m, int r)
{
    int best = 0;
    for (int c = 1; c < m.cols; ++c)
        if (m.at(r, c) > m.at(r, best))
            best = c;
    return best;
}

// Slaney mel scale (librosa's default), written independently of core/dsp.
double hzToMelSlaney(double hz)
{
    const double fsp = 200.0 / 3.0, minLogHz = 1000.0, minLogMel = minLogHz / fsp;
    const double logstep = std::log(6.4) / 27.0;
    return hz < minLogHz ? hz / fsp : minLogMel + std::log(hz / minLogHz) / logstep;
}
double melToHzSlaney(double mel)
{
    const double fsp = 200.0 / 3.0, minLogHz = 1000.0, minLogMel = minLogHz / fsp;
    const double logstep = std::log(6.4) / 27.0;
    return mel < minLogMel ? mel * fsp : minLogHz * std::exp(logstep * (mel - minLogMel));
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString tmp(const QString &name) const { return m_tmp.filePath(name); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(QFile::exists(QStringLiteral(MIRLO_CLI_PATH)));
        QVERIFY(m_tmp.isValid());
    }

    void helpAndUsage()
    {
        Run r = runCli({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("info") && r.out.contains("spectrogram"));
        r = runCli({QStringLiteral("spectrogram"), QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("--frame") && r.out.contains("--colormap"));
        r = runCli({QStringLiteral("info"), QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("--jsonl"));

        r = runCli({});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("Usage"));
        r = runCli({QStringLiteral("frobnicate")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("frobnicate") && r.err.contains("Usage"));
        QVERIFY(r.out.isEmpty());
        r = runCli({QStringLiteral("info")});
        QCOMPARE(r.exitCode, 2);
        r = runCli({QStringLiteral("info"), QStringLiteral("--no-such-option"), kData + QStringLiteral("/beats/sample.wav")});
        QCOMPARE(r.exitCode, 2);
    }

    void spectrogramBadOptions_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("mention");
        QTest::newRow("no --out") << QStringList{} << "--out";
        QTest::newRow("bad extension") << QStringList{"--out", "x.txt"} << ".npy";
        QTest::newRow("frame < 16") << QStringList{"--out", "x.npy", "--frame", "8"} << "--frame";
        QTest::newRow("frame not a number") << QStringList{"--out", "x.npy", "--frame", "big"} << "--frame";
        QTest::newRow("hop 0") << QStringList{"--out", "x.npy", "--hop", "0"} << "--hop";
        QTest::newRow("bands 0") << QStringList{"--out", "x.npy", "--kind", "mel", "--bands", "0"} << "--bands";
        QTest::newRow("unknown kind") << QStringList{"--out", "x.npy", "--kind", "cqt"} << "--kind";
        QTest::newRow("unknown window") << QStringList{"--out", "x.npy", "--window", "kaiser"} << "--window";
        QTest::newRow("unknown colormap") << QStringList{"--out", "x.png", "--colormap", "jet"} << "--colormap";
        QTest::newRow("top-db not a number") << QStringList{"--out", "x.npy", "--top-db", "lots"} << "--top-db";
        QTest::newRow("unknown option") << QStringList{"--out", "x.npy", "--bogus"} << "bogus";
    }
    void spectrogramBadOptions()
    {
        QFETCH(QStringList, extra);
        QFETCH(QString, mention);
        QStringList args{QStringLiteral("spectrogram"), kData + QStringLiteral("/beats/sample.wav")};
        for (QString a : extra)
            args << (a.startsWith(QLatin1String("x.")) ? tmp(a) : a);
        const Run r = runCli(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(mention.toUtf8()), r.err.constData());
        QVERIFY2(!errLines(r).isEmpty(), "no message on stderr");
        QVERIFY(!QFile::exists(tmp(QStringLiteral("x.npy"))));
    }

    void infoMatchesManifest_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("tagged");
        QTest::newRow("wav s16") << "formats/clip_44k_s16_stereo.wav" << true;
        QTest::newRow("wav s24") << "formats/clip_44k_s24_stereo.wav" << false;
        QTest::newRow("wav 8k mono") << "formats/clip_08k_s16_mono.wav" << false;
        QTest::newRow("flac") << "formats/clip_44k_s16_stereo.flac" << true;
        QTest::newRow("flac 96k") << "formats/clip_96k_s24_stereo.flac" << false;
        QTest::newRow("mp3") << "formats/clip_44k_stereo.mp3" << true;
        QTest::newRow("mp3 22k mono") << "formats/clip_22k_mono.mp3" << false;
        QTest::newRow("ogg") << "formats/clip_44k_stereo.ogg" << true;
        QTest::newRow("opus") << "formats/clip_48k_stereo.opus" << true;
        QTest::newRow("m4a") << "formats/clip_44k_stereo.m4a" << true;
        QTest::newRow("truncated mp3 (ID3v2 kept)") << "formats/bad/truncated.mp3" << true;
    }
    void infoMatchesManifest()
    {
        QFETCH(QString, file);
        QFETCH(bool, tagged);
        const auto manifest = readManifest();
        QVERIFY2(manifest.contains(file), qPrintable(file));
        const ManifestEntry want = manifest.value(file);
        const QString path = kData + QLatin1Char('/') + file;
        const Run r = runCli({QStringLiteral("info"), path});
        QCOMPARE(r.exitCode, 0);
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(r.out, &pe);
        QVERIFY2(pe.error == QJsonParseError::NoError, qPrintable(pe.errorString()));
        QVERIFY(doc.isObject());
        const QJsonObject o = doc.object();
        QCOMPARE(o.value(QStringLiteral("path")).toString(), path);
        QCOMPARE(o.value(QStringLiteral("sample_rate")).toInt(), want.sampleRate);
        QCOMPARE(o.value(QStringLiteral("channels")).toInt(), want.channels);
        // The manifest gives 6 decimals (or 4 for truncated files).
        QVERIFY2(std::abs(o.value(QStringLiteral("duration")).toDouble() - want.duration) < 1.5e-3,
                 qPrintable(QStringLiteral("duration %1, manifest %2")
                                .arg(o.value(QStringLiteral("duration")).toDouble()).arg(want.duration)));
        QVERIFY(!o.value(QStringLiteral("format")).toString().isEmpty());
        QVERIFY(!o.value(QStringLiteral("codec")).toString().isEmpty());
        QVERIFY(o.value(QStringLiteral("warnings")).isArray());
        const QJsonObject tags = o.value(QStringLiteral("tags")).toObject();
        for (const char *key : {"title", "artist", "album", "genre", "year", "track", "comment"})
            QVERIFY2(tags.contains(QLatin1String(key)), key);
        if (tagged) {
            QCOMPARE(tags.value(QStringLiteral("title")).toString(), QStringLiteral("Format test clip"));
            QCOMPARE(tags.value(QStringLiteral("artist")).toString(), QStringLiteral("make_synth.py"));
            QCOMPARE(tags.value(QStringLiteral("year")).toInt(), 2024);
            QCOMPARE(tags.value(QStringLiteral("track")).toInt(), 2);
        } else {
            QVERIFY(tags.value(QStringLiteral("title")).isNull());
        }
        if (file.contains(QLatin1String("truncated")))
            QVERIFY2(!o.value(QStringLiteral("warnings")).toArray().isEmpty(), "truncation not reported");
    }

    void infoUtf8Album()
    {
        const Run r = runCli({QStringLiteral("info"), kData + QStringLiteral("/formats/clip_44k_s16_stereo.flac")});
        QCOMPARE(r.exitCode, 0);
        // Raw UTF-8 bytes (or JSON escapes) must decode to the exact album name.
        const QJsonObject tags = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("tags")).toObject();
        QCOMPARE(tags.value(QStringLiteral("album")).toString(),
                 QString::fromUtf8("MIR test data \u2013 formats (\u00e4\u00f6\u00fc \u266a)"));
    }

    void infoSeveralFiles()
    {
        const QStringList files{kData + QStringLiteral("/formats/clip_44k_s16_stereo.wav"),
                                kData + QStringLiteral("/formats/clip_22k_s16_mono.wav"),
                                kData + QStringLiteral("/beats/sample.wav")};
        Run r = runCli(QStringList{QStringLiteral("info")} + files);
        QCOMPARE(r.exitCode, 0);
        const QJsonDocument doc = QJsonDocument::fromJson(r.out);
        QVERIFY(doc.isArray());
        const QJsonArray a = doc.array();
        QCOMPARE(a.size(), 3);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(a[i].toObject().value(QStringLiteral("path")).toString(), files[i]);
        QCOMPARE(a[1].toObject().value(QStringLiteral("sample_rate")).toInt(), 22050);

        r = runCli(QStringList{QStringLiteral("info"), QStringLiteral("--jsonl")} + files);
        QCOMPARE(r.exitCode, 0);
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        for (int i = 0; i < 3; ++i) {
            const QJsonDocument line = QJsonDocument::fromJson(lines[i]);
            QVERIFY(line.isObject());
            QCOMPARE(line.object().value(QStringLiteral("path")).toString(), files[i]);
        }
    }

    void infoBadFiles_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("not audio") << "not_audio.wav";
        QTest::newRow("empty") << "empty.wav";
        QTest::newRow("corrupt header") << "corrupt_header.wav";
        QTest::newRow("missing") << "no_such_file.wav";
    }
    void infoBadFiles()
    {
        QFETCH(QString, file);
        const QString bad = kData + QStringLiteral("/formats/bad/") + file;
        const QString good = kData + QStringLiteral("/beats/sample.wav");
        Run r = runCli({QStringLiteral("info"), bad});
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(errLines(r).size(), 1);
        QVERIFY2(errLines(r).first().contains(file), r.err.constData());
        QVERIFY(errLines(r).first().startsWith(QLatin1String("mirlo-cli: ")));

        // The good file is still reported, the bad one only on stderr.
        r = runCli({QStringLiteral("info"), good, bad});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(errLines(r).size(), 1);
        const QJsonArray a = QJsonDocument::fromJson(r.out).array();
        QCOMPARE(a.size(), 1);
        QCOMPARE(a[0].toObject().value(QStringLiteral("path")).toString(), good);
    }

    void spectrogramStftSine()
    {
        // Bin-centred sine: 50 * 22050 / 1024 Hz, amplitude 0.5.
        const int sr = 22050, frame = 1024, hop = 256, n = sr;
        const int bin = 50;
        const QString wav = tmp(QStringLiteral("sine_stft.wav"));
        QVERIFY(writeSineWav(wav, sr, bin * double(sr) / frame, 0.5, n));
        const QString npy = tmp(QStringLiteral("sine_stft.npy"));
        const Run r = runCli({QStringLiteral("spectrogram"), wav, QStringLiteral("--out"), npy,
                              QStringLiteral("--frame"), QString::number(frame), QStringLiteral("--hop"),
                              QString::number(hop)});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        Npy m;
        QString why;
        QVERIFY2(readNpyFile(npy, m, why), qPrintable(why));
        QCOMPARE(m.rows, 1 + n / hop);
        QCOMPARE(m.cols, frame / 2 + 1);
        // Frames 2 .. rows-3 lie inside the signal (the padded ones mix in the mirror image).
        for (int t = 2; t < m.rows - 2; ++t)
            QCOMPARE(argmaxRow(m, t), bin);
        // |X[bin]| = A * sum(periodic Hann) / 2 = 0.5 * 512 / 2 = 128: power 16384 = 42.14 dB.
        const float expectDb = float(10.0 * std::log10(128.0 * 128.0));
        QVERIFY2(std::abs(m.at(m.rows / 2, bin) - expectDb) < 0.05f, qPrintable(QString::number(m.at(m.rows / 2, bin))));
        // Default --top-db 80: nothing below max - 80.
        float lo = m.v[0];
        for (float x : m.v) {
            QVERIFY(std::isfinite(x));
            lo = std::min(lo, x);
        }
        QVERIFY(lo >= expectDb - 80.05f);
    }

    void spectrogramOfALongFileIsTheSameOnEveryPath_data()
    {
        QTest::addColumn<QString>("input"); // empty: a 25 s sine WAV made here
        QTest::addColumn<QString>("kind");
        const QDir beats(QStringLiteral(MIRLO_SHARED_DATA "/beats"));
        const QStringList oggs = beats.entryList({QStringLiteral("*.ogg")}, QDir::Files, QDir::Name);
        QVERIFY(!oggs.isEmpty());
        QTest::newRow("music ogg stft") << beats.filePath(oggs.first()) << "stft";
        QTest::newRow("music ogg mel") << beats.filePath(oggs.first()) << "mel";
        QTest::newRow("sine wav stft") << QString() << "stft";
    }
    void spectrogramOfALongFileIsTheSameOnEveryPath()
    {
        // A long file's STFT is decoded and analysed half on each of two
        // threads; one decoding thread feeding an analysis thread (forced with
        // MIRLO_DECODE_PARTS=1), or a 3-part decode, must give the same bytes.
        QFETCH(QString, input);
        QFETCH(QString, kind);
        if (input.isEmpty()) {
            input = tmp(QStringLiteral("long_sine.wav"));
            QVERIFY(writeSineWav(input, 22050, 1234.5, 0.4, 25 * 22050));
        }
        QByteArray first;
        for (const QString &parts : {QString(), QStringLiteral("1"), QStringLiteral("3")}) {
            const QString npy = tmp(QStringLiteral("long_%1.npy").arg(parts.isEmpty() ? QStringLiteral("auto") : parts));
            QStringList env{QStringLiteral("MIRLO_CLI_TIMING=1")};
            if (!parts.isEmpty())
                env << QStringLiteral("MIRLO_DECODE_PARTS=") + parts;
            const Run r = runCli({QStringLiteral("spectrogram"), input, QStringLiteral("--out"), npy,
                                  QStringLiteral("--kind"), kind},
                                 300000, env);
            QVERIFY2(r.exitCode == 0, r.err.constData());
            // Only the automatic plain STFT takes the two-lane path.
            QCOMPARE(r.err.contains("analysed on their own threads"), parts.isEmpty() && kind == "stft");
            QFile f(npy);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray bytes = f.readAll();
            QVERIFY(bytes.size() > 1000000);
            if (first.isEmpty())
                first = bytes;
            else
                QVERIFY2(bytes == first, qPrintable(QStringLiteral("MIRLO_DECODE_PARTS=%1 differs").arg(parts)));
            QVERIFY(!QFile::exists(npy + QStringLiteral(".part")));
        }
    }

    void spectrogramMelSine()
    {
        // A tone at the centre of mel band 20 of 40 (Slaney, 0 .. Nyquist).
        const int sr = 22050, frame = 2048, hop = 512, n = 2 * sr, bands = 40, band = 20;
        const double melMax = hzToMelSlaney(sr / 2.0);
        const double centreHz = melToHzSlaney(melMax * (band + 1) / (bands + 1));
        const double f = std::round(centreHz * frame / sr) * sr / frame; // nearest bin
        const QString wav = tmp(QStringLiteral("sine_mel.wav"));
        QVERIFY(writeSineWav(wav, sr, f, 0.5, n));
        const QString npy = tmp(QStringLiteral("sine_mel.npy"));
        const Run r = runCli({QStringLiteral("spectrogram"), wav, QStringLiteral("--out"), npy,
                              QStringLiteral("--kind"), QStringLiteral("mel"), QStringLiteral("--bands"),
                              QString::number(bands), QStringLiteral("--frame"), QString::number(frame),
                              QStringLiteral("--hop"), QString::number(hop)});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        Npy m;
        QString why;
        QVERIFY2(readNpyFile(npy, m, why), qPrintable(why));
        QCOMPARE(m.rows, 1 + n / hop);
        QCOMPARE(m.cols, bands);
        for (int t = 2; t < m.rows - 2; ++t)
            QCOMPARE(argmaxRow(m, t), band);
    }

    void spectrogramResampled()
    {
        // --sr halves the rate: frames follow the resampled length (~110250 samples).
        const QString npy = tmp(QStringLiteral("resampled.npy"));
        const Run r = runCli({QStringLiteral("spectrogram"), kData + QStringLiteral("/formats/clip_44k_s16_stereo.wav"),
                              QStringLiteral("--out"), npy, QStringLiteral("--sr"), QStringLiteral("22050")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        Npy m;
        QString why;
        QVERIFY2(readNpyFile(npy, m, why), qPrintable(why));
        QVERIFY2(std::abs(m.rows - (1 + 110250 / 512)) <= 1, qPrintable(QString::number(m.rows)));
        QCOMPARE(m.cols, 1025);
    }

    void spectrogramLogfreq()
    {
        // A 440 Hz tone must peak in the log band whose range contains 440 Hz,
        // i.e. the same band for every frame, and bands are far fewer than bins.
        const int sr = 44100, n = sr;
        const QString wav = tmp(QStringLiteral("sine_log.wav"));
        QVERIFY(writeSineWav(wav, sr, 440.0, 0.5, n));
        const QString npy = tmp(QStringLiteral("sine_log.npy"));
        const Run r = runCli({QStringLiteral("spectrogram"), wav, QStringLiteral("--out"), npy,
                              QStringLiteral("--kind"), QStringLiteral("logfreq")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        Npy m;
        QString why;
        QVERIFY2(readNpyFile(npy, m, why), qPrintable(why));
        QCOMPARE(m.rows, 1 + n / 512);
        QVERIFY(m.cols > 50 && m.cols < 200); // ~ 12 per octave, 30 Hz .. 17 kHz, merged at the bottom
        const int peak = argmaxRow(m, m.rows / 2);
        for (int t = 2; t < m.rows - 2; ++t)
            QCOMPARE(argmaxRow(m, t), peak);
        // One octave up (880 Hz) must land 12 bands higher.
        const QString wav2 = tmp(QStringLiteral("sine_log2.wav"));
        QVERIFY(writeSineWav(wav2, sr, 880.0, 0.5, n));
        const Run r2 = runCli({QStringLiteral("spectrogram"), wav2, QStringLiteral("--out"), npy,
                               QStringLiteral("--kind"), QStringLiteral("logfreq")});
        QCOMPARE(r2.exitCode, 0);
        Npy m2;
        QVERIFY(readNpyFile(npy, m2, why));
        QCOMPARE(argmaxRow(m2, m2.rows / 2), peak + 12);
    }

    void spectrogramPng()
    {
        const int sr = 22050, frame = 1024, hop = 256, n = sr, bin = 100;
        const QString wav = tmp(QStringLiteral("sine_png.wav"));
        QVERIFY(writeSineWav(wav, sr, bin * double(sr) / frame, 0.5, n));
        const QString png = tmp(QStringLiteral("sine.png"));
        Run r = runCli({QStringLiteral("spectrogram"), wav, QStringLiteral("--out"), png, QStringLiteral("--frame"),
                        QString::number(frame), QStringLiteral("--hop"), QString::number(hop),
                        QStringLiteral("--colormap"), QStringLiteral("greyscale")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QImage img(png);
        QVERIFY(!img.isNull());
        QCOMPARE(img.width(), 1 + n / hop);
        QCOMPARE(img.height(), frame / 2 + 1);
        // Low frequencies at the bottom: the sine's row is bin rows above the last one.
        const int x = img.width() / 2;
        int brightest = 0;
        for (int y = 1; y < img.height(); ++y)
            if (qGray(img.pixel(x, y)) > qGray(img.pixel(x, brightest)))
                brightest = y;
        QCOMPARE(brightest, img.height() - 1 - bin);
        QVERIFY(qGray(img.pixel(x, brightest)) > qGray(img.pixel(x, 0)) + 100);

        // Mel PNG: height = bands, colour map applied (not grey), pixels vary.
        const QString png2 = tmp(QStringLiteral("mel.png"));
        r = runCli({QStringLiteral("spectrogram"), kData + QStringLiteral("/formats/clip_44k_stereo.ogg"),
                    QStringLiteral("--out"), png2, QStringLiteral("--kind"), QStringLiteral("mel"),
                    QStringLiteral("--bands"), QStringLiteral("64"), QStringLiteral("--colormap"),
                    QStringLiteral("magma")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QImage mel(png2);
        QCOMPARE(mel.height(), 64);
        QCOMPARE(mel.width(), 1 + 220500 / 512);
        QSet<QRgb> colours;
        for (int y = 0; y < mel.height(); y += 4)
            for (int xx = 0; xx < mel.width(); xx += 7)
                colours.insert(mel.pixel(xx, y));
        QVERIFY2(colours.size() > 50, qPrintable(QString::number(colours.size())));
    }

    void spectrogramShortAndSilent()
    {
        // 441 samples < one 2048-sample frame: a clear "too short" error, no crash.
        const QString npy = tmp(QStringLiteral("short.npy"));
        Run r = runCli({QStringLiteral("spectrogram"), kData + QStringLiteral("/formats/bad/short_10ms.wav"),
                        QStringLiteral("--out"), npy});
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(errLines(r).size(), 1);
        QVERIFY(r.err.contains("short_10ms.wav") && r.err.contains("too short"));
        // With a frame that fits, it works: 1 + 441 / 64 frames.
        r = runCli({QStringLiteral("spectrogram"), kData + QStringLiteral("/formats/bad/short_10ms.wav"),
                    QStringLiteral("--out"), npy, QStringLiteral("--frame"), QStringLiteral("256"),
                    QStringLiteral("--hop"), QStringLiteral("64")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        Npy m;
        QString why;
        QVERIFY2(readNpyFile(npy, m, why), qPrintable(why));
        QCOMPARE(m.rows, 1 + 441 / 64);
        QCOMPARE(m.cols, 129);

        // Digital silence: finite floor values, no NaN / -inf.
        const QString silent = tmp(QStringLiteral("silent.npy"));
        r = runCli({QStringLiteral("spectrogram"), kData + QStringLiteral("/formats/bad/silent_5s.wav"),
                    QStringLiteral("--out"), silent});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(readNpyFile(silent, m, why), qPrintable(why));
        for (float x : m.v)
            QVERIFY(std::isfinite(x));
    }

    void outputOverwritesLargerFile()
    {
        // The .npy is overwritten in place and trimmed: a smaller result must
        // not keep the tail of a previous, larger file (readNpyFile checks sizes).
        const QString npy = tmp(QStringLiteral("overwrite.npy"));
        Run r = runCli({QStringLiteral("spectrogram"), kData + QStringLiteral("/formats/clip_44k_s16_stereo.wav"),
                        QStringLiteral("--out"), npy});
        QCOMPARE(r.exitCode, 0);
        Npy m;
        QString why;
        QVERIFY2(readNpyFile(npy, m, why), qPrintable(why));
        QCOMPARE(m.rows, 1 + 220500 / 512);
        r = runCli({QStringLiteral("spectrogram"), kData + QStringLiteral("/beats/sample.wav"), QStringLiteral("--out"),
                    npy, QStringLiteral("--kind"), QStringLiteral("mel"), QStringLiteral("--bands"), QStringLiteral("20")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(readNpyFile(npy, m, why), qPrintable(why));
        QCOMPARE(m.cols, 20);
        QCOMPARE(m.rows, 1 + 123481 / 512); // sample.wav: 2.800023 s at 44.1 kHz
    }

    void spectrogramBadInput_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("not audio") << "not_audio.wav";
        QTest::newRow("empty") << "empty.wav";
        QTest::newRow("corrupt header") << "corrupt_header.wav";
    }
    void spectrogramBadInput()
    {
        QFETCH(QString, file);
        const QString out = tmp(QStringLiteral("bad.npy"));
        const Run r = runCli({QStringLiteral("spectrogram"), kData + QStringLiteral("/formats/bad/") + file,
                              QStringLiteral("--out"), out});
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(errLines(r).size(), 1);
        QVERIFY2(r.err.contains(file.toUtf8()), r.err.constData());
        QVERIFY(!QFile::exists(out));
    }

    void spectrogramNanFileIsFinite()
    {
        const QString npy = tmp(QStringLiteral("nan.npy"));
        const Run r = runCli({QStringLiteral("spectrogram"), kData + QStringLiteral("/formats/bad/nan_float.wav"),
                              QStringLiteral("--out"), npy, QStringLiteral("--kind"), QStringLiteral("mel")});
        QVERIFY(!r.crashed);
        if (r.exitCode == 1) { // rejecting with a clear error is allowed too
            QVERIFY(r.err.contains("nan_float.wav"));
            return;
        }
        QCOMPARE(r.exitCode, 0);
        Npy m;
        QString why;
        QVERIFY2(readNpyFile(npy, m, why), qPrintable(why));
        for (float x : m.v)
            QVERIFY(std::isfinite(x));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
