#pragma once
// A float32 2-D .npy file (format 1.0, C order) filled in place through a
// shared memory mapping: the producer writes rows straight into the page
// cache, which saves allocating, zeroing and then copying a ~100 MB matrix
// (a song's STFT) into the file. Space for maxRows rows of `cols` floats is
// reserved up front; commit(rows) writes the header for the rows actually
// filled and trims the file. Like writeNpyUnsynced, nothing is forced to disk.
// The rows go to "<path>.part", which commit() renames over `path`; without
// commit() the partial file is removed and an existing `path` stays as it
// was. POSIX only: open() fails elsewhere.
#include <QString>

#include <cstdint>

namespace mirlo {

class NpyMappedWriter {
public:
    NpyMappedWriter() = default;
    ~NpyMappedWriter();
    NpyMappedWriter(const NpyMappedWriter &) = delete;
    NpyMappedWriter &operator=(const NpyMappedWriter &) = delete;

    // False (with error) when the file cannot be created, is not a regular
    // file, or the space cannot be reserved (so later writes cannot fail).
    bool open(const QString &path, int64_t maxRows, int cols, QString *error = nullptr);
    bool isOpen() const { return m_base != nullptr; }
    // Row-major storage for maxRows() x cols() floats (valid until commit/discard).
    float *rows() const { return m_rows; }
    int64_t maxRows() const { return m_maxRows; }
    int cols() const { return m_cols; }
    // Finishes the file with `rows` (<= maxRows) rows.
    bool commit(int64_t rows, QString *error = nullptr);
    // Unmaps and removes the file.
    void discard();

private:
    void unmap();

    QString m_path;
    QString m_tmpPath; // m_path + ".part" while filling
    int m_fd = -1;
    char *m_base = nullptr;
    float *m_rows = nullptr;
    size_t m_mapped = 0;
    int m_preamble = 0;
    int64_t m_maxRows = 0;
    int m_cols = 0;
};

} // namespace mirlo
