#include "core/nn/onset_model_registry.h"

#include "core/model/model_folder_list.h"
#include "core/nn/trained_onset_model.h"

namespace mirlo {

namespace {
ModelFolderList folderList()
{
    return ModelFolderList(QStringLiteral("models/onsetModelFolders"));
}
} // namespace

QStringList registeredOnsetModelFolders()
{
    return folderList().folders();
}

bool registerOnsetModel(const QString &folder, QString *error)
{
    TrainedOnsetModel model;
    if (!model.load(folder, error))
        return false;
    folderList().prepend(folder);
    return true;
}

void unregisterOnsetModel(const QString &folder)
{
    folderList().remove(folder);
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
