// Event list export: exact text of each format for small hand-written cases,
// round trips through the annotation reader (core/eval/annotations.h), the
// .svl XML structure, and clear errors for unwritable paths.
#include "core/io/label_export.h"

#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include <cmath>
#include <random>

using namespace mirlo;

namespace {

EventList beatsWithPositions()
{
    EventList e;
    e.times = {0.5, 1.0, 1.25, 2.0};
    e.positions = {1, 2, 3, 1};
    return e;
}

EventList onsets()
{
    EventList e;
    e.times = {0.0123456, 0.5, 3.25};
    return e;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return QByteArray();
    return f.readAll();
}

} // namespace

class TestLabelExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void plainTextExact()
    {
        QCOMPARE(formatLabels(beatsWithPositions(), LabelFormat::Text),
                 QByteArray("0.500000\t1\n1.000000\t2\n1.250000\t3\n2.000000\t1\n"));
        QCOMPARE(formatLabels(onsets(), LabelFormat::Text), QByteArray("0.012346\n0.500000\n3.250000\n"));
        QCOMPARE(formatLabels(EventList(), LabelFormat::Text), QByteArray());
    }

    void audacityExact()
    {
        QCOMPARE(formatLabels(beatsWithPositions(), LabelFormat::Audacity),
                 QByteArray("0.500000\t0.500000\t1\n1.000000\t1.000000\t2\n1.250000\t1.250000\t3\n"
                            "2.000000\t2.000000\t1\n"));
        LabelExportOptions o;
        o.label = QStringLiteral("onset");
        QCOMPARE(formatLabels(onsets(), LabelFormat::Audacity, o),
                 QByteArray("0.012346\t0.012346\tonset\n0.500000\t0.500000\tonset\n3.250000\t3.250000\tonset\n"));
        o.label = QStringLiteral("a\tb");
        QCOMPARE(formatLabels(onsets(), LabelFormat::Audacity, o).split('\n').first(),
                 QByteArray("0.012346\t0.012346\ta b"));
    }

    void sonicVisualiserCsvExact()
    {
        QCOMPARE(formatLabels(beatsWithPositions(), LabelFormat::SonicVisualiserCsv),
                 QByteArray("0.500000,1\n1.000000,2\n1.250000,3\n2.000000,1\n"));
        LabelExportOptions o;
        o.label = QStringLiteral("onset");
        QCOMPARE(formatLabels(onsets(), LabelFormat::SonicVisualiserCsv, o),
                 QByteArray("0.012346,onset\n0.500000,onset\n3.250000,onset\n"));
        o.label = QStringLiteral("say \"hi\", ok");
        QCOMPARE(formatLabels(onsets(), LabelFormat::SonicVisualiserCsv, o).split('\n').first(),
                 QByteArray("0.012346,\"say \"\"hi\"\", ok\""));
    }

    void sonicVisualiserLayerExact()
    {
        // The layout Sonic Visualiser itself writes on "Export Annotation Layer"
        // (svapp MainWindow::exportLayer + SparseOneDimensionalModel::toXml):
        // end = last frame + resolution.
        LabelExportOptions o;
        o.sampleRate = 100;
        o.layerName = QStringLiteral("Beats & <bars>");
        EventList e;
        e.times = {0.2, 0.5};
        e.positions = {1, 2};
        const QByteArray expected = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                    "<!DOCTYPE sonic-visualiser>\n"
                                    "<sv>\n"
                                    "  <data>\n"
                                    "    <model id=\"1\" name=\"Beats &amp; &lt;bars&gt;\" sampleRate=\"100\" "
                                    "start=\"20\" end=\"51\" type=\"sparse\" dimensions=\"1\" resolution=\"1\" "
                                    "notifyOnAdd=\"true\" dataset=\"0\" />\n"
                                    "    <dataset id=\"0\" dimensions=\"1\">\n"
                                    "      <point frame=\"20\" label=\"1\" />\n"
                                    "      <point frame=\"50\" label=\"2\" />\n"
                                    "    </dataset>\n"
                                    "  </data>\n"
                                    "  <display>\n"
                                    "    <layer id=\"2\" type=\"timeinstants\" name=\"Beats &amp; &lt;bars&gt;\" "
                                    "model=\"1\" plotStyle=\"0\" colourName=\"Purple\" colour=\"#c832ff\" "
                                    "darkBackground=\"false\" />\n"
                                    "  </display>\n"
                                    "</sv>\n";
        QCOMPARE(formatLabels(e, LabelFormat::SonicVisualiserSvl, o), expected);
    }

    void sonicVisualiserLayerParses()
    {
        // Random onsets at 44.1 kHz with awkward labels: well-formed XML, frames = round(t * rate), ids consistent.
        std::mt19937 rng(3);
        std::uniform_real_distribution<double> gap(0.01, 0.5);
        EventList e;
        for (double t = 0.0; t < 60.0; t += gap(rng))
            e.times.push_back(t);
        LabelExportOptions o;
        o.label = QStringLiteral("on'set \"<&>\"");
        o.sampleRate = 44100;
        QXmlStreamReader xml(formatLabels(e, LabelFormat::SonicVisualiserSvl, o));
        QString modelId, datasetRef, datasetId, layerModel, layerType;
        std::vector<qint64> frames;
        QStringList labels;
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement)
                continue;
            const auto a = xml.attributes();
            if (xml.name() == QLatin1String("model")) {
                modelId = a.value(QLatin1String("id")).toString();
                datasetRef = a.value(QLatin1String("dataset")).toString();
                QCOMPARE(a.value(QLatin1String("sampleRate")).toString(), QStringLiteral("44100"));
                QCOMPARE(a.value(QLatin1String("type")).toString(), QStringLiteral("sparse"));
                QCOMPARE(a.value(QLatin1String("dimensions")).toString(), QStringLiteral("1"));
            } else if (xml.name() == QLatin1String("dataset")) {
                datasetId = a.value(QLatin1String("id")).toString();
            } else if (xml.name() == QLatin1String("point")) {
                frames.push_back(a.value(QLatin1String("frame")).toLongLong());
                labels << a.value(QLatin1String("label")).toString();
            } else if (xml.name() == QLatin1String("layer")) {
                layerModel = a.value(QLatin1String("model")).toString();
                layerType = a.value(QLatin1String("type")).toString();
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(datasetRef, datasetId);
        QCOMPARE(layerModel, modelId);
        QCOMPARE(layerType, QStringLiteral("timeinstants"));
        QCOMPARE(frames.size(), e.times.size());
        for (size_t i = 0; i < frames.size(); ++i) {
            QCOMPARE(frames[i], qint64(std::floor(e.times[i] * 44100.0 + 0.5)));
            QCOMPARE(labels[int(i)], o.label);
        }
    }

    void roundTripsThroughTheAnnotationReader()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        std::mt19937 rng(11);
        std::uniform_real_distribution<double> gap(0.05, 0.7);
        EventList beats;
        for (double t = 0.1; t < 30.0; t += gap(rng)) {
            beats.times.push_back(t);
            beats.positions.push_back(int(beats.positions.size() % 4) + 1);
        }
        EventList plain;
        plain.times = beats.times;

        struct Case {
            const char *file;
            LabelFormat format;
            const EventList *events;
            bool positionsBack; // the reader sees the beat position as the 2nd field
        };
        const Case cases[] = {
            {"a.beats", LabelFormat::Text, &beats, true},
            {"a.onsets", LabelFormat::Text, &plain, false},
            {"a_audacity.txt", LabelFormat::Audacity, &beats, false}, // 2nd field is the end time
            {"a.csv", LabelFormat::SonicVisualiserCsv, &beats, true},
            {"b.csv", LabelFormat::SonicVisualiserCsv, &plain, false},
        };
        for (const Case &c : cases) {
            const QString path = dir.filePath(QString::fromLatin1(c.file));
            QString error;
            LabelExportOptions o;
            o.label = QStringLiteral("onset");
            QVERIFY2(exportLabels(path, *c.events, c.format, &error, o), qPrintable(error));
            EventList back;
            QVERIFY2(readEventFile(path, back, &error), qPrintable(error));
            QCOMPARE(back.times.size(), c.events->times.size());
            for (size_t i = 0; i < back.times.size(); ++i)
                QVERIFY(std::abs(back.times[i] - c.events->times[i]) <= 5e-7); // 6 decimals
            QCOMPARE(back.hasPositions(), c.positionsBack);
            if (c.positionsBack)
                QVERIFY(back.positions == c.events->positions);
            QVERIFY(validateEventTimes(back, path, &error));
        }
        // Audacity: the label column carries the positions, start == end.
        const QList<QByteArray> lines = readAll(dir.filePath(QStringLiteral("a_audacity.txt"))).split('\n');
        for (size_t i = 0; i < beats.times.size(); ++i) {
            const QList<QByteArray> f = lines.at(int(i)).split('\t');
            QCOMPARE(f.size(), 3);
            QCOMPARE(f[0], f[1]);
            QCOMPARE(f[2].toInt(), beats.positions[i]);
        }
    }

    void barPositionsFromDownbeats()
    {
        // 3/4 with a pickup of two beats; downbeats a little off the beat times.
        const std::vector<double> beats = {0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5};
        const std::vector<double> downbeats = {1.51, 2.99, 4.5};
        const EventList e = beatsWithBarPositions(beats, downbeats);
        QVERIFY(e.hasPositions());
        QVERIFY(e.times == beats);
        // pickup: 0.5 -> 2, 1.0 -> 3 (counted back from the bar length 3)
        QVERIFY(e.positions == std::vector<int>({2, 3, 1, 2, 3, 1, 2, 3, 1}));
        QCOMPARE(formatLabels(e, LabelFormat::Text).split('\n').at(2), QByteArray("1.500000\t1"));
        // No downbeats, or none near a beat: times only.
        QVERIFY(!beatsWithBarPositions(beats, {}).hasPositions());
        QVERIFY(!beatsWithBarPositions(beats, {0.75}).hasPositions());
        // A single downbeat: 4 beats per bar around it.
        QVERIFY(beatsWithBarPositions(beats, {2.5}).positions == std::vector<int>({1, 2, 3, 4, 1, 2, 3, 4, 1}));
    }

    void formatFromSuffix()
    {
        QVERIFY(labelFormatForPath(QStringLiteral("/x/song.beats")) == LabelFormat::Text);
        QVERIFY(labelFormatForPath(QStringLiteral("/x/song.TXT")) == LabelFormat::Text);
        QVERIFY(labelFormatForPath(QStringLiteral("/x/song.Csv")) == LabelFormat::SonicVisualiserCsv);
        QVERIFY(labelFormatForPath(QStringLiteral("song.svl")) == LabelFormat::SonicVisualiserSvl);
        QCOMPARE(labelFormatSuffix(LabelFormat::Audacity), QStringLiteral("txt"));
        QVERIFY(labelFormatFilter(LabelFormat::SonicVisualiserSvl).contains(QStringLiteral("*.svl")));
    }

    void errorsNameTheFile()
    {
        QTemporaryDir dir;
        const QString missing = dir.filePath(QStringLiteral("no/such/dir/out.txt"));
        QString error;
        QVERIFY(!exportLabels(missing, onsets(), LabelFormat::Audacity, &error));
        QVERIFY2(error.startsWith(missing + QStringLiteral(": cannot write")), qPrintable(error));
        QVERIFY(!QFileInfo::exists(missing));

        // A directory in the way.
        QVERIFY(!exportLabels(dir.path(), onsets(), LabelFormat::Text, &error));
        QVERIFY2(error.startsWith(dir.path() + QLatin1Char(':')), qPrintable(error));

        EventList bad = onsets();
        bad.times[1] = std::nan("");
        const QString path = dir.filePath(QStringLiteral("bad.csv"));
        QVERIFY(!exportLabels(path, bad, LabelFormat::SonicVisualiserCsv, &error));
        QCOMPARE(error, path + QStringLiteral(": event 2 has no finite time"));
        QVERIFY(!QFileInfo::exists(path));

        LabelExportOptions o;
        o.sampleRate = 0;
        QVERIFY(
            !exportLabels(dir.filePath(QStringLiteral("x.svl")), onsets(), LabelFormat::SonicVisualiserSvl, &error, o));
        QVERIFY2(error.contains(QStringLiteral("sample rate")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestLabelExport)
#include "tst_label_export.moc"
