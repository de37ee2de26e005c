#pragma once
// The list of trained onset-model folders the user has made or added, kept in
// QSettings ("models/onsetModelFolders"), so the GUI can offer each one as an
// onset detector ("model:<folder>"). Folders that no longer load are skipped by
// availableOnsetModels(), not deleted from the list.
#include <QString>
#include <QStringList>

namespace mirlo {

struct OnsetModelEntry {
    QString folder; // absolute path
    QString name;   // model.json "name" or the folder name
};

// Adds (or moves to the front) a folder; returns false + error when it does not load.
bool registerOnsetModel(const QString &folder, QString *error = nullptr);
void unregisterOnsetModel(const QString &folder);
QStringList registeredOnsetModelFolders();
// The registered folders whose model loads, newest first.
QList<OnsetModelEntry> availableOnsetModels();

} // namespace mirlo
