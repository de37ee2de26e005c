#include "ui/mainwindow/recent_files.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

#include <algorithm>

namespace mirlo {

namespace {
const char *kKey = "recentFiles";
}

RecentFiles::RecentFiles(QMenu *menu, QObject *parent) : QObject(parent), m_menu(menu)
{
    rebuild();
}

QStringList RecentFiles::paths() const
{
    return QSettings().value(kKey).toStringList();
}

void RecentFiles::add(const QString &path)
{
    const QString abs = QFileInfo(path).absoluteFilePath();
    QStringList list = paths();
    list.removeAll(abs);
    list.prepend(abs);
    while (list.size() > kMax)
        list.removeLast();
    QSettings().setValue(kKey, list);
    rebuild();
}

void RecentFiles::rebuild()
{
    m_menu->clear();
    QStringList list = paths();
    list.erase(std::remove_if(list.begin(), list.end(), [](const QString &p) { return !QFileInfo::exists(p); }),
               list.end());
    int n = 0;
    for (const QString &p : list) {
        ++n;
        QAction *a = m_menu->addAction(QStringLiteral("&%1 %2").arg(n % 10).arg(QFileInfo(p).fileName()));
        a->setToolTip(QDir::toNativeSeparators(p));
        a->setStatusTip(QDir::toNativeSeparators(p));
        connect(a, &QAction::triggered, this, [this, p]() { Q_EMIT openRequested(p); });
    }
    if (list.isEmpty()) {
        m_menu->addAction(tr("(none)"))->setEnabled(false);
        return;
    }
    m_menu->addSeparator();
    connect(m_menu->addAction(tr("Clear list")), &QAction::triggered, this, [this]() {
        QSettings().remove(kKey);
        rebuild();
    });
}

} // namespace mirlo
