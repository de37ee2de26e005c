#pragma once
// Panel tests that register models write QSettings: send them to a temporary
// folder, never to the user's settings.
#include <QCoreApplication>
#include <QSettings>
#include <QTemporaryDir>

inline bool useTemporarySettings(const QTemporaryDir &tmp, const char *applicationName)
{
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, tmp.filePath(QStringLiteral("settings")));
    QCoreApplication::setOrganizationName(QStringLiteral("MirloTest"));
    QCoreApplication::setApplicationName(QString::fromLatin1(applicationName));
    return QSettings().fileName().startsWith(tmp.path());
}
