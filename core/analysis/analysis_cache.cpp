#include "core/analysis/analysis_cache.h"

#include <QDateTime>
#include <QFileInfo>

namespace mirlo {

FileStamp fileStamp(const QString &path)
{
    FileStamp s;
    const QFileInfo info(path);
    s.absolutePath = info.absoluteFilePath();
    if (!info.exists() || !info.isFile())
        return s;
    s.exists = true;
    s.size = info.size();
    s.mtimeMs = info.lastModified().toMSecsSinceEpoch();
    return s;
}

QString analysisKey(const QString &path, const QString &method, const QString &params)
{
    const FileStamp s = fileStamp(path);
    if (!s.exists)
        return {};
    // '\x1f' (unit separator) cannot appear in a path from a file dialog or a shell argument by accident.
    const QChar sep(0x1f);
    return s.absolutePath + sep + QString::number(s.size) + sep + QString::number(s.mtimeMs) + sep + method + sep +
           params;
}

AnalysisCache &AnalysisCache::shared()
{
    static AnalysisCache cache;
    return cache;
}

std::shared_ptr<const void> AnalysisCache::findRaw(const QString &key, const std::type_index &type)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    const auto it = m_index.find(key);
    if (it == m_index.end() || it.value()->type != type) {
        ++m_misses;
        return nullptr;
    }
    m_lru.splice(m_lru.begin(), m_lru, it.value()); // now the most recent (iterators stay valid)
    ++m_hits;
    return it.value()->value;
}

void AnalysisCache::insertRaw(const QString &key, const std::type_index &type, std::shared_ptr<const void> value)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    const auto it = m_index.find(key);
    if (it != m_index.end()) {
        m_lru.erase(it.value());
        m_index.erase(it);
    }
    m_lru.push_front(Entry{key, type, std::move(value)});
    m_index.insert(key, m_lru.begin());
    evictLocked();
}

void AnalysisCache::evictLocked()
{
    while (m_lru.size() > m_capacity) {
        m_index.remove(m_lru.back().key);
        m_lru.pop_back();
    }
}

void AnalysisCache::remove(const QString &key)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    const auto it = m_index.find(key);
    if (it == m_index.end())
        return;
    m_lru.erase(it.value());
    m_index.erase(it);
}

void AnalysisCache::removeFile(const QString &path)
{
    const QString prefix = QFileInfo(path).absoluteFilePath() + QChar(0x1f);
    std::lock_guard<std::mutex> lock(m_mutex);
    for (auto it = m_lru.begin(); it != m_lru.end();) {
        if (it->key.startsWith(prefix)) {
            m_index.remove(it->key);
            it = m_lru.erase(it);
        } else {
            ++it;
        }
    }
}

void AnalysisCache::clear()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_lru.clear();
    m_index.clear();
    m_hits = m_misses = 0;
}

void AnalysisCache::setCapacity(size_t entries)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_capacity = entries == 0 ? 1 : entries;
    evictLocked();
}

size_t AnalysisCache::capacity() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_capacity;
}

size_t AnalysisCache::size() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_lru.size();
}

size_t AnalysisCache::hits() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_hits;
}

size_t AnalysisCache::misses() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_misses;
}

} // namespace mirlo
