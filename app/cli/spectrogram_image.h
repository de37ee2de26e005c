#pragma once
// Spectrogram as an image: one pixel column per frame (time left to right),
// one pixel row per band with the lowest band at the bottom, dB mapped
// linearly from the floor (maxDb - topDb, or minDb without a floor) to maxDb
// onto a colour map.
#include "core/dsp/spectrogram.h"
#include "core/render/colour_map.h"

#include <QImage>

namespace mirlo::cli {

QImage spectrogramImage(const SpectrogramData &data, ColourMap map);

} // namespace mirlo::cli
