// Times the madmom network ensembles (embedded weights) on random features of
// a 5-minute track (30 000 frames at 100 fps). Usage: bench_nn [frames] [runs]
#include "core/nn/ensemble.h"
#include "core/nn/kernels.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <random>

using namespace mirlo;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int frames = argc > 1 ? std::max(1, atoi(argv[1])) : 30000;
    const int runs = argc > 2 ? std::max(1, atoi(argv[2])) : 3;
    std::printf("bench_nn: %d frames, best of %d runs, kernels: %s\n", frames, runs,
                nn::kernelLevelName(nn::kernelLevel()));
    const MadmomModelFamily families[] = {MadmomModelFamily::Onsets, MadmomModelFamily::Beats,
                                          MadmomModelFamily::Downbeats, MadmomModelFamily::OnsetsCnn};
    for (MadmomModelFamily family : families) {
        MadmomEnsemble ensemble;
        QString error;
        QElapsedTimer loadTimer;
        loadTimer.start();
        if (!ensemble.load(family, &error)) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
        const double loadMs = loadTimer.nsecsElapsed() / 1e6;
        std::mt19937 rng(1);
        // Roughly the range of the log-magnitude features (0 .. 3) / CNN log-mel input (-20 .. 5).
        std::uniform_real_distribution<float> dist(family == MadmomModelFamily::OnsetsCnn ? -20.f : 0.f,
                                                   family == MadmomModelFamily::OnsetsCnn ? 5.f : 3.f);
        Matrix features(frames + ensemble.contextFrames(), ensemble.inputSize());
        for (float &v : features.values)
            v = dist(rng);
        for (int threads : {1, 2}) {
            ensemble.setThreadCount(threads);
            double best = 1e30, bestCpu = 1e30;
            for (int r = 0; r < runs; ++r) {
                QElapsedTimer timer;
                timer.start();
                const std::clock_t cpu0 = std::clock();
                const Matrix act = ensemble.activations(features, {}, &error);
                best = std::min(best, timer.nsecsElapsed() / 1e6);
                bestCpu = std::min(bestCpu, double(std::clock() - cpu0) * 1000.0 / CLOCKS_PER_SEC);
                if (act.rows != frames) {
                    std::fprintf(stderr, "%s: unexpected output (%s)\n", qPrintable(madmomFamilyName(family)),
                                 qPrintable(error));
                    return 1;
                }
            }
            std::printf(
                "%-16s %d network(s)  %d thread(s)  wall %7.1f ms  CPU %7.1f ms  (%.0fx real time; load %.1f ms)\n",
                qPrintable(madmomFamilyName(family)), ensemble.networkCount(), threads, best, bestCpu,
                frames / 100.0 / (best / 1000.0), loadMs);
        }
    }
    return 0;
}
