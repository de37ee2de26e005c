#pragma once
// Observation models of madmom's RNN beat / downbeat DBNs. Each state points
// to one column of a per-frame log-density table (float64, row-major
// [frames x columns]): column 0 = no beat, 1 = beat, 2 = downbeat. The
// "beat range" is the first 1/observationLambda of every beat.
#include "core/beats/beat_state_space.h"
#include "core/dsp/matrix.h"

#include <cstdint>
#include <vector>

namespace mirlo {

struct LogDensities {
    int frames = 0;
    int columns = 0;
    std::vector<double> values; // frames * columns
    const double *row(int t) const { return values.data() + size_t(t) * size_t(columns); }
};

// Beat model: 1 for states with position < 1/lambda, else 0.
std::vector<uint8_t> beatObservationPointers(const BeatStateSpace &space, int observationLambda);
// Bar model: 2 inside the first beat's range (downbeat), 1 inside any other beat's range, else 0.
std::vector<uint8_t> downbeatObservationPointers(const BeatStateSpace &space, int observationLambda);

// [T x 2]: log((1 - a) / (lambda - 1)), log(a). Evaluated in float32 like madmom.
LogDensities beatLogDensities(const float *activation, int frames, int observationLambda);
// [T x 3] from (beat, downbeat) columns: log((1 - b - d) / (lambda - 1)), log(b), log(d).
LogDensities downbeatLogDensities(const Matrix &activation, int observationLambda);

} // namespace mirlo
