#pragma once
// Shared helpers of the core/audio tests: manifest parsing, an independent
// 16-bit WAV reader and writer, and small signal measurements.
#include <QByteArray>
#include <QFile>
#include <QHash>
#include <QString>
#include <QStringList>

#include <cmath>
#include <cstdint>
#include <vector>

namespace mirlo_test {

inline QString sharedData(const QString &rel)
{
    return QStringLiteral(MIRLO_SHARED_DATA "/") + rel;
}

struct ManifestRow {
    QString path;
    QString kind;
    double durationSec = 0;
    int sampleRate = 0;
    int channels = 0;
};

// manifest.csv has no quoted commas in the first five columns.
inline std::vector<ManifestRow> readManifest()
{
    std::vector<ManifestRow> rows;
    QFile f(sharedData(QStringLiteral("manifest.csv")));
    if (!f.open(QIODevice::ReadOnly))
        return rows;
    f.readLine(); // header
    while (!f.atEnd()) {
        const QStringList cols = QString::fromUtf8(f.readLine()).trimmed().split(QLatin1Char(','));
        if (cols.size() < 5)
            continue;
        ManifestRow r;
        r.path = cols[0];
        r.kind = cols[1];
        r.durationSec = cols[2].toDouble();
        r.sampleRate = cols[3].toInt();
        r.channels = cols[4].toInt();
        rows.push_back(r);
    }
    return rows;
}

// Minimal RIFF reader for 16-bit PCM, independent of FFmpeg: samples / 32768.
inline bool readWav16(const QString &path, std::vector<float> &samples, int &channels, int &rate)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QByteArray d = f.readAll();
    auto u32 = [&](int p) {
        return quint32(quint8(d[p])) | quint32(quint8(d[p + 1])) << 8 | quint32(quint8(d[p + 2])) << 16 |
               quint32(quint8(d[p + 3])) << 24;
    };
    auto u16 = [&](int p) { return quint16(quint8(d[p]) | quint8(d[p + 1]) << 8); };
    if (d.size() < 12 || !d.startsWith("RIFF") || d.mid(8, 4) != "WAVE")
        return false;
    int pos = 12, bits = 0;
    while (pos + 8 <= d.size()) {
        const quint32 size = u32(pos + 4);
        const QByteArray id = d.mid(pos, 4);
        if (id == "fmt ") {
            channels = u16(pos + 10);
            rate = int(u32(pos + 12));
            bits = u16(pos + 22);
        } else if (id == "data") {
            if (bits != 16)
                return false;
            const int n = int(std::min<qint64>(size, d.size() - pos - 8)) / 2;
            samples.resize(size_t(n));
            const auto *p = reinterpret_cast<const uchar *>(d.constData() + pos + 8);
            for (int i = 0; i < n; ++i)
                samples[size_t(i)] = float(int16_t(p[2 * i] | p[2 * i + 1] << 8)) / 32768.0f;
            return true;
        }
        pos += 8 + int(size) + int(size & 1);
    }
    return false;
}

inline bool writeWav16(const QString &path, const std::vector<float> &samples, int channels, int rate)
{
    QByteArray d;
    auto put32 = [&](quint32 v) {
        for (int i = 0; i < 4; ++i)
            d.append(char((v >> (8 * i)) & 0xFF));
    };
    auto put16 = [&](quint16 v) {
        d.append(char(v & 0xFF));
        d.append(char(v >> 8));
    };
    const quint32 dataBytes = quint32(samples.size() * 2);
    d.append("RIFF");
    put32(36 + dataBytes);
    d.append("WAVE");
    d.append("fmt ");
    put32(16);
    put16(1);
    put16(quint16(channels));
    put32(quint32(rate));
    put32(quint32(rate * channels * 2));
    put16(quint16(channels * 2));
    put16(16);
    d.append("data");
    put32(dataBytes);
    for (float s : samples)
        put16(quint16(int16_t(std::lround(std::max(-1.0f, std::min(1.0f, s)) * 32767.0f))));
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(d) == d.size();
}

// Goertzel power of one frequency (relative units).
inline double tonePower(const float *x, size_t n, double freq, double rate)
{
    const double w = 2.0 * M_PI * freq / rate, c = 2.0 * std::cos(w);
    double s1 = 0, s2 = 0;
    for (size_t i = 0; i < n; ++i) {
        const double s0 = x[i] + c * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    return (s1 * s1 + s2 * s2 - c * s1 * s2) / (double(n) * n);
}

// Frequency with the strongest Goertzel power among candidates step Hz apart.
inline double peakFrequency(const std::vector<float> &x, double rate, double lo, double hi, double step)
{
    double best = lo, bestPower = -1;
    for (double f = lo; f <= hi; f += step) {
        const double p = tonePower(x.data(), x.size(), f, rate);
        if (p > bestPower) {
            bestPower = p;
            best = f;
        }
    }
    return best;
}

inline double rms(const float *x, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; ++i)
        s += double(x[i]) * x[i];
    return n ? std::sqrt(s / n) : 0.0;
}

// Lag (in samples, a relative to b) with the highest normalised correlation
// over the first n samples; also returns that correlation.
inline int bestLag(const std::vector<float> &a, const std::vector<float> &b, size_t n, int maxLag, double *corr)
{
    int best = 0;
    double bestC = -2;
    for (int lag = -maxLag; lag <= maxLag; ++lag) {
        double sab = 0, saa = 0, sbb = 0;
        for (size_t i = size_t(maxLag); i < n; ++i) {
            const long j = long(i) + lag;
            if (j < 0 || size_t(j) >= a.size() || i >= b.size())
                continue;
            sab += double(a[size_t(j)]) * b[i];
            saa += double(a[size_t(j)]) * a[size_t(j)];
            sbb += double(b[i]) * b[i];
        }
        const double c = sab / std::sqrt(saa * sbb + 1e-30);
        if (c > bestC) {
            bestC = c;
            best = lag;
        }
    }
    if (corr)
        *corr = bestC;
    return best;
}

} // namespace mirlo_test
