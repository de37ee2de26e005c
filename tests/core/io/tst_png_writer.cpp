// core/io/png_writer: the files are decoded by QImage (libpng, an independent
// decoder) and their chunk structure and CRCs are checked by a small parser here.
#include "core/io/png_writer.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

#include <cstdint>
#include <vector>

using namespace mirlo;

namespace {

// Deterministic test pattern: even rows smooth (gradients, where the Sub
// filter wins), odd rows pseudo-random noise (where None wins).
uint32_t patternRgb(int x, int y)
{
    if (y % 2 == 0)
        return (uint32_t((x * 3 + y) & 0xff) << 16) | (uint32_t((x / 2 + 7 * y) & 0xff) << 8) | uint32_t(255 - (x & 0xff));
    uint32_t h = uint32_t(x) * 2654435761u ^ uint32_t(y) * 40503u;
    h ^= h >> 13;
    h *= 0x5bd1e995u;
    h ^= h >> 15;
    return h & 0xffffff;
}

PngRowFn patternRows(int width)
{
    return [width](int y, uint8_t *rgb) {
        for (int x = 0; x < width; ++x) {
            const uint32_t c = patternRgb(x, y);
            rgb[3 * x] = uint8_t(c >> 16);
            rgb[3 * x + 1] = uint8_t(c >> 8);
            rgb[3 * x + 2] = uint8_t(c);
        }
    };
}

// Bitwise CRC-32 (ISO 3309, as PNG uses), independent of zlib's table version.
uint32_t crc32Bitwise(const QByteArray &bytes)
{
    uint32_t crc = 0xffffffffu;
    for (const char ch : bytes) {
        crc ^= uint8_t(ch);
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return crc ^ 0xffffffffu;
}

uint32_t bigEndian32(const QByteArray &b, int at)
{
    return (uint32_t(uint8_t(b[at])) << 24) | (uint32_t(uint8_t(b[at + 1])) << 16)
           | (uint32_t(uint8_t(b[at + 2])) << 8) | uint32_t(uint8_t(b[at + 3]));
}

struct Chunk
{
    QByteArray type;
    QByteArray data;
};

// Splits a PNG file into chunks; fails the test on a bad signature or CRC.
std::vector<Chunk> readChunks(const QString &path)
{
    std::vector<Chunk> chunks;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return chunks;
    const QByteArray all = f.readAll();
    if (!all.startsWith(QByteArray("\x89PNG\r\n\x1a\n", 8)))
        return chunks;
    int at = 8;
    while (at + 12 <= all.size()) {
        const int len = int(bigEndian32(all, at));
        if (at + 12 + len > all.size())
            break;
        const QByteArray typeAndData = all.mid(at + 4, 4 + len);
        if (crc32Bitwise(typeAndData) != bigEndian32(all, at + 8 + len))
            return {}; // bad CRC
        chunks.push_back({typeAndData.left(4), typeAndData.mid(4)});
        at += 12 + len;
    }
    if (at != all.size())
        return {}; // trailing or truncated bytes
    return chunks;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestPngWriter : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // Writes the pattern, checks the rows were asked for in order, decodes with QImage.
    void roundTrip(int width, int height)
    {
        const QString path = m_dir.filePath(QStringLiteral("rt_%1x%2.png").arg(width).arg(height));
        std::vector<int> asked;
        const PngRowFn rows = patternRows(width);
        QString error;
        QVERIFY2(writePngRgb(path, width, height,
                             [&](int y, uint8_t *rgb) {
                                 asked.push_back(y);
                                 rows(y, rgb);
                             },
                             &error),
                 qPrintable(error));
        QVERIFY(error.isEmpty());
        QCOMPARE(int(asked.size()), height);
        for (int y = 0; y < height; ++y)
            QCOMPARE(asked[size_t(y)], y);
        QVERIFY(!QFile::exists(path + QStringLiteral(".part")));

        QImage image;
        QVERIFY(image.load(path, "PNG"));
        QCOMPARE(image.width(), width);
        QCOMPARE(image.height(), height);
        QVERIFY(!image.hasAlphaChannel());
        QCOMPARE(image.depth(), 32); // 8-bit RGB decodes to Format_RGB32
        int mismatches = 0;
        for (int y = 0; y < height; ++y) {
            const auto *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
            for (int x = 0; x < width; ++x) {
                if ((line[x] & 0xffffff) != patternRgb(x, y) && mismatches++ < 5)
                    qWarning("pixel (%d, %d): %06x, expected %06x", x, y, line[x] & 0xffffff, patternRgb(x, y));
            }
        }
        QCOMPARE(mismatches, 0);

        // Structure: IHDR first (8-bit RGB, no interlace), IDATs together, IEND last, all CRCs valid.
        const std::vector<Chunk> chunks = readChunks(path);
        QVERIFY(chunks.size() >= 3);
        QCOMPARE(chunks.front().type, QByteArray("IHDR"));
        const QByteArray &ihdr = chunks.front().data;
        QCOMPARE(ihdr.size(), 13);
        QCOMPARE(bigEndian32(ihdr, 0), uint32_t(width));
        QCOMPARE(bigEndian32(ihdr, 4), uint32_t(height));
        QCOMPARE(int(ihdr[8]), 8);
        QCOMPARE(int(ihdr[9]), 2);
        QCOMPARE(int(ihdr[12]), 0);
        QCOMPARE(chunks.back().type, QByteArray("IEND"));
        QVERIFY(chunks.back().data.isEmpty());
        for (size_t i = 1; i + 1 < chunks.size(); ++i)
            QCOMPARE(chunks[i].type, QByteArray("IDAT"));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void oddWidth() { roundTrip(37, 11); }
    void onePixel() { roundTrip(1, 1); }
    void wide() { roundTrip(5000, 3); }
    void tall() { roundTrip(2, 3000); }

    // Noise does not compress: the stream spans several IDAT chunks.
    void severalIdatChunks()
    {
        roundTrip(701, 601);
        const std::vector<Chunk> chunks = readChunks(m_dir.filePath(QStringLiteral("rt_701x601.png")));
        int idats = 0;
        for (const Chunk &c : chunks)
            idats += c.type == "IDAT" ? 1 : 0;
        QVERIFY2(idats >= 2, qPrintable(QString::number(idats)));
    }

    // Each row's filter byte is None or Sub, and rows are filtered as PNG
    // defines: decoded above, and here a flat image stays tiny (Sub makes it zeros).
    void flatImageCompresses()
    {
        const QString path = m_dir.filePath(QStringLiteral("flat.png"));
        QString error;
        QVERIFY2(writePngRgb(path, 2000, 500,
                             [](int, uint8_t *rgb) {
                                 for (int x = 0; x < 2000; ++x) {
                                     rgb[3 * x] = 12;
                                     rgb[3 * x + 1] = 200;
                                     rgb[3 * x + 2] = 77;
                                 }
                             },
                             &error),
                 qPrintable(error));
        QVERIFY(QFileInfo(path).size() < 20000); // 3 MB of pixels
        QImage image(path);
        QCOMPARE(image.size(), QSize(2000, 500));
        QCOMPARE(image.pixel(0, 0) & 0xffffff, 0x0cc84du);
        QCOMPARE(image.pixel(1999, 499) & 0xffffff, 0x0cc84du);
    }

    void badSize()
    {
        const QString path = m_dir.filePath(QStringLiteral("empty.png"));
        QString error;
        QVERIFY(!writePngRgb(path, 0, 5, patternRows(0), &error));
        QVERIFY2(error.contains(path), qPrintable(error));
        QVERIFY(!writePngRgb(path, 5, -1, patternRows(5), &error));
        QVERIFY(!QFile::exists(path));
    }

    void missingFolder()
    {
        const QString path = m_dir.filePath(QStringLiteral("no/such/folder/x.png"));
        QString error;
        QVERIFY(!writePngRgb(path, 4, 4, patternRows(4), &error));
        QVERIFY2(error.startsWith(path + QStringLiteral(": cannot open")), qPrintable(error));
    }

    // The .part file cannot be created (a folder is in the way): the old file stays.
    void failedOpenKeepsOldFile()
    {
        const QString path = m_dir.filePath(QStringLiteral("keep_open.png"));
        const QByteArray old("old contents");
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(old);
        }
        QVERIFY(QDir(m_dir.path()).mkdir(QStringLiteral("keep_open.png.part")));
        QString error;
        QVERIFY(!writePngRgb(path, 9, 9, patternRows(9), &error));
        QVERIFY2(error.contains(path), qPrintable(error));
        QCOMPARE(readAll(path), old);
    }

    // Every write fails with ENOSPC (the .part name points at /dev/full): the
    // error says so, the old file stays and no .part is left behind.
    void diskFullKeepsOldFile()
    {
        if (!QFile::exists(QStringLiteral("/dev/full")))
            QSKIP("no /dev/full on this system");
        const QString path = m_dir.filePath(QStringLiteral("keep_full.png"));
        const QByteArray old("old contents");
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(old);
        }
        QVERIFY(QFile::link(QStringLiteral("/dev/full"), path + QStringLiteral(".part")));
        QString error;
        QVERIFY(!writePngRgb(path, 300, 300, patternRows(300), &error));
        QVERIFY2(error.startsWith(path + QStringLiteral(": ")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("No space left on device")), qPrintable(error));
        QCOMPARE(readAll(path), old);
        QVERIFY(!QFileInfo(path + QStringLiteral(".part")).isSymLink());
        QVERIFY(QFile::exists(QStringLiteral("/dev/full")));
    }

    // A folder at path: the rename fails, the error names path, the .part is removed.
    void failedRenameRemovesPart()
    {
        const QString path = m_dir.filePath(QStringLiteral("is_a_folder.png"));
        QVERIFY(QDir(m_dir.path()).mkdir(QStringLiteral("is_a_folder.png")));
        QString error;
        QVERIFY(!writePngRgb(path, 5, 5, patternRows(5), &error));
        QVERIFY2(error.contains(path), qPrintable(error));
        QVERIFY(QFileInfo(path).isDir());
        QVERIFY(!QFile::exists(path + QStringLiteral(".part")));
    }

    // Writing over an existing file replaces it.
    void replacesExistingFile()
    {
        const QString path = m_dir.filePath(QStringLiteral("replace.png"));
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("old contents");
        }
        QString error;
        QVERIFY2(writePngRgb(path, 3, 2, patternRows(3), &error), qPrintable(error));
        QImage image(path);
        QCOMPARE(image.size(), QSize(3, 2));
        QCOMPARE(image.pixel(2, 1) & 0xffffff, patternRgb(2, 1));
    }
};

QTEST_GUILESS_MAIN(TestPngWriter)
#include "tst_png_writer.moc"
