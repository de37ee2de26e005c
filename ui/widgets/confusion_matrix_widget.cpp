#include "ui/widgets/confusion_matrix_widget.h"

#include <QEvent>
#include <QHelpEvent>
#include <QLinearGradient>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace mirlo {

namespace {
constexpr int kMargin = 8;
constexpr int kMaxCell = 110;       // big cells look empty; the matrix is centred instead
constexpr int kMaxLabelWidth = 150; // longer class names are elided (full name in the tooltip)
constexpr int kBarWidth = 12;
constexpr int kBarGap = 14;
constexpr double kSin45 = 0.70710678;

bool isDark(const QColor &c)
{
    // Rec. 709 luma of the sRGB values: good enough to choose black or white text.
    return 0.2126 * c.red() + 0.7152 * c.green() + 0.0722 * c.blue() < 128.0;
}
} // namespace

ConfusionMatrixWidget::ConfusionMatrixWidget(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ConfusionMatrixWidget::setMatrix(const QStringList &names, const std::vector<std::vector<int>> &counts)
{
    clear();
    const size_t n = size_t(names.size());
    if (counts.size() != n)
        return;
    for (const auto &row : counts)
        if (row.size() != n)
            return;
    m_names = names;
    m_counts = counts;
    for (const auto &row : counts) {
        int total = 0;
        for (int c : row)
            total += std::max(c, 0);
        m_rowTotals.push_back(total);
    }
    updateGeometry();
    update();
}

void ConfusionMatrixWidget::clear()
{
    m_names.clear();
    m_counts.clear();
    m_rowTotals.clear();
    m_hover = {-1, -1};
    update();
}

void ConfusionMatrixWidget::setColourMap(ColourMap map)
{
    m_map = map;
    update();
}

int ConfusionMatrixWidget::count(int t, int p) const
{
    if (t < 0 || p < 0 || t >= classCount() || p >= classCount())
        return 0;
    return m_counts[size_t(t)][size_t(p)];
}

double ConfusionMatrixWidget::rowFraction(int t, int p) const
{
    if (t < 0 || t >= classCount() || m_rowTotals[size_t(t)] <= 0)
        return 0.0;
    return double(std::max(count(t, p), 0)) / m_rowTotals[size_t(t)];
}

QColor ConfusionMatrixWidget::cellColour(int t, int p) const
{
    const int index = std::clamp(int(std::lround(rowFraction(t, p) * 255.0)), 0, 255);
    return QColor::fromRgb(colourLut(m_map)[size_t(index)]);
}

QColor ConfusionMatrixWidget::textColour(int t, int p) const
{
    return isDark(cellColour(t, p)) ? QColor(Qt::white) : QColor(Qt::black);
}

QString ConfusionMatrixWidget::cellText(int t, int p) const
{
    return QString::number(count(t, p));
}

QString ConfusionMatrixWidget::label(int i, const QFont &f) const
{
    return QFontMetrics(f).elidedText(m_names.value(i), Qt::ElideMiddle, kMaxLabelWidth);
}

int ConfusionMatrixWidget::labelWidth(const QFont &f) const
{
    int w = 0;
    for (int i = 0; i < classCount(); ++i)
        w = std::max(w, QFontMetrics(f).horizontalAdvance(label(i, f)));
    return w;
}

ConfusionMatrixWidget::Layout ConfusionMatrixWidget::computeLayout() const
{
    // Class names in the widget's font while a cell is a text line high; for many classes a
    // smaller font (down to 6.5 pt) keeps every name instead of every other one.
    Layout l = computeLayout(font());
    const int lh = fontMetrics().height();
    if (l.cell < lh && classCount() > 0) {
        QFont small = font();
        small.setPointSizeF(std::max(6.5, font().pointSizeF() * (l.cell + 1) / lh));
        l = computeLayout(small);
    }
    return l;
}

ConfusionMatrixWidget::Layout ConfusionMatrixWidget::computeLayout(const QFont &labelFont) const
{
    Layout l;
    l.labelFont = labelFont;
    const int n = std::max(classCount(), 1);
    const QFontMetrics fm = fontMetrics();
    const int lh = fm.height();
    const int labelLine = QFontMetrics(labelFont).height();
    const int names = labelWidth(labelFont);
    // Colour bar, its 0..100 % labels and its rotated caption.
    const int barTotal = kBarGap + kBarWidth + 6 + fm.horizontalAdvance(QStringLiteral("100%")) + 6 + lh;
    const int leftFixed = lh + 6 + names + 6; // "true" title, names, gap
    const int availW = width() - 2 * kMargin - leftFixed - barTotal;
    // Upright column labels when every name fits in its cell, otherwise slanted at 45 degrees.
    auto cellFor = [&](int labelsHeight) {
        const int availH = height() - 2 * kMargin - labelsHeight - lh - 4;
        return std::clamp(std::min(availW, availH) / n, 1, kMaxCell);
    };
    const int uprightHeight = lh + 4;
    int cell = cellFor(uprightHeight);
    int labelsHeight = uprightHeight;
    if (names + 6 > cell) {
        l.slanted = true;
        labelsHeight = int(std::ceil((names + labelLine) * kSin45)) + 6;
        cell = cellFor(labelsHeight);
    }
    const int side = cell * n;
    // Slanted labels reach left of their column by about names * sin 45: keep the first inside.
    const int slantReach = l.slanted ? int(names * kSin45 + labelLine) - cell / 2 : 0;
    const int left = std::max(leftFixed, slantReach);
    const int totalW = left + side + barTotal;
    const int totalH = side + labelsHeight + lh + 4;
    const int x0 = std::max(kMargin, (width() - totalW) / 2);
    const int y0 = std::max(kMargin, (height() - totalH) / 2);
    l.cell = cell;
    l.grid = QRect(x0 + left, y0, side, side);
    l.rowLabels = QRect(l.grid.left() - 6 - names, y0, names, side);
    l.trueTitle = QRect(l.rowLabels.left() - 6 - lh, y0, lh, side);
    l.columnLabels = QRect(l.grid.left(), l.grid.bottom() + 1, side, labelsHeight);
    l.predictedTitle = QRect(l.grid.left(), l.columnLabels.bottom() + 4, side, lh);
    l.colourBar = QRect(l.grid.right() + 1 + kBarGap, y0, kBarWidth, side);
    return l;
}

QRect ConfusionMatrixWidget::cellRect(int t, int p) const
{
    const Layout l = computeLayout();
    return QRect(l.grid.left() + p * l.cell, l.grid.top() + t * l.cell, l.cell, l.cell);
}

bool ConfusionMatrixWidget::columnLabelsSlanted() const
{
    return computeLayout().slanted;
}

namespace {
// The largest font (down to 6 pt) in which `text` fits a cell of `cell` pixels; false when none does.
bool fittingFont(QFont font, const QString &text, int cell, QFont *out)
{
    for (double pt = font.pointSizeF(); pt >= 6.0; pt *= 0.85) {
        font.setPointSizeF(pt);
        const QFontMetrics fm(font);
        if (fm.horizontalAdvance(text) + 4 <= cell && fm.height() + 2 <= cell) {
            *out = font;
            return true;
        }
    }
    return false;
}

QString widestCount(const std::vector<std::vector<int>> &counts)
{
    int most = 0;
    for (const auto &row : counts)
        for (int c : row)
            most = std::max(most, c);
    return QString::number(most);
}
} // namespace

bool ConfusionMatrixWidget::countsVisible() const
{
    QFont f;
    return classCount() > 0 && fittingFont(font(), widestCount(m_counts), computeLayout().cell, &f);
}

QPoint ConfusionMatrixWidget::cellAt(const QPoint &pos) const
{
    const Layout l = computeLayout();
    if (classCount() == 0 || !l.grid.contains(pos))
        return {-1, -1};
    const int p = (pos.x() - l.grid.left()) / l.cell, t = (pos.y() - l.grid.top()) / l.cell;
    if (t >= classCount() || p >= classCount())
        return {-1, -1};
    return {p, t};
}

QString ConfusionMatrixWidget::toolTipAt(const QPoint &pos) const
{
    const QPoint c = cellAt(pos);
    if (c.x() < 0)
        return {};
    const int t = c.y(), p = c.x();
    const QString trueName = m_names.value(t), predName = m_names.value(p);
    const QString share = m_rowTotals[size_t(t)] > 0 ? tr("%1 % of the %2 items of true class “%3”")
                                                           .arg(rowFraction(t, p) * 100.0, 0, 'f', 1)
                                                           .arg(m_rowTotals[size_t(t)])
                                                           .arg(trueName)
                                                     : tr("no test items of class “%1”").arg(trueName);
    return tr("true: %1\npredicted: %2\ncount: %3\n%4").arg(trueName, predName).arg(count(t, p)).arg(share);
}

QSize ConfusionMatrixWidget::sizeHint() const
{
    const int n = std::max(classCount(), 2);
    const int cell = std::clamp(560 / n, 14, 64);
    const int lh = fontMetrics().height();
    const int names = labelWidth(font());
    return {kMargin * 2 + lh + names + 12 + n * cell + 60 + 2 * lh, kMargin * 2 + n * cell + names + 2 * lh};
}

QSize ConfusionMatrixWidget::minimumSizeHint() const
{
    return {200, 160};
}

void ConfusionMatrixWidget::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    const int n = classCount();
    if (n == 0)
        return;
    const Layout l = computeLayout();
    const QFontMetrics fm = fontMetrics();
    const bool gaps = l.cell >= 8;

    QFont countFont = font();
    const bool showCounts = fittingFont(font(), widestCount(m_counts), l.cell, &countFont);
    // Big cells also get the row percentage under the count.
    QFont shareFont = countFont;
    shareFont.setPointSizeF(std::max(6.0, countFont.pointSizeF() * 0.8));
    const bool showShare = showCounts &&
                           l.cell >= QFontMetrics(countFont).height() + QFontMetrics(shareFont).height() + 8 &&
                           QFontMetrics(shareFont).horizontalAdvance(QStringLiteral("100%")) + 4 <= l.cell;
    for (int t = 0; t < n; ++t)
        for (int c = 0; c < n; ++c) {
            QRect r(l.grid.left() + c * l.cell, l.grid.top() + t * l.cell, l.cell, l.cell);
            if (gaps)
                r.adjust(0, 0, -1, -1);
            p.fillRect(r, cellColour(t, c));
            if (!showCounts)
                continue;
            p.setPen(textColour(t, c));
            p.setFont(countFont);
            if (showShare) {
                const int ch = QFontMetrics(countFont).height(), sh = QFontMetrics(shareFont).height();
                const int top = r.center().y() - (ch + sh) / 2;
                p.drawText(QRect(r.left(), top, r.width(), ch), Qt::AlignCenter, cellText(t, c));
                p.setFont(shareFont);
                p.drawText(QRect(r.left(), top + ch, r.width(), sh), Qt::AlignCenter,
                           QStringLiteral("%1%").arg(std::lround(rowFraction(t, c) * 100.0)));
            } else {
                p.drawText(r, Qt::AlignCenter, cellText(t, c));
            }
        }
    if (m_hover.x() >= 0 && m_hover.x() < n && m_hover.y() < n) {
        p.setPen(QPen(palette().highlight().color(), 2));
        p.setBrush(Qt::NoBrush);
        p.drawRect(cellRect(m_hover.y(), m_hover.x()).adjusted(1, 1, -1, -1));
    }

    p.setFont(l.labelFont);
    p.setPen(palette().text().color());
    // Row labels: every row when it is nearly one text line high, otherwise every k-th.
    const QFontMetrics lfm(l.labelFont);
    const int step = std::max(1, int(std::ceil(lfm.height() * 0.9 / l.cell)));
    for (int t = 0; t < n; t += step)
        p.drawText(QRect(l.rowLabels.left(), l.grid.top() + t * l.cell + l.cell / 2 - lfm.height() / 2,
                         l.rowLabels.width(), lfm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, label(t, l.labelFont));
    paintColumnLabels(p, l);

    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.drawText(l.predictedTitle, Qt::AlignCenter, tr("predicted"));
    p.save();
    p.translate(l.trueTitle.center());
    p.rotate(-90);
    p.drawText(QRect(-l.trueTitle.height() / 2, -l.trueTitle.width() / 2, l.trueTitle.height(), l.trueTitle.width()),
               Qt::AlignCenter, tr("true"));
    p.restore();
    p.setFont(font());
    paintColourBar(p, l);
}

void ConfusionMatrixWidget::paintColumnLabels(QPainter &p, const Layout &l) const
{
    const QFontMetrics fm(l.labelFont);
    const int n = classCount();
    // Slanted names of neighbouring columns are cell * sin 45 apart across their baselines.
    const int step = l.slanted ? std::max(1, int(std::ceil(fm.ascent() / (l.cell * kSin45)))) : 1;
    for (int c = 0; c < n; c += step) {
        const int x = l.grid.left() + c * l.cell + l.cell / 2;
        const QString text = label(c, l.labelFont);
        if (!l.slanted) {
            p.drawText(QRect(x - l.cell / 2, l.columnLabels.top() + 2, l.cell, fm.height()), Qt::AlignCenter, text);
            continue;
        }
        // The name ends under its column and runs down-left, as matplotlib's rotation=45, ha="right".
        p.save();
        p.translate(x + fm.height() * 0.35, l.columnLabels.top() + 4);
        p.rotate(-45);
        const int w = fm.horizontalAdvance(text);
        p.drawText(QRect(-w, -fm.height() / 2, w, fm.height()), Qt::AlignRight | Qt::AlignVCenter, text);
        p.restore();
    }
}

void ConfusionMatrixWidget::paintColourBar(QPainter &p, const Layout &l) const
{
    const ColourLut &lut = colourLut(m_map);
    const QRect bar = l.colourBar;
    for (int y = 0; y < bar.height(); ++y) {
        const double f = bar.height() > 1 ? 1.0 - double(y) / (bar.height() - 1) : 1.0;
        p.setPen(QColor::fromRgb(lut[size_t(std::lround(f * 255.0))]));
        p.drawLine(bar.left(), bar.top() + y, bar.right(), bar.top() + y);
    }
    p.setPen(palette().mid().color());
    p.setBrush(Qt::NoBrush);
    p.drawRect(bar.adjusted(0, 0, -1, -1));
    p.setPen(palette().text().color());
    const QFontMetrics fm = fontMetrics();
    const int labelWidth = fm.horizontalAdvance(QStringLiteral("100%")) + 2;
    for (int pct : {100, 50, 0}) {
        // Labels stay inside the bar's height (the end labels are flush with its ends).
        const int y = bar.top() + int(std::lround((100 - pct) / 100.0 * (bar.height() - 1)));
        const int top = std::clamp(y - fm.height() / 2, bar.top(), bar.bottom() + 1 - fm.height());
        p.drawText(QRect(bar.right() + 7, top, labelWidth, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                   QStringLiteral("%1%").arg(pct));
    }
    if (bar.height() > fm.horizontalAdvance(tr("% of true class")) + 8) {
        p.save();
        p.translate(bar.right() + 7 + labelWidth + 6 + fm.height() / 2, bar.center().y());
        p.rotate(-90);
        p.drawText(QRect(-bar.height() / 2, -fm.height() / 2, bar.height(), fm.height()), Qt::AlignCenter,
                   tr("% of true class"));
        p.restore();
    }
}

bool ConfusionMatrixWidget::event(QEvent *e)
{
    if (e->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(e);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else {
            const QPoint c = cellAt(help->pos());
            QToolTip::showText(help->globalPos(), text, this, cellRect(c.y(), c.x()));
        }
        return true;
    }
    return QWidget::event(e);
}

void ConfusionMatrixWidget::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint c = cellAt(event->position().toPoint());
    if (c != m_hover) {
        m_hover = c;
        update();
    }
}

void ConfusionMatrixWidget::leaveEvent(QEvent *)
{
    m_hover = {-1, -1};
    update();
}

} // namespace mirlo
