#pragma once
// A pretrained music tagger loaded from a model folder (model.json +
// weights.safetensors, see ARCHITECTURE.md): the manifest-driven front end
// (per-chunk centred STFT, the stored mel filterbank, 10*log10(max(mel, amin)))
// and the network. Load validates the manifest and every tensor named in it
// (name and shape), so a wrong or damaged folder gives one clear error naming
// the file and the tensor.
//
// Built-in models are embedded as :/models/tagging/<name>/ (musicnn_mtat is
// the default). Units: samples at manifest().sampleRate; mel rows = STFT frames.
#include "core/dsp/matrix.h"
#include "core/tagging/tagger_manifest.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace mirlo {

class ConvStackNetwork;
class MusicnnNetwork;
class TaggerNetwork;
struct ConvStackTrace;
struct MusicnnTrace;

class TaggerModel {
public:
    ~TaggerModel();

    // folder: a directory on disk or a resource path (":/models/tagging/musicnn_mtat").
    // nullptr + *error ("<folder>/<file>: <problem>") on failure.
    static std::unique_ptr<TaggerModel> load(const QString &folder, QString *error);

    static QString defaultModelName() { return QStringLiteral("musicnn_mtat"); }
    static QStringList builtinModelNames();
    // A built-in name ("musicnn_mtat", "fcn_mtat", "crnn_mtat", or without "_mtat") -> its resource
    // folder; anything else (a folder) is returned unchanged.
    static QString resolveModel(const QString &nameOrFolder);

    // The folder it was loaded from (cleaned path; ":/models/tagging/<name>" for a built-in one).
    const QString &folder() const { return m_folder; }
    const TaggerManifest &manifest() const { return m_manifest; }
    const QStringList &tags() const { return m_manifest.tags; }
    int chunkSamples() const { return m_manifest.chunkSamples; }
    int sampleRate() const { return m_manifest.sampleRate; }

    // dB-mel of one chunk of chunkSamples() samples: melFrames rows x nMels columns.
    Matrix melDb(const float *chunk) const;
    // Sigmoid probabilities (tags().size()) of one chunk's dB-mel / samples.
    // The trace is filled when the network is of that kind (musicnn / FCN, CRNN).
    std::vector<float> predictMel(const Matrix &melDb, MusicnnTrace *trace = nullptr) const;
    std::vector<float> predictMel(const Matrix &melDb, ConvStackTrace *trace) const;
    std::vector<float> predictChunk(const float *chunk) const;

private:
    TaggerModel();
    QString m_folder;
    TaggerManifest m_manifest;
    struct Fft; // float64 FFTW plan of nFft samples
    std::unique_ptr<Fft> m_fft;
    std::vector<double> m_window;    // periodic Hann, nFft
    std::vector<float> m_filterbank; // [bins][nMels], as stored
    std::unique_ptr<TaggerNetwork> m_network;
    const MusicnnNetwork *m_musicnn = nullptr;     // m_network when it is Musicnn
    const ConvStackNetwork *m_convStack = nullptr; // m_network when it is FCN / CRNN
};

} // namespace mirlo
