// Classification metrics (sklearn semantics): small cases worked out by hand,
// the tutorial's mood numbers, and random cases against an independent numpy
// computation (tests/data/make_classification_reference.py: ROC-AUC by pair
// counting, AP by recounting at every distinct threshold).
#include "core/eval/classification_metrics.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <cmath>

using namespace mirlo;

namespace {

bool near(double a, double b, double tol = 1e-12)
{
    return std::abs(a - b) <= tol;
}

// JSON null (Python None) -> NaN.
double numberOrNaN(const QJsonValue &v)
{
    return v.isNull() ? std::nan("") : v.toDouble();
}

bool sameOrBothNaN(double a, double b, double tol)
{
    return (std::isnan(a) && std::isnan(b)) || near(a, b, tol);
}

std::vector<double> doubles(const QJsonArray &a)
{
    std::vector<double> v;
    for (const QJsonValue &x : a)
        v.push_back(x.toDouble());
    return v;
}

std::vector<int> ints(const QJsonArray &a)
{
    std::vector<int> v;
    for (const QJsonValue &x : a)
        v.push_back(x.toInt());
    return v;
}

// Rows of probabilities -> row-major floats (the generator stores float32 values).
std::vector<float> flatFloats(const QJsonArray &rows)
{
    std::vector<float> v;
    for (const QJsonValue &row : rows) {
        if (row.isArray()) {
            for (const QJsonValue &x : row.toArray())
                v.push_back(float(x.toDouble()));
        } else {
            v.push_back(float(row.toDouble()));
        }
    }
    return v;
}

} // namespace

class TestClassificationMetrics : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rocAucByHand();
    void averagePrecisionByHand();
    void threeClassByHand();
    void oneOutputBinary();
    void moodNumbersOfTheTutorial();
    void genreTableOfTheTutorial();
    void randomAgainstNumpy();
    void errorsAndUndefined();
};

void TestClassificationMetrics::rocAucByHand()
{
    // Positives 0.9 0.8 0.6 0.4, negatives 0.7 0.6 0.3 0.2 (one tie at 0.6). Pairs won by the positive:
    //   0.9 beats all 4 negatives          -> 4
    //   0.8 beats all 4                    -> 4
    //   0.6 loses to 0.7, ties 0.6 (1/2), beats 0.3 and 0.2 -> 2.5
    //   0.4 loses to 0.7 and 0.6, beats 0.3 and 0.2         -> 2
    // AUC = (4 + 4 + 2.5 + 2) / (4 * 4) = 12.5 / 16 = 0.78125.
    const std::vector<double> s = {0.9, 0.7, 0.8, 0.6, 0.6, 0.3, 0.4, 0.2};
    const std::vector<int> y = {1, 0, 1, 0, 1, 0, 1, 0};
    QVERIFY(near(rocAuc(s, y), 0.78125));
    // Perfect separation = 1, fully inverted = 0, all scores equal = 1/2.
    QVERIFY(near(rocAuc({0.9, 0.8, 0.1}, {1, 1, 0}), 1.0));
    QVERIFY(near(rocAuc({0.1, 0.2, 0.9}, {1, 1, 0}), 0.0));
    QVERIFY(near(rocAuc({0.5, 0.5, 0.5, 0.5}, {1, 0, 0, 1}), 0.5));
}

void TestClassificationMetrics::averagePrecisionByHand()
{
    // Scores (label): 0.9 (P), 0.8 (N), 0.7 (P), 0.7 (N), 0.5 (P), 0.2 (N); 3 positives.
    // Distinct thresholds, items >= t:  t = 0.9: tp 1 of 1 -> P 1,   R 1/3: + (1/3 - 0)   * 1   = 1/3
    //                                   t = 0.8: tp 1 of 2 -> R unchanged:  + 0
    //                                   t = 0.7: tp 2 of 4 -> P 1/2, R 2/3: + (2/3 - 1/3) * 1/2 = 1/6
    //                                   t = 0.5: tp 3 of 5 -> P 3/5, R 1:   + (1 - 2/3)   * 3/5 = 1/5
    //                                   t = 0.2: R unchanged:              + 0
    // AP = 1/3 + 1/6 + 1/5 = 0.7. (Without tie handling, splitting 0.7 into P-then-N would give 0.7 + 1/30.)
    const std::vector<double> s = {0.9, 0.8, 0.7, 0.7, 0.5, 0.2};
    const std::vector<int> y = {1, 0, 1, 0, 1, 0};
    QVERIFY(near(averagePrecision(s, y), 0.7));
    // Order of tied items must not matter.
    QVERIFY(near(averagePrecision({0.9, 0.8, 0.7, 0.7, 0.5, 0.2}, {1, 0, 0, 1, 1, 0}), 0.7));
    QVERIFY(near(averagePrecision({0.3, 0.9}, {1, 1}), 1.0));
}

void TestClassificationMetrics::threeClassByHand()
{
    // Items (true -> predicted): A->A A->A A->B | B->B B->C B->A | C->C C->C C->A C->C.
    // Confusion (rows true, columns predicted):  A [2 1 0]  B [1 1 1]  C [1 0 3]; accuracy 6/10.
    //   A: tp 2, fp 2 (B->A, C->A), fn 1: P 1/2, R 2/3, F1 = 2*2/(4+2+1) = 4/7, support 3
    //   B: tp 1, fp 1 (A->B), fn 2:       P 1/2, R 1/3, F1 = 2/(2+1+2)  = 2/5, support 3
    //   C: tp 3, fp 1 (B->C), fn 1:       P 3/4, R 3/4, F1 = 6/8        = 3/4, support 4
    // macro F1 = (4/7 + 2/5 + 3/4) / 3 = 241/420; weighted F1 = (3*4/7 + 3*2/5 + 4*3/4) / 10 = 207/350.
    const std::vector<std::pair<int, int>> pairs = {{0, 0}, {0, 0}, {0, 1}, {1, 1}, {1, 2},
                                                    {1, 0}, {2, 2}, {2, 2}, {2, 0}, {2, 2}};
    std::vector<float> p;
    std::vector<std::vector<int>> labels;
    for (const auto &[truth, predicted] : pairs) {
        for (int c = 0; c < 3; ++c)
            p.push_back(c == predicted ? 0.6f : 0.2f);
        labels.push_back({truth});
    }
    ClassificationReport r;
    QString error;
    QVERIFY2(classificationReport(ClassificationTask::MultiClass,
                                  {QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C")}, p, labels, &r,
                                  &error),
             qPrintable(error));
    const std::vector<std::vector<int>> confusion = {{2, 1, 0}, {1, 1, 1}, {1, 0, 3}};
    QCOMPARE(r.confusion, confusion);
    QCOMPARE(r.items, 10);
    QVERIFY(near(r.accuracy, 0.6));
    QVERIFY(near(r.hammingLoss, 0.4));
    const double precision[] = {0.5, 0.5, 0.75}, recall[] = {2.0 / 3, 1.0 / 3, 0.75}, f1[] = {4.0 / 7, 0.4, 0.75};
    const int support[] = {3, 3, 4};
    for (int c = 0; c < 3; ++c) {
        QCOMPARE(r.classes[size_t(c)].support, support[c]);
        QVERIFY(near(r.classes[size_t(c)].precision, precision[c]));
        QVERIFY(near(r.classes[size_t(c)].recall, recall[c]));
        QVERIFY(near(r.classes[size_t(c)].f1, f1[c]));
    }
    QVERIFY(near(r.macroF1, 241.0 / 420.0));
    QVERIFY(near(r.weightedF1, 207.0 / 350.0));
    // One-vs-rest ROC-AUC of B from its column: B's items score 0.6, 0.2, 0.2; the others 0.6 (A->B)
    // and 0.2 six times. Pairs: 0.6 vs {0.6: 1/2, six 0.2: 6} = 6.5; each 0.2 vs {0.6: 0, six 0.2: 3} = 3.
    // (6.5 + 3 + 3) / (3 * 7) = 12.5 / 21.
    QVERIFY(near(r.classes[1].rocAuc, 12.5 / 21.0));
    const QJsonObject json = r.toJson();
    QCOMPARE(json.value(QStringLiteral("task")).toString(), QStringLiteral("multiclass"));
    QCOMPARE(json.value(QStringLiteral("confusion")).toArray().at(2).toArray().at(2).toInt(), 3);
    QVERIFY(near(json.value(QStringLiteral("weightedF1")).toDouble(), 207.0 / 350.0));
}

void TestClassificationMetrics::oneOutputBinary()
{
    // p >= 0.5 -> class 1 (0.5 itself is positive). Labels 1 1 0 0 0, p 0.9 0.5 0.49 0.7 0.1:
    // predictions 1 1 0 1 0 -> accuracy 4/5; confusion [[2 1] [0 2]].
    const std::vector<float> p = {0.9f, 0.5f, 0.49f, 0.7f, 0.1f};
    const std::vector<std::vector<int>> labels = {{1}, {1}, {0}, {0}, {0}};
    ClassificationReport r;
    QVERIFY(classificationReport(ClassificationTask::Binary, {QStringLiteral("vocal"), QStringLiteral("instrumental")},
                                 p, labels, &r));
    const std::vector<std::vector<int>> confusion = {{2, 1}, {0, 2}};
    QCOMPARE(r.confusion, confusion);
    QVERIFY(near(r.accuracy, 0.8));
    // Positive class from p: positives {0.9, 0.5} vs negatives {0.49, 0.7, 0.1}: 3 + 2 = 5 of 6 pairs.
    QVERIFY(near(r.classes[1].rocAuc, 5.0 / 6.0));
    // Negative class from 1-p: the same ranking reversed, so the same AUC.
    QVERIFY(near(r.classes[0].rocAuc, 5.0 / 6.0));
    // AP of the positive class: thresholds 0.9 (1/1, R 1/2), 0.7 (1/2), 0.5 (2/3, R 1) -> 1/2 + 1/2 * 2/3.
    QVERIFY(near(r.classes[1].prAuc, 0.5 + 1.0 / 3.0));
    QCOMPARE(r.classes[0].name, QStringLiteral("vocal"));
    QCOMPARE(r.classes[1].support, 2);
}

void TestClassificationMetrics::moodNumbersOfTheTutorial()
{
    // TUTORIAL.md 2.5: 180 test clips x 4 tags, subset accuracy 0.5, Hamming loss 0.1694 = 122 wrong of
    // 720 bits. Build predictions with exactly that: 90 clips right, 58 with one wrong bit, 32 with two.
    std::vector<float> p;
    std::vector<std::vector<int>> labels;
    int wrongBitsMade = 0;
    for (int i = 0; i < 180; ++i) {
        const int truthBits = (i * 7 + 3) % 16; // some tag pattern per clip
        const int flips = i < 90 ? 0 : (i < 148 ? 1 : 2);
        int predictedBits = truthBits;
        for (int f = 0; f < flips; ++f)
            predictedBits ^= 1 << ((i + f) % 4);
        wrongBitsMade += flips;
        std::vector<int> l;
        for (int t = 0; t < 4; ++t) {
            if (truthBits & (1 << t))
                l.push_back(t);
            p.push_back(predictedBits & (1 << t) ? 0.8f : 0.2f);
        }
        labels.push_back(l);
    }
    QCOMPARE(wrongBitsMade, 122);
    ClassificationReport r;
    QVERIFY(classificationReport(
        ClassificationTask::MultiLabel,
        {QStringLiteral("loud"), QStringLiteral("quiet"), QStringLiteral("soft"), QStringLiteral("strange")}, p, labels,
        &r));
    QVERIFY(near(r.accuracy, 0.5));
    QVERIFY(near(r.hammingLoss, 122.0 / 720.0));
    QCOMPARE(QString::number(r.hammingLoss, 'f', 4), QStringLiteral("0.1694"));
    QVERIFY(r.confusion.empty());
    // With two-valued scores (the tutorial's ROC-AUC on rounded predictions) the AUC of a tag is the
    // mean of its true-positive and true-negative rates: recall and (tn / negatives).
    for (int t = 0; t < 4; ++t) {
        int tp = 0, tn = 0, pos = 0, neg = 0;
        for (int i = 0; i < 180; ++i) {
            const bool actual =
                std::find(labels[size_t(i)].begin(), labels[size_t(i)].end(), t) != labels[size_t(i)].end();
            const bool predicted = p[size_t(i * 4 + t)] > 0.5f;
            (actual ? pos : neg) += 1;
            tp += actual && predicted;
            tn += !actual && !predicted;
        }
        const ClassMetrics &c = r.classes[size_t(t)];
        QCOMPARE(c.support, pos);
        QVERIFY(near(c.recall, double(tp) / pos));
        QVERIFY(near(c.rocAuc, 0.5 * (double(tp) / pos + double(tn) / neg)));
    }
}

void TestClassificationMetrics::genreTableOfTheTutorial()
{
    // TUTORIAL.md 2.4 prints sklearn's report of 500 test clips (accuracy 394/500) to two decimals.
    // The true positives follow from support x recall (227, 6, 3, 0, 81, 77, 0, 0: sum 394), the
    // predicted counts from tp / precision and the F1 column (236, 12, 3, 0, 95, 154, 0, 0: sum
    // 500); the misclassified items are spread by hand to fit those row and column totals.
    const std::vector<std::vector<int>> confusion = {
        {227, 6, 0, 0, 14, 3, 0, 0}, {1, 6, 0, 0, 0, 11, 0, 0}, {0, 0, 3, 0, 0, 20, 0, 0}, {0, 0, 0, 0, 0, 24, 0, 0},
        {0, 0, 0, 0, 81, 14, 0, 0},  {8, 0, 0, 0, 0, 77, 0, 0}, {0, 0, 0, 0, 0, 2, 0, 0},  {0, 0, 0, 0, 0, 3, 0, 0}};
    std::vector<float> p;
    std::vector<std::vector<int>> labels;
    for (int t = 0; t < 8; ++t)
        for (int q = 0; q < 8; ++q)
            for (int n = 0; n < confusion[size_t(t)][size_t(q)]; ++n) {
                for (int c = 0; c < 8; ++c)
                    p.push_back(c == q ? 0.65f : 0.05f);
                labels.push_back({t});
            }
    ClassificationReport r;
    QVERIFY(classificationReport(ClassificationTask::MultiClass,
                                 {"classical", "country", "jazz", "pop", "rock", "techno", "blues", "dance"}, p, labels,
                                 &r));
    QCOMPARE(r.confusion, confusion);
    QVERIFY(near(r.accuracy, 0.788));
    auto two = [](double v) { return QString::number(v, 'f', 2); };
    const char *table[8][3] = {{"0.96", "0.91", "0.93"}, {"0.50", "0.33", "0.40"}, {"1.00", "0.13", "0.23"},
                               {"0.00", "0.00", "0.00"}, {"0.85", "0.85", "0.85"}, {"0.50", "0.91", "0.64"},
                               {"0.00", "0.00", "0.00"}, {"0.00", "0.00", "0.00"}};
    const int support[8] = {250, 18, 23, 24, 95, 85, 2, 3};
    double weightedPrecision = 0, weightedRecall = 0;
    for (int c = 0; c < 8; ++c) {
        const ClassMetrics &m = r.classes[size_t(c)];
        QCOMPARE(m.support, support[c]);
        QCOMPARE(two(m.precision), QString::fromLatin1(table[c][0]));
        QCOMPARE(two(m.recall), QString::fromLatin1(table[c][1]));
        QCOMPARE(two(m.f1), QString::fromLatin1(table[c][2]));
        weightedPrecision += m.precision * m.support / 500.0;
        weightedRecall += m.recall * m.support / 500.0;
    }
    // "weighted avg 0.79 0.79 0.76"; weighted recall is the accuracy.
    QCOMPARE(two(weightedPrecision), QStringLiteral("0.79"));
    QVERIFY(near(weightedRecall, r.accuracy));
    QCOMPARE(two(r.weightedF1), QStringLiteral("0.76"));
}

void TestClassificationMetrics::randomAgainstNumpy()
{
    QFile f(QStringLiteral(MIRLO_TEST_DATA "/classification_reference.json"));
    QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
    const QJsonObject ref = QJsonDocument::fromJson(f.readAll()).object();
    const double tol = 1e-9;
    int columns = 0;
    for (const QJsonValue &v : ref.value(QStringLiteral("columns")).toArray()) {
        const QJsonObject c = v.toObject();
        std::vector<double> scores;
        for (float x : flatFloats(c.value(QStringLiteral("scores")).toArray()))
            scores.push_back(double(x));
        const std::vector<int> y = ints(c.value(QStringLiteral("positive")).toArray());
        QVERIFY(sameOrBothNaN(rocAuc(scores, y), numberOrNaN(c.value(QStringLiteral("roc_auc"))), tol));
        QVERIFY(sameOrBothNaN(averagePrecision(scores, y), numberOrNaN(c.value(QStringLiteral("ap"))), tol));
        ++columns;
    }
    QCOMPARE(columns, 4);

    const struct {
        const char *key;
        ClassificationTask task;
    } cases[] = {{"binary", ClassificationTask::Binary},
                 {"multiclass", ClassificationTask::MultiClass},
                 {"multilabel", ClassificationTask::MultiLabel}};
    for (const auto &cs : cases) {
        const QJsonObject c = ref.value(QLatin1String(cs.key)).toObject();
        QVERIFY2(!c.isEmpty(), cs.key);
        const std::vector<float> p = flatFloats(c.value(QStringLiteral("probabilities")).toArray());
        std::vector<std::vector<int>> labels;
        for (const QJsonValue &l : c.value(QStringLiteral("labels")).toArray())
            labels.push_back(l.isArray() ? ints(l.toArray()) : std::vector<int>{l.toInt()});
        const int k = cs.task == ClassificationTask::Binary ? 2 : c.value(QStringLiteral("classes")).toInt();
        QStringList names;
        for (int i = 0; i < k; ++i)
            names << QStringLiteral("c%1").arg(i);
        ClassificationReport r;
        QString error;
        QVERIFY2(classificationReport(cs.task, names, p, labels, &r, &error), qPrintable(error));
        QVERIFY2(near(r.accuracy, c.value(QStringLiteral("accuracy")).toDouble(), tol), cs.key);
        QVERIFY2(near(r.macroF1, c.value(QStringLiteral("macro_f1")).toDouble(), tol), cs.key);
        QVERIFY2(near(r.weightedF1, c.value(QStringLiteral("weighted_f1")).toDouble(), tol), cs.key);
        QVERIFY2(sameOrBothNaN(r.macroRocAuc, numberOrNaN(c.value(QStringLiteral("macro_roc_auc"))), tol), cs.key);
        QVERIFY2(sameOrBothNaN(r.macroPrAuc, numberOrNaN(c.value(QStringLiteral("macro_ap"))), tol), cs.key);
        const std::vector<double> precision = doubles(c.value(QStringLiteral("precision")).toArray()),
                                  recall = doubles(c.value(QStringLiteral("recall")).toArray()),
                                  f1 = doubles(c.value(QStringLiteral("f1")).toArray());
        const std::vector<int> support = ints(c.value(QStringLiteral("support")).toArray());
        const QJsonArray roc = c.value(QStringLiteral("roc_auc")).toArray(),
                         ap = c.value(QStringLiteral("ap")).toArray();
        QCOMPARE(int(r.classes.size()), k);
        for (int i = 0; i < k; ++i) {
            const ClassMetrics &m = r.classes[size_t(i)];
            QCOMPARE(m.support, support[size_t(i)]);
            QVERIFY(near(m.precision, precision[size_t(i)], tol));
            QVERIFY(near(m.recall, recall[size_t(i)], tol));
            QVERIFY(near(m.f1, f1[size_t(i)], tol));
            QVERIFY2(sameOrBothNaN(m.rocAuc, numberOrNaN(roc.at(i)), tol), cs.key);
            QVERIFY2(sameOrBothNaN(m.prAuc, numberOrNaN(ap.at(i)), tol), cs.key);
        }
        if (cs.task == ClassificationTask::MultiLabel) {
            QVERIFY(near(r.hammingLoss, c.value(QStringLiteral("hamming_loss")).toDouble(), tol));
            QVERIFY(std::isnan(r.classes.back().rocAuc)); // the generator leaves the last tag without positives
            // toJson: NaN -> null, not a number JSON cannot hold.
            const QJsonArray jc = r.toJson().value(QStringLiteral("classes")).toArray();
            QVERIFY(jc.last().toObject().value(QStringLiteral("rocAuc")).isNull());
            QVERIFY(jc.last().toObject().value(QStringLiteral("prAuc")).isNull());
        } else {
            std::vector<std::vector<int>> confusion;
            for (const QJsonValue &row : c.value(QStringLiteral("confusion")).toArray())
                confusion.push_back(ints(row.toArray()));
            QCOMPARE(r.confusion, confusion);
        }
    }
}

void TestClassificationMetrics::errorsAndUndefined()
{
    ClassificationReport r;
    QString error;
    const QStringList three = {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
    // Binary needs two names.
    QVERIFY(!classificationReport(ClassificationTask::Binary, three, {0.5f}, {{1}}, &r, &error));
    QVERIFY(error.contains(QLatin1String("two class names")));
    // Probabilities not items x outputs.
    QVERIFY(!classificationReport(ClassificationTask::MultiClass, three, {0.2f, 0.8f}, {{1}}, &r, &error));
    QVERIFY(error.contains(QLatin1String("2 probabilities")));
    // Label out of range (single- and multi-label).
    QVERIFY(!classificationReport(ClassificationTask::MultiClass, three, {0.2f, 0.3f, 0.5f}, {{3}}, &r, &error));
    QVERIFY(error.contains(QLatin1String("label 3")));
    QVERIFY(!classificationReport(ClassificationTask::MultiLabel, three, {0.2f, 0.3f, 0.5f}, {{0, -1}}, &r, &error));
    QVERIFY(error.contains(QLatin1String("label -1")));
    // A single-label task with two labels on an item; no items; a NaN probability.
    QVERIFY(!classificationReport(ClassificationTask::MultiClass, three, {0.2f, 0.3f, 0.5f}, {{0, 1}}, &r, &error));
    QVERIFY(error.contains(QLatin1String("exactly one")));
    QVERIFY(!classificationReport(ClassificationTask::MultiClass, three, {}, {}, &r, &error));
    QVERIFY(
        !classificationReport(ClassificationTask::MultiLabel, three, {0.2f, std::nanf(""), 0.5f}, {{0}}, &r, &error));
    QVERIFY(error.contains(QLatin1String("finite")));

    // Undefined ranking metrics are NaN; mismatched sizes too.
    QVERIFY(std::isnan(rocAuc({0.1, 0.9}, {1, 1})));
    QVERIFY(std::isnan(rocAuc({0.1, 0.9}, {0, 0})));
    QVERIFY(std::isnan(rocAuc({0.1, 0.9}, {0})));
    QVERIFY(std::isnan(averagePrecision({0.1, 0.9}, {0, 0})));
    QVERIFY(near(averagePrecision({0.1, 0.9}, {1, 1}), 1.0));

    // A class nobody predicts: precision 0, not NaN (zero_division=0); macro AUC over defined classes.
    // Items: a a b, always predicted a; class c has no items (its AUC undefined).
    const std::vector<float> p = {0.7f, 0.2f, 0.1f, 0.6f, 0.3f, 0.1f, 0.5f, 0.4f, 0.1f};
    QVERIFY(classificationReport(ClassificationTask::MultiClass, three, p, {{0}, {0}, {1}}, &r, &error));
    QCOMPARE(r.classes[1].precision, 0.0);
    QCOMPARE(r.classes[1].f1, 0.0);
    QCOMPARE(r.classes[2].f1, 0.0);
    QVERIFY(std::isnan(r.classes[2].rocAuc));
    // a: scores 0.7 0.6 vs 0.5 -> 1; b: 0.4 vs 0.2 0.3 -> 1; so the macro mean over a, b is 1.
    QVERIFY(near(r.macroRocAuc, 1.0));
    QVERIFY(!std::isnan(r.macroF1));
    QVERIFY(r.toJson()
                .value(QStringLiteral("classes"))
                .toArray()
                .at(2)
                .toObject()
                .value(QStringLiteral("rocAuc"))
                .isNull());
}

QTEST_GUILESS_MAIN(TestClassificationMetrics)
#include "tst_classification_metrics.moc"
