#pragma once
// Per-class / per-tag ROC-AUC and PR-AUC of a ClassificationReport as
// horizontal Qt Charts bars (issue 5's evaluation view), best on top, on a
// 0..1 axis with a dashed line at 0.5 (the ROC-AUC of guessing). A selector
// shows ROC-AUC, PR-AUC or both; bars are sorted by the shown metric (ROC-AUC
// when both). Classes whose metric is undefined (NaN: the test items are all
// positive or all negative) stay in the list at the bottom, labelled
// "undefined", without a bar. Each label carries the value, so the chart is
// readable without hovering; the chart grows with the class count (a scroll
// area takes over for 50 MTAT tags).
#include "core/eval/classification_metrics.h"

#include <QStringList>
#include <QWidget>

#include <vector>

class QBarCategoryAxis;
class QChart;
class QChartView;
class QComboBox;
class QGraphicsSimpleTextItem;
class QLabel;
class QScrollArea;

namespace mirlo {

class RocAucBarChart : public QWidget {
    Q_OBJECT
public:
    enum class Metric { RocAuc, PrAuc, Both };

    explicit RocAucBarChart(QWidget *parent = nullptr);

    void setReport(const ClassificationReport &report);
    void clear();
    void setMetric(Metric metric);
    Metric metric() const { return m_metric; }

    // The shown order, top to bottom: names, values of the sorting metric (NaN when undefined),
    // the category axis' labels and the names without a defined value.
    QStringList names() const;
    std::vector<double> values() const;
    QStringList categoryLabels() const;
    QStringList undefinedNames() const;
    int barCount() const { return int(m_order.size()); }
    bool chanceLineVisible() const;
    QChart *chart() const { return m_chart; }

private:
    void rebuild();
    void makeLabels(const std::vector<const ClassMetrics *> &topToBottom);
    void placeLabels();
    double sortValue(const ClassMetrics &c) const;
    QString valueText(const ClassMetrics &c) const;
    QString categoryLabel(const ClassMetrics &c) const; // "name  value"

    ClassificationReport m_report;
    Metric m_metric = Metric::RocAuc;
    std::vector<size_t> m_order; // indices into m_report.classes, top to bottom
    QComboBox *m_selector = nullptr;
    QLabel *m_note = nullptr;
    QScrollArea *m_scroll = nullptr;
    QChartView *m_view = nullptr;
    QChart *m_chart = nullptr;
    QBarCategoryAxis *m_categories = nullptr;
    struct Label {
        QGraphicsSimpleTextItem *name, *value; // children of the chart
    };
    std::vector<Label> m_labels; // top to bottom
    int m_nameWidth = 0, m_valueWidth = 0;
};

} // namespace mirlo
