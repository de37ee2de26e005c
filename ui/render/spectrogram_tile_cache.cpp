#include "ui/render/spectrogram_tile_cache.h"

#include <QHashFunctions>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace mirlo {

size_t qHash(const TileKey &key, size_t seed)
{
    return qHashMulti(seed, key.styleGeneration, key.secPerPixelBits, key.index);
}

static quint64 bitsOf(double v)
{
    quint64 bits;
    std::memcpy(&bits, &v, sizeof bits);
    return bits;
}

SpectrogramTileCache::SpectrogramTileCache(QObject *parent, qint64 maxBytes) : QObject(parent)
{
    // One worker: tiles take milliseconds, and the machine's other core is
    // better left to the GUI thread and the analysis jobs.
    m_pool.setMaxThreadCount(1);
    m_cache.setMaxCost(qsizetype(maxBytes / 1024)); // cost unit: KiB
}

SpectrogramTileCache::~SpectrogramTileCache()
{
    m_shared->stop = true;
    m_pool.clear();
    m_pool.waitForDone();
}

void SpectrogramTileCache::setSpectrogram(DisplaySpectrogramPtr spectrogram)
{
    if (spectrogram == m_spec)
        return;
    m_spec = std::move(spectrogram);
    ++m_dataGeneration;
    ++m_styleGeneration;
    m_cache.clear(); // tiles of another matrix are no use even as placeholders
    m_pending.clear();
}

void SpectrogramTileCache::setStyle(const TileStyle &style)
{
    if (style == m_style)
        return;
    m_style = style;
    ++m_styleGeneration; // old tiles stay cached as placeholders until evicted
    m_pending.clear();
}

SpectrogramTileCache::PaintStats SpectrogramTileCache::paint(QPainter &painter, const QRect &target,
                                                             const QRect &clip, double startSec,
                                                             double secPerPixel)
{
    PaintStats stats;
    if (!m_spec || m_spec->data.db.isEmpty() || secPerPixel <= 0 || target.isEmpty())
        return stats;
    // Integer tile origins keep neighbouring tiles seamless; the rounding shifts
    // the picture by under half a pixel against the exact time mapping.
    const qint64 originPx = qint64(std::llround(startSec / secPerPixel));
    const QRect area = target.intersected(clip);
    if (area.isEmpty())
        return stats;
    const qint64 firstTile = (originPx + (area.left() - target.left())) / kTileWidth;
    const qint64 lastTile = (originPx + (area.right() - target.left())) / kTileWidth;
    const qint64 lastVisible = (originPx + target.width() - 1) / kTileWidth;
    const qint64 firstVisible = originPx / kTileWidth;
    const quint64 sppBits = bitsOf(secPerPixel);

    std::vector<TileKey> wanted;
    for (qint64 i = firstTile; i <= lastTile; ++i) {
        const TileKey key{m_styleGeneration, sppBits, i};
        const int x = target.left() + int(i * kTileWidth - originPx);
        const QRect tileRect(x, target.top(), kTileWidth, target.height());
        if (const Entry *e = m_cache.object(key)) {
            painter.drawImage(QPoint(x, target.top()), e->image);
            ++stats.exact;
            continue;
        }
        const double t0 = double(i * kTileWidth) * secPerPixel;
        const int drawn =
            drawPlaceholder(painter, tileRect, t0, t0 + kTileWidth * secPerPixel, startSec, secPerPixel,
                            target.left());
        drawn > 0 ? ++stats.placeholder : ++stats.missing;
    }
    // Visible tiles first (centre outwards), then one tile of look-ahead on each side.
    const qint64 centre = (firstVisible + lastVisible) / 2;
    for (qint64 d = 0; centre - d >= firstVisible || centre + d <= lastVisible; ++d) {
        if (centre - d >= firstVisible)
            wanted.push_back({m_styleGeneration, sppBits, centre - d});
        if (d > 0 && centre + d <= lastVisible)
            wanted.push_back({m_styleGeneration, sppBits, centre + d});
    }
    if (firstVisible > 0)
        wanted.push_back({m_styleGeneration, sppBits, firstVisible - 1});
    if ((lastVisible + 1) * kTileWidth * secPerPixel < m_spec->durationSec())
        wanted.push_back({m_styleGeneration, sppBits, lastVisible + 1});
    request(wanted, secPerPixel);
    return stats;
}

int SpectrogramTileCache::drawPlaceholder(QPainter &painter, const QRect &tileRect, double tileStartSec,
                                          double tileEndSec, double startSec, double secPerPixel, int left)
{
    // Candidate levels: other zoom levels of this style, then any level of an
    // older style of the same matrix; the closest zoom factor wins.
    struct Level {
        double score;
        quint64 gen;
        double spp;
    };
    std::vector<Level> levels;
    // Only keys are inspected here: QCache::object() would mark every tile as
    // recently used and defeat the LRU order. (All cached tiles belong to the
    // current matrix: setSpectrogram() empties the cache.)
    const QList<TileKey> keys = m_cache.keys();
    for (const TileKey &k : keys) {
        double spp;
        std::memcpy(&spp, &k.secPerPixelBits, sizeof spp);
        const bool seen = std::any_of(levels.begin(), levels.end(), [&](const Level &l) {
            return l.gen == k.styleGeneration && l.spp == spp;
        });
        if (seen)
            continue;
        const double score =
            std::abs(std::log(spp / secPerPixel)) + (k.styleGeneration == m_styleGeneration ? 0.0 : 100.0);
        levels.push_back({score, k.styleGeneration, spp});
    }
    std::sort(levels.begin(), levels.end(), [](const Level &a, const Level &b) { return a.score < b.score; });

    int drawn = 0;
    painter.save();
    painter.setClipRect(tileRect, Qt::IntersectClip);
    // Draw the two best levels, worse first, so the better one ends on top.
    const int count = std::min<int>(2, int(levels.size()));
    for (int li = count - 1; li >= 0; --li) {
        const Level &l = levels[size_t(li)];
        const double tileSpan = kTileWidth * l.spp;
        const qint64 j0 = qint64(std::floor(tileStartSec / tileSpan));
        const qint64 j1 = qint64(std::floor(tileEndSec / tileSpan));
        for (qint64 j = j0; j <= j1; ++j) {
            const Entry *e = m_cache.object({l.gen, bitsOf(l.spp), j});
            if (!e)
                continue;
            const double x0 = left + (j * tileSpan - startSec) / secPerPixel;
            const double x1 = left + ((j + 1) * tileSpan - startSec) / secPerPixel;
            painter.drawImage(QRectF(x0, tileRect.top(), x1 - x0, tileRect.height()), e->image,
                              QRectF(e->image.rect()));
            ++drawn;
        }
    }
    painter.restore();
    return drawn;
}

void SpectrogramTileCache::request(const std::vector<TileKey> &wanted, double secPerPixel)
{
    {
        std::lock_guard<std::mutex> lock(m_shared->mutex);
        m_shared->wanted = std::set<TileKey>(wanted.begin(), wanted.end());
    }
    for (const TileKey &key : wanted) {
        if (m_pending.count(key) || m_cache.contains(key))
            continue;
        m_pending.insert(key);
        auto shared = m_shared;
        auto spec = m_spec;
        const TileStyle style = m_style;
        const quint64 dataGen = m_dataGeneration;
        m_pool.start([this, shared, spec, style, key, secPerPixel, dataGen]() {
            {
                std::lock_guard<std::mutex> lock(shared->mutex);
                if (shared->stop || !shared->wanted.count(key)) {
                    // Scrolled or zoomed away before its turn: forget the request.
                    QMetaObject::invokeMethod(this, [this, key]() { m_pending.erase(key); }, Qt::QueuedConnection);
                    return;
                }
            }
            QImage image = renderSpectrogramTile(*spec, style, secPerPixel, key.index, &shared->stop);
            QMetaObject::invokeMethod(
                this, [this, key, secPerPixel, dataGen, image]() { deliver(key, secPerPixel, dataGen, image); },
                Qt::QueuedConnection);
        });
    }
}

void SpectrogramTileCache::deliver(const TileKey &key, double secPerPixel, quint64 dataGeneration, QImage image)
{
    m_pending.erase(key);
    if (dataGeneration != m_dataGeneration || image.isNull())
        return;
    auto *entry = new Entry{std::move(image), dataGeneration, secPerPixel, key.index};
    const qsizetype cost = qsizetype(entry->image.sizeInBytes() / 1024 + 1);
    m_cache.insert(key, entry, cost);
    ++m_tilesRendered;
    Q_EMIT tileReady();
}

} // namespace mirlo
