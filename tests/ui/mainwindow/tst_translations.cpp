// The German translation: the embedded .qm translates strings of the newer
// panels (in their tr() contexts, plural forms included), and the .ts in the
// repository has no unfinished entry and keeps every placeholder, accelerator
// and trailing ellipsis of its source texts. tst_main_window checks the menus.
// The English plural-only translation turns "%n file(s)" into "1 file" / "2 files"
// and yields to German where both are installed (as in main.cpp).
#include "ui/panels/analysis_panel.h"

#include <QComboBox>
#include <QFile>
#include <QGroupBox>
#include <QRegularExpression>
#include <QTranslator>
#include <QXmlStreamReader>
#include <QtTest>

using namespace mirlo;

namespace {

const QString kTsFile = QStringLiteral(MIRLO_TEST_DATA "/../../translations/mirlo_de.ts");
const QString kEnglishTsFile = QStringLiteral(MIRLO_TEST_DATA "/../../translations/mirlo_en.ts");

struct TsMessage {
    QString context, source;
    QStringList translations; // one, or the numerus forms
    bool numerus = false;
    QString type;             // "unfinished", "vanished", "obsolete" or empty
};

QList<TsMessage> readTs(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = path + QStringLiteral(": ") + file.errorString();
        return {};
    }
    QList<TsMessage> out;
    QString context;
    QXmlStreamReader xml(&file);
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (xml.name() == QLatin1String("message")) {
            TsMessage m;
            m.context = context;
            m.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
            while (xml.readNextStartElement()) {
                if (xml.name() == QLatin1String("source")) {
                    m.source = xml.readElementText();
                } else if (xml.name() == QLatin1String("translation")) {
                    m.type = xml.attributes().value(QLatin1String("type")).toString();
                    if (m.numerus) {
                        while (xml.readNextStartElement())
                            m.translations << xml.readElementText(); // <numerusform>
                    } else {
                        m.translations << xml.readElementText();
                    }
                } else {
                    xml.skipCurrentElement(); // <comment>, <location>, ...
                }
            }
            out << m;
        }
    }
    if (xml.hasError())
        *error = QStringLiteral("%1: line %2: %3").arg(path).arg(xml.lineNumber()).arg(xml.errorString());
    return out;
}

QStringList placeholders(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("%(?:[1-9]|n)"));
    QStringList out;
    for (auto it = re.globalMatch(text); it.hasNext();)
        out << it.next().captured();
    out.sort();
    out.removeDuplicates();
    return out;
}

int accelerators(QString text)
{
    return int(text.remove(QStringLiteral("&&")).count(QLatin1Char('&')));
}

} // namespace

class TstTranslations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void tsFileIsCompleteAndKeepsMarkup()
    {
        QString error;
        const QList<TsMessage> messages = readTs(kTsFile, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(messages.size() > 400, qPrintable(QString::number(messages.size())));
        QStringList problems;
        for (const TsMessage &m : messages) {
            const QString where = m.context + QStringLiteral(" \"") + m.source + QLatin1Char('"');
            if (!m.type.isEmpty())
                problems << where + QStringLiteral(": ") + m.type;
            if (m.translations.size() != (m.numerus ? 2 : 1)) // German has two plural forms
                problems << where + QStringLiteral(": %1 forms").arg(m.translations.size());
            for (const QString &t : m.translations) {
                if (t.isEmpty())
                    problems << where + QStringLiteral(": empty");
                QStringList want = placeholders(m.source), got = placeholders(t);
                if (m.numerus) // a singular form may spell out the count
                    want.removeAll(QStringLiteral("%n")), got.removeAll(QStringLiteral("%n"));
                if (want != got)
                    problems << where + QStringLiteral(": placeholders ") + got.join(QLatin1Char(','));
                if (accelerators(m.source) != accelerators(t))
                    problems << where + QStringLiteral(": accelerator in \"%1\"").arg(t);
                if (m.source.endsWith(QChar(0x2026)) != t.endsWith(QChar(0x2026)))
                    problems << where + QStringLiteral(": trailing ellipsis in \"%1\"").arg(t);
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void embeddedQmTranslatesNewerStrings()
    {
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(":/i18n/mirlo_de.qm")));
        QCOMPARE(translator.translate("mirlo::AnalysisPanel", "Onsets"), QStringLiteral("Einsätze"));
        QCOMPARE(translator.translate("mirlo::TagsPanel", "Tag"), QStringLiteral("Taggen"));
        QCOMPARE(translator.translate("mirlo::ClassificationView", "Confusion Matrix"),
                 QStringLiteral("Konfusionsmatrix"));
        QCOMPARE(translator.translate("mirlo::CnnTrainingPanel", "Epoch %1/%2: loss %3"),
                 QStringLiteral("Epoche %1/%2: Verlust %3"));
        QCOMPARE(translator.translate("mirlo", "Downbeats"), QStringLiteral("Taktanfänge"));

        QCoreApplication::installTranslator(&translator);
        // Plural forms through the same path tr() takes.
        QCOMPARE(QCoreApplication::translate("mirlo::LayersPanel", "%1: %n event(s)", nullptr, 1).arg(QStringLiteral("Beats")),
                 QStringLiteral("Beats: 1 Ereignis"));
        QCOMPARE(QCoreApplication::translate("mirlo::LayersPanel", "%1: %n event(s)", nullptr, 12).arg(QStringLiteral("Beats")),
                 QStringLiteral("Beats: 12 Ereignisse"));
        {
            // A panel built while the translator is installed shows German texts,
            // including the onset method names that once bypassed tr().
            AnalysisPanel panel;
            QStringList boxes;
            for (const QGroupBox *box : panel.findChildren<QGroupBox *>())
                boxes << box->title();
            QVERIFY2(boxes.contains(QStringLiteral("Einsätze")), qPrintable(boxes.join(QLatin1Char('|'))));
            const QComboBox *method = panel.methodBox();
            QVERIFY(method);
            QStringList items;
            for (int i = 0; i < method->count(); ++i)
                items << method->itemText(i);
            QVERIFY2(items.contains(QStringLiteral("Spektraler Fluss")), qPrintable(items.join(QLatin1Char('|'))));
        }
        QCoreApplication::removeTranslator(&translator);

        AnalysisPanel english; // without the translator: the source texts
        QCOMPARE(english.methodBox()->itemText(0), QStringLiteral("Spectral flux"));
    }
    void englishTsHoldsFinishedPluralFormsOnly()
    {
        QString error;
        const QList<TsMessage> english = readTs(kEnglishTsFile, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QList<TsMessage> german = readTs(kTsFile, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QStringList problems, englishKeys;
        for (const TsMessage &m : english) {
            const QString where = m.context + QStringLiteral(" \"") + m.source + QLatin1Char('"');
            englishKeys << m.context + QLatin1Char('|') + m.source;
            if (!m.numerus)
                problems << where + QStringLiteral(": not a plural form");
            if (!m.type.isEmpty())
                problems << where + QStringLiteral(": ") + m.type;
            if (m.translations.size() != 2) {
                problems << where + QStringLiteral(": %1 forms").arg(m.translations.size());
                continue;
            }
            if (m.translations.at(0) == m.translations.at(1))
                problems << where + QStringLiteral(": singular equals plural");
            for (const QString &t : m.translations) {
                if (t.contains(QStringLiteral("(s)")) && !m.source.contains(QStringLiteral("%1 file(s)")))
                    problems << where + QStringLiteral(": \"(s)\" left in \"%1\"").arg(t);
                if (placeholders(m.source) != placeholders(t))
                    problems << where + QStringLiteral(": placeholders ") + placeholders(t).join(QLatin1Char(','));
                if (m.source.endsWith(QChar(0x2026)) != t.endsWith(QChar(0x2026)))
                    problems << where + QStringLiteral(": trailing ellipsis in \"%1\"").arg(t);
            }
        }
        // Every plural German translates has an English entry too (lupdate -pluralonly ran).
        for (const TsMessage &m : german)
            if (m.numerus && !englishKeys.contains(m.context + QLatin1Char('|') + m.source))
                problems << m.context + QStringLiteral(" \"") + m.source + QStringLiteral("\": missing in mirlo_en.ts");
        QVERIFY2(english.size() >= 10, qPrintable(QString::number(english.size())));
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void embeddedEnglishQmSpellsOutPlurals()
    {
        QTranslator english;
        QVERIFY(english.load(QStringLiteral(":/i18n/mirlo_en.qm")));
        QCoreApplication::installTranslator(&english);
        QCOMPARE(QCoreApplication::translate("mirlo::MainWindow", "Opening %n file(s)…", nullptr, 1),
                 QStringLiteral("Opening 1 file…"));
        QCOMPARE(QCoreApplication::translate("mirlo::MainWindow", "Opening %n file(s)…", nullptr, 2),
                 QStringLiteral("Opening 2 files…"));
        QCOMPARE(QCoreApplication::translate("mirlo::LayersPanel", "%1: %n event(s)", nullptr, 0).arg(QStringLiteral("Beats")),
                 QStringLiteral("Beats: 0 events"));
        // Non-plural texts are not in the file: they stay the source text.
        QCOMPARE(QCoreApplication::translate("mirlo::AnalysisPanel", "Onsets"), QStringLiteral("Onsets"));

        {
            // German installed after English (as main.cpp does) wins.
            QTranslator german;
            QVERIFY(german.load(QStringLiteral(":/i18n/mirlo_de.qm")));
            QCoreApplication::installTranslator(&german);
            QCOMPARE(QCoreApplication::translate("mirlo::MainWindow", "Opening %n file(s)…", nullptr, 2),
                     QStringLiteral("Öffne 2 Dateien …"));
            QCoreApplication::removeTranslator(&german);
        }
        QCoreApplication::removeTranslator(&english);
        QCOMPARE(QCoreApplication::translate("mirlo::MainWindow", "Opening %n file(s)…", nullptr, 2),
                 QStringLiteral("Opening 2 file(s)…"));
    }
};

QTEST_MAIN(TstTranslations)
#include "tst_translations.moc"
