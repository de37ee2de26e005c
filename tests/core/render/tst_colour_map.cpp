// Colour lookup tables: matplotlib's published endpoints, monotonic luminance,
// names.
#include "core/render/colour_map.h"

#include <QtTest>

#include <cmath>

using namespace mirlo;

namespace {

// Relative luminance (Rec. 709 primaries on linearised sRGB).
double luminance(uint32_t argb)
{
    auto lin = [](uint32_t c) {
        const double v = c / 255.0;
        return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * lin((argb >> 16) & 0xFF) + 0.7152 * lin((argb >> 8) & 0xFF) + 0.0722 * lin(argb & 0xFF);
}

} // namespace

class TestColourMap : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void endpoints()
    {
        // matplotlib's documented first/last colours: viridis #440154 .. #fde725,
        // magma #000004 .. #fcfdbf, inferno #000004 .. #fcffa4.
        QCOMPARE(colourLut(ColourMap::Viridis).front(), 0xFF440154u);
        QCOMPARE(colourLut(ColourMap::Viridis).back(), 0xFFFDE725u);
        QCOMPARE(colourLut(ColourMap::Magma).front(), 0xFF000004u);
        QCOMPARE(colourLut(ColourMap::Magma).back(), 0xFFFCFDBFu);
        QCOMPARE(colourLut(ColourMap::Inferno).front(), 0xFF000004u);
        QCOMPARE(colourLut(ColourMap::Inferno).back(), 0xFFFCFFA4u);
        QCOMPARE(colourLut(ColourMap::Greyscale).front(), 0xFF000000u);
        QCOMPARE(colourLut(ColourMap::Greyscale).back(), 0xFFFFFFFFu);
        QCOMPARE(colourLut(ColourMap::Greyscale)[128], 0xFF808080u);
        for (ColourMap m : {ColourMap::Viridis, ColourMap::Magma, ColourMap::Inferno, ColourMap::Greyscale})
            for (uint32_t c : colourLut(m))
                QCOMPARE(c >> 24, 0xFFu); // opaque
    }

    void luminanceIncreases()
    {
        for (ColourMap m : {ColourMap::Viridis, ColourMap::Magma, ColourMap::Inferno, ColourMap::Greyscale}) {
            const ColourLut &lut = colourLut(m);
            for (int i = 1; i < 256; ++i) {
                // 8-bit rounding can make neighbours dip by a hair (viridis: 3e-4).
                QVERIFY2(luminance(lut[i]) >= luminance(lut[i - 1]) - 1e-3,
                         qPrintable(colourMapName(m) + QString(" at %1").arg(i)));
            }
            for (int i = 8; i < 256; i += 8)
                QVERIFY(luminance(lut[i]) > luminance(lut[i - 8]));
            QVERIFY(luminance(lut[255]) - luminance(lut[0]) > 0.5);
        }
    }

    void names()
    {
        const QStringList all = colourMapNames();
        QCOMPARE(all, QStringList({"viridis", "magma", "inferno", "greyscale"}));
        for (const QString &n : all) {
            ColourMap m = ColourMap::Viridis;
            QVERIFY(parseColourMap(n, m));
            QCOMPARE(colourMapName(m), n);
            QVERIFY(parseColourMap(n.toUpper(), m));
        }
        ColourMap m = ColourMap::Magma;
        QVERIFY(parseColourMap("grayscale", m));
        QCOMPARE(m, ColourMap::Greyscale);
        QVERIFY(!parseColourMap("jet", m));
        QVERIFY(!parseColourMap("", m));
        QCOMPARE(m, ColourMap::Greyscale);
    }
};

QTEST_GUILESS_MAIN(TestColourMap)
#include "tst_colour_map.moc"
