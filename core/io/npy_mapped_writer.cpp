#include "core/io/npy_mapped_writer.h"

#include "core/io/file_replace.h"
#include "core/io/npy_writer.h"

#include <QFile>
#include <QFileInfo>

#include <cstring>
#include <system_error>
#include <thread>
#if defined(__unix__)
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace mirlo {

namespace {

void setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
}

} // namespace

NpyMappedWriter::~NpyMappedWriter()
{
    discard();
}

void NpyMappedWriter::unmap()
{
#if defined(__unix__)
    if (m_base)
        munmap(m_base, m_mapped);
    if (m_fd >= 0)
        ::close(m_fd);
#endif
    m_base = nullptr;
    m_rows = nullptr;
    m_fd = -1;
}

void NpyMappedWriter::discard()
{
    if (m_fd < 0 && !m_base)
        return;
    unmap();
    QFile::remove(m_tmpPath);
}

bool NpyMappedWriter::open(const QString &path, int64_t maxRows, int cols, QString *error)
{
    discard();
#if defined(__unix__) && Q_BYTE_ORDER == Q_LITTLE_ENDIAN
    if (maxRows <= 0 || cols <= 0 || maxRows > int64_t(INT32_MAX)) {
        setError(error, QStringLiteral("%1: bad matrix size for a mapped .npy").arg(path));
        return false;
    }
    const QFileInfo target(path);
    if (target.exists() && !target.isFile()) {
        setError(error, QStringLiteral("%1: not a regular file").arg(path));
        return false;
    }
    // Filled under a sibling name and renamed over `path` by commit(), so a
    // failed or cancelled analysis never destroys an existing file there.
    const QString tmpPath = path + QStringLiteral(".part");
    const QByteArray encoded = QFile::encodeName(tmpPath);
    const int fd = ::open(encoded.constData(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
        setError(error, QStringLiteral("%1: cannot open for writing (%2)").arg(path, QString::fromLocal8Bit(strerror(errno))));
        return false;
    }
    m_fd = fd;
    m_path = path;
    m_tmpPath = tmpPath;
    struct stat st {};
    const int preamble = npyFloat32Preamble(maxRows, cols).size();
    const size_t bytes = size_t(preamble) + size_t(maxRows) * size_t(cols) * sizeof(float);
    // Reserving the blocks first: a write to a mapped page the disk has no room
    // for would otherwise kill the process with SIGBUS instead of an error.
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || ftruncate(fd, off_t(bytes)) != 0
        || posix_fallocate(fd, 0, off_t(bytes)) != 0) {
        setError(error, QStringLiteral("%1: cannot reserve %2 bytes for a mapped .npy").arg(path).arg(bytes));
        discard();
        return false;
    }
    void *base = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (base == MAP_FAILED) {
        setError(error, QStringLiteral("%1: cannot map the output (%2)").arg(path, QString::fromLocal8Bit(strerror(errno))));
        discard();
        return false;
    }
#if defined(MADV_HUGEPAGE)
    // A hint (errors are harmless): the kernel then fills the page cache in
    // 2 MB folios, so ~100 MB cost ~50 faults instead of ~26,000, and
    // unmapping and later freeing them is cheaper too (about 2x on the fill).
    madvise(base, bytes, MADV_HUGEPAGE);
#endif
    m_base = static_cast<char *>(base);
    m_mapped = bytes;
    m_preamble = preamble; // a multiple of 64: the rows are float-aligned
    m_rows = reinterpret_cast<float *>(m_base + preamble);
    m_maxRows = maxRows;
    m_cols = cols;
    return true;
#else
    Q_UNUSED(maxRows);
    Q_UNUSED(cols);
    setError(error, path + QStringLiteral(": mapped .npy output is not supported on this platform"));
    return false;
#endif
}

bool NpyMappedWriter::commit(int64_t rows, QString *error)
{
    if (!m_base) {
        setError(error, m_path + QStringLiteral(": mapped .npy is not open"));
        return false;
    }
    // Padded to the reserved preamble size, so the rows need not move.
    const QByteArray pre = npyFloat32Preamble(rows, m_cols, m_preamble);
    if (rows < 0 || rows > m_maxRows || pre.size() != m_preamble) {
        setError(error, m_path + QStringLiteral(": internal error: %1 rows do not fit the mapped .npy").arg(rows));
        discard();
        return false;
    }
    std::memcpy(m_base, pre.constData(), size_t(pre.size()));
#if defined(__unix__)
    const off_t bytes = off_t(m_preamble) + off_t(rows) * off_t(m_cols) * off_t(sizeof(float));
    // The rows are in the page cache already: the file can be trimmed and
    // renamed while still mapped. Unmapping ~100 MB of written pages (~5 ms)
    // then runs on a helper thread while the rename frees the pages of the
    // file it replaces (~8 ms), instead of one after the other.
    const bool ok = ftruncate(m_fd, bytes) == 0;
    ::close(m_fd);
    m_fd = -1;
    char *base = m_base;
    const size_t mapped = m_mapped;
    m_base = nullptr;
    m_rows = nullptr;
    if (!ok) {
        munmap(base, mapped);
        setError(error, m_path + QStringLiteral(": cannot set the file size"));
        QFile::remove(m_tmpPath);
        return false;
    }
    std::thread unmapper;
    try {
        unmapper = std::thread([base, mapped] { munmap(base, mapped); });
    } catch (const std::system_error &) { // no thread: unmap here
        munmap(base, mapped);
    }
    const bool replaced = replaceFile(m_tmpPath, m_path, error);
    if (unmapper.joinable())
        unmapper.join();
    if (!replaced) {
        QFile::remove(m_tmpPath);
        return false;
    }
#endif
    return true;
}

} // namespace mirlo
