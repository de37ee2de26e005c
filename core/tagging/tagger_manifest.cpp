#include "core/tagging/tagger_manifest.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace mirlo {

namespace {

struct Reader {
    QString file;
    QString *error;
    bool ok = true;

    bool fail(const QString &why)
    {
        if (ok && error)
            *error = QStringLiteral("%1: %2").arg(file, why);
        ok = false;
        return false;
    }
    QJsonObject object(const QJsonObject &parent, const QString &key, const QString &path)
    {
        const QJsonValue v = parent.value(key);
        if (!v.isObject())
            fail(QStringLiteral("missing object \"%1\"").arg(path));
        return v.toObject();
    }
    int positiveInt(const QJsonObject &parent, const QString &key, const QString &path)
    {
        const QJsonValue v = parent.value(key);
        const double d = v.toDouble(-1);
        if (!v.isDouble() || d < 1 || d != double(int(d))) {
            fail(QStringLiteral("\"%1\" must be a positive integer").arg(path));
            return 0;
        }
        return int(d);
    }
};

} // namespace

bool parseTaggerManifest(const QByteArray &json, const QString &fileName, TaggerManifest *out, QString *error)
{
    Reader r{fileName, error};
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (!doc.isObject())
        return r.fail(QStringLiteral("not a JSON object (%1)").arg(parseError.errorString()));
    const QJsonObject root = doc.object();
    TaggerManifest m;
    m.name = root.value(QStringLiteral("name")).toString();
    m.description = root.value(QStringLiteral("description")).toString();
    if (m.name.isEmpty())
        return r.fail(QStringLiteral("missing \"name\""));

    const QJsonObject input = r.object(root, QStringLiteral("input"), QStringLiteral("input"));
    const QJsonObject pre = r.object(root, QStringLiteral("preprocessing"), QStringLiteral("preprocessing"));
    const QJsonObject stft = r.object(pre, QStringLiteral("5_stft"), QStringLiteral("preprocessing.5_stft"));
    const QJsonObject mel = r.object(pre, QStringLiteral("6_mel"), QStringLiteral("preprocessing.6_mel"));
    const QJsonObject db = r.object(pre, QStringLiteral("7_db"), QStringLiteral("preprocessing.7_db"));
    const QJsonObject resample =
        r.object(pre, QStringLiteral("3_resample"), QStringLiteral("preprocessing.3_resample"));
    const QJsonObject track = r.object(root, QStringLiteral("track_inference"), QStringLiteral("track_inference"));
    const QJsonObject output = r.object(root, QStringLiteral("output"), QStringLiteral("output"));
    const QJsonObject arch = r.object(root, QStringLiteral("architecture"), QStringLiteral("architecture"));
    const QJsonObject tensors = r.object(root, QStringLiteral("tensors"), QStringLiteral("tensors"));
    if (!r.ok)
        return false;

    m.sampleRate = r.positiveInt(input, QStringLiteral("sample_rate_hz"), QStringLiteral("input.sample_rate_hz"));
    m.chunkSamples = r.positiveInt(input, QStringLiteral("chunk_samples"), QStringLiteral("input.chunk_samples"));
    m.melFrames =
        r.positiveInt(input, QStringLiteral("mel_frames_per_chunk"), QStringLiteral("input.mel_frames_per_chunk"));
    if (input.value(QStringLiteral("channels")).toInt() != 1)
        return r.fail(QStringLiteral("input.channels must be 1 (mono)"));
    if (r.positiveInt(resample, QStringLiteral("target_hz"), QStringLiteral("preprocessing.3_resample.target_hz")) !=
            m.sampleRate ||
        !resample.value(QStringLiteral("original_method")).toString().contains(QLatin1String("kaiser_best")))
        return r.fail(QStringLiteral("preprocessing.3_resample must be resampy kaiser_best to input.sample_rate_hz"));

    m.nFft = r.positiveInt(stft, QStringLiteral("n_fft"), QStringLiteral("preprocessing.5_stft.n_fft"));
    m.hopLength = r.positiveInt(stft, QStringLiteral("hop_length"), QStringLiteral("preprocessing.5_stft.hop_length"));
    const int winLength =
        r.positiveInt(stft, QStringLiteral("win_length"), QStringLiteral("preprocessing.5_stft.win_length"));
    if (!r.ok)
        return false;
    if (winLength != m.nFft)
        return r.fail(QStringLiteral("preprocessing.5_stft: win_length != n_fft is not supported"));
    if (!stft.value(QStringLiteral("window")).toString().contains(QLatin1String("periodic Hann")))
        return r.fail(QStringLiteral("preprocessing.5_stft.window: only a periodic Hann window is supported"));
    m.center = stft.value(QStringLiteral("center")).toBool(false);
    m.reflectPad = stft.value(QStringLiteral("pad_mode")).toString().startsWith(QLatin1String("reflect"));
    if (!m.center || !m.reflectPad)
        return r.fail(QStringLiteral("preprocessing.5_stft: only center=true with reflect padding is supported"));
    if (!stft.value(QStringLiteral("power")).toString().contains(QLatin1String("^2")))
        return r.fail(QStringLiteral("preprocessing.5_stft.power: only the power spectrum |X|^2 is supported"));
    if (1 + m.chunkSamples / m.hopLength != m.melFrames)
        return r.fail(
            QStringLiteral("input.mel_frames_per_chunk %1 != 1 + chunk_samples / hop_length").arg(m.melFrames));

    m.nMels = r.positiveInt(mel, QStringLiteral("n_mels"), QStringLiteral("preprocessing.6_mel.n_mels"));
    m.filterbankTensor = mel.value(QStringLiteral("filterbank_tensor")).toString().section(QLatin1Char(' '), 0, 0);
    if (m.filterbankTensor.isEmpty())
        return r.fail(QStringLiteral("missing preprocessing.6_mel.filterbank_tensor"));

    // "mel_db = 10 * log10(max(mel, 1e-10))", no top_db.
    static const QRegularExpression dbRe(QStringLiteral("10\\s*\\*\\s*log10\\(max\\(mel,\\s*([0-9.eE+-]+)\\)\\)"));
    const QRegularExpressionMatch dbMatch = dbRe.match(db.value(QStringLiteral("formula")).toString());
    bool aminOk = false;
    if (dbMatch.hasMatch())
        m.dbAmin = dbMatch.captured(1).toDouble(&aminOk);
    if (!aminOk || m.dbAmin <= 0 || !db.value(QStringLiteral("top_db")).isNull() ||
        db.value(QStringLiteral("ref")).toDouble(0) != 1.0)
        return r.fail(
            QStringLiteral("preprocessing.7_db: expected formula 10*log10(max(mel, amin)), ref 1, top_db null"));

    if (r.positiveInt(track, QStringLiteral("chunk_samples"), QStringLiteral("track_inference.chunk_samples")) !=
        m.chunkSamples)
        return r.fail(QStringLiteral("track_inference.chunk_samples differs from input.chunk_samples"));
    static const QRegularExpression chunksRe(QStringLiteral("n_chunks\\s*=\\s*(\\d+)"));
    const QString protocol = track.value(QStringLiteral("protocol_of_reported_metrics")).toString();
    const QRegularExpressionMatch chunksMatch = chunksRe.match(protocol);
    if (!chunksMatch.hasMatch() || !protocol.contains(QLatin1String("arithmetic mean")))
        return r.fail(QStringLiteral("track_inference.protocol_of_reported_metrics: expected 'n_chunks = N' "
                                     "averaged by arithmetic mean"));
    m.trackChunks = chunksMatch.captured(1).toInt();
    if (m.trackChunks < 1 || m.trackChunks > 4096)
        return r.fail(QStringLiteral("track_inference: n_chunks %1 out of range").arg(m.trackChunks));

    const int outSize = r.positiveInt(output, QStringLiteral("size"), QStringLiteral("output.size"));
    if (!r.ok)
        return false;
    if (!output.value(QStringLiteral("activation")).toString().startsWith(QLatin1String("sigmoid")))
        return r.fail(QStringLiteral("output.activation: only sigmoid is supported"));
    for (const QJsonValue &t : output.value(QStringLiteral("tags")).toArray())
        m.tags.append(t.toString());
    if (m.tags.size() != outSize || m.tags.contains(QString()))
        return r.fail(
            QStringLiteral("output.tags must hold %1 non-empty names (has %2)").arg(outSize).arg(m.tags.size()));

    m.layers = arch.value(QStringLiteral("layers")).toArray();
    for (const QJsonValue &l : m.layers)
        m.layerNames.append(l.toObject().value(QStringLiteral("name")).toString());
    if (m.layerNames.isEmpty())
        return r.fail(QStringLiteral("architecture.layers is empty"));

    for (auto it = tensors.begin(); it != tensors.end(); ++it) {
        std::vector<int64_t> shape;
        for (const QJsonValue &d : it.value().toObject().value(QStringLiteral("shape")).toArray())
            shape.push_back(int64_t(d.toDouble()));
        if (shape.empty())
            return r.fail(QStringLiteral("tensors.%1 has no shape").arg(it.key()));
        m.tensorShapes[it.key().toStdString()] = shape;
    }
    if (m.tensorShapes.empty())
        return r.fail(QStringLiteral("\"tensors\" is empty"));
    *out = m;
    return true;
}

} // namespace mirlo
