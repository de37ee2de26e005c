#pragma once
// Reference outputs of the pretrained MTAT taggers (models/<name>/ref/outputs.json)
// and the max-abs comparison used by the tagging parity tests.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace mirlo::test {

struct Reference {
    QStringList tags;
    std::vector<std::vector<float>> chunks;
    std::vector<int64_t> starts;
    std::vector<float> track;
};

inline Reference loadReference(const QString &dir)
{
    QFile f(dir + QStringLiteral("/ref/outputs.json"));
    Reference r;
    if (!f.open(QIODevice::ReadOnly))
        return r;
    const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    for (const QJsonValue &t : o.value(QStringLiteral("tags")).toArray())
        r.tags.append(t.toString());
    for (const QJsonValue &c : o.value(QStringLiteral("chunks")).toArray()) {
        const QJsonObject co = c.toObject();
        r.starts.push_back(int64_t(co.value(QStringLiteral("start_sample")).toDouble()));
        std::vector<float> p;
        const QJsonObject probs = co.value(QStringLiteral("probabilities")).toObject();
        for (const QString &t : r.tags)
            p.push_back(float(probs.value(t).toDouble(-1)));
        r.chunks.push_back(p);
    }
    const QJsonObject track = o.value(QStringLiteral("track")).toObject();
    for (const QString &t : r.tags)
        r.track.push_back(float(track.value(t).toDouble(-1)));
    return r;
}

// Infinite when the sizes differ or there is nothing to compare.
inline double maxAbsDiff(const std::vector<float> &a, const std::vector<float> &b)
{
    if (a.size() != b.size() || a.empty())
        return INFINITY;
    double m = 0;
    for (size_t i = 0; i < a.size(); ++i)
        m = std::max(m, std::abs(double(a[i]) - double(b[i])));
    return m;
}

} // namespace mirlo::test
