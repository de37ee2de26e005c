#pragma once
// The live curves of a training window (shared by the onset-RNN and the CNN
// training windows): a loss chart with the running training loss per step
// (x = fractional epoch) and the training / validation loss per epoch, and a
// 0..1 metric chart with one validation metric per epoch (F-measure, accuracy).
// The epoch a saved best model came from is marked on the loss chart. Series
// are found by their legend names; x is always in epochs.
#include <QList>
#include <QPointF>
#include <QString>
#include <QWidget>

class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace mirlo {

class TrainingCharts : public QWidget {
    Q_OBJECT
public:
    // Series names: "train loss (steps)", "train loss", "validation loss", metricName, "best".
    TrainingCharts(const QString &lossTitle, const QString &metricTitle, const QString &metricName,
                   QWidget *parent = nullptr);

    void clear();
    // The x axes span 0..epochs from the start, so the curves do not jump while they grow.
    void setEpochs(int epochs);
    void addStep(double epochPosition, double loss);
    // val / metric < 0: not available (no validation split).
    void addEpoch(int epoch, double train, double val, double metric);
    // Marks `epoch` as the saved best (moves the marker; the loss is the one the choice was made on).
    void markBest(int epoch, double loss);

    QList<QPointF> points(const QString &seriesName) const;

private:
    QLineSeries *makeSeries(const QString &name, const QColor &colour, qreal width);
    QWidget *makeView(const QString &title, const QList<QLineSeries *> &series, QValueAxis **x, QValueAxis **y);
    void grow(double x, double y);
    void updateAxes();
    QList<QLineSeries *> allSeries() const;

    QLineSeries *m_steps, *m_train, *m_val, *m_metric;
    QScatterSeries *m_best;
    QValueAxis *m_lossX = nullptr, *m_lossY = nullptr, *m_metricX = nullptr, *m_metricY = nullptr;
    double m_maxLoss = 0.0, m_maxEpoch = 1.0;
    int m_epochs = 1;
};

} // namespace mirlo
