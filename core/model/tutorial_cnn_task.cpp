#include "core/model/tutorial_cnn_task.h"

namespace mirlo {

bool parseClassificationTask(const QString &name, ClassificationTask *out)
{
    for (ClassificationTask t :
         {ClassificationTask::Binary, ClassificationTask::MultiClass, ClassificationTask::MultiLabel})
        if (name == QLatin1String(classificationTaskName(t))) {
            *out = t;
            return true;
        }
    return false;
}

ClassificationTask datasetTask(const Dataset &data)
{
    if (data.isMultiLabel())
        return ClassificationTask::MultiLabel;
    return data.classes.size() == 2 ? ClassificationTask::Binary : ClassificationTask::MultiClass;
}

bool taskFitsData(ClassificationTask task, const Dataset &data, QString *error)
{
    const ClassificationTask implied = datasetTask(data);
    if (task == implied || (task == ClassificationTask::MultiClass && implied == ClassificationTask::Binary))
        return true;
    if (error)
        *error = QStringLiteral("%1: the data is %2 (%3 classes), not %4")
                     .arg(data.source, QString::fromLatin1(classificationTaskName(implied)))
                     .arg(data.classes.size())
                     .arg(QString::fromLatin1(classificationTaskName(task)));
    return false;
}

QString defaultCnnPreset(ClassificationTask task)
{
    switch (task) {
    case ClassificationTask::Binary:
        return QStringLiteral("instrumental_vocal");
    case ClassificationTask::MultiClass:
        return QStringLiteral("compact_cnn_genre");
    case ClassificationTask::MultiLabel:
        break;
    }
    return QStringLiteral("compact_cnn_mood");
}

ClassificationTask networkTask(const TutorialCnnSpec &spec)
{
    if (spec.outputCount() == 1)
        return ClassificationTask::Binary;
    return spec.multiLabel() ? ClassificationTask::MultiLabel : ClassificationTask::MultiClass;
}

} // namespace mirlo
