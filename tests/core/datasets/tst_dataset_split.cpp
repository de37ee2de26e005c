// Seeded stratified train/validation/test split: determinism, disjoint subsets covering all
// items, per-class shares within ±1 item of the exact proportion (single-label), and bounded
// per-label deviation for iterative stratification (multi-label, the tutorial's mood set).
#include "core/datasets/dataset_source.h"
#include "core/datasets/stratified_split.h"
#include "core/datasets/tag_matrix.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <set>

using namespace mirlo;

class TestDatasetSplit : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void singleLabelBounds_data();
    void singleLabelBounds();
    void determinism();
    void tutorialGenreSubset();
    void multiLabelMoods();
    void edgeCases();
};

namespace {

const QString kMtat = QStringLiteral(MIRLO_SHARED_DATA "/mtat/");

std::vector<std::vector<int>> labelsOf(const Dataset &d)
{
    std::vector<std::vector<int>> l;
    for (const DatasetItem &it : d.items)
        l.push_back(it.labels);
    return l;
}

std::vector<std::vector<int>> classSizes(const std::vector<int> &sizes)
{
    // Items of the classes interleaved, so that class membership is not the index order.
    std::vector<std::vector<int>> labels;
    std::vector<int> left = sizes;
    bool any = true;
    while (any) {
        any = false;
        for (size_t c = 0; c < left.size(); ++c)
            if (left[c]-- > 0) {
                labels.push_back({int(c)});
                any = true;
            }
    }
    return labels;
}

// Disjoint, sorted, union = 0..n-1.
bool partitionOk(const DatasetSplit &s, size_t n)
{
    std::vector<int> all;
    all.insert(all.end(), s.train.begin(), s.train.end());
    all.insert(all.end(), s.validation.begin(), s.validation.end());
    all.insert(all.end(), s.test.begin(), s.test.end());
    std::sort(all.begin(), all.end());
    if (all.size() != n)
        return false;
    for (size_t i = 0; i < n; ++i)
        if (all[i] != int(i))
            return false;
    return true;
}

std::vector<int> countPerClass(const std::vector<int> &subset, const std::vector<std::vector<int>> &labels, int classes)
{
    std::vector<int> c(size_t(classes), 0);
    for (int i : subset)
        for (int l : labels[size_t(i)])
            ++c[size_t(l)];
    return c;
}

} // namespace

void TestDatasetSplit::singleLabelBounds_data()
{
    QTest::addColumn<QVector<int>>("sizes");
    QTest::addColumn<double>("val");
    QTest::addColumn<double>("test");
    QTest::newRow("mixed") << QVector<int>{50, 23, 7, 1, 120} << 0.1 << 0.2;
    QTest::newRow("quarter test") << QVector<int>{420, 1260} << 0.0 << 0.25;
    QTest::newRow("tiny classes") << QVector<int>{1, 2, 3, 2, 1} << 0.3 << 0.3;
    QTest::newRow("all test") << QVector<int>{5, 9} << 0.0 << 1.0;
}

void TestDatasetSplit::singleLabelBounds()
{
    QFETCH(QVector<int>, sizes);
    QFETCH(double, val);
    QFETCH(double, test);
    const std::vector<int> sz(sizes.begin(), sizes.end());
    const auto labels = classSizes(sz);
    for (uint64_t seed : {0ull, 1ull, 42ull}) {
        DatasetSplit s;
        QString error;
        QVERIFY2(stratifiedSplit(labels, {val, test}, seed, s, &error), qPrintable(error));
        QVERIFY(partitionOk(s, labels.size()));
        const int classes = int(sz.size());
        const auto t = countPerClass(s.test, labels, classes);
        const auto v = countPerClass(s.validation, labels, classes);
        for (int c = 0; c < classes; ++c) {
            QVERIFY2(std::abs(t[size_t(c)] - sz[size_t(c)] * test) < 1.0, qPrintable(QString::number(c)));
            // validation is taken from what the test share left: within ±1 unless the class is exhausted
            if (t[size_t(c)] + sz[size_t(c)] * val <= sz[size_t(c)])
                QVERIFY2(std::abs(v[size_t(c)] - sz[size_t(c)] * val) < 1.0, qPrintable(QString::number(c)));
        }
        const int n = int(labels.size());
        QCOMPARE(int(s.test.size()), int(std::lround(n * test)));
    }
}

void TestDatasetSplit::determinism()
{
    const auto labels = classSizes({300, 200, 100});
    DatasetSplit a, b, c;
    QString error;
    QVERIFY(stratifiedSplit(labels, {0.1, 0.2}, 7, a, &error));
    QVERIFY(stratifiedSplit(labels, {0.1, 0.2}, 7, b, &error));
    QVERIFY(stratifiedSplit(labels, {0.1, 0.2}, 8, c, &error));
    QVERIFY(a.train == b.train && a.validation == b.validation && a.test == b.test);
    QVERIFY(a.test != c.test);
    QVERIFY(a.validation != c.validation);
    // Same sizes per class regardless of the seed (the allocation does not depend on it).
    QCOMPARE(countPerClass(a.test, labels, 3), countPerClass(c.test, labels, 3));
    QCOMPARE(countPerClass(a.test, labels, 3), (std::vector<int>{60, 40, 20}));
    QCOMPARE(countPerClass(a.validation, labels, 3), (std::vector<int>{30, 20, 10}));
}

void TestDatasetSplit::tutorialGenreSubset()
{
    // The P1 genre set (1,998 clips, classical 999 ... blues 9; TUTORIAL 2.4) split 70/10/20.
    Dataset d;
    QString error;
    QVERIFY2(loadDataset(kMtat + QStringLiteral("ismir2018_tut_part_1_genres_labels_subset_w_clipid.csv"), d, &error),
             qPrintable(error));
    QCOMPARE(int(d.items.size()), 1998);
    QCOMPARE(d.classCounts(), (std::vector<int>{999, 72, 90, 94, 379, 341, 9, 14}));
    const auto labels = labelsOf(d);
    DatasetSplit s;
    QVERIFY(stratifiedSplit(labels, {0.1, 0.2}, 2018, s, &error));
    QVERIFY(partitionOk(s, labels.size()));
    const auto counts = d.classCounts();
    const auto t = countPerClass(s.test, labels, 8);
    const auto v = countPerClass(s.validation, labels, 8);
    for (int c = 0; c < 8; ++c) {
        QVERIFY(std::abs(t[size_t(c)] - 0.2 * counts[size_t(c)]) < 1.0);
        QVERIFY(std::abs(v[size_t(c)] - 0.1 * counts[size_t(c)]) < 1.0);
    }
    QCOMPARE(int(s.test.size()), 400);
    QCOMPARE(int(s.validation.size()), 200);
}

void TestDatasetSplit::multiLabelMoods()
{
    // P1 mood set: 719 clips x loud/quiet/soft/strange (209/177/200/120), 108 clips without a tag.
    Dataset d;
    QString error;
    QVERIFY2(loadDataset(kMtat + QStringLiteral("ismir2018_tut_part_1_moods_labels_subset_w_clipid.csv"), d, &error),
             qPrintable(error));
    QVERIFY(d.isMultiLabel());
    QCOMPARE(d.classCounts(), (std::vector<int>{209, 177, 200, 120}));
    const auto labels = labelsOf(d);
    for (uint64_t seed : {1ull, 2ull, 3ull}) {
        DatasetSplit s;
        QVERIFY(stratifiedSplit(labels, {0.1, 0.2}, seed, s, &error));
        QVERIFY(partitionOk(s, labels.size()));
        const auto t = countPerClass(s.test, labels, 4);
        const auto v = countPerClass(s.validation, labels, 4);
        double worst = 0;
        for (int c = 0; c < 4; ++c) {
            const int n = d.classCounts()[size_t(c)];
            worst = std::max({worst, std::abs(t[size_t(c)] - 0.2 * n), std::abs(v[size_t(c)] - 0.1 * n)});
        }
        qInfo("seed %llu: test %zu, val %zu, worst per-label deviation %.1f items", (unsigned long long)seed,
              s.test.size(), s.validation.size(), worst);
        QVERIFY(worst < 1.0); // measured 0.4 for these seeds; the method does not guarantee ±1
        QVERIFY(std::abs(double(s.test.size()) - 0.2 * 719) <= 2.0);
        QVERIFY(std::abs(double(s.validation.size()) - 0.1 * 719) <= 2.0);
        DatasetSplit again;
        QVERIFY(stratifiedSplit(labels, {0.1, 0.2}, seed, again, &error));
        QVERIFY(again.test == s.test && again.validation == s.validation);
    }
    DatasetSplit s1, s2;
    QVERIFY(stratifiedSplit(labels, {0.1, 0.2}, 1, s1, &error));
    QVERIFY(stratifiedSplit(labels, {0.1, 0.2}, 2, s2, &error));
    QVERIFY(s1.test != s2.test);
}

void TestDatasetSplit::edgeCases()
{
    DatasetSplit s;
    QString error;
    QVERIFY(!stratifiedSplit(classSizes({4, 4}), {0.6, 0.5}, 1, s, &error));
    QVERIFY2(error.contains(QStringLiteral("sum to at most 1")), qPrintable(error));
    QVERIFY(!stratifiedSplit(classSizes({4, 4}), {-0.1, 0.5}, 1, s, &error));
    QVERIFY(stratifiedSplit({}, {0.1, 0.2}, 1, s, &error));
    QVERIFY(s.train.empty() && s.test.empty());
    // no validation / no test
    QVERIFY(stratifiedSplit(classSizes({10, 10}), {0.0, 0.0}, 1, s, &error));
    QCOMPARE(int(s.train.size()), 20);
}

QTEST_GUILESS_MAIN(TestDatasetSplit)
#include "tst_dataset_split.moc"
