#include "ui/analysis/onset_analysis.h"

#include "core/analysis/analysis_cache.h"
#include "core/features/madmom_signal.h"
#include "core/nn/trained_onset_model.h"
#include "core/onsets/onset_detector.h"
#include "core/onsets/rnn_onset_detector.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace mirlo {

namespace {

QString methodTitle(const QString &method)
{
    if (method == QLatin1String("flux"))
        return QCoreApplication::translate("mirlo", "spectral flux");
    if (method == QLatin1String("superflux"))
        return QStringLiteral("SuperFlux");
    if (method == QLatin1String("hfc"))
        return QStringLiteral("HFC");
    if (method == QLatin1String("complex"))
        return QCoreApplication::translate("mirlo", "complex flux");
    return method.toUpper();
}

} // namespace

QString onsetModelMethod(const QString &folder)
{
    return QStringLiteral("model:") + QFileInfo(folder).absoluteFilePath();
}

bool isOnsetModelMethod(const QString &method, QString *folder)
{
    if (!method.startsWith(QLatin1String("model:")))
        return false;
    if (folder)
        *folder = method.mid(6);
    return true;
}

bool isNeuralOnsetMethod(const QString &method)
{
    return method == QLatin1String("rnn") || method == QLatin1String("cnn") || isOnsetModelMethod(method);
}

QStringList onsetMethodNames()
{
    return {QStringLiteral("flux"),    QStringLiteral("superflux"), QStringLiteral("hfc"),
            QStringLiteral("complex"), QStringLiteral("rnn"),       QStringLiteral("cnn")};
}

namespace {

bool parseNeuralModel(const QString &name, NeuralOnsetModel &model)
{
    if (name == QLatin1String("rnn"))
        model = NeuralOnsetModel::Rnn;
    else if (name == QLatin1String("cnn"))
        model = NeuralOnsetModel::Cnn;
    else
        return false;
    return true;
}

PeakPickingParams methodPeaks(const QString &name, bool *known)
{
    OnsetMethod method;
    NeuralOnsetModel model;
    QString folder;
    *known = true;
    if (isOnsetModelMethod(name, &folder)) {
        TrainedOnsetModel trained;
        if (trained.load(folder))
            return trained.peakPicking();
        *known = false; // the job reports why it does not load
        return {};
    }
    if (parseOnsetMethod(name, method))
        return defaultOnsetDetectorParams(method).peaks;
    if (parseNeuralModel(name, model))
        return defaultNeuralOnsetParams(model).peaks;
    *known = false;
    return {};
}

} // namespace

void applyOnsetMethodDefaults(AnalysisSettings &settings)
{
    bool known = false;
    const PeakPickingParams p = methodPeaks(settings.onsetMethod, &known);
    if (!known)
        return;
    settings.threshold = p.threshold;
    settings.smoothing = p.smooth;
    settings.combine = p.combine;
}

QString OnsetAnalysis::title() const
{
    return QCoreApplication::translate("mirlo", "Onsets");
}

QString OnsetAnalysis::cacheKey(const AnalysisSettings &settings) const
{
    // Only the detection function is cached; picking is redone on the GUI thread.
    OnsetMethod method;
    const bool classic = parseOnsetMethod(settings.onsetMethod, method);
    QString key = QStringLiteral("onsets:") + settings.onsetMethod +
                  (classic && settings.fps > 0 ? QStringLiteral("@%1").arg(settings.fps) : QString());
    // A model retrained into the same folder has new weights: their size and time are part of the key.
    QString folder;
    if (isOnsetModelMethod(settings.onsetMethod, &folder)) {
        const FileStamp w = fileStamp(QDir(folder).filePath(QStringLiteral("weights.safetensors")));
        key += QStringLiteral("@%1/%2").arg(w.size).arg(w.mtimeMs);
    }
    return key;
}

namespace {

// The activation of a trained model folder: the same features, network and
// peak-picking parameters as TrainedOnsetModel::detectFile, from the decoded track.
void computeModelActivation(const QString &folder, const TrackPtr &track, JobContext &ctx, AnalysisLayer &layer)
{
    TrainedOnsetModel model;
    QString error;
    if (!model.load(folder, &error))
        throw JobFailure{QCoreApplication::translate("mirlo", "Onset model %1 does not load: %2").arg(folder, error)};
    // Features are most of the work; the network pass is the last 10 %.
    const Matrix features =
        tutorialOnsetFeatures(madmomSignal(track->audio), [&ctx](double f) { return ctx.setProgress(0.9 * f); });
    if (ctx.isCancelled())
        return;
    std::vector<float> act = model.activation(features, &error);
    if (!error.isEmpty() || act.empty())
        throw JobFailure{QStringLiteral("%1: %2").arg(track->displayName(),
                                                      error.isEmpty() ? QCoreApplication::translate("mirlo", "no activation") : error)};
    ctx.setProgress(1.0);
    layer.title = QCoreApplication::translate("mirlo", "Activation · model %1").arg(model.name());
    layer.curve = std::move(act);
    layer.fps = model.fps();
    layer.peaks = model.peakPicking();
}

} // namespace

LayerList OnsetAnalysis::compute(const TrackPtr &track, const AnalysisSettings &settings, JobContext &ctx) const
{
    OnsetMethod method;
    NeuralOnsetModel model;
    auto layer = std::make_shared<AnalysisLayer>();
    layer->id = QStringLiteral("est.activation");
    layer->kind = LayerKind::Activation;
    layer->colour = defaultLayerColour(LayerKind::Activation, LayerSource::Estimate);
    auto progress = [&ctx](double f) { return ctx.setProgress(f); };
    QString folder;
    if (isOnsetModelMethod(settings.onsetMethod, &folder)) {
        computeModelActivation(folder, track, ctx, *layer);
        if (ctx.isCancelled())
            return {};
    } else if (parseOnsetMethod(settings.onsetMethod, method)) {
        OnsetDetectorParams params = defaultOnsetDetectorParams(method);
        if (settings.fps > 0)
            params.odf.fps = settings.fps;
        OnsetFunction odf = computeOnsetFunction(method, track->mono.data(), int64_t(track->mono.size()),
                                                 track->sampleRate(), params.odf, progress);
        if (odf.cancelled || ctx.isCancelled())
            return {};
        layer->title = QCoreApplication::translate("mirlo", "ODF · %1").arg(methodTitle(settings.onsetMethod));
        layer->curve = std::move(odf.values);
        layer->fps = odf.fps;
        layer->peaks = params.peaks;
    } else if (parseNeuralModel(settings.onsetMethod, model)) {
        QString error;
        std::vector<float> act = neuralOnsetActivation(madmomSignal(track->audio), model, progress, &error);
        if (ctx.isCancelled())
            return {};
        if (act.empty())
            throw JobFailure{QStringLiteral("%1: %2").arg(track->displayName(),
                                                          error.isEmpty() ? QCoreApplication::translate("mirlo", "no activation") : error)};
        layer->title = QCoreApplication::translate("mirlo", "Activation · %1").arg(methodTitle(settings.onsetMethod));
        layer->curve = std::move(act);
        layer->fps = 100.0; // madmom's networks run at 100 fps
        layer->peaks = defaultNeuralOnsetParams(model).peaks;
    } else {
        throw JobFailure{QCoreApplication::translate("mirlo", "Unknown onset method '%1'").arg(settings.onsetMethod)};
    }
    return {layer};
}

LayerList pickOnsetLayers(const AnalysisLayer &activation, double threshold, double smoothing, double combine)
{
    auto act = std::make_shared<AnalysisLayer>(activation);
    act->peaks.threshold = threshold;
    act->peaks.smooth = smoothing;
    act->peaks.combine = combine;
    auto onsets = std::make_shared<AnalysisLayer>();
    onsets->id = QStringLiteral("est.onsets");
    onsets->title = QCoreApplication::translate("mirlo", "Onsets");
    if (const int dot = activation.title.indexOf(QStringLiteral(" · ")); dot >= 0)
        onsets->title += activation.title.mid(dot);
    onsets->kind = LayerKind::Onsets;
    onsets->colour = defaultLayerColour(LayerKind::Onsets, LayerSource::Estimate);
    onsets->times = pickOnsets(act->curve, act->fps, act->peaks);
    return {act, onsets};
}

LayerList OnsetAnalysis::refine(const LayerList &computed, const AnalysisSettings &settings) const
{
    for (const LayerPtr &l : computed)
        if (l && l->kind == LayerKind::Activation)
            return pickOnsetLayers(*l, settings.threshold, settings.smoothing, settings.combine);
    return computed;
}

} // namespace mirlo
