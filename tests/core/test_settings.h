#pragma once
// Points QSettings (INI format, user scope) into a temporary folder and names
// the application, so a test never reads or writes the user's settings.
#include <QCoreApplication>
#include <QSettings>
#include <QString>

namespace mirlo::test {

// False when QSettings() would still use a file outside dir.
inline bool useTemporarySettings(const QString &dir, const QString &application)
{
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir);
    QCoreApplication::setOrganizationName(QStringLiteral("MirloTest"));
    QCoreApplication::setApplicationName(application);
    return QSettings().fileName().startsWith(dir);
}

} // namespace mirlo::test
