#include "ui/panels/classification_view.h"

#include "ui/widgets/confusion_matrix_widget.h"
#include "ui/widgets/roc_auc_bar_chart.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

namespace mirlo {

namespace {
// Sorts by the number behind the text; undefined (NaN) values sort below every number.
class NumberItem : public QTableWidgetItem {
public:
    NumberItem(double value, const QString &text) : QTableWidgetItem(text)
    {
        setData(Qt::UserRole, std::isnan(value) ? -std::numeric_limits<double>::infinity() : value);
        setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    }
    bool operator<(const QTableWidgetItem &other) const override
    {
        return data(Qt::UserRole).toDouble() < other.data(Qt::UserRole).toDouble();
    }
};

QString fixed3(double v)
{
    return std::isnan(v) ? ClassificationView::tr("undefined") : QString::number(v, 'f', 3);
}

QTableWidget *makeTable(QWidget *parent, const QStringList &headers)
{
    auto *t = new QTableWidget(0, int(headers.size()), parent);
    t->setHorizontalHeaderLabels(headers);
    t->verticalHeader()->setVisible(false);
    t->verticalHeader()->setDefaultSectionSize(t->fontMetrics().height() + 6);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setAlternatingRowColors(true);
    t->setWordWrap(false);
    return t;
}
} // namespace

ClassificationView::ClassificationView(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_title = new QLabel(this);
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_title->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(m_title);

    m_tabs = new QTabWidget(this);
    layout->addWidget(m_tabs, 1);

    auto *metrics = new QWidget(m_tabs);
    m_summary = makeTable(metrics, {tr("Metric"), tr("Value")});
    m_summary->setObjectName(QStringLiteral("summaryTable"));
    m_summary->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_summary->horizontalHeader()->setStretchLastSection(false);
    m_summary->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_summary->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_summary->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_classes = makeTable(
        metrics, {tr("Class"), tr("Support"), tr("Precision"), tr("Recall"), tr("F1"), tr("ROC-AUC"), tr("PR-AUC")});
    m_classes->setObjectName(QStringLiteral("classTable"));
    m_classes->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int c = 1; c < m_classes->columnCount(); ++c)
        m_classes->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_classes->horizontalHeader()->setSortIndicator(0, Qt::AscendingOrder); // by name until the user picks
    // The summary keeps its natural size at the top left; the per-class table takes the rest.
    auto *metricsLayout = new QVBoxLayout(metrics);
    auto *summaryRow = new QHBoxLayout;
    summaryRow->addWidget(m_summary);
    summaryRow->addStretch(1);
    metricsLayout->addLayout(summaryRow);
    metricsLayout->addWidget(m_classes, 1);
    m_tabs->addTab(metrics, tr("Metrics"));

    auto *confusionPage = new QWidget(m_tabs);
    auto *confusionLayout = new QVBoxLayout(confusionPage);
    m_confusionNote = new QLabel(confusionPage);
    m_confusionNote->setWordWrap(true);
    m_confusionNote->setAlignment(Qt::AlignCenter);
    m_confusionNote->setObjectName(QStringLiteral("confusionNote"));
    m_confusion = new ConfusionMatrixWidget(confusionPage);
    m_confusion->setObjectName(QStringLiteral("confusionMatrix"));
    m_confusionNote->setMaximumWidth(520); // a readable paragraph in the middle of the page
    confusionLayout->addWidget(m_confusionNote, 1, Qt::AlignCenter);
    confusionLayout->addWidget(m_confusion, 1);
    m_tabs->addTab(confusionPage, tr("Confusion Matrix"));

    m_rocAuc = new RocAucBarChart(m_tabs);
    m_rocAuc->setObjectName(QStringLiteral("rocAucChart"));
    m_tabs->addTab(m_rocAuc, tr("ROC-AUC / PR-AUC"));
    clear();
}

void ClassificationView::clear()
{
    setReport(ClassificationReport{}, QString());
    m_title->setText(tr("No evaluation yet."));
}

void ClassificationView::setReport(const ClassificationReport &report, const QString &title)
{
    m_report = report;
    m_title->setText(title);
    const bool multiLabel = report.task == ClassificationTask::MultiLabel;
    fillSummary();
    fillClasses();

    QStringList names;
    for (const ClassMetrics &c : report.classes)
        names << c.name;
    const bool hasMatrix = !multiLabel && !report.classes.empty() && report.confusion.size() == report.classes.size();
    if (hasMatrix)
        m_confusion->setMatrix(names, report.confusion);
    else
        m_confusion->clear();
    m_confusion->setVisible(hasMatrix);
    m_confusionNote->setVisible(!hasMatrix);
    if (multiLabel)
        m_confusionNote->setText(tr("A confusion matrix needs one true and one predicted class per item; this is a "
                                    "multi-label task (%1 tags), so see the per-tag precision, recall and F1 in the "
                                    "Metrics tab and the per-tag ROC-AUC bars.")
                                     .arg(report.classes.size()));
    else
        m_confusionNote->setText(report.classes.empty() ? tr("No evaluation yet.")
                                                        : tr("The report has no confusion matrix."));
    if (hasMatrix)
        m_confusionNote->setText(QString());
    m_tabs->setTabText(1, multiLabel ? tr("Confusion Matrix (n/a)") : tr("Confusion Matrix"));
    m_rocAuc->setReport(report);
}

void ClassificationView::fillSummary()
{
    const ClassificationReport &r = m_report;
    const bool multiLabel = r.task == ClassificationTask::MultiLabel;
    m_summary->setSortingEnabled(false);
    m_summary->setRowCount(0);
    m_summary->setVisible(!r.classes.empty());
    if (r.classes.empty())
        return;
    auto add = [this](const QString &name, const QString &value, const QString &why) {
        const int row = m_summary->rowCount();
        m_summary->insertRow(row);
        auto *n = new QTableWidgetItem(name);
        n->setToolTip(why);
        n->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        m_summary->setItem(row, 0, n);
        auto *v = new QTableWidgetItem(value);
        v->setToolTip(why);
        v->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        m_summary->setItem(row, 1, v);
    };
    const QString task = r.task == ClassificationTask::Binary       ? tr("binary")
                         : r.task == ClassificationTask::MultiClass ? tr("multi-class")
                                                                    : tr("multi-label");
    add(tr("Task"), task, QString());
    add(tr("Items"), QString::number(r.items), tr("Evaluated items (files or excerpts)"));
    add(multiLabel ? tr("Tags") : tr("Classes"), QString::number(r.classes.size()), QString());
    const QString accuracy =
        std::isnan(r.accuracy)
            ? fixed3(r.accuracy)
            : QStringLiteral("%1  (%2 %)").arg(fixed3(r.accuracy)).arg(r.accuracy * 100.0, 0, 'f', 1);
    if (multiLabel)
        add(tr("Subset accuracy"), accuracy, tr("Items whose predicted tag set (p ≥ 0.5) equals the true set"));
    else
        add(tr("Accuracy"), accuracy, tr("Items whose predicted class (arg max) is the true class"));
    add(tr("Macro F1"), fixed3(r.macroF1), tr("Mean of the per-class F1 scores"));
    add(tr("Weighted F1"), fixed3(r.weightedF1), tr("Per-class F1 weighted by support"));
    add(tr("Macro ROC-AUC"), fixed3(r.macroRocAuc), tr("Mean ROC-AUC over the classes where it is defined"));
    add(tr("Macro PR-AUC"), fixed3(r.macroPrAuc), tr("Mean average precision over the classes where it is defined"));
    add(tr("Hamming loss"), fixed3(r.hammingLoss),
        multiLabel ? tr("Wrong label bits / all label bits") : tr("1 − accuracy for single-label tasks"));
    // The summary is short: all of it, without a scroll bar.
    const int rows = m_summary->rowCount();
    m_summary->setFixedHeight(m_summary->horizontalHeader()->sizeHint().height() +
                              rows * m_summary->verticalHeader()->defaultSectionSize() + 2 * m_summary->frameWidth());
    m_summary->resizeColumnsToContents();
    m_summary->setFixedWidth(m_summary->horizontalHeader()->length() + 2 * m_summary->frameWidth() + 2);
}

void ClassificationView::fillClasses()
{
    const bool multiLabel = m_report.task == ClassificationTask::MultiLabel;
    m_classes->setSortingEnabled(false);
    m_classes->setRowCount(int(m_report.classes.size()));
    m_classes->horizontalHeaderItem(0)->setText(multiLabel ? tr("Tag") : tr("Class"));
    m_classes->horizontalHeaderItem(1)->setToolTip(multiLabel ? tr("Test items carrying the tag")
                                                              : tr("Test items of the class"));
    for (int row = 0; row < int(m_report.classes.size()); ++row) {
        const ClassMetrics &c = m_report.classes[size_t(row)];
        auto *name = new QTableWidgetItem(c.name);
        name->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        m_classes->setItem(row, 0, name);
        m_classes->setItem(row, 1, new NumberItem(c.support, QString::number(c.support)));
        const double values[] = {c.precision, c.recall, c.f1, c.rocAuc, c.prAuc};
        for (int k = 0; k < 5; ++k)
            m_classes->setItem(row, 2 + k, new NumberItem(values[k], fixed3(values[k])));
    }
    m_classes->setSortingEnabled(true); // re-sorts by the column the user chose last
}

} // namespace mirlo
