// SafeTensors: reads the shared madmom files, round-trips, rejects damage.
#include "core/model/safetensors.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstring>

using namespace mirlo;

class TstSafeTensors : public QObject {
    Q_OBJECT
    const QString kRef = QStringLiteral(MIRLO_SHARED_DATA "/../models/madmom/ref/sample_reference.safetensors");
    const QString kNet = QStringLiteral(MIRLO_SHARED_DATA "/../models/madmom/beats_blstm/beats_blstm_1.safetensors");

private Q_SLOTS:
    void readsMadmomReference()
    {
        SafeTensors st;
        QString error;
        QVERIFY2(st.load(kRef, &error), qPrintable(error));
        // Shapes and values documented in models/madmom/README.md.
        const TensorView *intervals = st.find("beats.state_space.intervals");
        QVERIFY(intervals);
        QCOMPARE(intervals->dtype, DType::I32);
        QCOMPARE(intervals->shape, std::vector<int64_t>{82});
        const auto iv = st.ints("beats.state_space.intervals");
        QCOMPARE(iv.front(), 28);
        QCOMPARE(iv.back(), 109);
        const auto beats = st.doubles("beats.beat_times");
        QCOMPARE(int(beats.size()), 8);
        QVERIFY(qAbs(beats[0] - 0.10) < 1e-9);
        QVERIFY(qAbs(beats[7] - 2.49) < 1e-9);
        QCOMPARE(st.find("onsets.features")->shape, (std::vector<int64_t>{281, 266}));
    }

    void expectFloatsChecksShape()
    {
        SafeTensors st;
        QVERIFY(st.load(kNet));
        std::vector<float> w;
        QString error;
        QVERIFY2(st.expectFloats("layers.0.fwd.input_gate.weights", {266, 25}, w, &error), qPrintable(error));
        QCOMPARE(int(w.size()), 266 * 25);
        QVERIFY(!st.expectFloats("layers.0.fwd.input_gate.weights", {25, 266}, w, &error));
        QVERIFY(error.contains(QLatin1String("beats_blstm_1.safetensors")));
        QVERIFY(error.contains(QLatin1String("[266, 25]")));
        QVERIFY(!st.expectFloats("no.such.tensor", {1}, w, &error));
        QVERIFY(error.contains(QLatin1String("missing")));
        QVERIFY(!st.metadata().value(QStringLiteral("family")).isEmpty());
    }

    void roundTrip()
    {
        SafeTensorsWriter writer;
        writer.add("a", {2, 3}, std::vector<float>{1, 2, 3, 4, 5, 6});
        writer.add("b", {2}, std::vector<double>{0.25, -1e300});
        writer.add("c", {3}, std::vector<int32_t>{-7, 0, 7});
        writer.setMetadata(QStringLiteral("format"), QStringLiteral("pt"));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.safetensors"));
        QVERIFY(writer.save(path));
        SafeTensors st;
        QVERIFY(st.load(path));
        QCOMPARE(st.floats("a"), (std::vector<float>{1, 2, 3, 4, 5, 6}));
        QCOMPARE(st.doubles("b"), (std::vector<double>{0.25, -1e300}));
        QCOMPARE(st.ints("c"), (std::vector<int32_t>{-7, 0, 7}));
        QCOMPARE(st.metadata().value(QStringLiteral("format")), QStringLiteral("pt"));
        // Header length is a multiple of 8 and 8-byte tensors come first (aligned).
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        quint64 len = 0;
        for (int i = 7; i >= 0; --i) len = (len << 8) | quint8(bytes[i]);
        QCOMPARE(len % 8, 0u);
        const qint64 dataStart = 8 + qint64(len);
        double first = 0;
        std::memcpy(&first, bytes.constData() + dataStart, 8);
        QCOMPARE(first, 0.25);
    }

    void rejectsDamage_data()
    {
        QTest::addColumn<int>("cut");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty") << 0 << "shorter than";
        QTest::newRow("header only") << 6 << "shorter than";
        QTest::newRow("truncated header") << 40 << "damaged safetensors header";
        QTest::newRow("truncated data") << -4 << "outside the file";
    }
    void rejectsDamage()
    {
        QFETCH(int, cut);
        QFETCH(QString, expected);
        QFile f(kNet);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray bytes = f.readAll();
        bytes = cut >= 0 ? bytes.left(cut) : bytes.left(bytes.size() + cut);
        SafeTensors st;
        QString error;
        QVERIFY(!st.loadFromBytes(bytes, QStringLiteral("net.safetensors"), &error));
        QVERIFY2(error.startsWith(QLatin1String("net.safetensors: ")), qPrintable(error));
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY(st.names().empty());
    }

    void rejectsShapeMismatch()
    {
        QByteArray json = R"({"x":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})";
        while (json.size() % 8) json.append(' ');
        QByteArray bytes(8, '\0');
        bytes[0] = char(json.size());
        bytes += json + QByteArray(8, '\0');
        SafeTensors st;
        QString error;
        QVERIFY(!st.loadFromBytes(bytes, QStringLiteral("x.safetensors"), &error));
        QVERIFY2(error.contains(QLatin1String("do not match shape")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TstSafeTensors)
#include "tst_safetensors.moc"
