#include "ui/panels/tool_window.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QStandardPaths>
#include <QVariant>

namespace mirlo {

QMenu *toolsMenu(QMainWindow *window)
{
    for (QAction *a : window->menuBar()->actions())
        if (a->menu() && a->menu()->objectName() == QLatin1String("toolsMenu"))
            return a->menu();
    QMenu *tools = window->menuBar()->addMenu(QCoreApplication::translate("mirlo", "&Tools"));
    tools->setObjectName(QStringLiteral("toolsMenu"));
    return tools;
}

void presentToolWindow(QWidget *w, QSize size)
{
    static const char *kPresented = "mirloToolWindow";
    if (!w->property(kPresented).toBool()) {
        w->setProperty(kPresented, true);
        w->setWindowFlag(Qt::Window);
        w->setAttribute(Qt::WA_DeleteOnClose, false);
        w->resize(size);
    }
    w->show();
    w->raise();
    w->activateWindow();
}

QString defaultModelFolder(const QString &prefix)
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("models/%1-%2")
                      .arg(prefix, QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))));
}

} // namespace mirlo
