// adaptTutorialCnnSpec: the one rule for output units, label names and the
// positive class of a one-output sigmoid preset ("instrumental", any case, is
// output 1 as in the tutorial; otherwise the second class), with item labels
// remapped so the positive class is label 1; data that does not fit is refused.
#include "core/model/tutorial_cnn_adapt.h"

#include <QtTest>

using namespace mirlo;

namespace {

Dataset twoClasses(const QString &a, const QString &b)
{
    Dataset d;
    d.source = QStringLiteral("data.csv");
    d.classes = QStringList{a, b};
    d.items = {{QStringLiteral("x.ogg"), {0}}, {QStringLiteral("y.ogg"), {1}}, {QStringLiteral("z.ogg"), {1}}};
    return d;
}

TutorialCnnSpec preset(const QString &name)
{
    TutorialCnnSpec s;
    tutorialCnnPreset(name, &s);
    return s;
}

} // namespace

class TstTutorialCnnAdapt : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void positiveClass()
    {
        QCOMPARE(tutorialCnnPositiveClass({QStringLiteral("instrumental"), QStringLiteral("vocal")}), 0);
        QCOMPARE(tutorialCnnPositiveClass({QStringLiteral("Vocal"), QStringLiteral("INSTRUMENTAL")}), 1);
        QCOMPARE(tutorialCnnPositiveClass({QStringLiteral("no"), QStringLiteral("yes")}), 1);
        QCOMPARE(tutorialCnnPositiveClass({QStringLiteral("a")}), -1);
    }

    void instrumentalBecomesLabelOne()
    {
        for (const QString &name : {QStringLiteral("instrumental_vocal"), QStringLiteral("instrumental_vocal_b")}) {
            TutorialCnnSpec spec = preset(name);
            Dataset d = twoClasses(QStringLiteral("Instrumental"), QStringLiteral("vocal"));
            QString error;
            QVERIFY2(adaptTutorialCnnSpec(spec, d, &error), qPrintable(error));
            QCOMPARE(spec.labels, QStringList{QStringLiteral("Instrumental")});
            QCOMPARE(spec.outputCount(), 1);
            QCOMPARE(d.classes, (QStringList{QStringLiteral("vocal"), QStringLiteral("Instrumental")}));
            // x.ogg was instrumental (0) and is now label 1; the vocal items are 0.
            QCOMPARE(d.items[0].labels, std::vector<int>{1});
            QCOMPARE(d.items[1].labels, std::vector<int>{0});
            QCOMPARE(d.items[2].labels, std::vector<int>{0});
        }
        // Without an "instrumental" class: the second class, labels unchanged.
        TutorialCnnSpec spec = preset(QStringLiteral("instrumental_vocal"));
        Dataset d = twoClasses(QStringLiteral("cat"), QStringLiteral("dog"));
        QVERIFY(adaptTutorialCnnSpec(spec, d, nullptr));
        QCOMPARE(spec.labels, QStringList{QStringLiteral("dog")});
        QCOMPARE(d.items[0].labels, std::vector<int>{0});
        QCOMPARE(d.items[1].labels, std::vector<int>{1});
    }

    void softmaxAndMultiLabel()
    {
        TutorialCnnSpec spec = preset(QStringLiteral("compact_cnn_genre"));
        Dataset d = twoClasses(QStringLiteral("instrumental"), QStringLiteral("vocal"));
        QVERIFY(adaptTutorialCnnSpec(spec, d, nullptr));
        QCOMPARE(spec.outputCount(), 2);
        QCOMPARE(spec.labels, (QStringList{QStringLiteral("instrumental"), QStringLiteral("vocal")}));
        QCOMPARE(d.items[0].labels, std::vector<int>{0}); // softmax: no remapping
        QCOMPARE(specParameterCount(spec, true), 107016 - 6 * 129); // 8 -> 2 output units

        Dataset multi = twoClasses(QStringLiteral("loud"), QStringLiteral("quiet"));
        multi.classes << QStringLiteral("soft");
        multi.items[0].labels = {0, 2};
        QString error;
        spec = preset(QStringLiteral("compact_cnn_genre"));
        QVERIFY(!adaptTutorialCnnSpec(spec, multi, &error));
        QVERIFY(error.contains(QStringLiteral("data.csv")) && error.contains(QStringLiteral("compact_cnn_mood")));
        spec = preset(QStringLiteral("compact_cnn_mood"));
        QVERIFY(adaptTutorialCnnSpec(spec, multi, &error));
        QCOMPARE(spec.outputCount(), 3);
        spec = preset(QStringLiteral("instrumental_vocal"));
        QVERIFY(!adaptTutorialCnnSpec(spec, multi, &error));
        QVERIFY(error.contains(QStringLiteral("exactly two classes")));
    }
};

QTEST_GUILESS_MAIN(TstTutorialCnnAdapt)
#include "tst_tutorial_cnn_adapt.moc"
