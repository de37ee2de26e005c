#include "ui/model/track_list_model.h"

#include <QApplication>
#include <QFileInfo>
#include <QStyle>

#include <cmath>

namespace mirlo {

TrackListModel::TrackListModel(QObject *parent) : QAbstractTableModel(parent) {}

int TrackListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int TrackListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString TrackListModel::formatDuration(double sec)
{
    if (!(sec >= 0.0))
        return QStringLiteral("–");
    const qint64 total = qint64(std::llround(sec));
    const qint64 h = total / 3600, m = (total / 60) % 60, s = total % 60;
    if (h > 0)
        return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QChar('0')).arg(s, 2, 10, QChar('0'));
    return QStringLiteral("%1:%2").arg(m).arg(s, 2, 10, QChar('0'));
}

QVariant TrackListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const TrackEntry &e = m_entries[size_t(index.row())];
    const bool warn = e.track && !e.track->warnings.isEmpty();
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == NameColumn)
            return e.track ? e.track->displayName() : QFileInfo(e.path).fileName();
        if (e.status == TrackEntry::Status::Loading)
            return QStringLiteral("%1 %").arg(int(e.progress * 100));
        if (e.status == TrackEntry::Status::Failed)
            return tr("error");
        return formatDuration(e.track->durationSec());
    case Qt::DecorationRole:
        if (index.column() != NameColumn || !qApp)
            return {};
        if (e.status == TrackEntry::Status::Failed)
            return qApp->style()->standardIcon(QStyle::SP_MessageBoxCritical);
        if (warn)
            return qApp->style()->standardIcon(QStyle::SP_MessageBoxWarning);
        if (e.status == TrackEntry::Status::Loading)
            return qApp->style()->standardIcon(QStyle::SP_BrowserReload);
        return qApp->style()->standardIcon(QStyle::SP_MediaVolume);
    case Qt::ToolTipRole: {
        QString tip = e.path;
        if (e.status == TrackEntry::Status::Failed)
            tip += QStringLiteral("\n") + e.error;
        if (warn)
            tip += QStringLiteral("\n") + e.track->warnings.join(QStringLiteral("\n"));
        return tip;
    }
    case Qt::TextAlignmentRole:
        if (index.column() == DurationColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case PathRole:
        return e.path;
    case StatusRole:
        return int(e.status);
    default:
        return {};
    }
}

QVariant TrackListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == NameColumn ? tr("Track") : tr("Length");
}

int TrackListModel::rowOf(const QString &path) const
{
    for (size_t i = 0; i < m_entries.size(); ++i)
        if (m_entries[i].path == path)
            return int(i);
    return -1;
}

TrackPtr TrackListModel::trackAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return nullptr;
    return m_entries[size_t(row)].track;
}

int TrackListModel::readyCount() const
{
    int n = 0;
    for (const TrackEntry &e : m_entries)
        n += e.status == TrackEntry::Status::Ready;
    return n;
}

int TrackListModel::addLoading(const QString &path)
{
    const int existing = rowOf(path);
    if (existing >= 0) {
        TrackEntry &e = m_entries[size_t(existing)];
        if (e.status == TrackEntry::Status::Failed) { // retry
            e.status = TrackEntry::Status::Loading;
            e.progress = 0.0;
            e.error.clear();
            changedRow(existing);
        }
        return existing;
    }
    const int row = rowCount();
    beginInsertRows({}, row, row);
    TrackEntry e;
    e.path = path;
    m_entries.push_back(e);
    endInsertRows();
    return row;
}

void TrackListModel::setProgress(const QString &path, double fraction)
{
    const int row = rowOf(path);
    if (row < 0 || m_entries[size_t(row)].status != TrackEntry::Status::Loading)
        return;
    m_entries[size_t(row)].progress = fraction;
    const QModelIndex i = index(row, DurationColumn);
    Q_EMIT dataChanged(i, i, {Qt::DisplayRole});
}

void TrackListModel::setReady(const QString &path, TrackPtr track)
{
    const int row = rowOf(path);
    if (row < 0)
        return;
    TrackEntry &e = m_entries[size_t(row)];
    e.status = TrackEntry::Status::Ready;
    e.track = std::move(track);
    e.progress = 1.0;
    changedRow(row);
}

void TrackListModel::setFailed(const QString &path, const QString &message)
{
    const int row = rowOf(path);
    if (row < 0)
        return;
    TrackEntry &e = m_entries[size_t(row)];
    e.status = TrackEntry::Status::Failed;
    e.error = message;
    e.track.reset();
    changedRow(row);
}

void TrackListModel::removeRow(int row)
{
    if (row < 0 || row >= rowCount())
        return;
    beginRemoveRows({}, row, row);
    m_entries.erase(m_entries.begin() + row);
    endRemoveRows();
}

void TrackListModel::changedRow(int row)
{
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

} // namespace mirlo
