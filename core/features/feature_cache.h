#pragma once
// On-disk cache of per-file feature matrices (issue 5: "feature extraction
// cached on disk so a second training run starts at once").
//
// An entry is keyed by the audio file's stamp (absolute path, size,
// modification time) and a recipe string that names every parameter of the
// computation (e.g. MelPatchFeatureConfig serialised + patches per file), so
// a changed file or a changed recipe never hits an old entry. Entries are
// little-endian float32 .npy files named by the SHA-1 of the key, written to
// "<name>.<random>.part" and renamed, so a crash or a concurrent writer never leaves a
// half-written entry behind; a damaged entry is treated as a miss and
// replaced. Thread-safe (no shared mutable state besides the file system).
//
// Default folder: $MIRLO_CACHE_DIR/features when that variable is set, else
// QStandardPaths::GenericCacheLocation + "/mirlo/features" (~/.cache/mirlo/features):
// one folder for the GUI, mirlo-cli and mirlo-train, whose application names (and
// so their own CacheLocation) differ.
#include <QString>

#include <vector>

namespace mirlo {

class FeatureCache {
public:
    explicit FeatureCache(const QString &dir = defaultDir());
    static QString defaultDir();

    const QString &dir() const { return m_dir; }
    // Empty when the file does not exist (not cacheable).
    QString key(const QString &audioPath, const QString &recipe) const;

    // rows x cols float32, row-major. False on a miss or a damaged entry.
    bool load(const QString &key, std::vector<float> *data, int *rows, int *cols) const;
    // False + *error when the folder or the file cannot be written (callers go on without the cache).
    bool store(const QString &key, const std::vector<float> &data, int rows, int cols, QString *error = nullptr) const;

    // Deletes every entry; returns the number removed.
    int clear() const;

private:
    QString entryPath(const QString &key) const;
    QString m_dir;
};

} // namespace mirlo
