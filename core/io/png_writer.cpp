#include "core/io/png_writer.h"

#include "core/io/file_replace.h"

#include <QFile>

#include <zlib.h>

#include <array>
#include <cstdlib>
#include <vector>

namespace mirlo {

namespace {

constexpr std::array<uint8_t, 8> kSignature = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
// One IDAT chunk per filled output buffer; the size only trades syscalls for memory.
constexpr size_t kChunkBytes = size_t(1) << 18;
// zlib level 3 instead of the default 6: on spectrogram images (noisy, the
// typical use) it is 2-4x faster and the file is the same size within 0.4%
// (a song's 25840 x 1025 picture: 1.75 s for 44.64 MB vs 3.46 s for 44.47 MB).
constexpr int kZlibLevel = 3;
// Keeps a row (1 filter byte + 3 bytes per pixel) far below zlib's 32-bit avail_in.
constexpr int kMaxWidth = (1 << 28) / 3;

enum Filter : uint8_t { kFilterNone = 0, kFilterSub = 1 };

void setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
}

void putBigEndian32(uint8_t *p, uint32_t v)
{
    p[0] = uint8_t(v >> 24);
    p[1] = uint8_t(v >> 16);
    p[2] = uint8_t(v >> 8);
    p[3] = uint8_t(v);
}

// Chunk = length, type, data, CRC-32 of type and data (PNG spec 5.3).
bool writeChunk(QFile &file, const char type[4], const uint8_t *data, size_t size)
{
    uint8_t head[8];
    putBigEndian32(head, uint32_t(size));
    std::copy(type, type + 4, head + 4);
    uLong crc = crc32(0L, head + 4, 4);
    if (size > 0)
        crc = crc32(crc, data, uInt(size));
    uint8_t tail[4];
    putBigEndian32(tail, uint32_t(crc));
    return file.write(reinterpret_cast<const char *>(head), 8) == 8
           && (size == 0 || file.write(reinterpret_cast<const char *>(data), qint64(size)) == qint64(size))
           && file.write(reinterpret_cast<const char *>(tail), 4) == 4;
}

// Sum of |byte as signed|: libpng's "minimum sum of absolute differences"
// guess of which filtered row deflate will compress best.
uint64_t filterCost(const uint8_t *bytes, size_t n)
{
    uint64_t sum = 0;
    for (size_t i = 0; i < n; ++i)
        sum += uint64_t(std::abs(int(int8_t(bytes[i]))));
    return sum;
}

// Filters one row of raw RGB bytes into out (filter byte + n bytes): Sub
// (difference to the pixel on the left) suits smooth images such as
// spectrograms, None suits noise and flat colour; the cheaper guess wins.
void filterRow(const uint8_t *raw, size_t n, uint8_t *out)
{
    uint8_t *sub = out + 1;
    for (size_t i = 0; i < n && i < 3; ++i)
        sub[i] = raw[i];
    for (size_t i = 3; i < n; ++i)
        sub[i] = uint8_t(raw[i] - raw[i - 3]);
    if (filterCost(sub, n) <= filterCost(raw, n)) {
        out[0] = kFilterSub;
    } else {
        out[0] = kFilterNone;
        std::copy(raw, raw + n, sub);
    }
}

// The zlib stream of the filtered rows, cut into IDAT chunks.
class IdatWriter
{
public:
    explicit IdatWriter(QFile &file) : m_file(file), m_out(kChunkBytes)
    {
        m_ok = deflateInit(&m_zs, kZlibLevel) == Z_OK;
        m_zs.next_out = m_out.data();
        m_zs.avail_out = uInt(m_out.size());
    }
    ~IdatWriter() { deflateEnd(&m_zs); }
    IdatWriter(const IdatWriter &) = delete;
    IdatWriter &operator=(const IdatWriter &) = delete;

    bool ok() const { return m_ok; }

    bool add(const uint8_t *data, size_t size)
    {
        m_zs.next_in = const_cast<uint8_t *>(data);
        m_zs.avail_in = uInt(size);
        while (m_ok && m_zs.avail_in > 0)
            step(Z_NO_FLUSH);
        return m_ok;
    }

    bool finish()
    {
        m_zs.next_in = nullptr;
        m_zs.avail_in = 0;
        while (m_ok && step(Z_FINISH) != Z_STREAM_END) {
        }
        return m_ok && flushChunk();
    }

private:
    int step(int flush)
    {
        const int rc = deflate(&m_zs, flush);
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
            m_ok = false;
        else if (m_zs.avail_out == 0)
            m_ok = flushChunk();
        return rc;
    }

    bool flushChunk()
    {
        const size_t used = m_out.size() - m_zs.avail_out;
        if (used > 0 && !writeChunk(m_file, "IDAT", m_out.data(), used))
            return false;
        m_zs.next_out = m_out.data();
        m_zs.avail_out = uInt(m_out.size());
        return true;
    }

    QFile &m_file;
    std::vector<uint8_t> m_out;
    z_stream m_zs{};
    bool m_ok = false;
};

bool writeBody(QFile &file, int width, int height, const PngRowFn &row, QString &problem)
{
    const auto ioProblem = [&] {
        problem = file.error() != QFileDevice::NoError ? file.errorString()
                                                       : QStringLiteral("zlib compression failed");
        return false;
    };
    if (file.write(reinterpret_cast<const char *>(kSignature.data()), qint64(kSignature.size()))
        != qint64(kSignature.size()))
        return ioProblem();
    uint8_t ihdr[13];
    putBigEndian32(ihdr, uint32_t(width));
    putBigEndian32(ihdr + 4, uint32_t(height));
    ihdr[8] = 8;  // bits per sample
    ihdr[9] = 2;  // colour type: RGB
    ihdr[10] = 0; // deflate
    ihdr[11] = 0; // adaptive filtering, one filter byte per row
    ihdr[12] = 0; // not interlaced
    if (!writeChunk(file, "IHDR", ihdr, sizeof ihdr))
        return ioProblem();

    IdatWriter idat(file);
    if (!idat.ok()) {
        problem = QStringLiteral("cannot start the zlib compressor");
        return false;
    }
    const size_t n = size_t(width) * 3;
    std::vector<uint8_t> raw(n);
    std::vector<uint8_t> filtered(n + 1);
    for (int y = 0; y < height; ++y) {
        row(y, raw.data());
        filterRow(raw.data(), n, filtered.data());
        if (!idat.add(filtered.data(), filtered.size()))
            return ioProblem();
    }
    if (!idat.finish() || !writeChunk(file, "IEND", nullptr, 0))
        return ioProblem();
    return true;
}

} // namespace

bool writePngRgb(const QString &path, int width, int height, const PngRowFn &row, QString *error)
{
    if (width <= 0 || height <= 0 || width > kMaxWidth) {
        setError(error, QStringLiteral("%1: cannot write a %2 x %3 pixel PNG image").arg(path).arg(width).arg(height));
        return false;
    }
    // A failed write never destroys an older file at `path`.
    return writeFileViaPart(
        path, QStringLiteral("cannot write the PNG image"),
        [&](QFile &file, QString &problem) { return writeBody(file, width, height, row, problem); }, error);
}

} // namespace mirlo
