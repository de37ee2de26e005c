#pragma once
// Perceptual colour maps as 256-entry lookup tables of 0xAARRGGBB (QRgb) values.
#include <QString>
#include <QStringList>

#include <array>
#include <cstdint>

namespace mirlo {

enum class ColourMap { Viridis, Magma, Inferno, Greyscale };

using ColourLut = std::array<uint32_t, 256>;

const ColourLut &colourLut(ColourMap map);
QString colourMapName(ColourMap map);
bool parseColourMap(const QString &name, ColourMap &map);
QStringList colourMapNames();

} // namespace mirlo
