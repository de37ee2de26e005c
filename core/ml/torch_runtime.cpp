#include "core/ml/torch_runtime.h"

#include <QThread>

#ifdef MIRLO_HAVE_TORCH
#include <ATen/Parallel.h>
#include <torch/torch.h>
#include <torch/version.h>
#endif

namespace mirlo::ml {

bool torchAvailable()
{
#ifdef MIRLO_HAVE_TORCH
    return true;
#else
    return false;
#endif
}

QString torchVersion()
{
#ifdef MIRLO_HAVE_TORCH
    return QStringLiteral(TORCH_VERSION);
#else
    return {};
#endif
}

int configureTorchThreads(int threads)
{
#ifdef MIRLO_HAVE_TORCH
    at::set_num_threads(threads > 0 ? threads : std::max(1, QThread::idealThreadCount()));
    return at::get_num_threads();
#else
    Q_UNUSED(threads);
    return 0;
#endif
}

double torchSelfTest()
{
#ifdef MIRLO_HAVE_TORCH
    torch::NoGradGuard noGrad;
    const auto a = torch::tensor({1.0f, 2.0f, 3.0f, 4.0f}).reshape({2, 2});
    return a.matmul(a).sum().item<double>(); // [[7,10],[15,22]] -> 54
#else
    return 0.0;
#endif
}

} // namespace mirlo::ml
