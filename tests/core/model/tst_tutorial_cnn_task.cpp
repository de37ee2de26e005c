// Task rules of the tutorial CNNs: the task a data set implies, which tasks it
// allows (with an error naming the source), the default preset per task and
// the report task of each preset.
#include "core/model/tutorial_cnn_task.h"

#include <QtTest>

using namespace mirlo;

namespace {

Dataset make(const QStringList &classes, const std::vector<std::vector<int>> &labels)
{
    Dataset d;
    d.source = QStringLiteral("/data/set.csv");
    d.classes = classes;
    for (size_t i = 0; i < labels.size(); ++i)
        d.items.push_back({QStringLiteral("/data/%1.wav").arg(i), labels[i]});
    return d;
}

} // namespace

class TstTutorialCnnTask : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void impliedTask()
    {
        const QStringList two{QStringLiteral("instrumental"), QStringLiteral("vocal")};
        const QStringList three{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
        QCOMPARE(datasetTask(make(two, {{0}, {1}, {1}})), ClassificationTask::Binary);
        QCOMPARE(datasetTask(make(three, {{0}, {1}, {2}})), ClassificationTask::MultiClass);
        // One item with two labels, or one with none, makes the set multi-label.
        QCOMPARE(datasetTask(make(three, {{0}, {1, 2}})), ClassificationTask::MultiLabel);
        QCOMPARE(datasetTask(make(two, {{0}, {}})), ClassificationTask::MultiLabel);
    }

    void taskNames()
    {
        ClassificationTask t = ClassificationTask::Binary;
        QVERIFY(parseClassificationTask(QStringLiteral("multilabel"), &t));
        QCOMPARE(t, ClassificationTask::MultiLabel);
        QVERIFY(parseClassificationTask(QStringLiteral("multiclass"), &t));
        QCOMPARE(t, ClassificationTask::MultiClass);
        QVERIFY(parseClassificationTask(QStringLiteral("binary"), &t));
        QCOMPARE(t, ClassificationTask::Binary);
        QVERIFY(!parseClassificationTask(QStringLiteral("multi-class"), &t));
        QVERIFY(!parseClassificationTask(QString(), &t));
        QCOMPARE(t, ClassificationTask::Binary); // unchanged on failure
    }

    void taskAgainstData()
    {
        const Dataset binary = make({QStringLiteral("x"), QStringLiteral("y")}, {{0}, {1}});
        const Dataset multi = make({QStringLiteral("x"), QStringLiteral("y"), QStringLiteral("z")}, {{0, 1}, {2}});
        QString error;
        QVERIFY(taskFitsData(ClassificationTask::Binary, binary, &error));
        QVERIFY(taskFitsData(ClassificationTask::MultiClass, binary, &error)); // two-way softmax
        QVERIFY(!taskFitsData(ClassificationTask::MultiLabel, binary, &error));
        QVERIFY2(error.startsWith(QStringLiteral("/data/set.csv: ")), qPrintable(error));
        QVERIFY(error.contains(QStringLiteral("binary")) && error.contains(QStringLiteral("multilabel")));
        QVERIFY(taskFitsData(ClassificationTask::MultiLabel, multi, nullptr));
        QVERIFY(!taskFitsData(ClassificationTask::MultiClass, multi, nullptr));
        QVERIFY(!taskFitsData(ClassificationTask::Binary, multi, nullptr));
    }

    void presets()
    {
        // Each task's default preset is a real preset whose network reports that task.
        for (ClassificationTask task :
             {ClassificationTask::Binary, ClassificationTask::MultiClass, ClassificationTask::MultiLabel}) {
            TutorialCnnSpec spec;
            QVERIFY(tutorialCnnPreset(defaultCnnPreset(task), &spec));
            QCOMPARE(networkTask(spec), task);
        }
        TutorialCnnSpec b;
        QVERIFY(tutorialCnnPreset(QStringLiteral("instrumental_vocal_b"), &b));
        QCOMPARE(networkTask(b), ClassificationTask::Binary); // one sigmoid output
    }
};

QTEST_GUILESS_MAIN(TstTutorialCnnTask)
#include "tst_tutorial_cnn_task.moc"
