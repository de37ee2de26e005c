#pragma once
// The open tracks, in the order they were opened: one row per file, with its
// load state (loading with progress, ready, failed). Ready tracks keep their
// decoded audio in memory so switching between them is instant.
// Columns: name (with a status icon and the full path / problems as tooltip)
// and duration (m:ss).
#include "ui/model/track.h"

#include <QAbstractTableModel>

#include <vector>

namespace mirlo {

struct TrackEntry {
    enum class Status { Loading, Ready, Failed };
    QString path; // absolute
    Status status = Status::Loading;
    double progress = 0.0; // 0..1 while loading
    TrackPtr track;        // set when Ready
    QString error;         // set when Failed
};

class TrackListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, DurationColumn, ColumnCount };
    enum Role { PathRole = Qt::UserRole + 1, StatusRole };

    explicit TrackListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    int rowOf(const QString &path) const; // -1 if absent
    const TrackEntry &entry(int row) const { return m_entries.at(size_t(row)); }
    TrackPtr trackAt(int row) const;
    int readyCount() const;

    int addLoading(const QString &path); // returns the row (existing row if present)
    void setProgress(const QString &path, double fraction);
    void setReady(const QString &path, TrackPtr track);
    void setFailed(const QString &path, const QString &message);
    void removeRow(int row);

    static QString formatDuration(double sec); // "m:ss" (or "h:mm:ss")

private:
    void changedRow(int row);
    std::vector<TrackEntry> m_entries;
};

} // namespace mirlo
