#pragma once
// The classifier model folders the user has trained or added (tutorial CNNs
// from the training window / mirlo-cli train, or extra tagger folders), kept
// in QSettings ("models/classifierFolders"), so the Tags panel's model picker
// offers them next to the built-in MTAT taggers. Folders that no longer load
// are skipped by availableClassifiers(), not deleted from the list.
#include <QList>
#include <QString>
#include <QStringList>

namespace mirlo {

enum class ClassifierKind { Unknown, MtatTagger, TutorialCnn };

struct ClassifierEntry {
    QString folder; // absolute path
    QString name;   // model.json "name" or the folder name
    ClassifierKind kind = ClassifierKind::Unknown;
};

// Which loader a folder's model.json needs (Unknown + *error when it is neither / unreadable).
ClassifierKind classifierKind(const QString &folder, QString *error = nullptr);

// Adds (or moves to the front) a folder; false + *error when its model does not load.
bool registerClassifier(const QString &folder, QString *error = nullptr);
void unregisterClassifier(const QString &folder);
QStringList registeredClassifierFolders();
// The registered folders whose model loads, newest first.
QList<ClassifierEntry> availableClassifiers();

// "mtat_tagger" / "tutorial_cnn" / "unknown" (e.g. for cache keys).
QString classifierKindName(ClassifierKind kind);
// Loads the folder's model once to check it and fills *out; false + *error when it does not load.
bool describeClassifier(const QString &folder, ClassifierEntry *out, QString *error = nullptr);
// Tutorial CNN folders shipped with the app (":/models/tutorial/<name>"), sorted by name.
QStringList builtinTutorialModelFolders();

} // namespace mirlo
