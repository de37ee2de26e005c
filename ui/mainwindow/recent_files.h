#pragma once
// The File › Open Recent menu: the last kMax opened files and folders, kept
// in QSettings ("recentFiles"), newest first; entries that no longer exist
// are dropped when the menu is rebuilt.
#include <QObject>
#include <QStringList>

class QMenu;

namespace mirlo {

class RecentFiles : public QObject {
    Q_OBJECT
public:
    static constexpr int kMax = 10;
    explicit RecentFiles(QMenu *menu, QObject *parent = nullptr);
    void add(const QString &path);
    QStringList paths() const;

Q_SIGNALS:
    void openRequested(const QString &path);

private:
    void rebuild();
    QMenu *m_menu;
};

} // namespace mirlo
