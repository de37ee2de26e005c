#pragma once
// Internal: splits [0, count) into two halves run on the calling thread and one
// helper std::thread when the work is large enough to pay for the thread.
#include <cstdint>
#include <thread>

namespace mirlo {
namespace detail {

template <typename Fn>
void parallelRanges(int64_t count, int64_t minPerThread, Fn fn)
{
    const bool split = count >= 2 * minPerThread && std::thread::hardware_concurrency() >= 2;
    if (!split) {
        fn(int64_t(0), count);
        return;
    }
    const int64_t mid = count / 2;
    std::thread helper([&] { fn(mid, count); });
    fn(int64_t(0), mid);
    helper.join();
}

} // namespace detail
} // namespace mirlo
