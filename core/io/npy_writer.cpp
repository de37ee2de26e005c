#include "core/io/npy_writer.h"

#include "core/io/file_replace.h"

#include <QFile>
#include <QRegularExpression>
#include <QSaveFile>
#include <QtEndian>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>
#if defined(Q_OS_UNIX)
#include <unistd.h>
#endif

namespace mirlo {

namespace {

const char kMagic[] = "\x93NUMPY";
constexpr int kMagicLen = 6;

void setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
}

} // namespace

namespace {

// Magic, version 1.0, header length and header; false when m is inconsistent.
bool npyPreamble(const QString &path, const Matrix &m, QByteArray &out, QString *error)
{
    if (m.rows < 0 || m.cols < 0 || m.values.size() != size_t(m.rows) * size_t(m.cols)) {
        setError(error, QStringLiteral("%1: matrix size does not match its shape").arg(path));
        return false;
    }
    out = npyFloat32Preamble(m.rows, m.cols);
    return true;
}

} // namespace

QByteArray npyFloat32Preamble(int64_t rows, int cols, int minSize)
{
    QByteArray header = QStringLiteral("{'descr': '<f4', 'fortran_order': False, 'shape': (%1, %2), }")
                            .arg(rows)
                            .arg(cols)
                            .toLatin1();
    // Format 1.0: magic (6) + version (2) + header length (2) + header, where the
    // header ends with '\n' and the whole preamble is a multiple of 64 bytes.
    const int preamble = kMagicLen + 2 + 2;
    const int total = std::max(int((preamble + header.size() + 1 + 63) / 64) * 64, minSize);
    header.append(QByteArray(total - preamble - header.size() - 1, ' '));
    header.append('\n');

    QByteArray out(kMagic, kMagicLen);
    out.append(char(1));
    out.append(char(0));
    const quint16 len = qToLittleEndian<quint16>(quint16(header.size()));
    out.append(reinterpret_cast<const char *>(&len), 2);
    out.append(header);
    return out;
}

namespace {

bool writeNpyData(QIODevice &file, const QByteArray &pre, const Matrix &m)
{
    if (file.write(pre) != pre.size())
        return false;
#if Q_BYTE_ORDER == Q_LITTLE_ENDIAN
    const qint64 bytes = qint64(m.values.size() * sizeof(float));
    return file.write(reinterpret_cast<const char *>(m.values.data()), bytes) == bytes;
#else
    for (float v : m.values) {
        const float le = qToLittleEndian(v);
        if (file.write(reinterpret_cast<const char *>(&le), sizeof le) != sizeof le)
            return false;
    }
    return true;
#endif
}

// The preamble and the values. Large matrices are written by two threads at
// their own offsets: the kernel's copy into the page cache is the bulk of the
// work for a song's ~100 MB STFT, and it splits cleanly.
bool writeNpyBody(QFile &file, const QByteArray &pre, const Matrix &m)
{
#if defined(Q_OS_UNIX) && Q_BYTE_ORDER == Q_LITTLE_ENDIAN
    const size_t bytes = m.values.size() * sizeof(float);
    if (bytes >= (size_t(8) << 20)) {
        const int fd = file.handle();
        const char *data = reinterpret_cast<const char *>(m.values.data());
        auto writeRange = [fd](const char *p, size_t n, off_t at) {
            while (n > 0) {
                const ssize_t w = ::pwrite(fd, p, std::min<size_t>(n, size_t(1) << 30), at);
                if (w < 0 && errno == EINTR)
                    continue;
                if (w <= 0)
                    return false;
                p += w;
                n -= size_t(w);
                at += w;
            }
            return true;
        };
        const size_t half = (bytes / 2) & ~size_t(4095);
        const off_t base = off_t(pre.size());
        bool secondOk = false;
        std::thread second([&] { secondOk = writeRange(data + half, bytes - half, base + off_t(half)); });
        const bool firstOk = writeRange(pre.constData(), size_t(pre.size()), 0) && writeRange(data, half, base);
        second.join();
        return firstOk && secondOk;
    }
#endif
    return writeNpyData(file, pre, m);
}

} // namespace

bool writeNpy(const QString &path, const Matrix &m, QString *error)
{
    QByteArray pre;
    if (!npyPreamble(path, m, pre, error))
        return false;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        setError(error, QStringLiteral("%1: cannot open for writing (%2)").arg(path, file.errorString()));
        return false;
    }
    writeNpyData(file, pre, m);
    if (!file.commit()) {
        setError(error, QStringLiteral("%1: write failed (%2)").arg(path, file.errorString()));
        return false;
    }
    return true;
}

bool writeNpyUnsynced(const QString &path, const Matrix &m, QString *error)
{
    QByteArray pre;
    if (!npyPreamble(path, m, pre, error))
        return false;
    // A failed write never destroys an older file at `path`.
    return writeFileViaPart(
        path, QStringLiteral("write failed"),
        [&](QFile &file, QString &problem) {
            if (writeNpyBody(file, pre, m))
                return true;
            problem = file.errorString();
            return false;
        },
        error);
}

bool readNpy(const QString &path, Matrix &m, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        setError(error, QStringLiteral("%1: cannot open (%2)").arg(path, file.errorString()));
        return false;
    }
    const QByteArray pre = file.read(kMagicLen + 2);
    if (pre.size() != kMagicLen + 2 || std::memcmp(pre.constData(), kMagic, kMagicLen) != 0) {
        setError(error, QStringLiteral("%1: not a .npy file (bad magic)").arg(path));
        return false;
    }
    const int major = quint8(pre[kMagicLen]);
    qint64 headerLen = 0;
    if (major == 1) {
        const QByteArray l = file.read(2);
        if (l.size() != 2)
            return setError(error, QStringLiteral("%1: truncated header").arg(path)), false;
        headerLen = qFromLittleEndian<quint16>(l.constData());
    } else if (major == 2 || major == 3) {
        const QByteArray l = file.read(4);
        if (l.size() != 4)
            return setError(error, QStringLiteral("%1: truncated header").arg(path)), false;
        headerLen = qFromLittleEndian<quint32>(l.constData());
    } else {
        setError(error, QStringLiteral("%1: unsupported .npy version %2").arg(path).arg(major));
        return false;
    }
    const QString header = QString::fromLatin1(file.read(headerLen));
    if (header.size() != headerLen) {
        setError(error, QStringLiteral("%1: truncated header").arg(path));
        return false;
    }

    static const QRegularExpression descrRe(QStringLiteral("'descr'\\s*:\\s*'([<>|=]?)(f)(4|8)'"));
    static const QRegularExpression fortranRe(QStringLiteral("'fortran_order'\\s*:\\s*(True|False)"));
    static const QRegularExpression shapeRe(QStringLiteral("'shape'\\s*:\\s*\\(([^)]*)\\)"));
    const auto descr = descrRe.match(header);
    const auto fortran = fortranRe.match(header);
    const auto shape = shapeRe.match(header);
    if (!descr.hasMatch() || !fortran.hasMatch() || !shape.hasMatch()) {
        setError(error, QStringLiteral("%1: unsupported header %2 (need little-endian float32/float64)")
                            .arg(path, header.trimmed()));
        return false;
    }
    if (descr.captured(1) == QLatin1String(">")) {
        setError(error, QStringLiteral("%1: big-endian data is not supported").arg(path));
        return false;
    }
    const bool isDouble = descr.captured(3) == QLatin1String("8");
    const bool fortranOrder = fortran.captured(1) == QLatin1String("True");
    QList<qint64> dims;
    for (const QString &part : shape.captured(1).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const qint64 d = part.trimmed().toLongLong(&ok);
        if (!ok || d < 0) {
            setError(error, QStringLiteral("%1: bad shape in header %2").arg(path, header.trimmed()));
            return false;
        }
        dims << d;
    }
    if (dims.isEmpty() || dims.size() > 2 || dims.value(0) > INT32_MAX || dims.value(1, 1) > INT32_MAX) {
        setError(error, QStringLiteral("%1: need a 1-D or 2-D array, header %2").arg(path, header.trimmed()));
        return false;
    }
    // A 1-D array of n values becomes one row of n columns.
    const int rows = dims.size() == 2 ? int(dims[0]) : 1;
    const int cols = dims.size() == 2 ? int(dims[1]) : int(dims[0]);
    const qint64 count = qint64(rows) * cols;
    const qint64 bytes = count * (isDouble ? 8 : 4);
    const QByteArray data = file.read(bytes);
    if (data.size() != bytes) {
        setError(error, QStringLiteral("%1: truncated data (%2 of %3 bytes)").arg(path).arg(data.size()).arg(bytes));
        return false;
    }
    Matrix out(rows, cols);
    for (qint64 i = 0; i < count; ++i) {
        const float v = isDouble ? float(qFromLittleEndian<double>(data.constData() + i * 8))
                                 : qFromLittleEndian<float>(data.constData() + i * 4);
        if (fortranOrder && dims.size() == 2)
            out.at(int(i % rows), int(i / rows)) = v; // column-major source
        else
            out.values[size_t(i)] = v;
    }
    m = std::move(out);
    return true;
}

} // namespace mirlo
