#pragma once
// The pretrained madmom network ensembles (onsets BRNN, beats BLSTM,
// downbeats BLSTM: 8 networks each; onsets CNN: 1 network), loaded from the
// resources embedded in mirlo_core (":/models/madmom/<family>/") or from a
// folder with the same files. activations() takes the family's feature matrix
// (rows = frames at 100 fps; 266 columns for onsets/beats, 314 for downbeats,
// 240 = [80 bands][3 channels] for the CNN with 7 padding frames at each end)
// and returns one row per frame: 1 column (onset or beat activation) or, for
// downbeats, 2 columns (beat, downbeat).
#include "core/dsp/matrix.h"
#include "core/nn/network.h"

#include <QString>

#include <functional>
#include <vector>

namespace mirlo {

enum class MadmomModelFamily { Onsets, Beats, Downbeats, OnsetsCnn };

// Folder / JSON base name: "onsets_brnn", "beats_blstm", "downbeats_blstm", "onsets_cnn".
QString madmomFamilyName(MadmomModelFamily family);
// Resource folder of the embedded files, e.g. ":/models/madmom/beats_blstm".
QString madmomResourceDir(MadmomModelFamily family);

class MadmomEnsemble {
public:
    // Loads the embedded resources; false + error naming the file on failure.
    bool load(MadmomModelFamily family, QString *error = nullptr);
    bool loadFromDir(const QString &dir, MadmomModelFamily family, QString *error = nullptr);

    bool isLoaded() const { return !m_networks.empty(); }
    MadmomModelFamily family() const { return m_family; }
    int networkCount() const { return int(m_networks.size()); }
    const nn::Network &network(int i) const { return m_networks[size_t(i)]; }
    int inputSize() const { return m_networks.empty() ? 0 : m_networks.front().inputSize(); }
    // Extra input rows the network needs (14 for the CNN: the input has frames + 14 rows).
    int contextFrames() const { return m_networks.empty() ? 0 : m_networks.front().contextFrames(); }
    int outputColumns() const { return m_family == MadmomModelFamily::Downbeats ? 2 : 1; }

    // Threads used for one activations() call (default: hardware threads, at most 8).
    void setThreadCount(int threads) { m_threads = threads; }

    // Ensemble mean (float32 sum in file order, then / count; downbeats: column
    // 0 dropped). progress(fraction) returning false cancels: the result is then
    // empty. Bad input (wrong column count, non-finite values, too few rows)
    // gives an empty matrix and *error.
    Matrix activations(const Matrix &features, const std::function<bool(double)> &progress = {},
                       QString *error = nullptr) const;

    // Raw outputs of every network (downbeats: 3 softmax columns), in file order.
    std::vector<Matrix> networkOutputs(const Matrix &features, const std::function<bool(double)> &progress = {},
                                       QString *error = nullptr) const;

private:
    MadmomModelFamily m_family = MadmomModelFamily::Onsets;
    std::vector<nn::Network> m_networks;
    int m_threads = 0;
};

} // namespace mirlo
