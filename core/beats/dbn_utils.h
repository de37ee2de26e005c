#pragma once
// Helpers shared by the DBN beat and downbeat trackers (frame units).
#include <QString>

#include <cstdint>
#include <utility>
#include <vector>

namespace mirlo {

// madmom's threshold_activations: keep frames [first, last) spanning every
// frame where any column is >= threshold. Like madmom, when no frame (or only
// frame 0) qualifies, the segment is empty.
struct FrameSegment {
    int first = 0;
    int last = 0;
    int size() const { return last - first; }
};
FrameSegment thresholdSegment(const float *values, int frames, int columns, double threshold);

// Runs [left, right) of consecutive frames whose path state has a non-zero
// observation pointer (the "beat range"), in time order.
std::vector<std::pair<int, int>> beatRangeRuns(const std::vector<int32_t> &path, const std::vector<uint8_t> &pointers);

// Empty if every value is finite; otherwise "activation: non-finite value at frame N".
QString checkFinite(const float *values, int frames, int columns);

} // namespace mirlo
