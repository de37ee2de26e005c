#pragma once
// The status bar's view of the JobRunner: while jobs run, a label with the
// oldest running job's title (and how many more), a progress bar with their
// mean progress and a cancel button that cancels all of them. Hidden when idle.
#include "core/jobs/job_runner.h"

#include <QWidget>

#include <map>

class QLabel;
class QProgressBar;
class QToolButton;

namespace mirlo {

class JobStatusWidget : public QWidget {
    Q_OBJECT
public:
    explicit JobStatusWidget(JobRunner *jobs, QWidget *parent = nullptr);
    int runningCount() const { return int(m_running.size()); }

private:
    struct Job {
        QString title;
        double fraction = 0.0;
    };
    void ended(JobId id);
    void refresh();

    JobRunner *m_jobs;
    std::map<JobId, Job> m_running; // ordered by id = start order
    QLabel *m_label;
    QProgressBar *m_bar;
    QToolButton *m_cancel;
};

} // namespace mirlo
