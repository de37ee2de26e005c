#pragma once
// Spectrogram as an image: one pixel column per frame (time left to right),
// one pixel row per band with the lowest band at the bottom, dB mapped
// linearly from the floor (maxDb - topDb, or minDb without a floor) to maxDb
// onto a colour map. Written as a PNG row by row (core/io/png_writer.h), so
// the CLI needs neither QtGui nor a second full copy of a song's picture.
#include "core/dsp/spectrogram.h"
#include "core/render/colour_map.h"

#include <QString>

#include <cstdint>

namespace mirlo::cli {

// The pixels of one spectrogram: width = frames, height = bands.
class SpectrogramImage
{
public:
    SpectrogramImage(const SpectrogramData &data, ColourMap map);

    int width() const { return m_db.rows; }
    int height() const { return m_db.cols; }
    // 0xAARRGGBB (opaque) of pixel (x, y), y = 0 at the top.
    uint32_t pixel(int x, int y) const;
    // Fills rgb (3 * width bytes, R G B per pixel) with row y (0 = top).
    void rgbRow(int y, uint8_t *rgb) const;

private:
    const Matrix &m_db;
    const ColourLut &m_lut;
    float m_lo = 0.f;
    float m_scale = 0.f;
};

// Writes the image as an 8-bit RGB PNG (via "<path>.part"). False + *error
// ("<path>: <problem>") when the data is empty or the file cannot be written.
bool writeSpectrogramPng(const QString &path, const SpectrogramData &data, ColourMap map, QString *error);

} // namespace mirlo::cli
