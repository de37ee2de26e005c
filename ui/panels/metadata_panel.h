#pragma once
// The metadata dock: tags and stream facts of the current track from its
// AudioFileInfo (title, artist, album, genre, year, duration, sample rate,
// channels, codec, bitrate, path) plus the decoder's warnings.
#include "ui/model/track.h"

#include <QWidget>

class QFormLayout;
class QLabel;

namespace mirlo {

class MetadataPanel : public QWidget {
    Q_OBJECT
public:
    explicit MetadataPanel(QWidget *parent = nullptr);
    void setTrack(const TrackPtr &track); // nullptr clears
    // The shown value of a field by its label ("Title", "Sample rate", ...); for tests.
    QString fieldText(const QString &label) const;

private:
    QLabel *addField(const QString &label);
    QFormLayout *m_form;
    QList<QPair<QString, QLabel *>> m_fields;
};

} // namespace mirlo
