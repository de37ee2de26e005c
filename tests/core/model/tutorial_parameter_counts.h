#pragma once
// The parameter counts TUTORIAL.md publishes for the Part 1 CNNs, as QtTest
// data rows (name, Keras "Total params", "Trainable params"), shared by the
// spec arithmetic test and the libtorch module test.
#include <QString>
#include <QtTest>

namespace mirlo::test {

inline void addTutorialParameterCountRows()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<qint64>("total");
    QTest::addColumn<qint64>("trainable");
    // TUTORIAL.md 2.2, model A table: Total 6,230,689 (no BatchNorm: all trainable).
    QTest::newRow("A") << "instrumental_vocal" << qint64(6230689) << qint64(6230689);
    // TUTORIAL.md 2.2, model B: Total 1,330,097.
    QTest::newRow("B") << "instrumental_vocal_b" << qint64(1330097) << qint64(1330097);
    // TUTORIAL.md 2.3 table: genre C=8 107,016 (106,536 trainable, 480 not).
    QTest::newRow("genre") << "compact_cnn_genre" << qint64(107016) << qint64(106536);
    // TUTORIAL.md 2.3 table: mood C=4 106,500 (106,020 trainable).
    QTest::newRow("mood") << "compact_cnn_mood" << qint64(106500) << qint64(106020);
}

} // namespace mirlo::test
