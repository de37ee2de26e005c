#pragma once
// Helpers for the tool windows opened from the main window's "Tools" menu
// (training windows): the shared menu, showing one window per kind, and the
// default folder a newly trained model is written to.
#include <QPointer>
#include <QSize>
#include <QString>
#include <QWidget>

class QMainWindow;
class QMenu;

namespace mirlo {

// The menu bar's "Tools" menu (objectName "toolsMenu"), created when missing.
QMenu *toolsMenu(QMainWindow *window);

// Turns w into a top-level window of its parent (first call: resized to size), shows, raises and activates it.
void presentToolWindow(QWidget *w, QSize size);

// One shared window of type W per process: created on the first call with parent.
template <class W> W *showSharedToolWindow(QWidget *parent, QSize size)
{
    static QPointer<W> window;
    if (!window)
        window = new W(parent);
    presentToolWindow(window, size);
    return window;
}

// <app data>/models/<prefix>-yyyyMMdd-HHmmss.
QString defaultModelFolder(const QString &prefix);

} // namespace mirlo
