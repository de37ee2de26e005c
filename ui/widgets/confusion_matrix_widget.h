#pragma once
// A painted confusion-matrix heat map (issue 5's evaluation view): rows = true
// class, columns = predicted class. A cell's colour is its count divided by
// its row's total (the recall-style row normalisation, so rare classes are as
// readable as frequent ones), looked up in a Mirlo colour map; the count is
// printed in the cell in black or white, whichever contrasts with the cell.
// Class names label both axes (column labels slant when they do not fit), a
// colour bar shows the 0..100 % scale, and hovering a cell shows its count and
// row percentage. Cells shrink with the widget; counts that no longer fit are
// left to the tooltip. Units: counts of items; fractions 0..1.
#include "core/render/colour_map.h"

#include <QColor>
#include <QFont>
#include <QRect>
#include <QStringList>
#include <QWidget>

#include <vector>

namespace mirlo {

class ConfusionMatrixWidget : public QWidget {
    Q_OBJECT
public:
    explicit ConfusionMatrixWidget(QWidget *parent = nullptr);

    // counts[true][predicted]; a square matrix of names.size() rows (others are refused: cleared).
    void setMatrix(const QStringList &names, const std::vector<std::vector<int>> &counts);
    void clear();
    void setColourMap(ColourMap map);

    int classCount() const { return int(m_names.size()); }
    const QStringList &classNames() const { return m_names; }
    int count(int trueClass, int predicted) const;
    double rowFraction(int trueClass, int predicted) const; // 0 for an empty row
    QColor cellColour(int trueClass, int predicted) const;
    QColor textColour(int trueClass, int predicted) const;
    QString cellText(int trueClass, int predicted) const; // the count as painted
    QRect cellRect(int trueClass, int predicted) const;   // in widget coordinates
    bool countsVisible() const;                           // cells large enough for their counts
    bool columnLabelsSlanted() const;
    QString toolTipAt(const QPoint &pos) const; // empty outside the cells

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    struct Layout {
        QRect grid;         // the cells
        QRect rowLabels;    // right-aligned true-class names, left of the grid
        QRect columnLabels; // predicted-class names, below the grid
        QRect colourBar;
        int cell = 0;
        bool slanted = false;
        QRect trueTitle, predictedTitle;
        QFont labelFont; // class names
    };
    Layout computeLayout() const;
    Layout computeLayout(const QFont &labelFont) const;
    QString label(int i, const QFont &f) const; // elided class name
    int labelWidth(const QFont &f) const;       // widest elided name
    QPoint cellAt(const QPoint &pos) const;     // (-1, -1) outside
    void paintColourBar(QPainter &p, const Layout &l) const;
    void paintColumnLabels(QPainter &p, const Layout &l) const;

    QStringList m_names;
    std::vector<std::vector<int>> m_counts;
    std::vector<int> m_rowTotals;
    ColourMap m_map = ColourMap::Viridis;
    QPoint m_hover{-1, -1};
};

} // namespace mirlo
