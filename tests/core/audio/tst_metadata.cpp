// readTags / probeFile on the formats/ clips: the tags listed in
// shared/data/README.md ("Tags where set") and stream facts without decoding.
#include "core/audio/decoder.h"
#include "core/audio/metadata.h"

#include "test_audio_util.h"

#include <QtTest>

using namespace mirlo;
using namespace mirlo_test;

class TstMetadata : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void taggedClips_data()
    {
        // README table, "tags" column: every container that carries tags holds
        // the full UTF-8 album (the MP3 has ID3v2.3 besides the ID3v1 copy).
        QTest::addColumn<QString>("rel");
        QTest::newRow("wav RIFF INFO") << "formats/clip_44k_s16_stereo.wav";
        QTest::newRow("flac") << "formats/clip_44k_s16_stereo.flac";
        QTest::newRow("aiff ID3") << "formats/clip_44k_s16_stereo.aiff";
        QTest::newRow("mp3 ID3v2.3") << "formats/clip_44k_stereo.mp3";
        QTest::newRow("ogg") << "formats/clip_44k_stereo.ogg";
        QTest::newRow("opus") << "formats/clip_48k_stereo.opus";
        QTest::newRow("m4a") << "formats/clip_44k_stereo.m4a";
    }

    void taggedClips()
    {
        QFETCH(QString, rel);
        AudioFileInfo info;
        QVERIFY(readTags(sharedData(rel), info));
        QCOMPARE(info.title, QStringLiteral("Format test clip"));
        QCOMPARE(info.artist, QStringLiteral("make_synth.py"));
        QCOMPARE(info.album, QString::fromUtf8("MIR test data \u2013 formats (\u00e4\u00f6\u00fc \u266a)"));
        QCOMPARE(info.genre, QStringLiteral("Pop"));
        QCOMPARE(info.year, 2024);
        QCOMPARE(info.track, 2);
        QCOMPARE(info.comment, QStringLiteral("CC0-1.0; 5 s excerpt of synth02_pop_96bpm"));
        // audioProperties fill what FFmpeg has not set.
        QVERIFY(std::abs(info.durationSec - 5.0) < 0.1);
        QVERIFY(info.bitrateKbps > 0);
    }

    void untaggedClipHasEmptyTags()
    {
        AudioFileInfo info;
        QVERIFY(readTags(sharedData("formats/clip_44k_s24_stereo.wav"), info));
        QVERIFY(info.title.isEmpty() && info.artist.isEmpty() && info.album.isEmpty());
        QCOMPARE(info.year, 0);
        QCOMPARE(info.track, 0);
    }

    void readTagsFailsGracefully()
    {
        AudioFileInfo info;
        QVERIFY(!readTags(sharedData("formats/bad/does_not_exist.flac"), info));
        QVERIFY(!readTags(sharedData("formats"), info));
        QVERIFY(!readTags(sharedData("formats/bad/empty.wav"), info));
        readTags(sharedData("formats/bad/not_audio.wav"), info); // must not crash
        QVERIFY(info.title.isEmpty());
    }

    void probeGivesStreamFactsAndTags_data()
    {
        QTest::addColumn<QString>("rel");
        QTest::addColumn<QString>("container");
        QTest::addColumn<QString>("codec");
        QTest::addColumn<int>("rate");
        QTest::addColumn<int>("channels");
        QTest::addColumn<double>("headerSec");
        QTest::addColumn<bool>("tagged");
        // Header durations from the README: the MP3 header includes encoder padding.
        QTest::newRow("mp3") << "formats/clip_44k_stereo.mp3"
                             << "mp3"
                             << "mp3" << 44100 << 2 << 5.042 << true;
        QTest::newRow("opus") << "formats/clip_48k_stereo.opus"
                              << "ogg"
                              << "opus" << 48000 << 2 << 5.0 << true;
        QTest::newRow("m4a") << "formats/clip_44k_stereo.m4a"
                             << "mov,mp4,m4a,3gp,3g2,mj2"
                             << "aac" << 44100 << 2 << 5.0 << true;
        QTest::newRow("flac 96k") << "formats/clip_96k_s24_stereo.flac"
                                  << "flac"
                                  << "flac" << 96000 << 2 << 5.0 << false;
        QTest::newRow("wav 8k") << "formats/clip_08k_s16_mono.wav"
                                << "wav"
                                << "pcm_s16le" << 8000 << 1 << 5.0 << false;
        QTest::newRow("aiff") << "formats/clip_44k_s16_stereo.aiff"
                              << "aiff"
                              << "pcm_s16be" << 44100 << 2 << 5.0 << true;
        QTest::newRow("truncated mp3 (header)") << "formats/bad/truncated.mp3"
                                                << "mp3"
                                                << "mp3" << 44100 << 2 << 5.042 << true;
    }

    void probeGivesStreamFactsAndTags()
    {
        QFETCH(QString, rel);
        QFETCH(QString, container);
        QFETCH(QString, codec);
        QFETCH(int, rate);
        QFETCH(int, channels);
        QFETCH(double, headerSec);
        QFETCH(bool, tagged);
        const DecodeResult r = probeFile(sharedData(rel));
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY(r.audio.samples.empty()); // no decoding
        QCOMPARE(r.info.container, container);
        QCOMPARE(r.info.codec, codec);
        QCOMPARE(r.info.sampleRate, rate);
        QCOMPARE(r.info.channels, channels);
        QVERIFY2(std::abs(r.info.durationSec - headerSec) < 0.01, qPrintable(QString::number(r.info.durationSec)));
        QVERIFY(r.info.bitrateKbps > 0);
        QCOMPARE(r.info.title.isEmpty(), !tagged);
        if (tagged)
            QCOMPARE(r.info.artist, QStringLiteral("make_synth.py"));
    }

    void decodeFillsTagsUnlessDisabled()
    {
        const QString path = sharedData("formats/clip_44k_stereo.ogg");
        QCOMPARE(decodeFile(path).info.genre, QStringLiteral("Pop"));
        DecodeOptions opt;
        opt.readTags = false;
        const DecodeResult r = decodeFile(path, opt);
        QVERIFY(r.ok);
        QVERIFY(r.info.genre.isEmpty());
        QCOMPARE(r.info.codec, QStringLiteral("vorbis"));
    }
};

QTEST_GUILESS_MAIN(TstMetadata)
#include "tst_metadata.moc"
