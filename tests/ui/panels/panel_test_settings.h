#pragma once
// Panel tests that register models write QSettings: tests/core/test_settings.h
// sends them to a "settings" folder inside the test's temporary directory.
#include "../../core/test_settings.h"

#include <QTemporaryDir>

inline bool useTemporarySettings(const QTemporaryDir &tmp, const char *applicationName)
{
    return mirlo::test::useTemporarySettings(tmp.filePath(QStringLiteral("settings")),
                                             QString::fromLatin1(applicationName));
}
