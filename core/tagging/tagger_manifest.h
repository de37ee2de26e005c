#pragma once
// The parts of a pretrained tagger's model.json that drive inference: the
// front end (sample rate, chunk length, STFT, mel, dB), the track protocol
// (how many chunks, averaged), the tag names, and the tensor shapes listed
// under "tensors" (checked against weights.safetensors at load).
//
// Units: sampleRate in Hz; chunkSamples, nFft, hopLength in samples at
// sampleRate; melFrames = STFT frames per chunk.
#include <QJsonArray>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mirlo {

struct TaggerManifest {
    QString name;
    QString description;
    int sampleRate = 0;
    int chunkSamples = 0;
    int melFrames = 0;
    int nFft = 0;
    int hopLength = 0;
    bool center = true;
    bool reflectPad = true;
    int nMels = 0;
    QString filterbankTensor; // e.g. "spec.mel_scale.fb" [nFft/2+1, nMels]
    double dbAmin = 1e-10;    // mel_db = 10 * log10(max(mel, dbAmin))
    int trackChunks = 16;     // chunk i starts at i * floor((n - chunkSamples) / trackChunks)
    QStringList tags;
    QStringList layerNames; // architecture.layers[*].name in order
    QJsonArray layers;      // architecture.layers, for the network builder
    std::map<std::string, std::vector<int64_t>> tensorShapes;
};

// Parses <file> (the text of a model.json). Returns false and sets *error
// ("<fileName>: <problem>") when a required field is missing or inconsistent.
bool parseTaggerManifest(const QByteArray &json, const QString &fileName, TaggerManifest *out, QString *error);

} // namespace mirlo
