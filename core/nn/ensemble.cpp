#include "core/nn/ensemble.h"

#include "core/model/safetensors.h"

#include <QJsonArray>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>

namespace mirlo {

QString madmomFamilyName(MadmomModelFamily family)
{
    switch (family) {
    case MadmomModelFamily::Onsets:
        return QStringLiteral("onsets_brnn");
    case MadmomModelFamily::Beats:
        return QStringLiteral("beats_blstm");
    case MadmomModelFamily::Downbeats:
        return QStringLiteral("downbeats_blstm");
    case MadmomModelFamily::OnsetsCnn:
        return QStringLiteral("onsets_cnn");
    }
    return {};
}

QString madmomResourceDir(MadmomModelFamily family)
{
    return QStringLiteral(":/models/madmom/") + madmomFamilyName(family);
}

bool MadmomEnsemble::load(MadmomModelFamily family, QString *error)
{
    return loadFromDir(madmomResourceDir(family), family, error);
}

bool MadmomEnsemble::loadFromDir(const QString &dir, MadmomModelFamily family, QString *error)
{
    m_networks.clear();
    m_family = family;
    const QString name = madmomFamilyName(family);
    const QString jsonPath = dir + QLatin1Char('/') + name + QStringLiteral(".json");
    QJsonObject json;
    if (!nn::readJsonObject(jsonPath, &json, error))
        return false;
    const QJsonArray files = json.value(QLatin1String("weight_files")).toArray();
    const int expected = family == MadmomModelFamily::OnsetsCnn ? 1 : 8;
    if (files.size() != expected) {
        if (error)
            *error =
                QStringLiteral("%1: expected %2 weight files, found %3").arg(jsonPath).arg(expected).arg(files.size());
        return false;
    }
    std::vector<nn::Network> networks(size_t(files.size()));
    for (int i = 0; i < files.size(); ++i) {
        const QString path = dir + QLatin1Char('/') + files[i].toObject().value(QLatin1String("file")).toString();
        SafeTensors st;
        if (!st.load(path, error) || !networks[size_t(i)].load(st, json, path, error))
            return false;
        const nn::Network &n = networks[size_t(i)];
        const int outputs = family == MadmomModelFamily::Downbeats ? 3 : 1;
        if (n.outputSize() != outputs || (i > 0 && n.inputSize() != networks[0].inputSize())) {
            if (error)
                *error = QStringLiteral("%1: network has %2 outputs, expected %3")
                             .arg(path)
                             .arg(n.outputSize())
                             .arg(outputs);
            return false;
        }
    }
    m_networks = std::move(networks);
    return true;
}

std::vector<Matrix> MadmomEnsemble::networkOutputs(const Matrix &features, const std::function<bool(double)> &progress,
                                                   QString *error) const
{
    auto bad = [&](const QString &what) {
        if (error)
            *error = what;
        return std::vector<Matrix>();
    };
    if (m_networks.empty())
        return bad(QStringLiteral("madmom %1 networks are not loaded").arg(madmomFamilyName(m_family)));
    if (features.cols != inputSize())
        return bad(QStringLiteral("madmom %1: features have %2 columns, expected %3")
                       .arg(madmomFamilyName(m_family))
                       .arg(features.cols)
                       .arg(inputSize()));
    if (features.rows < contextFrames())
        return bad(QStringLiteral("madmom %1: %2 input rows, need at least %3")
                       .arg(madmomFamilyName(m_family))
                       .arg(features.rows)
                       .arg(contextFrames()));
    if (!std::all_of(features.values.begin(), features.values.end(), [](float v) { return std::isfinite(v); }))
        return bad(
            QStringLiteral("madmom %1: features contain NaN or infinite values").arg(madmomFamilyName(m_family)));

    int threads = m_threads > 0 ? m_threads : int(std::thread::hardware_concurrency());
    threads = std::max(1, std::min(threads, 8));
    const int count = networkCount();
    std::vector<Matrix> outputs(static_cast<size_t>(count));
    if (count == 1) { // the CNN: split its frames over the threads instead
        if (progress && !progress(0.0))
            return {};
        outputs[0] = m_networks[0].forward(features, nullptr, threads);
        if (progress && !progress(1.0))
            return {};
        return outputs;
    }
    std::atomic<int> next{0}, done{0};
    std::atomic<bool> cancelled{false};
    auto worker = [&](bool reporting) {
        for (int i = next++; i < count && !cancelled; i = next++) {
            outputs[size_t(i)] = m_networks[size_t(i)].forward(features);
            ++done;
            // Only the calling thread talks to the progress callback.
            if (reporting && progress && !progress(double(done) / count))
                cancelled = true;
        }
    };
    std::vector<std::thread> pool;
    for (int i = 1; i < std::min(threads, count); ++i)
        pool.emplace_back(worker, false);
    worker(true);
    for (auto &t : pool)
        t.join();
    if (cancelled || (progress && !progress(1.0)))
        return {};
    return outputs;
}

Matrix MadmomEnsemble::activations(const Matrix &features, const std::function<bool(double)> &progress,
                                   QString *error) const
{
    const std::vector<Matrix> outputs = networkOutputs(features, progress, error);
    if (outputs.empty())
        return Matrix();
    // float32 sum in file order, then divide (madmom's average of the network outputs).
    Matrix sum = outputs[0];
    for (size_t i = 1; i < outputs.size(); ++i)
        for (size_t k = 0; k < sum.values.size(); ++k)
            sum.values[k] += outputs[i].values[k];
    const float n = float(outputs.size());
    for (float &v : sum.values)
        v /= n;
    if (m_family != MadmomModelFamily::Downbeats)
        return sum;
    Matrix out(sum.rows, 2); // drop column 0 (no beat)
    for (int t = 0; t < sum.rows; ++t) {
        out.at(t, 0) = sum.at(t, 1);
        out.at(t, 1) = sum.at(t, 2);
    }
    return out;
}

} // namespace mirlo
