// Parameter counts and output shapes of the tutorial CNN presets against the
// numbers TUTORIAL.md prints (Keras model.summary()), plus model.json round trip.
#include "core/model/tutorial_cnn_spec.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

#include "tutorial_parameter_counts.h"

using namespace mirlo;

class TstTutorialCnnSpec : public QObject {
    Q_OBJECT

private:
    static TutorialCnnSpec preset(const char *name)
    {
        TutorialCnnSpec s;
        if (!tutorialCnnPreset(QString::fromLatin1(name), &s))
            qFatal("unknown preset %s", name);
        return s;
    }

private Q_SLOTS:
    void totalsMatchTutorial_data()
    {
        mirlo::test::addTutorialParameterCountRows();
    }
    void totalsMatchTutorial()
    {
        QFETCH(QString, name);
        QFETCH(qint64, total);
        QFETCH(qint64, trainable);
        TutorialCnnSpec s;
        QVERIFY(tutorialCnnPreset(name, &s));
        QCOMPARE(specParameterCount(s, true), total);
        QCOMPARE(specParameterCount(s, false), trainable);
        // The tensor list written to weights.safetensors holds exactly these numbers.
        qint64 sumAll = 0, sumTrain = 0;
        for (const CnnTensorSpec &t : cnnTensorSpecs(s)) {
            qint64 n = 1;
            for (int64_t d : t.shape)
                n *= d;
            sumAll += n;
            if (t.trainable)
                sumTrain += n;
        }
        QCOMPARE(sumAll, total);
        QCOMPARE(sumTrain, trainable);
    }

    // Independent arithmetic of the per-layer rows of TUTORIAL.md 2.2 / 2.3.
    void layerRowsModelA()
    {
        std::vector<CnnLayerInfo> infos;
        QVERIFY(cnnLayerInfos(preset("instrumental_vocal"), &infos));
        QCOMPARE(int(infos.size()), 5);
        QCOMPARE(infos[0].trainable, qint64(3 * 3 * 1 * 16 + 16)); // 160
        QCOMPARE(infos[0].height, 78);
        QCOMPARE(infos[0].width, 78);
        QCOMPARE(infos[1].height, 39);
        QCOMPARE(infos[2].height, 39 * 39 * 16);                 // 24,336
        QCOMPARE(infos[3].trainable, qint64(24336) * 256 + 256); // 6,230,272
        QCOMPARE(infos[4].trainable, qint64(257));
    }

    void layerRowsCompactCnn()
    {
        const TutorialCnnSpec s = preset("compact_cnn_genre");
        std::vector<CnnLayerInfo> infos;
        QVERIFY(cnnLayerInfos(s, &infos));
        QCOMPARE(s.layers[0].kind, CnnLayerKind::FreqBatchNorm);
        QCOMPARE(infos[0].trainable + infos[0].nonTrainable, qint64(4 * 80)); // 320 (160 trainable)
        QCOMPARE(infos[0].trainable, qint64(160));
        QCOMPARE(infos[1].trainable, qint64(9 * 32 + 32));                 // conv1 320
        QCOMPARE(infos[2].trainable + infos[2].nonTrainable, qint64(128)); // bn1
        // Pools after each block: 40x20x32, 13x5x64, 6x1x64 (TUTORIAL 2.3).
        QCOMPARE(infos[4].height, 40);
        QCOMPARE(infos[4].width, 20);
        QCOMPARE(infos[8].height, 13);
        QCOMPARE(infos[8].width, 5);
        QCOMPARE(infos[12].height, 6);
        QCOMPARE(infos[12].width, 1);
        QCOMPARE(infos[12].channels, 64);
        QCOMPARE(infos[5].trainable, qint64(9 * 32 * 64 + 64)); // 18,496
        QCOMPARE(infos[9].trainable, qint64(9 * 64 * 64 + 64)); // 36,928
        QCOMPARE(infos[13].height, 384);
        QCOMPARE(infos[15].trainable, qint64(384 * 128 + 128)); // 49,280
        QCOMPARE(infos[16].trainable, qint64(129 * 8));
        QVERIFY(!s.multiLabel());
        QVERIFY(preset("compact_cnn_mood").multiLabel());
        QCOMPARE(s.labels.size(), 8);
        QCOMPARE(s.training.optimizer, QStringLiteral("adam"));
        QCOMPARE(s.training.learningRate, 0.003);
        QCOMPARE(s.training.decay, 0.01);
    }

    void fourBlocksDoNotFit()
    {
        // TUTORIAL 2.3: with a 4th block the 80-frame time axis shrinks to 0.
        TutorialCnnSpec s = preset("compact_cnn_genre");
        CnnLayerSpec p;
        p.kind = CnnLayerKind::MaxPool;
        p.name = "pool4";
        p.poolH = 2;
        p.poolW = 4;
        s.layers.insert(s.layers.begin() + 13, p);
        std::vector<CnnLayerInfo> infos;
        QString error;
        QVERIFY(!cnnLayerInfos(s, &infos, &error));
        QVERIFY2(error.contains(QStringLiteral("pool4")), qPrintable(error));
        QCOMPARE(specParameterCount(s, true), qint64(-1));
    }

    void jsonRoundTrip()
    {
        for (const QString &name : tutorialCnnPresetNames()) {
            TutorialCnnSpec s;
            QVERIFY(tutorialCnnPreset(name, &s));
            const QByteArray json = QJsonDocument(tutorialCnnToJson(s)).toJson();
            TutorialCnnSpec back;
            QString error;
            QVERIFY2(tutorialCnnFromJson(json, QStringLiteral("model.json"), &back, &error), qPrintable(error));
            QCOMPARE(back.name, s.name);
            QCOMPARE(back.labels, s.labels);
            QCOMPARE(int(back.layers.size()), int(s.layers.size()));
            QCOMPARE(specParameterCount(back, true), specParameterCount(s, true));
            QCOMPARE(back.features.nFft, 2048);
            QCOMPARE(back.features.hopSamples, 1024);
            QCOMPARE(back.features.sampleRate, 16000);
            QCOMPARE(back.features.topDb, 80.0);
            QCOMPARE(back.training.learningRate, s.training.learningRate);
            QCOMPARE(back.training.optimizer, s.training.optimizer);
        }
    }

    void jsonErrors()
    {
        TutorialCnnSpec s = preset("compact_cnn_mood");
        QJsonObject root = tutorialCnnToJson(s);
        TutorialCnnSpec out;
        QString error;
        QVERIFY(!tutorialCnnFromJson("{not json", QStringLiteral("m.json"), &out, &error));
        QVERIFY(error.startsWith(QStringLiteral("m.json: ")));

        QJsonObject bad = root;
        bad[QStringLiteral("format_version")] = 99;
        QVERIFY(!tutorialCnnFromJson(QJsonDocument(bad).toJson(), QStringLiteral("m.json"), &out, &error));
        QVERIFY2(error.contains(QStringLiteral("format_version")), qPrintable(error));

        bad = root;
        bad[QStringLiteral("labels")] = QJsonArray{QStringLiteral("loud")};
        QVERIFY(!tutorialCnnFromJson(QJsonDocument(bad).toJson(), QStringLiteral("m.json"), &out, &error));
        QVERIFY2(error.contains(QStringLiteral("1 labels for 4 outputs")), qPrintable(error));

        QVERIFY(!loadTutorialCnnSpec(QStringLiteral("/nonexistent/dir"), &out, &error));
        QVERIFY(error.contains(QStringLiteral("model.json")));
    }
};

QTEST_GUILESS_MAIN(TstTutorialCnnSpec)
#include "tst_tutorial_cnn_spec.moc"
