#include "ui/mainwindow/track_session.h"

#include "ui/model/track_list_model.h"
#include "ui/model/track_loader.h"

#include <QFileInfo>

namespace mirlo {

TrackSession::TrackSession(JobRunner *jobs, QObject *parent)
    : QObject(parent), m_model(new TrackListModel(this)), m_loader(new TrackLoader(jobs, this))
{
    connect(m_loader, &TrackLoader::progress, m_model, &TrackListModel::setProgress);
    connect(m_loader, &TrackLoader::loaded, this, &TrackSession::onLoaded);
    connect(m_loader, &TrackLoader::failed, this, &TrackSession::onFailed);
    connect(m_loader, &TrackLoader::cancelled, this, [this](const QString &path) {
        m_focusQueue.removeAll(path);
        advanceFocus();
        const int row = m_model->rowOf(path);
        if (row >= 0 && m_model->entry(row).status != TrackEntry::Status::Ready)
            m_model->removeRow(row);
    });
}

QStringList TrackSession::open(const QStringList &paths)
{
    const QStringList files = TrackLoader::collectAudioFiles(paths);
    if (files.isEmpty()) {
        Q_EMIT nothingFound(tr("No audio files found in %1.").arg(paths.join(QStringLiteral(", "))));
        return files;
    }
    m_focusQueue = files;
    for (const QString &file : files) {
        const int row = m_model->rowOf(file);
        if (row >= 0 && m_model->entry(row).status == TrackEntry::Status::Ready)
            continue; // already in memory
        m_model->addLoading(file);
        m_loader->load(file);
    }
    advanceFocus();
    return files;
}

void TrackSession::onLoaded(const QString &path, TrackPtr track, qint64 decodeMs)
{
    m_model->setReady(path, track);
    Q_EMIT trackLoaded(path, track, decodeMs);
    // Also when the user selected the row while it was still loading.
    if ((m_focusQueue.isEmpty() && !m_current) || path == m_currentPath)
        setCurrentRow(m_model->rowOf(path));
    advanceFocus();
}

void TrackSession::advanceFocus()
{
    while (!m_focusQueue.isEmpty()) {
        const int row = m_model->rowOf(m_focusQueue.first());
        if (row < 0 || m_model->entry(row).status == TrackEntry::Status::Failed) {
            m_focusQueue.removeFirst();
            continue;
        }
        if (m_model->entry(row).status == TrackEntry::Status::Ready) {
            m_focusQueue.clear();
            setCurrentRow(row);
        }
        return; // still loading: wait for it
    }
}

void TrackSession::onFailed(const QString &path, const QString &message)
{
    m_model->setFailed(path, message);
    Q_EMIT loadFailed(path, message);
    advanceFocus();
}

int TrackSession::currentRow() const
{
    return m_currentPath.isEmpty() ? -1 : m_model->rowOf(m_currentPath);
}

void TrackSession::setCurrentRow(int row)
{
    const TrackPtr track = m_model->trackAt(row);
    const QString path = row >= 0 && row < m_model->rowCount() ? m_model->entry(row).path : QString();
    if (path == m_currentPath && track == m_current)
        return;
    m_currentPath = path;
    m_current = track;
    Q_EMIT currentChanged(track);
}

void TrackSession::closeRow(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    const QString path = m_model->entry(row).path;
    m_focusQueue.removeAll(path);
    const bool wasCurrent = path == m_currentPath;
    m_loader->cancel(path); // may already remove the row (see the cancelled handler)
    if (m_model->rowOf(path) >= 0)
        m_model->removeRow(m_model->rowOf(path));
    if (!wasCurrent)
        return;
    // Move to a neighbour, as a list view would.
    const int next = std::min(row, m_model->rowCount() - 1);
    m_currentPath.clear();
    m_current.reset();
    if (next >= 0)
        setCurrentRow(next);
    else
        Q_EMIT currentChanged(nullptr);
}

} // namespace mirlo
