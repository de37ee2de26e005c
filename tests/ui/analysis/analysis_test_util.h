#pragma once
// Opens a file in the main window and waits until its analysis has finished;
// shows the Tags dock so it tags by itself; shared by the analysis GUI tests.
#include "ui/analysis/analysis_controller.h"
#include "ui/analysis/tagging_controller.h"
#include "ui/mainwindow/main_window.h"

#include <QDockWidget>
#include <QSignalSpy>
#include <QTest>

namespace mirlo::test {

inline bool loadAndAnalyse(MainWindow &w, const QString &path)
{
    QSignalSpy finished(w.analysis(), &AnalysisController::analysisFinished);
    w.openPaths({path});
    if (!QTest::qWaitFor([&]() { return w.currentTrack() != nullptr; }, 30000))
        return false;
    return QTest::qWaitFor([&]() { return finished.count() > 0 && !w.analysis()->isRunning(); }, 60000);
}

// Shows the window and raises the Tags dock (a visible panel tags by itself); false when the
// window is not exposed or tagging does not switch to automatic.
inline bool showTagsDock(MainWindow &w)
{
    w.resize(1400, 900);
    w.show();
    auto *dock = w.findChild<QDockWidget *>(QStringLiteral("tagsDock"));
    if (!QTest::qWaitForWindowExposed(&w) || !dock)
        return false;
    dock->raise();
    return QTest::qWaitFor([&]() { return w.tagging()->autoRun(); }, 5000);
}

} // namespace mirlo::test
