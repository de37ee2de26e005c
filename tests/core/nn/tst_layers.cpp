// Network layers on small cases computed independently in the test (by hand
// formulas in double precision), for both the AVX2 and the portable kernels.
#include "core/nn/bidirectional_layer.h"
#include "core/nn/conv_layers.h"
#include "core/nn/dense_layer.h"
#include "core/nn/kernels.h"
#include "core/nn/lstm_layer.h"
#include "core/nn/network.h"
#include "core/nn/recurrent_layer.h"

#include <QtTest>

#include <cmath>
#include <random>

using namespace mirlo;
using namespace mirlo::nn;

namespace {

double sigmoid(double x)
{
    return 1.0 / (1.0 + std::exp(-x));
}

Matrix column(std::initializer_list<float> values)
{
    Matrix m(int(values.size()), 1);
    std::copy(values.begin(), values.end(), m.values.begin());
    return m;
}

Matrix randomMatrix(int rows, int cols, std::mt19937 &rng, float scale = 1.f)
{
    std::uniform_real_distribution<float> d(-scale, scale);
    Matrix m(rows, cols);
    for (float &v : m.values)
        v = d(rng);
    return m;
}

std::vector<float> randomVector(size_t n, std::mt19937 &rng, float scale = 1.f)
{
    std::uniform_real_distribution<float> d(-scale, scale);
    std::vector<float> v(n);
    for (float &x : v)
        x = d(rng);
    return v;
}

double maxAbsDiff(const Matrix &a, const Matrix &b)
{
    if (a.rows != b.rows || a.cols != b.cols)
        return 1e30;
    double m = 0;
    for (size_t i = 0; i < a.values.size(); ++i)
        m = std::max(m, double(std::abs(a.values[i] - b.values[i])));
    return m;
}

// The 1-unit RNN of the tests: w = 0.5, b = 0.1, r = 0.8.
std::vector<double> handRnn(const std::vector<double> &x, bool reverse)
{
    std::vector<double> h(x.size());
    double prev = 0;
    for (size_t s = 0; s < x.size(); ++s) {
        const size_t t = reverse ? x.size() - 1 - s : s;
        prev = std::tanh(0.5 * x[t] + 0.1 + 0.8 * prev);
        h[t] = prev;
    }
    return h;
}

} // namespace

class TstLayers : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init() { setSimdEnabled(true); }
    void cleanup() { setSimdEnabled(true); }

    void kernelPaths_data()
    {
        QTest::addColumn<int>("level");
        QTest::newRow("avx512") << int(KernelLevel::Avx512);
        QTest::newRow("avx2") << int(KernelLevel::Avx2);
        QTest::newRow("scalar") << int(KernelLevel::Scalar);
    }

    void rnnOneUnitByHand_data() { kernelPaths_data(); }
    void rnnOneUnitByHand()
    {
        QFETCH(int, level);
        setMaxKernelLevel(KernelLevel(level));
        RecurrentLayer layer({0.5f}, {0.1f}, {0.8f}, 1, 1);
        const Matrix x = column({1.f, -2.f, 0.5f});
        // h0 = tanh(0.6), h1 = tanh(-0.9 + 0.8 h0), h2 = tanh(0.35 + 0.8 h1)
        const double h0 = std::tanh(0.6), h1 = std::tanh(-0.9 + 0.8 * h0), h2 = std::tanh(0.35 + 0.8 * h1);
        const Matrix y = layer.forward(x);
        QCOMPARE(y.rows, 3);
        QVERIFY(std::abs(y.at(0, 0) - h0) < 1e-6);
        QVERIFY(std::abs(y.at(1, 0) - h1) < 1e-6);
        QVERIFY(std::abs(y.at(2, 0) - h2) < 1e-6);
    }

    void lstmOneUnitByHand_data() { kernelPaths_data(); }
    void lstmOneUnitByHand()
    {
        QFETCH(int, level);
        setMaxKernelLevel(KernelLevel(level));
        // Distinct values per gate so a swapped gate or peephole shows.
        const LstmGate in{{0.6f}, {0.1f}, {-0.3f}, {0.2f}};
        const LstmGate forget{{-0.4f}, {0.5f}, {0.7f}, {-0.6f}};
        const LstmGate cell{{1.1f}, {-0.2f}, {0.4f}, {}};
        const LstmGate out{{0.3f}, {0.05f}, {-0.8f}, {0.9f}};
        LstmLayer layer(in, forget, cell, out, 1, 1);
        const std::vector<double> x = {1.0, -0.5, 2.0};
        double h = 0, c = 0;
        std::vector<double> expected;
        for (double xt : x) {
            const double i = sigmoid(0.6 * xt + 0.1 + c * 0.2 + h * -0.3);
            const double f = sigmoid(-0.4 * xt + 0.5 + c * -0.6 + h * 0.7);
            const double g = std::tanh(1.1 * xt - 0.2 + h * 0.4);
            c = g * i + c * f;
            const double o = sigmoid(0.3 * xt + 0.05 + c * 0.9 + h * -0.8); // new c
            h = std::tanh(c) * o;
            expected.push_back(h);
        }
        const Matrix y = layer.forward(column({1.f, -0.5f, 2.f}));
        for (int t = 0; t < 3; ++t)
            QVERIFY2(
                std::abs(y.at(t, 0) - expected[size_t(t)]) < 1e-6,
                qPrintable(QStringLiteral("t=%1 got %2 expected %3").arg(t).arg(y.at(t, 0)).arg(expected[size_t(t)])));
    }

    void bidirectionalOrdering_data() { kernelPaths_data(); }
    void bidirectionalOrdering()
    {
        QFETCH(int, level);
        setMaxKernelLevel(KernelLevel(level));
        // Backward direction with other weights (w = -1, b = 0, r = 0.5), so the columns cannot be confused.
        BidirectionalLayer bi(std::make_unique<RecurrentLayer>(std::vector<float>{0.5f}, std::vector<float>{0.1f},
                                                               std::vector<float>{0.8f}, 1, 1),
                              std::make_unique<RecurrentLayer>(std::vector<float>{-1.f}, std::vector<float>{0.f},
                                                               std::vector<float>{0.5f}, 1, 1));
        const std::vector<double> x = {1.0, -2.0, 0.5, 0.25};
        const Matrix y = bi.forward(column({1.f, -2.f, 0.5f, 0.25f}));
        QCOMPARE(y.cols, 2);
        const std::vector<double> fwd = handRnn(x, false);
        // Backward: runs from the last frame, outputs back in time order.
        std::vector<double> bwd(x.size());
        double prev = 0;
        for (int t = 3; t >= 0; --t) {
            prev = std::tanh(-x[size_t(t)] + 0.5 * prev);
            bwd[size_t(t)] = prev;
        }
        for (int t = 0; t < 4; ++t) {
            QVERIFY(std::abs(y.at(t, 0) - fwd[size_t(t)]) < 1e-6);
            QVERIFY(std::abs(y.at(t, 1) - bwd[size_t(t)]) < 1e-6);
        }
        // The last backward output only saw the last frame.
        QVERIFY(std::abs(y.at(3, 1) - std::tanh(-0.25)) < 1e-6);
    }

    void bidirectionalRnnOverSeveralBlocks_data() { kernelPaths_data(); }
    void bidirectionalRnnOverSeveralBlocks()
    {
        QFETCH(int, level);
        setMaxKernelLevel(KernelLevel(level));
        std::mt19937 rng(4);
        const int frames = 3 * kSequenceBlock + 17;
        const Matrix x = randomMatrix(frames, 1, rng, 2.f);
        const std::vector<double> xd(x.values.begin(), x.values.end());
        const BidirectionalLayer bi(std::make_unique<RecurrentLayer>(std::vector<float>{0.5f}, std::vector<float>{0.1f},
                                                                     std::vector<float>{0.8f}, 1, 1),
                                    std::make_unique<RecurrentLayer>(std::vector<float>{0.5f}, std::vector<float>{0.1f},
                                                                     std::vector<float>{0.8f}, 1, 1));
        const Matrix y = bi.forward(x);
        const std::vector<double> fwd = handRnn(xd, false), bwd = handRnn(xd, true);
        double worst = 0;
        for (int t = 0; t < frames; ++t)
            worst = std::max({worst, std::abs(y.at(t, 0) - fwd[size_t(t)]), std::abs(y.at(t, 1) - bwd[size_t(t)])});
        QVERIFY2(worst < 1e-6, qPrintable(QString::number(worst)));
    }

    void bidirectionalLstmOverSeveralBlocks_data() { kernelPaths_data(); }
    void bidirectionalLstmOverSeveralBlocks()
    {
        // Longer than 2 blocks of kSequenceBlock frames: the state carried across blocks (forwards and
        // backwards) must give the same result as a plain double-precision LSTM written here.
        QFETCH(int, level);
        setMaxKernelLevel(KernelLevel(level));
        std::mt19937 rng(21);
        const int in = 20, hidden = 25, frames = 2 * kSequenceBlock + 333;
        auto gate = [&](bool peep) {
            return LstmGate{randomVector(size_t(in * hidden), rng, 0.3f), randomVector(size_t(hidden), rng),
                            randomVector(size_t(hidden * hidden), rng, 0.3f),
                            peep ? randomVector(size_t(hidden), rng) : std::vector<float>()};
        };
        const LstmGate g[2][4] = {{gate(true), gate(true), gate(false), gate(true)},
                                  {gate(true), gate(true), gate(false), gate(true)}};
        const Matrix x = randomMatrix(frames, in, rng);
        const BidirectionalLayer layer(std::make_unique<LstmLayer>(g[0][0], g[0][1], g[0][2], g[0][3], in, hidden),
                                       std::make_unique<LstmLayer>(g[1][0], g[1][1], g[1][2], g[1][3], in, hidden));
        const Matrix y = layer.forward(x);
        QCOMPARE(y.cols, 2 * hidden);
        double worst = 0;
        for (int dir = 0; dir < 2; ++dir) {
            std::vector<double> h(size_t(hidden), 0.0), c(size_t(hidden), 0.0), hn(static_cast<size_t>(hidden));
            for (int s = 0; s < frames; ++s) {
                const int t = dir == 0 ? s : frames - 1 - s;
                for (int u = 0; u < hidden; ++u) {
                    double z[4];
                    for (int k = 0; k < 4; ++k) {
                        const LstmGate &q = g[dir][k];
                        z[k] = q.bias[size_t(u)];
                        for (int i = 0; i < in; ++i)
                            z[k] += double(x.at(t, i)) * q.weights[size_t(i * hidden + u)];
                        for (int j = 0; j < hidden; ++j)
                            z[k] += h[size_t(j)] * q.recurrentWeights[size_t(j * hidden + u)];
                    }
                    const double ig = sigmoid(z[0] + c[size_t(u)] * g[dir][0].peepholes[size_t(u)]);
                    const double fg = sigmoid(z[1] + c[size_t(u)] * g[dir][1].peepholes[size_t(u)]);
                    c[size_t(u)] = std::tanh(z[2]) * ig + c[size_t(u)] * fg;
                    hn[size_t(u)] =
                        std::tanh(c[size_t(u)]) * sigmoid(z[3] + c[size_t(u)] * g[dir][3].peepholes[size_t(u)]);
                }
                h = hn;
                for (int u = 0; u < hidden; ++u)
                    worst = std::max(worst, std::abs(h[size_t(u)] - y.at(t, dir * hidden + u)));
            }
        }
        QVERIFY2(worst < 1e-5, qPrintable(QString::number(worst)));
    }

    void denseSoftmaxAndSigmoid_data() { kernelPaths_data(); }
    void denseSoftmaxAndSigmoid()
    {
        QFETCH(int, level);
        setMaxKernelLevel(KernelLevel(level));
        std::mt19937 rng(3);
        const int in = 50, out = 3;
        const std::vector<float> w = randomVector(size_t(in * out), rng), b = randomVector(size_t(out), rng);
        const Matrix x = randomMatrix(40, in, rng);
        const Matrix soft = DenseLayer(w, b, in, out, Activation::Softmax).forward(x);
        const Matrix sig = DenseLayer(w, b, in, out, Activation::Sigmoid).forward(x);
        for (int t = 0; t < x.rows; ++t) {
            double z[3], m = -1e300, sum = 0;
            for (int o = 0; o < out; ++o) {
                z[o] = b[size_t(o)];
                for (int k = 0; k < in; ++k)
                    z[o] += double(x.at(t, k)) * w[size_t(k * out + o)];
                m = std::max(m, z[o]);
            }
            for (double v : z)
                sum += std::exp(v - m);
            double rowSum = 0;
            for (int o = 0; o < out; ++o) {
                QVERIFY(std::abs(soft.at(t, o) - std::exp(z[o] - m) / sum) < 1e-6);
                QVERIFY(std::abs(sig.at(t, o) - sigmoid(z[o])) < 1e-6);
                rowSum += soft.at(t, o);
            }
            QVERIFY(std::abs(rowSum - 1.0) < 1e-6);
        }
    }

    void gemmMatchesDoubleProduct_data() { kernelPaths_data(); }
    void gemmMatchesDoubleProduct()
    {
        QFETCH(int, level);
        setMaxKernelLevel(KernelLevel(level));
        std::mt19937 rng(7);
        // Odd sizes: row tails of the 6-row kernel, K split over two 256 chunks, a partial panel.
        for (auto [rows, k, n] : {std::tuple{37, 300, 100}, std::tuple{5, 3, 1}, std::tuple{200, 1120, 32},
                                  std::tuple{30, 50, 48}, std::tuple{13, 266, 16}}) {
            const Matrix a = randomMatrix(rows, k, rng);
            const std::vector<float> w = randomVector(size_t(k * n), rng), b = randomVector(size_t(n), rng);
            PackedWeights pw;
            pw.pack(w.data(), k, n, n, b.data());
            std::vector<float> c(size_t(rows) * size_t(pw.paddedCols), -99.f);
            gemmBias(a.values.data(), rows, k, pw, c.data(), pw.paddedCols);
            double worst = 0;
            for (int r = 0; r < rows; ++r)
                for (int j = 0; j < pw.paddedCols; ++j) {
                    double ref = j < n ? b[size_t(j)] : 0.0;
                    for (int i = 0; i < k && j < n; ++i)
                        ref += double(a.at(r, i)) * w[size_t(i * n + j)];
                    worst = std::max(worst, std::abs(ref - c[size_t(r) * size_t(pw.paddedCols) + size_t(j)]));
                }
            QVERIFY2(worst < 1e-4, qPrintable(QStringLiteral("%1x%2x%3: %4").arg(rows).arg(k).arg(n).arg(worst)));
        }
    }

    void vectorActivationsAccurate_data() { kernelPaths_data(); }
    void vectorActivationsAccurate()
    {
        QFETCH(int, level);
        setMaxKernelLevel(KernelLevel(level));
        std::vector<float> xs;
        for (float x = -100.f; x <= 100.f; x += 0.0137f)
            xs.push_back(x);
        xs.push_back(0.f);
        std::vector<float> s = xs, t = xs;
        sigmoidInPlace(s.data(), s.size());
        tanhInPlace(t.data(), t.size());
        double es = 0, et = 0;
        for (size_t i = 0; i < xs.size(); ++i) {
            es = std::max(es, std::abs(s[i] - sigmoid(xs[i])));
            et = std::max(et, std::abs(t[i] - std::tanh(double(xs[i]))));
            QVERIFY(std::isfinite(s[i]) && std::isfinite(t[i]));
        }
        qInfo("%s: max |sigmoid error| %.3g, max |tanh error| %.3g", kernelLevelName(kernelLevel()), es, et);
        QVERIFY(es < 2e-7);
        QVERIFY(et < 3e-7);
    }

    void lstmPathsAgreeOnLongSequence()
    {
        // 25 units (the madmom size) over 2000 frames: AVX2 and scalar paths agree.
        std::mt19937 rng(11);
        const int in = 50, hidden = 25;
        auto gate = [&](bool peep) {
            return LstmGate{randomVector(size_t(in * hidden), rng, 0.3f), randomVector(size_t(hidden), rng),
                            randomVector(size_t(hidden * hidden), rng, 0.3f),
                            peep ? randomVector(size_t(hidden), rng) : std::vector<float>()};
        };
        const LstmGate i = gate(true), f = gate(true), c = gate(false), o = gate(true);
        LstmLayer layer(i, f, c, o, in, hidden);
        const Matrix x = randomMatrix(2000, in, rng);
        setMaxKernelLevel(KernelLevel::Avx512);
        const Matrix a = layer.forward(x);
        setMaxKernelLevel(KernelLevel::Avx2);
        const Matrix b = layer.forward(x);
        setMaxKernelLevel(KernelLevel::Scalar);
        const Matrix s = layer.forward(x);
        QVERIFY(maxAbsDiff(a, s) < 1e-5);
        QVERIFY(maxAbsDiff(b, s) < 1e-5);
        QVERIFY(std::all_of(a.values.begin(), a.values.end(), [](float v) { return std::abs(v) <= 1.f; }));
    }

    void convolutionIsFlipped_data() { kernelPaths_data(); }
    void convolutionIsFlipped()
    {
        QFETCH(int, level);
        setMaxKernelLevel(KernelLevel(level));
        std::mt19937 rng(5);
        const int frames = 20, bands = 12, cin = 3, cout = 4, kt = 7, kf = 3;
        const std::vector<float> w = randomVector(size_t(cin * cout * kt * kf), rng, 0.3f);
        const std::vector<float> b = randomVector(size_t(cout), rng);
        const Matrix x = randomMatrix(frames, bands * cin, rng);
        Conv2dLayer conv(w, b, bands, cin, cout, kt, kf);
        const Matrix y = conv.forward(x);
        QCOMPARE(y.rows, frames - kt + 1);
        QCOMPARE(y.cols, (bands - kf + 1) * cout);
        double worst = 0;
        for (int t = 0; t + kt <= frames; ++t)
            for (int f = 0; f + kf <= bands; ++f)
                for (int o = 0; o < cout; ++o) {
                    double s = b[size_t(o)];
                    for (int c = 0; c < cin; ++c)
                        for (int i = 0; i < kt; ++i)
                            for (int j = 0; j < kf; ++j)
                                s += double(x.at(t + i, (f + j) * cin + c)) *
                                     w[size_t(((c * cout + o) * kt + (kt - 1 - i)) * kf + (kf - 1 - j))];
                    worst = std::max(worst, std::abs(std::tanh(s) - y.at(t, f * cout + o)));
                }
        QVERIFY2(worst < 1e-6, qPrintable(QString::number(worst)));

        // Max pool over 3 bands, then stack 2 frames.
        const Matrix p = MaxPoolBandsLayer(bands - kf + 1, cout, 3).forward(y);
        QCOMPARE(p.cols, (bands - kf + 1) / 3 * cout);
        for (int g = 0; g < (bands - kf + 1) / 3; ++g)
            for (int o = 0; o < cout; ++o)
                QCOMPARE(p.at(2, g * cout + o), std::max({y.at(2, 3 * g * cout + o), y.at(2, (3 * g + 1) * cout + o),
                                                          y.at(2, (3 * g + 2) * cout + o)}));
        const Matrix s = StrideStackLayer(p.cols, 2).forward(p);
        QCOMPARE(s.rows, p.rows - 1);
        QCOMPARE(s.at(4, 0), p.at(4, 0));
        QCOMPARE(s.at(4, p.cols), p.at(5, 0));
    }

    void blockedNetworkEqualsWholeInput()
    {
        // A network without recurrence is evaluated in blocks on 2 threads; same result as in one piece.
        std::mt19937 rng(9);
        Network net;
        net.addLayer(
            std::make_unique<Conv2dLayer>(randomVector(2 * 3 * 5 * 3, rng), randomVector(3, rng), 10, 2, 3, 5, 3));
        net.addLayer(std::make_unique<StrideStackLayer>(24, 3));
        net.addLayer(
            std::make_unique<DenseLayer>(randomVector(72, rng), randomVector(1, rng), 72, 1, Activation::Sigmoid));
        QCOMPARE(net.contextFrames(), 6);
        const Matrix x = randomMatrix(1000, 20, rng);
        std::vector<Matrix> layers;
        const Matrix whole = net.forward(x, &layers);
        const Matrix blocked = net.forward(x, nullptr, 2);
        QCOMPARE(whole.rows, 994);
        QCOMPARE(int(layers.size()), 3);
        QCOMPARE(maxAbsDiff(whole, blocked), 0.0);
    }
};

QTEST_GUILESS_MAIN(TstLayers)
#include "tst_layers.moc"
