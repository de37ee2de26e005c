#include "ui/model/track.h"

#include <QFileInfo>

namespace mirlo {

QString Track::displayName() const
{
    // A title tag names the piece better than a file name, when a tagger set one.
    const QString title = info.title.trimmed();
    if (!title.isEmpty())
        return title;
    return QFileInfo(path).fileName();
}

} // namespace mirlo
