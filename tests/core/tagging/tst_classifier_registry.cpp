// The classifier registry: kind detection from model.json (an MTAT tagger
// folder, a tutorial CNN folder, garbage), register / unregister / ordering in
// a temporary QSettings scope, names, a registered folder that stops loading
// is skipped but kept, and the onset registry on the same folder-list helper.
#include "core/model/model_folder_list.h"
#include "core/tagging/classifier_registry.h"

#include <QDir>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include "../test_settings.h"
#include "tutorial_cnn_fixture.h"

using namespace mirlo;

namespace {

const QString kTagger = QStringLiteral(MIRLO_SHARED_DATA "/../models/fcn_mtat");

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

bool copyTagger(const QString &to)
{
    QDir().mkpath(to);
    return QFile::copy(kTagger + QStringLiteral("/model.json"), to + QStringLiteral("/model.json")) &&
           QFile::copy(kTagger + QStringLiteral("/weights.safetensors"), to + QStringLiteral("/weights.safetensors"));
}

} // namespace

class TestClassifierRegistry : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_tutorial, m_named, m_tagger;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QVERIFY(test::useTemporarySettings(m_tmp.filePath(QStringLiteral("settings")),
                                           QStringLiteral("tst_classifier_registry")));

        m_tutorial = m_tmp.filePath(QStringLiteral("voice_model"));
        QVERIFY(test::writeTinyTutorialCnn(m_tutorial, {QStringLiteral("instrumental")}));
        m_named = m_tmp.filePath(QStringLiteral("named"));
        QVERIFY(test::writeTinyTutorialCnn(m_named, {QStringLiteral("a"), QStringLiteral("b")},
                                           QStringLiteral("My genre model")));
        m_tagger = m_tmp.filePath(QStringLiteral("my_tagger"));
        QVERIFY(copyTagger(m_tagger));
    }

    void init()
    {
        QSettings().clear();
    }

    void kindDetection()
    {
        QString error;
        QCOMPARE(classifierKind(m_tutorial, &error), ClassifierKind::TutorialCnn);
        QCOMPARE(classifierKind(m_tagger, &error), ClassifierKind::MtatTagger);
        QCOMPARE(classifierKind(QStringLiteral(":/models/tagging/musicnn_mtat"), &error), ClassifierKind::MtatTagger);

        // Garbage: a JSON object of neither kind, text that is not JSON, no model.json at all.
        const QString other = m_tmp.filePath(QStringLiteral("other"));
        QVERIFY(writeFile(other + QStringLiteral("/model.json"), R"({"name": "x", "layers": []})"));
        error.clear();
        QCOMPARE(classifierKind(other, &error), ClassifierKind::Unknown);
        QVERIFY2(error.contains(QStringLiteral("other")) && error.contains(QStringLiteral("model.json")) &&
                     error.contains(QStringLiteral("neither")),
                 qPrintable(error));
        const QString text = m_tmp.filePath(QStringLiteral("text"));
        QVERIFY(writeFile(text + QStringLiteral("/model.json"), "hello, this is not JSON"));
        error.clear();
        QCOMPARE(classifierKind(text, &error), ClassifierKind::Unknown);
        QVERIFY2(error.contains(QStringLiteral("not a JSON object")), qPrintable(error));
        error.clear();
        QCOMPARE(classifierKind(m_tmp.filePath(QStringLiteral("missing")), &error), ClassifierKind::Unknown);
        QVERIFY2(error.contains(QStringLiteral("missing")) && error.contains(QStringLiteral("cannot open")),
                 qPrintable(error));
        QVERIFY(!registerClassifier(other, &error));
        QVERIFY(registeredClassifierFolders().isEmpty());
    }

    void namesAndKinds()
    {
        ClassifierEntry e;
        QString error;
        QVERIFY2(describeClassifier(m_tutorial, &e, &error), qPrintable(error));
        QCOMPARE(e.kind, ClassifierKind::TutorialCnn);
        QCOMPARE(e.name, QStringLiteral("voice_model")); // no top-level name: the folder's
        QCOMPARE(e.folder, QFileInfo(m_tutorial).absoluteFilePath());
        QVERIFY(describeClassifier(m_named, &e));
        QCOMPARE(e.name, QStringLiteral("My genre model"));
        QVERIFY(describeClassifier(m_tagger, &e));
        QCOMPARE(e.kind, ClassifierKind::MtatTagger);
        QCOMPARE(e.name, QStringLiteral("fcn_mtat")); // the manifest's name
        QCOMPARE(classifierKindName(ClassifierKind::TutorialCnn), QStringLiteral("tutorial_cnn"));
        QVERIFY(classifierKindName(ClassifierKind::TutorialCnn) != classifierKindName(ClassifierKind::MtatTagger));
    }

    void registerOrderAndUnregister()
    {
        QString error;
        QVERIFY2(registerClassifier(m_tutorial, &error), qPrintable(error));
        QVERIFY(registerClassifier(m_tagger, &error));
        QVERIFY(registerClassifier(m_named, &error));
        const QString a = QFileInfo(m_tutorial).absoluteFilePath(), t = QFileInfo(m_tagger).absoluteFilePath(),
                      n = QFileInfo(m_named).absoluteFilePath();
        QCOMPARE(registeredClassifierFolders(), QStringList({n, t, a})); // newest first
        // Again (relatively spelt): moves to the front, no duplicate.
        const QString cwd = QDir::currentPath();
        QDir::setCurrent(m_tmp.path());
        QVERIFY(registerClassifier(QStringLiteral("voice_model"), &error));
        QDir::setCurrent(cwd);
        QCOMPARE(registeredClassifierFolders(), QStringList({a, n, t}));
        const QList<ClassifierEntry> av = availableClassifiers();
        QCOMPARE(av.size(), 3);
        QCOMPARE(av[0].kind, ClassifierKind::TutorialCnn);
        QCOMPARE(av[1].name, QStringLiteral("My genre model"));
        QCOMPARE(av[2].kind, ClassifierKind::MtatTagger);
        unregisterClassifier(m_named);
        QCOMPARE(registeredClassifierFolders(), QStringList({a, t}));
        // Persisted: another QSettings object reads the same list.
        QCOMPARE(QSettings().value(QStringLiteral("models/classifierFolders")).toStringList(), QStringList({a, t}));
    }

    void brokenFolderIsSkippedNotForgotten()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("will_break"));
        QVERIFY(test::writeTinyTutorialCnn(dir, {QStringLiteral("vocal")}));
        QString error;
        QVERIFY(registerClassifier(m_tutorial, &error));
        QVERIFY(registerClassifier(dir, &error));
        QCOMPARE(availableClassifiers().size(), 2);
        // Truncated weights: the model no longer loads.
        QFile w(dir + QStringLiteral("/weights.safetensors"));
        QVERIFY(w.open(QIODevice::ReadWrite));
        QVERIFY(w.resize(20));
        w.close();
        ClassifierEntry e;
        QVERIFY(!describeClassifier(dir, &e, &error));
        QVERIFY2(error.contains(QStringLiteral("weights.safetensors")), qPrintable(error));
        const QList<ClassifierEntry> av = availableClassifiers();
        QCOMPARE(av.size(), 1);
        QCOMPARE(av[0].folder, QFileInfo(m_tutorial).absoluteFilePath());
        QCOMPARE(registeredClassifierFolders().size(), 2);
        // Re-registering a broken folder fails and leaves the list as it was.
        QVERIFY(!registerClassifier(dir, &error));
        QCOMPARE(registeredClassifierFolders().size(), 2);
    }

    void folderListHelper()
    {
        ModelFolderList list(QStringLiteral("test/folders"));
        list.prepend(QStringLiteral("/x/a"));
        list.prepend(QStringLiteral("/x/b"));
        list.prepend(QStringLiteral("/x/a/../a"));
        QCOMPARE(list.folders(), QStringList({QStringLiteral("/x/a"), QStringLiteral("/x/b")}));
        list.prepend(QStringLiteral(":/models/tutorial/demo"));
        QCOMPARE(list.folders().first(), QStringLiteral(":/models/tutorial/demo"));
        list.remove(QStringLiteral("/x/b"));
        QCOMPARE(list.folders(), QStringList({QStringLiteral(":/models/tutorial/demo"), QStringLiteral("/x/a")}));
        // Separate keys do not mix.
        QVERIFY(ModelFolderList(QStringLiteral("test/other")).folders().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestClassifierRegistry)
#include "tst_classifier_registry.moc"
