#pragma once
// The generated 256-entry tables behind colourLut() (see colour_map_data.cpp).
#include "core/render/colour_map.h"

namespace mirlo {
namespace colour_map_data {

extern const ColourLut kViridis;
extern const ColourLut kMagma;
extern const ColourLut kInferno;

} // namespace colour_map_data
} // namespace mirlo
