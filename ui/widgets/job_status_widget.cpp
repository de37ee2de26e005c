#include "ui/widgets/job_status_widget.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QStyle>
#include <QToolButton>

namespace mirlo {

JobStatusWidget::JobStatusWidget(JobRunner *jobs, QWidget *parent)
    : QWidget(parent), m_jobs(jobs), m_label(new QLabel(this)), m_bar(new QProgressBar(this)),
      m_cancel(new QToolButton(this))
{
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    m_bar->setRange(0, 1000);
    m_bar->setTextVisible(false);
    m_bar->setFixedWidth(140);
    m_bar->setMaximumHeight(14);
    m_cancel->setIcon(style()->standardIcon(QStyle::SP_DialogCancelButton));
    m_cancel->setAutoRaise(true);
    m_cancel->setToolTip(tr("Cancel running jobs"));
    row->addWidget(m_label);
    row->addWidget(m_bar);
    row->addWidget(m_cancel);

    connect(m_cancel, &QToolButton::clicked, this, [this]() {
        for (const auto &entry : m_running)
            m_jobs->cancel(entry.first);
    });
    connect(jobs, &JobRunner::jobStarted, this, [this](JobId id, const QString &title) {
        m_running[id] = Job{title, 0.0};
        refresh();
    });
    connect(jobs, &JobRunner::jobProgress, this, [this](JobId id, double fraction, const QString &) {
        auto it = m_running.find(id);
        if (it != m_running.end()) {
            it->second.fraction = fraction;
            refresh();
        }
    });
    connect(jobs, &JobRunner::jobFinished, this, &JobStatusWidget::ended);
    connect(jobs, &JobRunner::jobFailed, this, [this](JobId id, const QString &) { ended(id); });
    connect(jobs, &JobRunner::jobCancelled, this, &JobStatusWidget::ended);
    refresh();
}

void JobStatusWidget::ended(JobId id)
{
    m_running.erase(id);
    refresh();
}

void JobStatusWidget::refresh()
{
    setVisible(!m_running.empty());
    if (m_running.empty())
        return;
    double sum = 0.0;
    for (const auto &entry : m_running)
        sum += entry.second.fraction;
    const int more = int(m_running.size()) - 1;
    QString text = m_running.begin()->second.title;
    if (more > 0)
        text += tr(" (+%1 more)").arg(more);
    m_label->setText(text);
    m_bar->setValue(int(1000.0 * sum / double(m_running.size())));
}

} // namespace mirlo
