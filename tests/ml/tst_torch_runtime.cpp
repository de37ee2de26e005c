// mirlo_ml links torch behind torch-free headers and computes.
#include "core/ml/torch_runtime.h"

#include <QtTest>

class TstTorchRuntime : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void computesThroughTorch()
    {
        QVERIFY(mirlo::ml::torchAvailable());
        QVERIFY(mirlo::ml::torchVersion().startsWith(QLatin1String("1.")));
        QCOMPARE(mirlo::ml::torchSelfTest(), 54.0);
    }
    void threadsFollowIdealCount()
    {
        QCOMPARE(mirlo::ml::configureTorchThreads(2), 2);
        QCOMPARE(mirlo::ml::configureTorchThreads(1), 1);
    }
};

QTEST_GUILESS_MAIN(TstTorchRuntime)
#include "tst_torch_runtime.moc"
