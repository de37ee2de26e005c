#pragma once
// The open tracks and which one is current: turns "open these files and
// folders" into load jobs, keeps the TrackListModel up to date, and makes the
// first file of each batch that loads (in opening order, skipping failures)
// current, so a drop shows something as soon as possible. Failures and warnings are reported as
// signals (the window decides how to show them); nothing here is modal.
#include "core/jobs/job_runner.h"
#include "ui/model/track.h"

#include <QObject>
#include <QStringList>

namespace mirlo {

class TrackListModel;
class TrackLoader;

class TrackSession : public QObject {
    Q_OBJECT
public:
    explicit TrackSession(JobRunner *jobs, QObject *parent = nullptr);

    TrackListModel *model() const { return m_model; }
    TrackLoader *loader() const { return m_loader; }

    // Files (any extension) and folders (searched recursively for audio files).
    // Returns the files queued or already open.
    QStringList open(const QStringList &paths);
    void closeRow(int row);
    void setCurrentRow(int row);
    int currentRow() const;
    TrackPtr currentTrack() const { return m_current; }
    QString currentPath() const { return m_currentPath; }

Q_SIGNALS:
    void currentChanged(mirlo::TrackPtr track); // nullptr: none
    void trackLoaded(const QString &path, mirlo::TrackPtr track, qint64 decodeMs);
    void loadFailed(const QString &path, const QString &message);
    void nothingFound(const QString &message);

private:
    void onLoaded(const QString &path, TrackPtr track, qint64 decodeMs);
    void onFailed(const QString &path, const QString &message);

    TrackListModel *m_model;
    TrackLoader *m_loader;
    TrackPtr m_current;
    QString m_currentPath;
    void advanceFocus();
    // The latest batch in opening order, until one of it becomes current: the
    // first file that loads (skipping failures) is shown, not merely the fastest.
    QStringList m_focusQueue;
};

} // namespace mirlo
