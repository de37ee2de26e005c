#pragma once
// Evaluation view of a classifier (issue 5): a metrics table (accuracy, macro /
// weighted F1, macro ROC-AUC / PR-AUC, Hamming loss; per class precision,
// recall, F1, support, ROC-AUC, PR-AUC), a confusion-matrix heat map for
// single-label tasks (rows = true class, columns = predicted; cell colour =
// row-normalised count, the count printed in each cell) and per-class / per-tag
// ROC-AUC bars (Qt Charts, sorted, a dashed line at 0.5 = chance). Used by the
// training window (test split of the trained model) and by
// "Tools › Evaluate Classifier…".
#include "core/eval/classification_metrics.h"

#include <QString>
#include <QWidget>

class QLabel;
class QTableWidget;
class QTabWidget;

namespace mirlo {

class ConfusionMatrixWidget;
class RocAucBarChart;

class ClassificationView : public QWidget {
    Q_OBJECT
public:
    explicit ClassificationView(QWidget *parent = nullptr);

    // title: e.g. "instrumental_vocal on test split (420 items)".
    void setReport(const ClassificationReport &report, const QString &title);
    void clear();
    const ClassificationReport &report() const { return m_report; }

    // For tests and screenshots.
    QTableWidget *summaryTable() const { return m_summary; }
    QTableWidget *classTable() const { return m_classes; }
    ConfusionMatrixWidget *confusionMatrix() const { return m_confusion; }
    RocAucBarChart *rocAucChart() const { return m_rocAuc; }

private:
    void fillSummary();
    void fillClasses();

    ClassificationReport m_report;
    QLabel *m_title = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTableWidget *m_summary = nullptr, *m_classes = nullptr;
    ConfusionMatrixWidget *m_confusion = nullptr;
    QLabel *m_confusionNote = nullptr; // replaces the matrix for multi-label tasks
    RocAucBarChart *m_rocAuc = nullptr;
};

} // namespace mirlo
