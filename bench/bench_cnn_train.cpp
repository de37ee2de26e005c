// One training epoch of the tutorial CNNs on 1,680 random 80x80 patches (the
// size of the instrumental/vocal set, TUTORIAL 2.2) with each preset's
// optimiser and batch 32, through TutorialCnn::trainStep (the path mirlo-train
// uses). Prints "<preset> <seconds>" per preset: best of RUNS epochs after a
// warm-up. bench_cnn_train.py runs the same in python3-torch and prints ratios.
//   bench_cnn_train [runs=3] [threads=1]
#include "core/ml/torch_runtime.h"
#include "core/ml/tutorial_cnn.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>

int main(int argc, char **argv)
{
    using namespace mirlo;
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
    const int threads = argc > 2 ? std::max(1, std::atoi(argv[2])) : 1;
    mirlo::ml::configureTorchThreads(threads);
    const int n = 1680, batch = 32;
    std::mt19937 rng(0);
    std::normal_distribution<float> g(0.0f, 1.0f);
    std::vector<float> x(size_t(n) * 6400);
    for (float &v : x)
        v = g(rng);
    for (const char *name : {"instrumental_vocal", "compact_cnn_genre"}) {
        TutorialCnnSpec spec;
        tutorialCnnPreset(QString::fromLatin1(name), &spec);
        const int c = spec.outputCount();
        std::vector<float> y(size_t(n) * c, 0.0f);
        for (int i = 0; i < n; ++i)
            y[size_t(i) * c + (c == 1 ? 0 : i % c)] = c == 1 ? float(i % 2) : 1.0f;
        ml::TutorialCnn net(spec, 1);
        double best = 1e30;
        for (int r = 0; r <= runs; ++r) { // run 0: warm-up
            QElapsedTimer t;
            t.start();
            for (int from = 0; from < n; from += batch) {
                const int b = std::min(batch, n - from);
                const std::vector<float> xb(x.begin() + size_t(from) * 6400, x.begin() + size_t(from + b) * 6400);
                const std::vector<float> yb(y.begin() + size_t(from) * c, y.begin() + size_t(from + b) * c);
                net.trainStep(xb, yb, b);
            }
            if (r > 0)
                best = std::min(best, t.nsecsElapsed() * 1e-9);
        }
        std::printf("%s %.4f\n", name, best);
        std::fflush(stdout);
    }
    return 0;
}
