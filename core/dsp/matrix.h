#pragma once
// A dense row-major float matrix. For time-frequency data, rows are frames
// (time) and columns are bins or bands (frequency): at(frame, bin).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace mirlo {

struct Matrix {
    int rows = 0;
    int cols = 0;
    std::vector<float> values; // rows * cols, row-major

    Matrix() = default;
    Matrix(int r, int c, float fill = 0.f) : rows(r), cols(c), values(size_t(r) * size_t(c), fill) {}

    float &at(int r, int c) { return values[size_t(r) * size_t(cols) + size_t(c)]; }
    float at(int r, int c) const { return values[size_t(r) * size_t(cols) + size_t(c)]; }
    float *row(int r) { return values.data() + size_t(r) * size_t(cols); }
    const float *row(int r) const { return values.data() + size_t(r) * size_t(cols); }
    bool isEmpty() const { return rows == 0 || cols == 0; }
};

} // namespace mirlo
