#pragma once
// The torch runtime as the rest of Mirlo sees it: version and threading.
// Torch-free header; only torch_runtime.cpp includes torch.
#include <QString>

namespace mirlo::ml {

// Version of the libtorch Mirlo was built with, e.g. "1.13.1"; empty without torch.
QString torchVersion();
bool torchAvailable();

// Sets torch's intra-op threads for the calling thread (torch keeps the setting
// per thread) to `threads`, or QThread::idealThreadCount() when 0. Returns the
// count in force afterwards.
int configureTorchThreads(int threads = 0);

// A tiny end-to-end check that torch links and computes: sum of a 2x2 matmul.
double torchSelfTest();

} // namespace mirlo::ml
