#include "core/tagging/tagger_model.h"

#include "core/dsp/stft.h"
#include "core/model/safetensors.h"
#include "core/tagging/conv_stack_network.h"
#include "core/tagging/musicnn_network.h"

#include <fftw3.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <mutex>

namespace mirlo {

// Double-precision real FFT: the float32 STFT of the training code and a
// float64 one differ by <= 0.009 dB in near-silent bins, float32 FFTW by more.
struct TaggerModel::Fft {
    fftw_plan plan = nullptr;
    ~Fft()
    {
        if (plan) {
            std::lock_guard<std::mutex> lock(fftwPlannerMutex());
            fftw_destroy_plan(plan);
        }
    }
};

TaggerModel::TaggerModel() = default;
TaggerModel::~TaggerModel() = default;

QStringList TaggerModel::builtinModelNames()
{
    return {QStringLiteral("musicnn_mtat"), QStringLiteral("fcn_mtat"), QStringLiteral("crnn_mtat")};
}

QString TaggerModel::resolveModel(const QString &nameOrFolder)
{
    QString name = nameOrFolder;
    if (!name.endsWith(QLatin1String("_mtat")) && builtinModelNames().contains(name + QLatin1String("_mtat")))
        name += QLatin1String("_mtat");
    if (builtinModelNames().contains(name) && !QFileInfo(nameOrFolder).isDir())
        return QStringLiteral(":/models/tagging/") + name;
    return nameOrFolder;
}

std::unique_ptr<TaggerModel> TaggerModel::load(const QString &folder, QString *error)
{
    const QString dir = QDir::cleanPath(folder);
    auto fail = [&](const QString &why) -> std::unique_ptr<TaggerModel> {
        if (error)
            *error = why;
        return nullptr;
    };
    if (!QFileInfo(dir).isDir())
        return fail(QStringLiteral("%1: not a model folder (no such directory)").arg(dir));
    const QString manifestPath = dir + QStringLiteral("/model.json");
    QFile file(manifestPath);
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("%1: cannot open (%2)").arg(manifestPath, file.errorString()));
    auto model = std::unique_ptr<TaggerModel>(new TaggerModel);
    model->m_folder = dir;
    QString why;
    if (!parseTaggerManifest(file.readAll(), manifestPath, &model->m_manifest, &why))
        return fail(why);
    const TaggerManifest &m = model->m_manifest;

    const QString weightsPath = dir + QStringLiteral("/weights.safetensors");
    SafeTensors st;
    if (!st.load(weightsPath, &why))
        return fail(dir + QLatin1Char('/') + why);
    // Every tensor the manifest lists must be present with the listed shape.
    for (const auto &entry : m.tensorShapes) {
        std::vector<float> unused;
        if (!st.expectFloats(entry.first, entry.second, unused, &why))
            return fail(dir + QLatin1Char('/') + why);
    }

    const int bins = m.nFft / 2 + 1;
    if (!st.expectFloats(m.filterbankTensor.toStdString(), {bins, m.nMels}, model->m_filterbank, &why))
        return fail(dir + QLatin1Char('/') + why);
    for (float v : model->m_filterbank)
        if (!std::isfinite(v) || v < 0.f)
            return fail(QStringLiteral("%1: tensor %2 holds negative or non-finite values")
                            .arg(weightsPath, m.filterbankTensor));

    if (MusicnnNetwork::matches(m)) {
        auto net = MusicnnNetwork::create(m, st, weightsPath, &why);
        model->m_musicnn = net.get();
        model->m_network = std::move(net);
    } else if (ConvStackNetwork::matches(m)) {
        auto net = ConvStackNetwork::create(m, st, weightsPath, &why);
        model->m_convStack = net.get();
        model->m_network = std::move(net);
    } else {
        return fail(QStringLiteral("%1: architecture of \"%2\" is not supported (supported: Musicnn, FCN, CRNN)")
                        .arg(manifestPath, m.name));
    }
    if (!model->m_network)
        return fail(why.startsWith(weightsPath) ? why : dir + QLatin1Char('/') + why);

    const int n = m.nFft;
    model->m_window.resize(size_t(n));
    for (int k = 0; k < n; ++k)
        model->m_window[size_t(k)] = 0.5 - 0.5 * std::cos(2.0 * M_PI * k / n);
    model->m_fft = std::make_unique<Fft>();
    {
        std::vector<double> in(static_cast<size_t>(n));
        std::vector<fftw_complex> out(static_cast<size_t>(n / 2 + 1));
        std::lock_guard<std::mutex> lock(fftwPlannerMutex());
        model->m_fft->plan = fftw_plan_dft_r2c_1d(n, in.data(), out.data(), FFTW_ESTIMATE | FFTW_UNALIGNED);
    }
    if (!model->m_fft->plan)
        return fail(QStringLiteral("%1: cannot plan an FFT of %2 samples").arg(manifestPath).arg(n));
    return model;
}

Matrix TaggerModel::melDb(const float *chunk) const
{
    const TaggerManifest &m = m_manifest;
    const int n = m.nFft, half = n / 2, bins = half + 1;
    // Centred frames, reflect padding at the chunk's own borders (numpy 'reflect').
    std::vector<double> power(size_t(m.melFrames) * size_t(bins));
    std::vector<double> frame(static_cast<size_t>(n));
    std::vector<fftw_complex> spec(static_cast<size_t>(bins));
    const int64_t len = m.chunkSamples;
    for (int t = 0; t < m.melFrames; ++t) {
        for (int k = 0; k < n; ++k) {
            int64_t s = int64_t(t) * m.hopLength - half + k;
            if (len > 1) {
                const int64_t period = 2 * (len - 1);
                s = std::abs(s) % period;
                if (s >= len)
                    s = period - s;
            } else {
                s = 0;
            }
            frame[size_t(k)] = double(chunk[s]) * m_window[size_t(k)];
        }
        fftw_execute_dft_r2c(m_fft->plan, frame.data(), spec.data());
        double *row = power.data() + size_t(t) * size_t(bins);
        for (int k = 0; k < bins; ++k)
            row[k] = (spec[size_t(k)][0] * spec[size_t(k)][0] + spec[size_t(k)][1] * spec[size_t(k)][1]);
    }
    Matrix mel(m.melFrames, m.nMels);
    // mel[t, b] = sum_k power[t, k] * fb[k, b] in double; measured against the
    // reference (float32 torch.stft) mel_db of chunk 0: <= 6.2e-3 dB.
    std::vector<double> acc(size_t(m.nMels));
    for (int t = 0; t < m.melFrames; ++t) {
        const double *p = power.data() + size_t(t) * size_t(bins);
        std::fill(acc.begin(), acc.end(), 0.0);
        for (int k = 0; k < bins; ++k) {
            const double pk = p[k];
            const float *fb = m_filterbank.data() + size_t(k) * size_t(m.nMels);
            for (int b = 0; b < m.nMels; ++b)
                acc[size_t(b)] += pk * fb[b];
        }
        float *out = mel.row(t);
        for (int b = 0; b < m.nMels; ++b)
            out[b] = float(10.0 * std::log10(std::max(acc[size_t(b)], m.dbAmin)));
    }
    return mel;
}

std::vector<float> TaggerModel::predictMel(const Matrix &melDb, MusicnnTrace *trace) const
{
    if (melDb.rows != m_manifest.melFrames || melDb.cols != m_manifest.nMels)
        return {};
    std::vector<float> probs(size_t(m_manifest.tags.size()), 0.f);
    if (trace && m_musicnn)
        m_musicnn->forward(melDb.values.data(), probs.data(), trace);
    else
        m_network->forward(melDb.values.data(), probs.data());
    return probs;
}

std::vector<float> TaggerModel::predictMel(const Matrix &melDb, ConvStackTrace *trace) const
{
    if (melDb.rows != m_manifest.melFrames || melDb.cols != m_manifest.nMels)
        return {};
    std::vector<float> probs(size_t(m_manifest.tags.size()), 0.f);
    if (trace && m_convStack)
        m_convStack->forward(melDb.values.data(), probs.data(), trace);
    else
        m_network->forward(melDb.values.data(), probs.data());
    return probs;
}

std::vector<float> TaggerModel::predictChunk(const float *chunk) const
{
    return predictMel(melDb(chunk));
}

} // namespace mirlo
