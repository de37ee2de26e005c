#include "core/nn/onset_model_registry.h"

#include "core/nn/trained_onset_model.h"

#include <QFileInfo>
#include <QSettings>

namespace mirlo {

namespace {
const QString kKey = QStringLiteral("models/onsetModelFolders");
}

QStringList registeredOnsetModelFolders()
{
    return QSettings().value(kKey).toStringList();
}

bool registerOnsetModel(const QString &folder, QString *error)
{
    TrainedOnsetModel model;
    if (!model.load(folder, error))
        return false;
    const QString abs = QFileInfo(folder).absoluteFilePath();
    QStringList list = registeredOnsetModelFolders();
    list.removeAll(abs);
    list.prepend(abs);
    QSettings().setValue(kKey, list);
    return true;
}

void unregisterOnsetModel(const QString &folder)
{
    QStringList list = registeredOnsetModelFolders();
    list.removeAll(QFileInfo(folder).absoluteFilePath());
    QSettings().setValue(kKey, list);
}

QList<OnsetModelEntry> availableOnsetModels()
{
    QList<OnsetModelEntry> out;
    for (const QString &folder : registeredOnsetModelFolders()) {
        TrainedOnsetModel model;
        if (model.load(folder))
            out.append({folder, model.name()});
    }
    return out;
}

} // namespace mirlo
