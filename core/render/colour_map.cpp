#include "core/render/colour_map.h"

#include "core/render/colour_map_data.h"

namespace mirlo {

namespace {

ColourLut makeGreyscale()
{
    ColourLut lut{};
    for (uint32_t i = 0; i < 256; ++i)
        lut[i] = 0xFF000000u | (i << 16) | (i << 8) | i;
    return lut;
}

constexpr ColourMap kAllMaps[] = {ColourMap::Viridis, ColourMap::Magma, ColourMap::Inferno,
                                  ColourMap::Greyscale};

} // namespace

const ColourLut &colourLut(ColourMap map)
{
    static const ColourLut greyscale = makeGreyscale();
    switch (map) {
    case ColourMap::Viridis:
        return colour_map_data::kViridis;
    case ColourMap::Magma:
        return colour_map_data::kMagma;
    case ColourMap::Inferno:
        return colour_map_data::kInferno;
    case ColourMap::Greyscale:
        return greyscale;
    }
    return colour_map_data::kViridis;
}

QString colourMapName(ColourMap map)
{
    switch (map) {
    case ColourMap::Viridis:
        return QStringLiteral("viridis");
    case ColourMap::Magma:
        return QStringLiteral("magma");
    case ColourMap::Inferno:
        return QStringLiteral("inferno");
    case ColourMap::Greyscale:
        return QStringLiteral("greyscale");
    }
    return QString();
}

bool parseColourMap(const QString &name, ColourMap &map)
{
    const QString n = name.trimmed();
    for (ColourMap m : kAllMaps) {
        if (n.compare(colourMapName(m), Qt::CaseInsensitive) == 0) {
            map = m;
            return true;
        }
    }
    // Accept the American spelling and the common short form too.
    if (n.compare(QStringLiteral("grayscale"), Qt::CaseInsensitive) == 0
        || n.compare(QStringLiteral("grey"), Qt::CaseInsensitive) == 0
        || n.compare(QStringLiteral("gray"), Qt::CaseInsensitive) == 0) {
        map = ColourMap::Greyscale;
        return true;
    }
    return false;
}

QStringList colourMapNames()
{
    QStringList names;
    for (ColourMap m : kAllMaps)
        names << colourMapName(m);
    return names;
}

} // namespace mirlo
