// sklearn's ShuffleSplit / StratifiedShuffleSplit (0.20, n_splits=1) reproduced on
// numpy's legacy RandomState: index lists in sklearn's order, compared with a
// line-by-line port of sklearn's _iter_indices / _approximate_mode run on numpy
// 1.24 (python3-numpy; sklearn itself is not installed), including class ties
// broken by rng.choice and one-hot labels (classes in string order).
#include "core/datasets/numpy_random.h"
#include "core/datasets/sklearn_split.h"

#include <QtTest>

using namespace mirlo;

class TstSklearnSplit : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shuffleSplit()
    {
        SklearnSplit s = sklearnShuffleSplit(10, 0.25, 0);
        QCOMPARE(s.train, (std::vector<int>{9, 1, 6, 7, 3, 0, 5}));
        QCOMPARE(s.test, (std::vector<int>{2, 8, 4}));
        // The tutorial's mood split: 719 clips -> 539 / 180.
        s = sklearnShuffleSplit(719, 0.25, 0);
        QCOMPARE(int(s.train.size()), 539);
        QCOMPARE(int(s.test.size()), 180);
        QCOMPARE(std::vector<int>(s.train.begin(), s.train.begin() + 10),
                 (std::vector<int>{109, 700, 101, 499, 319, 338, 513, 271, 458, 310}));
        QCOMPARE(std::vector<int>(s.test.begin(), s.test.begin() + 10),
                 (std::vector<int>{503, 645, 245, 142, 493, 358, 621, 40, 369, 85}));
    }

    void stratifiedBinary()
    {
        const std::vector<int> y{0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0};
        SklearnSplit s;
        QString error;
        QVERIFY2(sklearnStratifiedShuffleSplit(y, 0.25, 0, &s, &error), qPrintable(error));
        QCOMPARE(s.train, (std::vector<int>{8, 4, 13, 2, 11, 6, 3, 12, 7, 1, 14, 10}));
        QCOMPARE(s.test, (std::vector<int>{15, 9, 5, 0}));
    }

    void stratifiedOneHotWithTies()
    {
        // Class counts 5, 5, 4: the remainders tie and rng.choice breaks them.
        const std::vector<int> labels{2, 0, 1, 1, 0, 2, 2, 1, 0, 0, 1, 2, 0, 1};
        std::vector<int> rank;
        for (int l : labels)
            rank.push_back(2 - l); // one-hot rows as strings: "0 0 1" < "0 1 0" < "1 0 0"
        SklearnSplit s;
        QVERIFY(sklearnStratifiedShuffleSplit(rank, 0.25, 1, &s, nullptr));
        QCOMPARE(s.train, (std::vector<int>{4, 13, 2, 5, 9, 7, 0, 6, 10, 8}));
        QCOMPARE(s.test, (std::vector<int>{12, 1, 3, 11}));
    }

    void stratifiedTutorialSize()
    {
        // 1,260 vocal (0) and 420 instrumental (1) in a shuffled order, as TUTORIAL.md 2.2: 1,260 / 420.
        std::vector<int> base(1680, 0);
        std::fill(base.begin() + 1260, base.end(), 1);
        NumpyLegacyRandom rng(5);
        const std::vector<int> p = rng.permutation(1680);
        std::vector<int> y(1680);
        for (int i = 0; i < 1680; ++i)
            y[size_t(i)] = base[size_t(p[size_t(i)])];
        SklearnSplit s;
        QVERIFY(sklearnStratifiedShuffleSplit(y, 0.25, 0, &s, nullptr));
        QCOMPARE(int(s.train.size()), 1260);
        QCOMPARE(int(s.test.size()), 420);
        QCOMPARE(std::vector<int>(s.train.begin(), s.train.begin() + 8),
                 (std::vector<int>{539, 976, 1467, 352, 415, 332, 989, 120}));
        QCOMPARE(std::vector<int>(s.test.begin(), s.test.begin() + 8),
                 (std::vector<int>{1421, 954, 1102, 972, 164, 139, 773, 1599}));
        int positives = 0;
        for (int i : s.test)
            positives += y[size_t(i)];
        QCOMPARE(positives, 105);
    }

    void errors()
    {
        SklearnSplit s;
        QString error;
        QVERIFY(!sklearnStratifiedShuffleSplit({0, 0, 0, 1}, 0.25, 0, &s, &error)); // class 1 has one member
        QVERIFY(error.contains(QStringLiteral("1 member")));
        QVERIFY(!sklearnStratifiedShuffleSplit({0, 0, 1, 1, 2, 2, 3, 3}, 0.25, 0, &s, &error)); // 2 test < 4 classes
        QVERIFY(error.contains(QStringLiteral("4 classes")));
    }
};

QTEST_GUILESS_MAIN(TstSklearnSplit)
#include "tst_sklearn_split.moc"
