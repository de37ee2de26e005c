#include "core/onsets/rnn_onset_detector.h"

#include "core/analysis/madmom_models.h"
#include "core/analysis/progress_stages.h"
#include "core/features/madmom_features.h"
#include "core/features/madmom_signal.h"

namespace mirlo {

NeuralOnsetParams defaultNeuralOnsetParams(NeuralOnsetModel model)
{
    NeuralOnsetParams p;
    p.model = model;
    PeakPickingParams &pp = p.peaks;
    pp.threshold = model == NeuralOnsetModel::Rnn ? 0.35 : 0.54;
    pp.smooth = model == NeuralOnsetModel::Rnn ? 0.07 : 0.05;
    pp.preAvg = 0.0;
    pp.postAvg = 0.0;
    pp.preMax = 0.01;
    pp.postMax = 0.01;
    pp.combine = 0.03;
    pp.delay = 0.0;
    return p;
}

const char *neuralOnsetModelName(NeuralOnsetModel model)
{
    return model == NeuralOnsetModel::Rnn ? "rnn" : "cnn";
}

namespace {

// The activation, with cancellation told apart from failure.
std::vector<float> activation(const std::vector<float> &signal, NeuralOnsetModel model,
                              const std::function<bool(double)> &progress, QString &error, bool &cancelled)
{
    cancelled = false;
    const MadmomModelFamily family =
        model == NeuralOnsetModel::Rnn ? MadmomModelFamily::Onsets : MadmomModelFamily::OnsetsCnn;
    const MadmomEnsemble *ensemble = sharedMadmomEnsemble(family, &error);
    if (!ensemble || signal.empty())
        return {};
    std::function<bool(double)> watched;
    if (progress)
        watched = [&](double f) {
            if (!progress(f))
                cancelled = true;
            return !cancelled;
        };
    const ProgressStages stages(watched);
    // Features cost about as much as the RNN ensemble; the CNN is heavier.
    const double split = model == NeuralOnsetModel::Rnn ? 0.5 : 0.3;
    const Matrix features = model == NeuralOnsetModel::Rnn
                                ? madmomFeatures(signal, MadmomFamily::Onsets, stages.stage(0.0, split))
                                : madmomCnnInput(signal, stages.stage(0.0, split));
    if (cancelled || features.isEmpty())
        return {};
    Matrix act = ensemble->activations(features, stages.stage(split, 1.0), &error);
    if (cancelled)
        return {};
    if (act.isEmpty() && error.isEmpty())
        error = QStringLiteral("the onset network produced no output");
    return std::move(act.values); // one column
}

} // namespace

std::vector<float> neuralOnsetActivation(const std::vector<float> &signal, NeuralOnsetModel model,
                                         const std::function<bool(double)> &progress, QString *error)
{
    QString e;
    bool cancelled = false;
    std::vector<float> a = activation(signal, model, progress, e, cancelled);
    if (error)
        *error = cancelled ? QStringLiteral("cancelled") : e;
    return a;
}

NeuralOnsetResult detectNeuralOnsets(const std::vector<float> &signal, const NeuralOnsetParams &params,
                                     const std::function<bool(double)> &progress)
{
    NeuralOnsetResult result;
    result.fps = 100.0;
    result.activation = activation(signal, params.model, progress, result.error, result.cancelled);
    if (result.cancelled || !result.error.isEmpty()) {
        result.activation.clear();
        return result;
    }
    result.onsets = pickOnsets(result.activation, result.fps, params.peaks);
    if (progress)
        progress(1.0);
    return result;
}

NeuralOnsetResult detectNeuralOnsetsInFile(const QString &path, const NeuralOnsetParams &params,
                                           const std::function<bool(double)> &progress)
{
    const ProgressStages stages(progress);
    MadmomSignalResult decoded = decodeMadmomSignal(path, stages.stage(0.0, 0.1));
    NeuralOnsetResult result;
    if (decoded.cancelled) {
        result.cancelled = true;
        return result;
    }
    if (!decoded.ok) {
        result.error = decoded.error.isEmpty() ? path + QStringLiteral(": cannot decode") : decoded.error;
        return result;
    }
    result = detectNeuralOnsets(decoded.signal, params, stages.stage(0.1, 1.0));
    result.warnings = decoded.warnings;
    if (!result.error.isEmpty() && !result.error.startsWith(path))
        result.error = path + QStringLiteral(": ") + result.error;
    return result;
}

} // namespace mirlo
