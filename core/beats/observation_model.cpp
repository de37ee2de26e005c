#include "core/beats/observation_model.h"

#include "core/dsp/numpy_log.h"

#include <cmath>

namespace mirlo {

namespace {
// A NaN density (activation outside [0, 1]) can never win a max in madmom's Viterbi
// (NaN > x is false), which is exactly how -inf behaves; make that explicit so the
// fast decoder, which adds without comparing, behaves the same.
double finiteOrMinusInf(float v)
{
    return std::isnan(v) ? -HUGE_VAL : double(v);
}
} // namespace

std::vector<uint8_t> beatObservationPointers(const BeatStateSpace &space, int observationLambda)
{
    const double border = 1.0 / double(observationLambda);
    std::vector<uint8_t> ptr(size_t(space.numStates), 0);
    for (int s = 0; s < space.numStates; ++s)
        if (space.statePositions[size_t(s)] < border)
            ptr[size_t(s)] = 1;
    return ptr;
}

std::vector<uint8_t> downbeatObservationPointers(const BeatStateSpace &space, int observationLambda)
{
    const double border = 1.0 / double(observationLambda);
    std::vector<uint8_t> ptr(size_t(space.numStates), 0);
    for (int s = 0; s < space.numStates; ++s) {
        const double pos = space.statePositions[size_t(s)];
        if (std::fmod(pos, 1.0) < border)
            ptr[size_t(s)] = 1;
        if (pos < border)
            ptr[size_t(s)] = 2;
    }
    return ptr;
}

// madmom evaluates these with float32 numpy arrays (the activations are float32 and
// numpy keeps float32 when combined with Python scalars), so do the same here.
LogDensities beatLogDensities(const float *activation, int frames, int observationLambda)
{
    LogDensities d;
    d.frames = frames;
    d.columns = 2;
    d.values.resize(size_t(frames) * 2);
    const float div = float(observationLambda - 1);
    for (int t = 0; t < frames; ++t) {
        const float a = activation[t];
        d.values[size_t(t) * 2 + 0] = finiteOrMinusInf(numpyLogf((1.0f - a) / div));
        d.values[size_t(t) * 2 + 1] = finiteOrMinusInf(numpyLogf(a));
    }
    return d;
}

LogDensities downbeatLogDensities(const Matrix &activation, int observationLambda)
{
    LogDensities d;
    d.frames = activation.rows;
    d.columns = 3;
    d.values.resize(size_t(activation.rows) * 3);
    const float div = float(observationLambda - 1);
    for (int t = 0; t < activation.rows; ++t) {
        const float b = activation.at(t, 0);
        const float db = activation.at(t, 1);
        double *out = d.values.data() + size_t(t) * 3;
        out[0] = finiteOrMinusInf(numpyLogf((1.0f - (b + db)) / div));
        out[1] = finiteOrMinusInf(numpyLogf(b));
        out[2] = finiteOrMinusInf(numpyLogf(db));
    }
    return d;
}

} // namespace mirlo
