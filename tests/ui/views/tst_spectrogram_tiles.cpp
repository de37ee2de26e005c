// Spectrogram tiles: the picture is the matrix (time / frequency placement,
// max-pooling when zoomed out, nearest frame when zoomed in), levels are
// dBFS, and the cache renders in the background within its memory bound.
#include "ui/render/spectrogram_tile_cache.h"

#include <QPainter>
#include <QtTest>

#include <cmath>
#include <limits>

using namespace mirlo;

namespace {

// A hand-made STFT-like matrix: 10 frames per second, bands every 100 Hz up to 1 kHz.
DisplaySpectrogram syntheticSpectrogram(int frames)
{
    DisplaySpectrogram s;
    SpectrogramData &d = s.data;
    d.params.kind = SpectrogramKind::Stft;
    d.framesPerSecond = 10.0;
    d.sampleRate = 2000;
    d.db = Matrix(frames, 11, -200.f);
    for (int b = 0; b < 11; ++b) {
        d.bandHz.push_back(100.0 * b);
        d.bandLowHz.push_back(std::max(0.0, 100.0 * b - 50));
        d.bandHighHz.push_back(100.0 * b + 50);
    }
    s.mapping = FrequencyMapping(d);
    s.fullScaleDb = 0.0;
    return s;
}

TileStyle style(int height)
{
    TileStyle st;
    st.colourMap = ColourMap::Greyscale;
    st.floorDbfs = -100;
    st.ceilingDbfs = 0;
    st.lowHz = -50; // clamped by the mapping
    st.highHz = 1000;
    st.height = height;
    return st;
}

} // namespace

class TstSpectrogramTiles : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void linearMappingPlacesBands()
    {
        DisplaySpectrogram s = syntheticSpectrogram(10);
        QVERIFY(s.mapping.isLinearHz());
        QCOMPARE(s.mapping.minHz(), 0.0);
        QCOMPARE(s.mapping.maxHz(), 1000.0);
        QCOMPARE(s.mapping.nearestBand(440.0), 4);
        QCOMPARE(s.mapping.nearestBand(460.0), 5);
        const auto range = s.mapping.bandsIn(150.0, 420.0);
        QCOMPARE(range.first, 2);
        QCOMPARE(range.second, 5);
    }

    void bandMappingSpacesBandsEvenly()
    {
        SpectrogramData d;
        d.params.kind = SpectrogramKind::LogFrequency;
        for (int b = 0; b < 24; ++b) { // two octaves of semitones from 110 Hz
            const double hz = 110.0 * std::pow(2.0, b / 12.0);
            d.bandHz.push_back(hz);
            d.bandLowHz.push_back(hz * std::pow(2.0, -1.0 / 24));
            d.bandHighHz.push_back(hz * std::pow(2.0, 1.0 / 24));
        }
        const FrequencyMapping m(d);
        QVERIFY(!m.isLinearHz());
        QCOMPARE(m.hzToPos(110.0), 0.0);
        QCOMPARE(m.hzToPos(220.0), 12.0);
        QVERIFY(qAbs(m.posToHz(m.hzToPos(300.0)) - 300.0) < 1e-9);
        QVERIFY(qAbs(m.hzToPos(m.minHz()) + 0.5) < 1e-12);
        QVERIFY(qAbs(m.hzToPos(m.maxHz()) - 23.5) < 1e-12);
    }

    void tilePixelsFollowTheMatrix()
    {
        // Frame f has its only loud band at f % 11: a staircase rising in time.
        DisplaySpectrogram s = syntheticSpectrogram(40);
        for (int f = 0; f < 40; ++f)
            s.data.db.at(f, f % 11) = 0.f;
        const ColourLut &lut = colourLut(ColourMap::Greyscale);
        const int h = 110; // 10 rows per band (the axis spans -50 .. 1050 Hz... clamped to 0 .. 1000)
        // 0.01 s per pixel: a frame covers 10 columns, the tile 2.56 s.
        const QImage tile = renderSpectrogramTile(s, style(h), 0.01, 0);
        QCOMPARE(tile.width(), kTileWidth);
        QCOMPARE(tile.height(), h);
        for (int f = 1; f < 25; ++f) {
            const int x = f * 10; // centre of frame f
            const int loud = f % 11;
            // Row of band `loud` on a 0..1000 Hz axis of h rows, top = 1000 Hz.
            const int y = int((1000.0 - 100.0 * loud) / 1000.0 * (h - 1));
            QCOMPARE(tile.pixel(x, y), QRgb(lut[255]));
            const int quietY = int((1000.0 - 100.0 * ((loud + 5) % 11)) / 1000.0 * (h - 1));
            QCOMPARE(tile.pixel(x, quietY), QRgb(lut[0]));
        }
    }

    void zoomedOutColumnsKeepTheMaximum()
    {
        // One loud frame among 200: at 5 frames per pixel the column holding it must show it.
        DisplaySpectrogram s = syntheticSpectrogram(200);
        s.data.db.at(123, 5) = 0.f;
        const QImage tile = renderSpectrogramTile(s, style(11), 0.5, 0);
        const int x = int(12.3 / 0.5);
        const ColourLut &lut = colourLut(ColourMap::Greyscale);
        QCOMPARE(tile.pixel(x, 5), QRgb(lut[255]));
        QCOMPARE(tile.pixel(x + 1, 5), QRgb(lut[0]));
        QCOMPARE(tile.pixel(x - 1, 5), QRgb(lut[0]));
        // Past the last frame (20 s at 0.5 s/px = column 40 on) the tile is transparent.
        QCOMPARE(qAlpha(tile.pixel(45, 5)), 0);
    }

    void nanAndMinusInfinityDrawAsTheFloor()
    {
        DisplaySpectrogram s = syntheticSpectrogram(20);
        s.data.db.at(3, 4) = std::numeric_limits<float>::quiet_NaN();
        s.data.db.at(4, 4) = -std::numeric_limits<float>::infinity();
        s.data.db.at(5, 4) = -50.f; // mid-scale
        const ColourLut &lut = colourLut(ColourMap::Greyscale);
        const QImage tile = renderSpectrogramTile(s, style(11), 0.1, 0);
        QCOMPARE(tile.pixel(3, 6), QRgb(lut[0]));
        QCOMPARE(tile.pixel(4, 6), QRgb(lut[0]));
        QCOMPARE(tile.pixel(5, 6), QRgb(lut[127]));
    }

    void levelsAreDbfsForAFullScaleSine()
    {
        // A full-scale sine reads ~0 dBFS at its band, half amplitude ~-6 dBFS, for every kind.
        const int sr = 22050;
        std::vector<float> full(static_cast<size_t>(sr)), half(static_cast<size_t>(sr));
        for (int i = 0; i < sr; ++i) {
            full[size_t(i)] = float(std::sin(2 * M_PI * 1500.0 * i / sr));
            half[size_t(i)] = 0.5f * full[size_t(i)];
        }
        for (SpectrogramKind kind : {SpectrogramKind::Stft, SpectrogramKind::Mel, SpectrogramKind::LogFrequency}) {
            SpectrogramParams p;
            p.kind = kind;
            const auto a = computeDisplaySpectrogram(full.data(), sr, sr, p, {});
            const auto b = computeDisplaySpectrogram(half.data(), sr, sr, p, {});
            QVERIFY(!a->data.db.isEmpty());
            const int band = a->mapping.nearestBand(a->mapping.hzToPos(1500.0));
            const double la = a->levelDbfs(0.5, band), lb = b->levelDbfs(0.5, band);
            QVERIFY2(qAbs(la) < 3.0, qPrintable(QStringLiteral("%1: %2 dBFS").arg(kindName(kind)).arg(la)));
            QVERIFY2(qAbs(lb - la + 6.02) < 0.1, qPrintable(QStringLiteral("%1 %2").arg(la).arg(lb)));
        }
    }

    void cacheRendersInTheBackgroundWithinItsBound()
    {
        auto s = std::make_shared<DisplaySpectrogram>(syntheticSpectrogram(3000)); // 300 s
        for (int f = 0; f < 3000; ++f)
            s->data.db.at(f, f % 11) = 0.f;
        const qint64 bound = 2ll << 20; // 2 MiB: 20 tiles of 256 x 100
        SpectrogramTileCache cache(nullptr, bound);
        cache.setSpectrogram(s);
        cache.setStyle(style(100));
        QImage canvas(600, 100, QImage::Format_ARGB32_Premultiplied);
        auto paint = [&](double start, double spp) {
            QPainter p(&canvas);
            return cache.paint(p, canvas.rect(), canvas.rect(), start, spp);
        };
        auto first = paint(0.0, 0.01);
        QCOMPARE(first.exact, 0);
        QCOMPARE(first.missing, 3); // 600 px starting at a tile boundary: 3 tiles
        QTRY_VERIFY(cache.tilesRendered() >= 3);
        QTRY_COMPARE(paint(0.0, 0.01).exact, 3);
        // A neighbouring zoom level stands in while its own tiles are rendered.
        auto zoomed = paint(0.0, 0.005);
        QCOMPARE(zoomed.exact, 0);
        QVERIFY(zoomed.placeholder >= 1);
        // Scroll through the track: the cache stays within its bound.
        for (int i = 0; i < 30; ++i) {
            const double start = i * 2 * kTileWidth * 0.01; // two tiles on, tile-aligned
            paint(start, 0.01);
            QTRY_COMPARE_WITH_TIMEOUT(paint(start, 0.01).exact, 3, 5000);
        }
        QVERIFY(cache.cachedBytes() <= bound);
        QVERIFY(cache.tilesRendered() > 20);
    }
};

QTEST_MAIN(TstSpectrogramTiles)
#include "tst_spectrogram_tiles.moc"
