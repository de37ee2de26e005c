#pragma once
// An ordered list of model folders kept under one QSettings key, newest
// first: the storage behind the onset-model and classifier registries.
// Folders are stored as absolute paths (QFileInfo::absoluteFilePath), so the
// same folder given relatively or absolutely is one entry. Checking that a
// folder still loads is the caller's business.
#include <QString>
#include <QStringList>

namespace mirlo {

class ModelFolderList {
public:
    explicit ModelFolderList(QString settingsKey) : m_key(std::move(settingsKey)) {}

    QStringList folders() const;
    void prepend(const QString &folder); // adds, or moves an existing entry to the front
    void remove(const QString &folder);

    // The absolute form a folder is stored in.
    static QString normalise(const QString &folder);

private:
    QString m_key;
};

} // namespace mirlo
