#include "core/model/model_folder_list.h"

#include <QFileInfo>
#include <QSettings>

namespace mirlo {

QString ModelFolderList::normalise(const QString &folder)
{
    // Resource folders (":/models/...") are kept as they are.
    return folder.startsWith(QLatin1Char(':')) ? folder : QFileInfo(folder).absoluteFilePath();
}

QStringList ModelFolderList::folders() const
{
    return QSettings().value(m_key).toStringList();
}

void ModelFolderList::prepend(const QString &folder)
{
    const QString abs = normalise(folder);
    QStringList list = folders();
    list.removeAll(abs);
    list.prepend(abs);
    QSettings().setValue(m_key, list);
}

void ModelFolderList::remove(const QString &folder)
{
    QStringList list = folders();
    list.removeAll(normalise(folder));
    QSettings().setValue(m_key, list);
}

} // namespace mirlo
