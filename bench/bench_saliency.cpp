// Cost of a Musicnn saliency map: seconds per 3 s chunk for the libtorch
// forward (predict), the forward + input gradient (inputGradient, what
// tagSaliency runs per chunk and pass) and the plain C++ forward, on random
// dB-mel input in batches of 8 chunks. Best of RUNS after a warm-up.
//   bench_saliency [runs=3] [threads=1]
#include "core/ml/tag_saliency.h"
#include "core/ml/torch_runtime.h"
#include "core/tagging/tagger_model.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>

int main(int argc, char **argv)
{
    using namespace mirlo;
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
    const int threads = argc > 2 ? std::max(1, std::atoi(argv[2])) : 1;
    ml::configureTorchThreads(threads);
    QString error;
    auto net = ml::MusicnnTorch::load(TaggerModel::defaultModelName(), &error);
    auto cpp = TaggerModel::load(TaggerModel::resolveModel(TaggerModel::defaultModelName()), &error);
    if (!net || !cpp) {
        std::fprintf(stderr, "bench_saliency: %s\n", qPrintable(error));
        return 1;
    }
    const int batch = 8, per = net->frames() * net->bands();
    std::vector<float> mel(size_t(batch) * size_t(per));
    std::mt19937 rng(0);
    std::normal_distribution<float> g(-20.f, 15.f);
    for (float &v : mel)
        v = g(rng);
    auto best = [&](const std::function<void()> &f) {
        double b = 1e30;
        for (int r = 0; r <= runs; ++r) {
            QElapsedTimer t;
            t.start();
            f();
            if (r > 0)
                b = std::min(b, t.nsecsElapsed() * 1e-9);
        }
        return b / batch;
    };
    const double fwd = best([&] { net->predict(mel, batch); });
    const double grad = best([&] { net->inputGradient(mel, batch, 13, ml::SaliencyTarget::Logit); });
    const double plain = best([&] {
        for (int i = 0; i < batch; ++i) {
            Matrix m(net->frames(), net->bands());
            std::copy(mel.begin() + std::ptrdiff_t(i) * per, mel.begin() + std::ptrdiff_t(i + 1) * per, m.values.begin());
            cpp->predictMel(m);
        }
    });
    std::printf("threads %d: per 3 s chunk: torch forward %.3f s, torch forward+input gradient %.3f s, C++ forward "
                "%.3f s; 3-min track (60 chunks) vanilla gradient %.1f s\n",
                threads, fwd, grad, plain, 60 * grad);
    return 0;
}
