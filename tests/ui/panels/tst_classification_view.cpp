// The classifier evaluation view with hand-made reports (no metrics code
// involved): the confusion heat map's painted cells must have the colour map's
// colour of count / row total and show the count in a contrasting colour, the
// per-class table has one sortable row per class, the AUC bars are sorted best
// first with undefined (NaN) tags listed last as "undefined", and a 50-tag
// multi-label report replaces the matrix by a note. With MIRLO_SCREENSHOT_DIR
// set, the 2-, 8- and 50-class views are also saved there as PNGs.
#include "core/render/colour_map.h"
#include "ui/panels/classification_view.h"
#include "ui/widgets/confusion_matrix_widget.h"
#include "ui/widgets/roc_auc_bar_chart.h"

#include <QChart>
#include <QHeaderView>
#include <QLabel>
#include <QTabWidget>
#include <QTableWidget>
#include <QtTest>

#include <cmath>

using namespace mirlo;

namespace {

// Precision / recall / F1 / support straight from a confusion matrix, the textbook way.
ClassificationReport singleLabelReport(const QStringList &names, const std::vector<std::vector<int>> &confusion)
{
    ClassificationReport r;
    const size_t n = size_t(names.size());
    r.task = n == 2 ? ClassificationTask::Binary : ClassificationTask::MultiClass;
    r.confusion = confusion;
    int total = 0, correct = 0;
    for (size_t t = 0; t < n; ++t)
        for (size_t p = 0; p < n; ++p) {
            total += confusion[t][p];
            correct += t == p ? confusion[t][p] : 0;
        }
    r.items = total;
    r.accuracy = double(correct) / total;
    r.hammingLoss = 1.0 - r.accuracy;
    double f1Sum = 0, weighted = 0, rocSum = 0;
    for (size_t k = 0; k < n; ++k) {
        ClassMetrics c;
        c.name = names[int(k)];
        int predicted = 0;
        for (size_t t = 0; t < n; ++t)
            predicted += confusion[t][k];
        for (size_t p = 0; p < n; ++p)
            c.support += confusion[k][p];
        c.precision = predicted ? double(confusion[k][k]) / predicted : 0.0;
        c.recall = c.support ? double(confusion[k][k]) / c.support : 0.0;
        c.f1 = c.precision + c.recall > 0 ? 2 * c.precision * c.recall / (c.precision + c.recall) : 0.0;
        c.rocAuc = 0.5 + 0.5 * c.recall; // any distinct values do for the bars
        c.prAuc = c.precision;
        f1Sum += c.f1;
        weighted += c.f1 * c.support;
        rocSum += c.rocAuc;
        r.classes.push_back(c);
    }
    r.macroF1 = f1Sum / n;
    r.weightedF1 = weighted / total;
    r.macroRocAuc = rocSum / n;
    r.macroPrAuc = 0.6;
    return r;
}

// 50 MTAT-like tags; every 7th tag has no positive (ROC-AUC and PR-AUC undefined).
ClassificationReport multiLabelReport()
{
    ClassificationReport r;
    r.task = ClassificationTask::MultiLabel;
    r.items = 400;
    for (int k = 0; k < 50; ++k) {
        ClassMetrics c;
        c.name = k == 3 ? QStringLiteral("female vocal") : QStringLiteral("tag_%1").arg(k, 2, 10, QLatin1Char('0'));
        c.support = k % 7 == 0 ? 0 : 5 + (k * 37) % 60;
        c.rocAuc = k % 7 == 0 ? NAN : 0.45 + 0.5 * std::fmod(k * 0.618034, 1.0);
        c.prAuc = k % 7 == 0 ? NAN : 0.1 + 0.8 * std::fmod(k * 0.414214, 1.0);
        c.precision = 0.5;
        c.recall = 0.4;
        c.f1 = 2 * 0.5 * 0.4 / 0.9;
        r.classes.push_back(c);
    }
    r.accuracy = 0.1;
    r.macroF1 = 0.3;
    r.weightedF1 = 0.35;
    r.macroRocAuc = 0.78;
    r.macroPrAuc = 0.41;
    r.hammingLoss = 0.032;
    return r;
}

double luma(const QColor &c)
{
    return 0.2126 * c.red() + 0.7152 * c.green() + 0.0722 * c.blue();
}

void saveShot(QWidget *w, const QString &name)
{
    const QString dir = qEnvironmentVariable("MIRLO_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        QVERIFY(w->grab().save(dir + QLatin1Char('/') + name));
}

} // namespace

class TstClassificationView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void confusionCellsShowCountsInRowNormalisedColours()
    {
        const QStringList names{QStringLiteral("rock"), QStringLiteral("jazz"), QStringLiteral("classical")};
        const std::vector<std::vector<int>> m{{5, 1, 0}, {2, 7, 1}, {0, 0, 4}};
        ClassificationView view;
        view.resize(800, 600);
        view.setReport(singleLabelReport(names, m), QStringLiteral("three classes"));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.findChild<QTabWidget *>()->setCurrentIndex(1);
        ConfusionMatrixWidget *cm = view.confusionMatrix();
        QVERIFY(cm->isVisible());
        QCOMPARE(cm->classCount(), 3);
        QVERIFY(cm->countsVisible());
        const QImage img = cm->grab().toImage();
        const ColourLut &lut = colourLut(ColourMap::Viridis);
        const int rowTotals[] = {6, 10, 4};
        for (int t = 0; t < 3; ++t)
            for (int p = 0; p < 3; ++p) {
                const QRect r = cm->cellRect(t, p);
                QVERIFY(cm->rect().contains(r));
                const QColor expected = QColor::fromRgb(lut[size_t(std::lround(255.0 * m[t][p] / rowTotals[t]))]);
                QCOMPARE(cm->cellColour(t, p), expected);
                // A corner of the cell is free of text: it must be painted in the expected colour.
                QCOMPARE(img.pixelColor(r.topLeft() + QPoint(3, 3)), expected);
                QCOMPARE(cm->cellText(t, p), QString::number(m[t][p]));
                // The count's colour contrasts with the cell, and text is painted in it: pixels much
                // nearer the text colour than the cell colour (antialiased glyph cores).
                const QColor text = cm->textColour(t, p);
                QVERIFY2(std::abs(luma(text) - luma(expected)) > 90, qPrintable(expected.name()));
                int textPixels = 0;
                for (int y = r.top(); y <= r.bottom(); ++y)
                    for (int x = r.left(); x <= r.right(); ++x) {
                        const double l = luma(img.pixelColor(x, y));
                        textPixels += std::abs(l - luma(text)) < 0.25 * std::abs(luma(text) - luma(expected));
                    }
                QVERIFY2(textPixels > 5, qPrintable(QStringLiteral("cell %1,%2").arg(t).arg(p)));
            }
        // Row percentage in the tooltip: jazz predicted as rock = 2 of 10.
        const QString tip = cm->toolTipAt(cm->cellRect(1, 0).center());
        QVERIFY2(tip.contains(QStringLiteral("count: 2")) && tip.contains(QStringLiteral("20.0 %")), qPrintable(tip));
        QVERIFY(tip.contains(QStringLiteral("true: jazz")) && tip.contains(QStringLiteral("predicted: rock")));
        QVERIFY(cm->toolTipAt(QPoint(0, 0)).isEmpty());
    }

    void tablesListEveryClassAndSortNumerically()
    {
        const QStringList names{QStringLiteral("rock"), QStringLiteral("jazz"), QStringLiteral("classical")};
        const ClassificationReport r = singleLabelReport(names, {{5, 1, 0}, {2, 7, 1}, {0, 0, 4}});
        ClassificationView view;
        view.setReport(r, QStringLiteral("three classes"));
        QTableWidget *t = view.classTable();
        QCOMPARE(t->rowCount(), 3);
        // By name at first: classical, jazz, rock.
        QCOMPARE(t->item(0, 0)->text(), QStringLiteral("classical"));
        QCOMPARE(t->item(0, 3)->text(), QStringLiteral("1.000")); // recall 4/4
        QCOMPARE(t->item(1, 1)->text(), QStringLiteral("10"));    // jazz support
        QCOMPARE(t->item(2, 2)->text(), QStringLiteral("0.714")); // rock precision 5/7
        t->sortByColumn(2, Qt::DescendingOrder);                  // precision: classical 0.8, jazz 7/8, rock 5/7
        QCOMPARE(t->item(0, 0)->text(), QStringLiteral("jazz"));
        QCOMPARE(t->item(1, 0)->text(), QStringLiteral("classical"));
        QCOMPARE(t->item(2, 0)->text(), QStringLiteral("rock"));
        QTableWidget *s = view.summaryTable();
        QStringList metrics;
        for (int row = 0; row < s->rowCount(); ++row)
            metrics << s->item(row, 0)->text() + QLatin1Char('=') + s->item(row, 1)->text();
        QVERIFY2(metrics.contains(QStringLiteral("Accuracy=0.800  (80.0 %)")), qPrintable(metrics.join(';')));
        QVERIFY(metrics.contains(QStringLiteral("Items=20")));
    }

    void barsAreSortedBestFirst()
    {
        const QStringList names{QStringLiteral("rock"), QStringLiteral("jazz"), QStringLiteral("classical")};
        ClassificationView view;
        view.setReport(singleLabelReport(names, {{5, 1, 0}, {2, 7, 1}, {0, 0, 4}}), QString());
        RocAucBarChart *bars = view.rocAucChart();
        QCOMPARE(bars->barCount(), 3);
        // rocAuc = 0.5 + recall / 2: classical 1.0, rock 5/6, jazz 0.7.
        QCOMPARE(bars->names(), (QStringList{"classical", "rock", "jazz"}));
        QCOMPARE(bars->categoryLabels().first(), QStringLiteral("classical  1.000"));
        QVERIFY(bars->chanceLineVisible());
        bars->setMetric(RocAucBarChart::Metric::PrAuc); // prAuc = precision: jazz, classical, rock
        QCOMPARE(bars->names(), (QStringList{"jazz", "classical", "rock"}));
        QVERIFY(!bars->chanceLineVisible());
    }

    void multiLabelHidesMatrixAndListsUndefinedTags()
    {
        ClassificationView view;
        view.resize(900, 700);
        const ClassificationReport r = multiLabelReport();
        view.setReport(r, QStringLiteral("50 MTAT tags"));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(view.confusionMatrix()->isHidden());
        QCOMPARE(view.confusionMatrix()->classCount(), 0);
        auto *note = view.findChild<QLabel *>(QStringLiteral("confusionNote"));
        QVERIFY(note && !note->isHidden() && note->text().contains(QStringLiteral("multi-label")));
        QCOMPARE(view.classTable()->rowCount(), 50);
        QCOMPARE(view.classTable()->horizontalHeaderItem(0)->text(), QStringLiteral("Tag"));

        RocAucBarChart *bars = view.rocAucChart();
        QCOMPARE(bars->barCount(), 50);
        QCOMPARE(bars->categoryLabels().size(), 50);
        const std::vector<double> v = bars->values();
        int undefined = 0;
        for (size_t i = 0; i < v.size(); ++i) {
            if (std::isnan(v[i])) {
                ++undefined;
                QVERIFY(bars->categoryLabels()[int(i)].contains(QStringLiteral("undefined")));
            } else {
                QVERIFY2(undefined == 0, "an undefined tag above a defined one");
                if (i > 0)
                    QVERIFY(v[i] <= v[i - 1]);
            }
        }
        QCOMPARE(undefined, 8); // tags 0, 7, ..., 49
        // Every tag gets at least a text line of the plot (the chart scrolls instead of squeezing).
        view.findChild<QTabWidget *>()->setCurrentIndex(2);
        QTest::qWait(20);
        const double pitch = bars->chart()->plotArea().height() / 50.0;
        QVERIFY2(pitch >= QFontMetrics(bars->font()).height(), qPrintable(QString::number(pitch)));
        QCOMPARE(bars->undefinedNames().size(), 8);
        QVERIFY(bars->undefinedNames().contains(QStringLiteral("tag_49")));
        auto *undefinedNote = bars->findChild<QLabel *>(QStringLiteral("aucUndefinedNote"));
        QVERIFY(undefinedNote && undefinedNote->text().contains(QStringLiteral("tag_07")));
        // NaN sorts below every number in the table as well.
        QTableWidget *t = view.classTable();
        t->sortByColumn(5, Qt::DescendingOrder);
        QCOMPARE(t->item(49, 5)->text(), QStringLiteral("undefined"));
        QVERIFY(t->item(0, 5)->text() != QStringLiteral("undefined"));
    }

    void matrixFitsSmallAndLargeWidgets_data()
    {
        QTest::addColumn<int>("classes");
        QTest::addColumn<QSize>("size");
        QTest::newRow("2 small") << 2 << QSize(260, 200);
        QTest::newRow("8 small") << 8 << QSize(320, 260);
        QTest::newRow("8 large") << 8 << QSize(1400, 1000);
        QTest::newRow("50 medium") << 50 << QSize(900, 700);
    }
    void matrixFitsSmallAndLargeWidgets()
    {
        QFETCH(int, classes);
        QFETCH(QSize, size);
        QStringList names;
        std::vector<std::vector<int>> m(size_t(classes), std::vector<int>(size_t(classes), 1));
        for (int k = 0; k < classes; ++k) {
            names << QStringLiteral("class name %1").arg(k);
            m[size_t(k)][size_t(k)] = 30;
        }
        ConfusionMatrixWidget cm;
        cm.setMatrix(names, m);
        cm.resize(size);
        const QRect all = cm.cellRect(0, 0).united(cm.cellRect(classes - 1, classes - 1));
        QVERIFY2(cm.rect().contains(all), qPrintable(QStringLiteral("%1x%2").arg(all.width()).arg(all.height())));
        QVERIFY(all.width() >= classes); // at least a pixel per cell
        QCOMPARE(cm.cellRect(0, 1).left(), cm.cellRect(0, 0).right() + 1);
        if (classes == 50)
            QVERIFY(cm.columnLabelsSlanted());
        QVERIFY(!cm.grab().isNull());
    }

    void screenshots()
    {
        if (qEnvironmentVariableIsEmpty("MIRLO_SCREENSHOT_DIR"))
            QSKIP("MIRLO_SCREENSHOT_DIR not set");
        const QStringList genres{"blues", "classical", "country", "disco", "hiphop", "jazz", "metal", "reggae"};
        std::vector<std::vector<int>> g(8, std::vector<int>(8, 0));
        for (int t = 0; t < 8; ++t)
            for (int p = 0; p < 8; ++p)
                g[size_t(t)][size_t(p)] = t == p ? 30 + 5 * t : (t * 3 + p * 5) % 7 == 0 ? 6 : (t + p) % 4;
        const struct {
            ClassificationReport report;
            QString name, title;
            QSize size;
        } shots[] = {
            {singleLabelReport({"instrumental", "vocal"}, {{182, 28}, {35, 175}}), "2",
             "instrumental vs vocal, test split (420 items)", QSize(640, 480)},
            {singleLabelReport(genres, g), "8", "genre on test split (8 classes)", QSize(1000, 720)},
            {multiLabelReport(), "50", "musicnn_mtat on MTAT test (50 tags)", QSize(1000, 760)},
        };
        for (const auto &s : shots) {
            ClassificationView view;
            view.resize(s.size);
            view.setReport(s.report, s.title);
            view.show();
            QVERIFY(QTest::qWaitForWindowExposed(&view));
            auto *tabs = view.findChild<QTabWidget *>();
            const char *tabNames[] = {"metrics", "confusion", "auc"};
            for (int i = 0; i < 3; ++i) {
                tabs->setCurrentIndex(i);
                QTest::qWait(50);
                saveShot(&view, QStringLiteral("h4_%1_%2.png").arg(s.name, QLatin1String(tabNames[i])));
            }
            view.rocAucChart()->setMetric(RocAucBarChart::Metric::Both);
            QTest::qWait(50);
            saveShot(&view, QStringLiteral("h4_%1_auc_both.png").arg(s.name));
            view.rocAucChart()->setMetric(RocAucBarChart::Metric::RocAuc);
            view.resize(420, 320);
            tabs->setCurrentIndex(1);
            QTest::qWait(50);
            saveShot(&view, QStringLiteral("h4_%1_confusion_small.png").arg(s.name));
            tabs->setCurrentIndex(2);
            QTest::qWait(50);
            saveShot(&view, QStringLiteral("h4_%1_auc_small.png").arg(s.name));
        }
        // A 50-class single-label matrix (e.g. 50 genres) must stay legible too.
        QStringList many;
        std::vector<std::vector<int>> m(50, std::vector<int>(50, 0));
        for (int k = 0; k < 50; ++k) {
            many << QStringLiteral("class %1").arg(k);
            m[size_t(k)][size_t(k)] = 20 + k % 13;
            m[size_t(k)][size_t((k * 7 + 3) % 50)] += 5;
        }
        ClassificationView view;
        view.resize(1000, 800);
        view.setReport(singleLabelReport(many, m), QStringLiteral("50 classes"));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.findChild<QTabWidget *>()->setCurrentIndex(1);
        QTest::qWait(50);
        saveShot(&view, QStringLiteral("h4_50single_confusion.png"));
    }
};

QTEST_MAIN(TstClassificationView)
#include "tst_classification_view.moc"
