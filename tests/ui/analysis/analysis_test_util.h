#pragma once
// Opens a file in the main window and waits until its analysis has finished;
// shared by the analysis GUI tests.
#include "ui/analysis/analysis_controller.h"
#include "ui/mainwindow/main_window.h"

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

} // namespace mirlo::test
