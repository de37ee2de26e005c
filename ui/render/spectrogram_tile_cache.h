#pragma once
// Renders spectrogram tiles on a small worker thread and keeps them in a
// bounded LRU cache, so that a view's paint event only blits images. A tile
// that is not ready yet is requested and, meanwhile, stood in for by scaled
// tiles of a neighbouring zoom level (or of the previous colour style).
// Lives on the GUI thread; tileReady() tells the view to repaint.
#include "ui/render/spectrogram_tile_renderer.h"

#include <QCache>
#include <QObject>
#include <QThreadPool>

#include <memory>
#include <mutex>
#include <set>

class QPainter;

namespace mirlo {

struct TileKey {
    quint64 styleGeneration = 0;
    quint64 secPerPixelBits = 0; // the exact double, so every zoom level is its own grid
    qint64 index = 0;
    bool operator==(const TileKey &o) const
    {
        return styleGeneration == o.styleGeneration && secPerPixelBits == o.secPerPixelBits && index == o.index;
    }
    bool operator<(const TileKey &o) const
    {
        return std::tie(styleGeneration, secPerPixelBits, index) <
               std::tie(o.styleGeneration, o.secPerPixelBits, o.index);
    }
};
size_t qHash(const TileKey &key, size_t seed = 0);

class SpectrogramTileCache : public QObject {
    Q_OBJECT
public:
    explicit SpectrogramTileCache(QObject *parent = nullptr, qint64 maxBytes = 96ll << 20);
    ~SpectrogramTileCache() override;

    void setSpectrogram(DisplaySpectrogramPtr spectrogram); // nullptr clears
    DisplaySpectrogramPtr spectrogram() const { return m_spec; }
    void setStyle(const TileStyle &style);
    const TileStyle &style() const { return m_style; }

    struct PaintStats {
        int exact = 0;       // tiles drawn at the requested zoom and style
        int placeholder = 0; // tiles stood in for by scaled neighbours
        int missing = 0;     // tiles with nothing to show yet
    };
    // Draws the lane `target` (its left edge is viewport x = 0) for the view
    // starting at startSec with secPerPixel, limited to `clip`; requests the
    // tiles that are missing (plus one on either side).
    PaintStats paint(QPainter &painter, const QRect &target, const QRect &clip, double startSec,
                     double secPerPixel);

    int tilesRendered() const { return m_tilesRendered; }
    qint64 cachedBytes() const { return qint64(m_cache.totalCost()) * 1024; }

Q_SIGNALS:
    void tileReady();

private:
    struct Entry {
        QImage image;
        quint64 dataGeneration = 0;
        double secPerPixel = 0.0;
        qint64 index = 0;
    };
    void request(const std::vector<TileKey> &wanted, double secPerPixel);
    void deliver(const TileKey &key, double secPerPixel, quint64 dataGeneration, QImage image);
    int drawPlaceholder(QPainter &painter, const QRect &tileRect, double tileStartSec, double tileEndSec,
                        double startSec, double secPerPixel, int left);

    // Shared with the worker: which keys are still worth rendering.
    struct Shared {
        std::mutex mutex;
        std::set<TileKey> wanted;
        std::atomic<bool> stop{false};
    };
    std::shared_ptr<Shared> m_shared = std::make_shared<Shared>();
    QThreadPool m_pool;
    QCache<TileKey, Entry> m_cache;
    std::set<TileKey> m_pending;
    DisplaySpectrogramPtr m_spec;
    TileStyle m_style;
    quint64 m_styleGeneration = 1;
    quint64 m_dataGeneration = 1;
    int m_tilesRendered = 0;
};

} // namespace mirlo
