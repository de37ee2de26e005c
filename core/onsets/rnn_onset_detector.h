#pragma once
// madmom's pretrained neural onset detectors, end to end:
//  - RNN (madmom OnsetDetector): onsets_brnn ensemble (8 bidirectional tanh
//    RNNs) on the multi-resolution log-filtered spectrogram + positive
//    differences, then peak picking (threshold 0.35, smooth 0.07 s,
//    pre/post max 0.01 s, combine 0.03 s);
//  - CNN (madmom CNNOnsetDetector): onsets_cnn on 3-channel log-mel input,
//    peak picking with threshold 0.54, smooth 0.05 s, otherwise the same.
// Input: madmom's int16-valued 44.1 kHz mono signal (madmom_signal.h) or a
// file path. Output: the activation (one value per frame at 100 fps) and
// onset times in SECONDS.
#include "core/onsets/peak_picking.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace mirlo {

enum class NeuralOnsetModel { Rnn, Cnn };

struct NeuralOnsetParams {
    NeuralOnsetModel model = NeuralOnsetModel::Rnn;
    PeakPickingParams peaks; // seconds; see defaultNeuralOnsetParams
};

// madmom's program defaults for the model (see the header comment).
NeuralOnsetParams defaultNeuralOnsetParams(NeuralOnsetModel model);
const char *neuralOnsetModelName(NeuralOnsetModel model); // "rnn", "cnn"

struct NeuralOnsetResult {
    std::vector<float> activation; // one value per frame
    double fps = 100.0;
    std::vector<double> onsets; // seconds, ascending
    bool cancelled = false;
    QString error;        // non-empty on failure (decode errors name the file)
    QStringList warnings; // decoder warnings (truncated file, non-finite samples, ...)
    bool ok() const { return error.isEmpty() && !cancelled; }
};

// progress(fraction) returning false cancels (result.cancelled).
NeuralOnsetResult detectNeuralOnsets(const std::vector<float> &madmomSignal, const NeuralOnsetParams &params,
                                     const std::function<bool(double)> &progress = {});
// Decodes `path` as madmom does (decodeMadmomSignal) first.
NeuralOnsetResult detectNeuralOnsetsInFile(const QString &path, const NeuralOnsetParams &params,
                                           const std::function<bool(double)> &progress = {});

// The network activation alone (no peak picking): empty + *error on failure / cancel.
std::vector<float> neuralOnsetActivation(const std::vector<float> &madmomSignal, NeuralOnsetModel model,
                                         const std::function<bool(double)> &progress = {}, QString *error = nullptr);

} // namespace mirlo
