#pragma once
// A small PNG encoder (8-bit RGB, colour type 2, zlib), so that writing an
// image needs neither QtGui nor a second full copy of the picture: the caller
// hands out one row of pixels at a time, top to bottom, and each row goes
// straight into deflate. Sizes are in pixels.
#include <QString>

#include <cstdint>
#include <functional>

namespace mirlo {

// Fills rgb (3 * width bytes: R, G, B per pixel, left to right) with image row y (0 = top).
using PngRowFn = std::function<void(int y, uint8_t *rgb)>;

// Writes a width x height RGB image to "<path>.part" and renames it over path,
// so a failure never destroys an existing file at path. Asks for rows
// 0 .. height-1 in order, exactly once each. False + *error ("<path>: <problem>",
// e.g. cannot open for writing, No space left on device) on failure.
bool writePngRgb(const QString &path, int width, int height, const PngRowFn &row, QString *error = nullptr);

} // namespace mirlo
