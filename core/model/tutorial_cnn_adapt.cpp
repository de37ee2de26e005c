#include "core/model/tutorial_cnn_adapt.h"

#include <utility>

namespace mirlo {

int tutorialCnnPositiveClass(const QStringList &classes)
{
    if (classes.size() != 2)
        return -1;
    for (int i = 0; i < 2; ++i)
        if (classes.at(i).compare(QLatin1String("instrumental"), Qt::CaseInsensitive) == 0)
            return i;
    return 1;
}

bool adaptTutorialCnnSpec(TutorialCnnSpec &spec, Dataset &data, QString *error)
{
    const int classes = int(data.classes.size());
    if (spec.outputCount() == 1) {
        if (classes != 2 || data.isMultiLabel()) {
            if (error)
                *error = QStringLiteral("%1: the %2 preset needs exactly two classes with one label per item, found %3")
                             .arg(data.source, spec.name)
                             .arg(classes);
            return false;
        }
        if (tutorialCnnPositiveClass(data.classes) == 0) {
            // The trainer's targets are "label 1 = positive": swap the classes.
            data.classes.swapItemsAt(0, 1);
            for (DatasetItem &item : data.items)
                for (int &l : item.labels)
                    l = 1 - l;
        }
        spec.labels = QStringList{data.classes.at(1)};
        spec.negativeLabel = data.classes.at(0);
        return true;
    }
    if (data.isMultiLabel() && !spec.multiLabel()) {
        if (error)
            *error = QStringLiteral("%1: multi-label data needs a sigmoid preset (compact_cnn_mood)").arg(data.source);
        return false;
    }
    if (classes < 2) {
        if (error)
            *error = QStringLiteral("%1: need at least two classes, found %2").arg(data.source).arg(classes);
        return false;
    }
    spec.layers.back().units = classes;
    spec.labels = data.classes;
    return true;
}

} // namespace mirlo
