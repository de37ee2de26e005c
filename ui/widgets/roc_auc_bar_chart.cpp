#include "ui/widgets/roc_auc_bar_chart.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QCursor>
#include <QFontMetrics>
#include <QGraphicsSimpleTextItem>
#include <QHBoxLayout>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLineSeries>
#include <QScrollArea>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace mirlo {

namespace {
const QColor kRocColour(86, 156, 214); // the Tags panel's bar colour
const QColor kPrColour(232, 150, 60);
constexpr int kChartChrome = 150; // title, legend and value axis, in pixels

QString formatValue(double v)
{
    return std::isnan(v) ? RocAucBarChart::tr("undefined") : QString::number(v, 'f', 3);
}

// A finite bar length for Qt Charts (an undefined value gets no bar).
double barValue(double v)
{
    return std::isnan(v) ? 0.0 : std::clamp(v, 0.0, 1.0);
}
} // namespace

RocAucBarChart::RocAucBarChart(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Show:"), this));
    m_selector = new QComboBox(this);
    m_selector->addItem(tr("ROC-AUC"), int(Metric::RocAuc));
    m_selector->addItem(tr("PR-AUC (average precision)"), int(Metric::PrAuc));
    m_selector->addItem(tr("ROC-AUC and PR-AUC"), int(Metric::Both));
    m_selector->setObjectName(QStringLiteral("aucMetric"));
    row->addWidget(m_selector);
    row->addStretch(1);
    layout->addLayout(row);

    m_chart = new QChart;
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->legend()->setAlignment(Qt::AlignTop);
    m_view = new QChartView(m_chart);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_scroll = new QScrollArea(this);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setWidget(m_view);
    layout->addWidget(m_scroll, 1);

    m_note = new QLabel(this);
    m_note->setWordWrap(true);
    m_note->setObjectName(QStringLiteral("aucUndefinedNote"));
    m_note->setVisible(false);
    layout->addWidget(m_note);

    connect(m_chart, &QChart::plotAreaChanged, this, &RocAucBarChart::placeLabels);
    connect(m_selector, &QComboBox::currentIndexChanged, this,
            [this] { setMetric(Metric(m_selector->currentData().toInt())); });
}

void RocAucBarChart::setReport(const ClassificationReport &report)
{
    m_report = report;
    rebuild();
}

void RocAucBarChart::clear()
{
    m_report = ClassificationReport{};
    rebuild();
}

void RocAucBarChart::setMetric(Metric metric)
{
    m_selector->setCurrentIndex(m_selector->findData(int(metric)));
    if (metric == m_metric)
        return;
    m_metric = metric;
    rebuild();
}

double RocAucBarChart::sortValue(const ClassMetrics &c) const
{
    return m_metric == Metric::PrAuc ? c.prAuc : c.rocAuc;
}

QString RocAucBarChart::valueText(const ClassMetrics &c) const
{
    // Values are printed beside the names: Qt's bar value labels cannot be hidden for an undefined bar.
    if (m_metric == Metric::Both)
        return std::isnan(c.rocAuc) && std::isnan(c.prAuc)
                   ? tr("undefined")
                   : QStringLiteral("%1 · %2").arg(formatValue(c.rocAuc), formatValue(c.prAuc));
    return formatValue(sortValue(c));
}

QString RocAucBarChart::categoryLabel(const ClassMetrics &c) const
{
    return QStringLiteral("%1  %2").arg(c.name, valueText(c));
}

void RocAucBarChart::makeLabels(const std::vector<const ClassMetrics *> &topToBottom)
{
    for (const Label &l : m_labels)
        delete l.name, delete l.value;
    m_labels.clear();
    m_nameWidth = m_valueWidth = 0;
    const QFontMetrics fm(font());
    for (const ClassMetrics *c : topToBottom) {
        const QString value = valueText(*c);
        const bool undefined = value == tr("undefined");
        Label l{new QGraphicsSimpleTextItem(c->name, m_chart), new QGraphicsSimpleTextItem(value, m_chart)};
        for (QGraphicsSimpleTextItem *item : {l.name, l.value}) {
            item->setFont(font());
            item->setBrush(undefined ? palette().placeholderText() : palette().text());
        }
        l.name->setToolTip(c->name);
        m_labels.push_back(l);
        m_nameWidth = std::max(m_nameWidth, fm.horizontalAdvance(c->name));
        m_valueWidth = std::max(m_valueWidth, fm.horizontalAdvance(value));
    }
    // Room for names and values left of the plot area (the hidden category axis takes almost none).
    m_chart->setMargins(QMargins(m_labels.empty() ? 4 : m_nameWidth + m_valueWidth + 22, 4, 12, 4));
}

void RocAucBarChart::placeLabels()
{
    const QRectF plot = m_chart->plotArea();
    const int n = int(m_labels.size());
    for (int i = 0; i < n; ++i) {
        const Label &l = m_labels[size_t(i)];
        // Category i (from the top) is centred at (i + 0.5) / n of the plot height (Qt puts the
        // first category at the bottom, see rebuild); names and values right-aligned in two columns.
        const double y = plot.top() + (i + 0.5) * plot.height() / n;
        const QRectF v = l.value->boundingRect(), nr = l.name->boundingRect();
        l.value->setPos(plot.left() - 8 - v.width(), y - v.height() / 2);
        l.name->setPos(plot.left() - 8 - m_valueWidth - 10 - nr.width(), y - nr.height() / 2);
    }
}

void RocAucBarChart::rebuild()
{
    m_chart->removeAllSeries();
    for (QAbstractAxis *axis : m_chart->axes())
        m_chart->removeAxis(axis), delete axis;
    m_categories = nullptr;
    m_order.clear();
    const auto &classes = m_report.classes;
    for (size_t i = 0; i < classes.size(); ++i)
        m_order.push_back(i);
    // Best first; undefined values last, in report order.
    std::stable_sort(m_order.begin(), m_order.end(), [&](size_t a, size_t b) {
        const double va = sortValue(classes[a]), vb = sortValue(classes[b]);
        if (std::isnan(va) || std::isnan(vb))
            return !std::isnan(va) && std::isnan(vb);
        return va > vb;
    });

    const bool multiLabel = m_report.task == ClassificationTask::MultiLabel;
    const QString noun = multiLabel ? tr("tag") : tr("class");
    const bool roc = m_metric != Metric::PrAuc, pr = m_metric != Metric::RocAuc;
    QStringList parts;
    if (roc)
        parts << tr("ROC-AUC (macro %1)").arg(formatValue(m_report.macroRocAuc));
    if (pr)
        parts << tr("PR-AUC (macro %1)").arg(formatValue(m_report.macroPrAuc));
    m_chart->setTitle(classes.empty() ? QString() : tr("%1 per %2").arg(parts.join(tr(" and ")), noun));

    auto *rocSet = new QBarSet(tr("ROC-AUC"));
    rocSet->setColor(kRocColour);
    rocSet->setBorderColor(kRocColour.darker(115));
    auto *prSet = new QBarSet(tr("PR-AUC"));
    prSet->setColor(kPrColour);
    prSet->setBorderColor(kPrColour.darker(115));
    QStringList labels;
    std::vector<const ClassMetrics *> rows;
    // Qt's horizontal bars put the first category (and the first set of a group) at the bottom:
    // categories are added worst first, and PR-AUC before ROC-AUC so that ROC-AUC is on top.
    for (auto it = m_order.rbegin(); it != m_order.rend(); ++it) {
        rows.insert(rows.begin(), &classes[*it]);
        labels << categoryLabel(classes[*it]);
        *rocSet << barValue(classes[*it].rocAuc);
        *prSet << barValue(classes[*it].prAuc);
    }
    auto *series = new QHorizontalBarSeries;
    // Few classes would make slabs of the bars: thinner bars then.
    series->setBarWidth(classes.size() <= 4 ? 0.45 : m_metric == Metric::Both ? 0.85 : 0.7);
    if (pr)
        series->append(prSet);
    else
        delete prSet;
    if (roc)
        series->append(rocSet);
    else
        delete rocSet;
    connect(series, &QAbstractBarSeries::hovered, this, [this](bool on, int index, QBarSet *set) {
        const int row = int(m_order.size()) - 1 - index;
        if (!on || row < 0 || row >= int(m_order.size())) {
            QToolTip::hideText();
            return;
        }
        const ClassMetrics &c = m_report.classes[m_order[size_t(row)]];
        QToolTip::showText(QCursor::pos(),
                           tr("%1\n%2: %3\nsupport %4")
                               .arg(c.name, set->label())
                               .arg(formatValue(set->label() == tr("PR-AUC") ? c.prAuc : c.rocAuc))
                               .arg(c.support),
                           m_view);
    });
    m_chart->addSeries(series);

    m_categories = new QBarCategoryAxis;
    m_categories->append(labels);
    // Qt Charts elides a category label taller than its share of the axis less generous padding
    // (about two text lines per category), so the labels are scene items of our own instead.
    m_categories->setLabelsVisible(false);
    makeLabels(rows);
    auto *x = new QValueAxis;
    x->setRange(0.0, 1.0);
    x->setTickCount(6);
    x->setMinorTickCount(1);
    x->setLabelFormat(QStringLiteral("%.1f"));
    x->setTitleText(m_metric == Metric::Both ? tr("area under the curve") : parts.isEmpty() ? QString() : tr("AUC"));
    m_chart->addAxis(x, Qt::AlignBottom);
    m_chart->addAxis(m_categories, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(m_categories);

    // The chance line spans the category range on a hidden axis of its own.
    if (roc && !classes.empty()) {
        auto *rows = new QValueAxis;
        rows->setRange(-0.5, double(classes.size()) - 0.5);
        rows->setVisible(false);
        m_chart->addAxis(rows, Qt::AlignRight);
        auto *chance = new QLineSeries;
        chance->setName(tr("chance (0.5)"));
        chance->append(0.5, -0.5);
        chance->append(0.5, double(classes.size()) - 0.5);
        QPen pen(QColor(90, 90, 90), 1.5, Qt::DashLine);
        chance->setPen(pen);
        m_chart->addSeries(chance);
        chance->attachAxis(x);
        chance->attachAxis(rows);
    }
    m_chart->legend()->setVisible(!classes.empty());
    placeLabels();

    // One text line per category (two bars need a little more), so 50 tags scroll instead of overlapping.
    const int line = fontMetrics().height() + (m_metric == Metric::Both ? 8 : 4);
    m_view->setMinimumHeight(int(classes.size()) * line + kChartChrome);
    // ...and at most a few lines per category, so two classes do not become two slabs.
    m_view->setMaximumHeight(std::max(int(classes.size()), 3) * 3 * line + kChartChrome);

    const QStringList undefined = undefinedNames();
    m_note->setVisible(!undefined.isEmpty());
    m_note->setText(undefined.isEmpty() ? QString()
                                        : tr("Undefined for %1 %2 (test items all positive or all negative): %3")
                                              .arg(undefined.size())
                                              .arg(undefined.size() == 1 ? noun
                                                   : multiLabel          ? tr("tags")
                                                                         : tr("classes"))
                                              .arg(undefined.join(QStringLiteral(", "))));
}

QStringList RocAucBarChart::names() const
{
    QStringList out;
    for (size_t i : m_order)
        out << m_report.classes[i].name;
    return out;
}

std::vector<double> RocAucBarChart::values() const
{
    std::vector<double> out;
    for (size_t i : m_order)
        out.push_back(sortValue(m_report.classes[i]));
    return out;
}

QStringList RocAucBarChart::categoryLabels() const
{
    QStringList out;
    for (const Label &l : m_labels)
        out << QStringLiteral("%1  %2").arg(l.name->text(), l.value->text());
    return out;
}

QStringList RocAucBarChart::undefinedNames() const
{
    QStringList out;
    for (size_t i : m_order) {
        const ClassMetrics &c = m_report.classes[i];
        const bool undefined =
            m_metric == Metric::Both ? std::isnan(c.rocAuc) && std::isnan(c.prAuc) : std::isnan(sortValue(c));
        if (undefined)
            out << c.name;
    }
    return out;
}

bool RocAucBarChart::chanceLineVisible() const
{
    for (QAbstractSeries *s : m_chart->series())
        if (qobject_cast<QLineSeries *>(s))
            return s->isVisible();
    return false;
}

} // namespace mirlo
