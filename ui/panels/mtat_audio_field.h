#pragma once
// The "Audio folder" row of the training and evaluation windows (issue 5): a tutorial
// label matrix or MTAT's annotations_final.csv names clips, not files, so the user points
// at the folder holding the MTAT audio (its 0..9, a..f sub-folders; see
// core/datasets/mtat_audio.h). The field is relevant only for such sources: setDataPath
// tells it the current source and relevanceChanged() lets the window show or hide the row.
// For annotations_final.csv a ground-truth picker (135 tags, instrumental/vocal, genre,
// mood) appears too. The last folder is remembered (QSettings) across both windows.
#include "core/datasets/mtat_audio.h"

#include <QWidget>

class QComboBox;
class QLineEdit;
class QPushButton;

namespace mirlo {

class MtatAudioField : public QWidget {
    Q_OBJECT
public:
    explicit MtatAudioField(QWidget *parent = nullptr);

    // Updates relevance (and the ground-truth picker) for a data source path.
    void setDataPath(const QString &path);
    bool isRelevant() const { return m_relevant; }
    void setAudioRoot(const QString &folder); // emits changed() when it differs
    QString audioRoot() const;
    void setGroundTruth(MtatGroundTruth truth);
    MtatGroundTruth groundTruth() const;
    // loadDataset options for the current source (empty audio root when not relevant).
    DatasetLoadOptions loadOptions(bool requireFiles) const;
    // Identifies the options in effect: a data source scanned with other options is stale.
    QString optionsKey() const;

Q_SIGNALS:
    void relevanceChanged(bool relevant);
    void changed(); // the folder or the ground truth was changed by the user or a setter

private:
    void browse();
    void commit();

    QLineEdit *m_edit = nullptr;
    QPushButton *m_browse = nullptr;
    QComboBox *m_truth = nullptr;
    QString m_committed; // the folder last announced with changed()
    bool m_relevant = false;
};

} // namespace mirlo
