#include "ui/panels/training_charts.h"

#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace mirlo {

TrainingCharts::TrainingCharts(const QString &lossTitle, const QString &metricTitle, const QString &metricName,
                               QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_steps = makeSeries(tr("train loss (steps)"), QColor(160, 190, 230), 1.0);
    m_train = makeSeries(tr("train loss"), QColor(30, 90, 200), 2.0);
    m_val = makeSeries(tr("validation loss"), QColor(220, 110, 20), 2.0);
    m_metric = makeSeries(metricName, QColor(30, 150, 60), 2.0);
    m_best = new QScatterSeries(this);
    m_best->setName(tr("best"));
    m_best->setMarkerShape(QScatterSeries::MarkerShapeStar);
    m_best->setMarkerSize(14);
    m_best->setColor(QColor(200, 30, 60));
    m_best->setBorderColor(QColor(200, 30, 60));
    layout->addWidget(makeView(lossTitle, {m_steps, m_train, m_val}, &m_lossX, &m_lossY), 3);
    layout->addWidget(makeView(metricTitle, {m_metric}, &m_metricX, &m_metricY), 2);
    // The marker lives on the loss chart (added after the lines so it is drawn on top).
    QChart *lossChart = m_steps->chart();
    lossChart->addSeries(m_best);
    m_best->attachAxis(m_lossX);
    m_best->attachAxis(m_lossY);
    m_metricY->setRange(0.0, 1.0);
    clear();
}

QLineSeries *TrainingCharts::makeSeries(const QString &name, const QColor &colour, qreal width)
{
    auto *s = new QLineSeries(this);
    s->setName(name);
    QPen pen(colour);
    pen.setWidthF(width);
    s->setPen(pen);
    return s;
}

QWidget *TrainingCharts::makeView(const QString &title, const QList<QLineSeries *> &series, QValueAxis **x,
                                  QValueAxis **y)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->legend()->setAlignment(Qt::AlignBottom);
    *x = new QValueAxis;
    (*x)->setTitleText(tr("epoch"));
    (*x)->setLabelFormat(QStringLiteral("%.0f"));
    *y = new QValueAxis;
    (*y)->setLabelFormat(QStringLiteral("%.2f"));
    chart->addAxis(*x, Qt::AlignBottom);
    chart->addAxis(*y, Qt::AlignLeft);
    for (QLineSeries *s : series) {
        chart->addSeries(s);
        s->attachAxis(*x);
        s->attachAxis(*y);
    }
    auto *view = new QChartView(chart, this);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(300, 220);
    return view;
}

QList<QLineSeries *> TrainingCharts::allSeries() const
{
    return {m_steps, m_train, m_val, m_metric};
}

void TrainingCharts::clear()
{
    for (QLineSeries *s : allSeries())
        s->clear();
    m_best->clear();
    m_maxLoss = 0.0;
    m_maxEpoch = 1.0;
    updateAxes();
}

void TrainingCharts::setEpochs(int epochs)
{
    m_epochs = std::max(1, epochs);
    updateAxes();
}

void TrainingCharts::addStep(double epochPosition, double loss)
{
    m_steps->append(epochPosition, loss);
    grow(epochPosition, loss);
}

void TrainingCharts::addEpoch(int epoch, double train, double val, double metric)
{
    m_train->append(epoch, train);
    grow(epoch, train);
    if (val >= 0) {
        m_val->append(epoch, val);
        grow(epoch, val);
    }
    if (metric >= 0)
        m_metric->append(epoch, metric);
}

void TrainingCharts::markBest(int epoch, double loss)
{
    m_best->clear();
    m_best->append(epoch, loss);
}

QList<QPointF> TrainingCharts::points(const QString &seriesName) const
{
    for (QLineSeries *s : allSeries())
        if (s->name() == seriesName)
            return s->points();
    if (m_best->name() == seriesName)
        return m_best->points();
    return {};
}

void TrainingCharts::grow(double x, double y)
{
    if (std::isfinite(y))
        m_maxLoss = std::max(m_maxLoss, y);
    m_maxEpoch = std::max(m_maxEpoch, std::ceil(x));
    updateAxes();
}

void TrainingCharts::updateAxes()
{
    const double xMax = std::max(m_maxEpoch, double(m_epochs));
    // Ticks on whole epochs in 1-2-5 steps, fewer on the narrower metric chart. The interval is
    // set before the range: the other order lays out one label per epoch of the new range first
    // (1,000 epochs: ~1 s on the GUI thread).
    auto interval = [xMax](double maxTicks) {
        double step = 1.0;
        for (double decade = 1.0; xMax / step > maxTicks; decade *= 10.0)
            for (double m : {1.0, 2.0, 5.0})
                if (xMax / step > maxTicks)
                    step = m * decade;
        return step;
    };
    for (auto [x, maxTicks] : {std::pair{m_lossX, 10.0}, std::pair{m_metricX, 5.0}}) {
        x->setTickType(QValueAxis::TicksDynamic);
        x->setTickAnchor(0.0);
        x->setTickInterval(interval(maxTicks));
        x->setRange(0.0, xMax);
    }
    m_lossY->setRange(0.0, m_maxLoss > 0 ? m_maxLoss * 1.05 : 1.0);
    m_lossY->applyNiceNumbers(); // round tick labels (0.5, 1.0, …) instead of fractions of the maximum
}

} // namespace mirlo
