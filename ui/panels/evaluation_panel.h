#pragma once
// The evaluation dock (the teaching view's numbers): estimated layers scored
// against the truth layers of the same kind with core/eval (mir_eval-exact).
// Onsets: F-measure, precision, recall, hits / misses / false alarms within
// +-50 ms (or 25 ms, as in the tutorial). Beats: F-measure (+-70 ms), Cemgil,
// Goto, P-score, CMLc/CMLt/AMLc/AMLt, information gain (first 5 s trimmed, as
// mir_eval.beat.evaluate). Downbeats: F-measure (+-70 ms).
#include "ui/analysis/analysis_layer.h"

#include <QWidget>

class QComboBox;
class QTreeWidget;
class QTreeWidgetItem;

namespace mirlo {

class EvaluationPanel : public QWidget {
    Q_OBJECT
public:
    explicit EvaluationPanel(QWidget *parent = nullptr);

    void setLayers(const LayerList &layers);
    double onsetWindowSec() const;
    void setOnsetWindowSec(double sec); // 0.05 or 0.025
    // The shown value of a metric, e.g. ("Onsets", "F-measure"); NaN when not shown.
    double value(const QString &group, const QString &metric) const;
    QTreeWidget *tree() const { return m_tree; }

Q_SIGNALS:
    void onsetWindowChanged(double sec);

private:
    void recompute();
    QTreeWidgetItem *addGroup(const QString &title, const QString &note);
    void addRow(QTreeWidgetItem *group, const QString &metric, double value, const QString &text = {});

    QComboBox *m_window;
    QTreeWidget *m_tree;
    LayerList m_layers;
};

} // namespace mirlo
