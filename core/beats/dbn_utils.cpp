#include "core/beats/dbn_utils.h"

#include <cmath>

namespace mirlo {

FrameSegment thresholdSegment(const float *values, int frames, int columns, double threshold)
{
    int first = -1, last = -1;
    for (int t = 0; t < frames; ++t) {
        for (int c = 0; c < columns; ++c) {
            if (double(values[size_t(t) * size_t(columns) + size_t(c)]) >= threshold) {
                if (first < 0)
                    first = t;
                last = t;
                break;
            }
        }
    }
    FrameSegment seg;
    // madmom tests idx.any(): an index list holding only frame 0 counts as "none".
    if (last > 0) {
        seg.first = first;
        seg.last = last + 1;
    }
    return seg;
}

std::vector<std::pair<int, int>> beatRangeRuns(const std::vector<int32_t> &path, const std::vector<uint8_t> &pointers)
{
    std::vector<std::pair<int, int>> runs;
    const int n = int(path.size());
    int t = 0;
    while (t < n) {
        if (pointers[size_t(path[size_t(t)])] == 0) {
            ++t;
            continue;
        }
        const int left = t;
        while (t < n && pointers[size_t(path[size_t(t)])] != 0)
            ++t;
        runs.emplace_back(left, t);
    }
    return runs;
}

QString checkFinite(const float *values, int frames, int columns)
{
    for (int t = 0; t < frames; ++t)
        for (int c = 0; c < columns; ++c)
            if (!std::isfinite(values[size_t(t) * size_t(columns) + size_t(c)]))
                return QStringLiteral("activation: non-finite value at frame %1").arg(t);
    return {};
}

} // namespace mirlo
