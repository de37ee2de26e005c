#pragma once
// In-memory LRU cache of analysis results (onsets, beats, activations, ...),
// so that asking again for the same file with the same method and parameters
// returns at once (the GUI re-requests on every toggle; the CLI may too).
//
// Keys: analysisKey(path, method, params) = absolute path + file size +
// modification time (ms) + method name + a canonical parameter string; a file
// rewritten on disk therefore never hits an old entry. Values are immutable
// shared_ptr<const T>; a lookup with the wrong T misses. Thread-safe; the
// (slow) computation in getOrCompute runs outside the lock, so two threads
// asking for the same missing key may both compute it (the later insert wins).
#include <QHash>
#include <QString>

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <typeindex>

namespace mirlo {

struct FileStamp {
    QString absolutePath;
    qint64 size = -1;
    qint64 mtimeMs = -1;
    bool exists = false;
};
FileStamp fileStamp(const QString &path);

// Empty when the file does not exist (such results are not cacheable).
QString analysisKey(const QString &path, const QString &method, const QString &params);

class AnalysisCache {
public:
    explicit AnalysisCache(size_t capacity = 64) : m_capacity(capacity == 0 ? 1 : capacity) {}

    // The process-wide cache used by the GUI and the cached detector calls.
    static AnalysisCache &shared();

    template <class T> std::shared_ptr<const T> find(const QString &key)
    {
        return std::static_pointer_cast<const T>(findRaw(key, typeid(T)));
    }
    template <class T> void insert(const QString &key, std::shared_ptr<const T> value)
    {
        insertRaw(key, typeid(T), std::static_pointer_cast<const void>(std::move(value)));
    }
    // compute() returns shared_ptr<const T>; nullptr (failure / cancel) is not cached.
    template <class T, class Compute> std::shared_ptr<const T> getOrCompute(const QString &key, Compute &&compute)
    {
        if (!key.isEmpty())
            if (std::shared_ptr<const T> hit = find<T>(key))
                return hit;
        std::shared_ptr<const T> value = compute();
        if (value && !key.isEmpty())
            insert<T>(key, value);
        return value;
    }

    void remove(const QString &key);
    // Drops every entry of a file (any method), e.g. when the track is closed.
    void removeFile(const QString &path);
    void clear();
    void setCapacity(size_t entries);
    size_t capacity() const;
    size_t size() const;
    size_t hits() const;
    size_t misses() const;

private:
    struct Entry {
        QString key;
        std::type_index type;
        std::shared_ptr<const void> value;
    };
    std::shared_ptr<const void> findRaw(const QString &key, const std::type_index &type);
    void insertRaw(const QString &key, const std::type_index &type, std::shared_ptr<const void> value);
    void evictLocked();

    mutable std::mutex m_mutex;
    size_t m_capacity;
    size_t m_hits = 0;
    size_t m_misses = 0;
    std::list<Entry> m_lru; // most recently used first
    QHash<QString, std::list<Entry>::iterator> m_index;
};

} // namespace mirlo
