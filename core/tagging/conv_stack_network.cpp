#include "core/tagging/conv_stack_network.h"

#include "core/model/safetensors.h"
#include "core/tagging/tagger_manifest.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

namespace mirlo {

namespace {

constexpr double kBnEps = 1e-5;

QJsonObject findLayer(const TaggerManifest &m, const QString &name)
{
    for (const QJsonValue &l : m.layers)
        if (l.toObject().value(QStringLiteral("name")).toString() == name)
            return l.toObject();
    return {};
}

// [a, b] pairs of the manifest ([freq, time]); false when not two positive/non-negative ints.
bool pair(const QJsonValue &v, int &a, int &b, int minValue)
{
    const QJsonArray arr = v.toArray();
    if (arr.size() != 2)
        return false;
    a = arr.at(0).toInt(-1);
    b = arr.at(1).toInt(-1);
    return a >= minValue && b >= minValue;
}

double sigmoid(double x)
{
    return 1.0 / (1.0 + std::exp(-x));
}

} // namespace

bool ConvStackNetwork::matches(const TaggerManifest &manifest)
{
    return manifest.layerNames.contains(QLatin1String("spec_bn")) &&
           manifest.layerNames.contains(QLatin1String("layer1")) &&
           manifest.layerNames.contains(QLatin1String("dense")) &&
           findLayer(manifest, QStringLiteral("layer1"))
               .value(QStringLiteral("op"))
               .toString()
               .startsWith(QLatin1String("Conv2d"));
}

std::unique_ptr<ConvStackNetwork> ConvStackNetwork::create(const TaggerManifest &manifest, const SafeTensors &st,
                                                           const QString &fileName, QString *error)
{
    auto net = std::unique_ptr<ConvStackNetwork>(new ConvStackNetwork);
    net->m_frames = manifest.melFrames;
    net->m_bands = manifest.nMels;
    net->m_out = int(manifest.tags.size());
    bool ok = true;
    auto fail = [&](const QString &why) -> std::unique_ptr<ConvStackNetwork> {
        if (error)
            *error = QStringLiteral("%1: %2").arg(fileName, why);
        return nullptr;
    };
    auto get = [&](const std::string &name, const std::vector<int64_t> &shape) {
        std::vector<float> v;
        if (ok && !st.expectFloats(name, shape, v, error))
            ok = false;
        return v;
    };
    auto bn = [&](const std::string &prefix, int64_t n, std::vector<double> &scale, std::vector<double> &shift) {
        const std::vector<float> g = get(prefix + ".weight", {n}), b = get(prefix + ".bias", {n}),
                                 m = get(prefix + ".running_mean", {n}), v = get(prefix + ".running_var", {n});
        if (!ok)
            return;
        scale.resize(size_t(n));
        shift.resize(size_t(n));
        for (size_t c = 0; c < size_t(n); ++c) {
            scale[c] = double(g[c]) / std::sqrt(double(v[c]) + kBnEps);
            shift[c] = double(b[c]) - double(m[c]) * scale[c];
        }
    };

    std::vector<double> s, h;
    bn("spec_bn", 1, s, h);
    if (!ok)
        return nullptr;
    net->m_specScale = float(s[0]);
    net->m_specShift = float(h[0]);

    int in = 1, frames = net->m_frames, bands = net->m_bands;
    for (int i = 1;; ++i) {
        const QString name = QStringLiteral("layer%1").arg(i);
        const QJsonObject layer = findLayer(manifest, name);
        if (!layer.value(QStringLiteral("op")).toString().startsWith(QLatin1String("Conv2d")))
            break;
        const std::string prefix = name.toStdString();
        const QJsonObject conv = layer.value(QStringLiteral("conv")).toObject();
        const QJsonObject pool = layer.value(QStringLiteral("maxpool")).toObject();
        Block b;
        int strideF = 0, strideT = 0, poolStrideF = 0, poolStrideT = 0;
        if (!pair(conv.value(QStringLiteral("kernel")), b.kh, b.kw, 1) ||
            !pair(conv.value(QStringLiteral("padding")), b.padF, b.padT, 0) ||
            !pair(conv.value(QStringLiteral("stride")), strideF, strideT, 1) || strideF != 1 || strideT != 1 ||
            !pair(pool.value(QStringLiteral("kernel")), b.poolF, b.poolT, 1) ||
            !pair(pool.value(QStringLiteral("stride")), poolStrideF, poolStrideT, 1) || poolStrideF != b.poolF ||
            poolStrideT != b.poolT)
            return fail(
                QStringLiteral("%1: only stride-1 Conv2d with non-overlapping MaxPool2d is supported").arg(name));
        const TensorView *v = st.find(prefix + ".conv.weight");
        if (!v || v->shape.size() != 4)
            return fail(QStringLiteral("tensor %1.conv.weight is missing or not 4-D").arg(name));
        b.in = in;
        b.out = int(v->shape[0]);
        const std::vector<float> w = get(prefix + ".conv.weight", {b.out, b.in, b.kh, b.kw});
        const std::vector<float> bias = get(prefix + ".conv.bias", {b.out});
        bn(prefix + ".bn", b.out, s, h);
        if (!ok)
            return nullptr;
        const int convBands = bands + 2 * b.padF - b.kh + 1, convFrames = frames + 2 * b.padT - b.kw + 1;
        if (convBands / b.poolF < 1 || convFrames / b.poolT < 1)
            return fail(QStringLiteral("%1: input %2 x %3 too small for its kernel and pooling")
                            .arg(name)
                            .arg(bands)
                            .arg(frames));
        const int k = b.kw * b.kh * b.in;
        std::vector<float> packed(size_t(k) * size_t(b.out)), fb(static_cast<size_t>(b.out));
        for (int o = 0; o < b.out; ++o) {
            for (int c = 0; c < b.in; ++c)
                for (int jf = 0; jf < b.kh; ++jf)
                    for (int it = 0; it < b.kw; ++it)
                        packed[size_t((it * b.kh + jf) * b.in + c) * size_t(b.out) + size_t(o)] = float(
                            double(
                                w[((size_t(o) * size_t(b.in) + size_t(c)) * size_t(b.kh) + size_t(jf)) * size_t(b.kw) +
                                  size_t(it)]) *
                            s[size_t(o)]);
            fb[size_t(o)] = float(double(bias[size_t(o)]) * s[size_t(o)] + h[size_t(o)]);
        }
        b.w.pack(packed.data(), k, b.out, b.out, fb.data());
        bands = convBands / b.poolF;
        frames = convFrames / b.poolT;
        in = b.out;
        net->m_blocks.push_back(std::move(b));
    }
    if (net->m_blocks.empty())
        return fail(QStringLiteral("no Conv2d blocks layer1..N"));

    // Head: optional GRU over time (frequency must be pooled to 1), then dense.
    const QString gruName = QStringLiteral("layer%1").arg(net->m_blocks.size() + 1);
    const QJsonObject gruLayer = findLayer(manifest, gruName);
    int denseIn = in * bands * frames;
    if (gruLayer.value(QStringLiteral("op")).toString() == QLatin1String("GRU")) {
        if (bands != 1)
            return fail(
                QStringLiteral("%1: the GRU needs the frequency axis pooled to 1 (is %2)").arg(gruName).arg(bands));
        if (gruLayer.value(QStringLiteral("bidirectional")).toBool() ||
            !gruLayer.value(QStringLiteral("batch_first")).toBool())
            return fail(QStringLiteral("%1: only a unidirectional batch_first GRU is supported").arg(gruName));
        const int hidden = gruLayer.value(QStringLiteral("hidden_size")).toInt();
        const int layers = gruLayer.value(QStringLiteral("num_layers")).toInt();
        if (hidden < 1 || layers < 1 || gruLayer.value(QStringLiteral("input_size")).toInt() != in)
            return fail(QStringLiteral("%1: hidden_size / num_layers / input_size inconsistent").arg(gruName));
        const std::string prefix = gruName.toStdString();
        int gin = in;
        for (int l = 0; l < layers; ++l) {
            const std::string sfx = "_l" + std::to_string(l);
            Gru g;
            g.in = gin;
            g.hidden = hidden;
            g.wih = get(prefix + ".weight_ih" + sfx, {3 * hidden, gin});
            g.whh = get(prefix + ".weight_hh" + sfx, {3 * hidden, hidden});
            g.bih = get(prefix + ".bias_ih" + sfx, {3 * hidden});
            g.bhh = get(prefix + ".bias_hh" + sfx, {3 * hidden});
            if (!ok)
                return nullptr;
            net->m_gru.push_back(std::move(g));
            gin = hidden;
        }
        denseIn = hidden;
    } else if (bands != 1 || frames != 1) {
        return fail(QStringLiteral("the last block leaves %1 x %2 (freq x time); flatten expects 1 x 1")
                        .arg(bands)
                        .arg(frames));
    }
    net->m_denseIn = denseIn;
    net->m_denseW = get("dense.weight", {net->m_out, denseIn});
    net->m_denseB = get("dense.bias", {net->m_out});
    if (!ok)
        return nullptr;
    return net;
}

void ConvStackNetwork::forward(const float *mel, float *probs, ConvStackTrace *trace) const
{
    int frames = m_frames, bands = m_bands, channels = 1;
    std::vector<float> x(size_t(frames) * size_t(bands));
    for (size_t i = 0; i < x.size(); ++i)
        x[i] = mel[i] * m_specScale + m_specShift;

    std::vector<float> padded, patches, result;
    for (const Block &b : m_blocks) {
        // Zero-padded input [frames + 2 padT][bands + 2 padF][channels].
        const int pf = bands + 2 * b.padF, pt = frames + 2 * b.padT;
        padded.assign(size_t(pf) * size_t(pt) * size_t(channels), 0.f);
        for (int t = 0; t < frames; ++t)
            std::memcpy(padded.data() + (size_t(t + b.padT) * size_t(pf) + size_t(b.padF)) * size_t(channels),
                        x.data() + size_t(t) * size_t(bands) * size_t(channels),
                        size_t(bands) * size_t(channels) * sizeof(float));
        const int convF = pf - b.kh + 1, convT = pt - b.kw + 1;
        const int outF = convF / b.poolF, outT = convT / b.poolT;
        const int usedF = outF * b.poolF; // pooling drops the remainder, so those rows are never computed
        const int k = b.kw * b.kh * channels;
        const int rowLen = b.kh * channels; // one time tap of a patch is contiguous
        std::vector<float> y(size_t(outT) * size_t(outF) * size_t(b.out));
        // Blocks of whole pooling windows in time (~16 conv frames).
        const int poolsPerBlock = std::max(1, 16 / b.poolT);
        patches.resize(size_t(poolsPerBlock * b.poolT) * size_t(usedF) * size_t(k));
        result.resize(size_t(poolsPerBlock * b.poolT) * size_t(usedF) * size_t(b.w.paddedCols));
        for (int p0 = 0; p0 < outT; p0 += poolsPerBlock) {
            const int np = std::min(poolsPerBlock, outT - p0);
            const int t0 = p0 * b.poolT, nt = np * b.poolT;
            for (int t = 0; t < nt; ++t)
                for (int f = 0; f < usedF; ++f) {
                    float *dst = patches.data() + (size_t(t) * size_t(usedF) + size_t(f)) * size_t(k);
                    for (int i = 0; i < b.kw; ++i)
                        std::memcpy(dst + size_t(i * rowLen),
                                    padded.data() + (size_t(t0 + t + i) * size_t(pf) + size_t(f)) * size_t(channels),
                                    size_t(rowLen) * sizeof(float));
                }
            nn::gemmBias(patches.data(), nt * usedF, k, b.w, result.data(), b.w.paddedCols);
            // ReLU(max) == max(ReLU) over each pooling window.
            for (int p = 0; p < np; ++p)
                for (int g = 0; g < outF; ++g) {
                    float *out = y.data() + (size_t(p0 + p) * size_t(outF) + size_t(g)) * size_t(b.out);
                    for (int o = 0; o < b.out; ++o)
                        out[o] = 0.f;
                    for (int dt = 0; dt < b.poolT; ++dt)
                        for (int df = 0; df < b.poolF; ++df) {
                            const float *r =
                                result.data() + (size_t(p * b.poolT + dt) * size_t(usedF) + size_t(g * b.poolF + df)) *
                                                    size_t(b.w.paddedCols);
                            for (int o = 0; o < b.out; ++o)
                                out[o] = std::max(out[o], r[o]);
                        }
                }
        }
        x.swap(y);
        frames = outT;
        bands = outF;
        channels = b.out;
        if (trace)
            trace->blocks.push_back({frames, bands, channels, x});
    }

    std::vector<float> features = x; // FCN: 1 x 1 x C
    if (!m_gru.empty()) {
        // x is [T'][1][C]: a sequence of T' vectors.
        std::vector<float> seq = x;
        int width = channels;
        for (const Gru &g : m_gru) {
            const int H = g.hidden;
            std::vector<float> hState(size_t(H), 0.f), next(size_t(frames) * size_t(H));
            std::vector<double> gi(size_t(3 * H)), gh(size_t(3 * H));
            for (int t = 0; t < frames; ++t) {
                const float *xt = seq.data() + size_t(t) * size_t(width);
                for (int r = 0; r < 3 * H; ++r) {
                    double a = g.bih[size_t(r)], c = g.bhh[size_t(r)];
                    for (int i = 0; i < width; ++i)
                        a += double(g.wih[size_t(r) * size_t(width) + size_t(i)]) * xt[i];
                    for (int i = 0; i < H; ++i)
                        c += double(g.whh[size_t(r) * size_t(H) + size_t(i)]) * hState[size_t(i)];
                    gi[size_t(r)] = a;
                    gh[size_t(r)] = c;
                }
                for (int u = 0; u < H; ++u) {
                    const double r = sigmoid(gi[size_t(u)] + gh[size_t(u)]);
                    const double z = sigmoid(gi[size_t(H + u)] + gh[size_t(H + u)]);
                    const double n = std::tanh(gi[size_t(2 * H + u)] + r * gh[size_t(2 * H + u)]);
                    hState[size_t(u)] = float((1.0 - z) * n + z * hState[size_t(u)]);
                }
                std::copy(hState.begin(), hState.end(), next.begin() + size_t(t) * size_t(H));
            }
            seq.swap(next);
            width = H;
        }
        features.assign(seq.end() - width, seq.end()); // top layer, last step
    }
    std::vector<float> logits(static_cast<size_t>(m_out));
    for (int o = 0; o < m_out; ++o) {
        double a = m_denseB[size_t(o)];
        for (int i = 0; i < m_denseIn; ++i)
            a += double(m_denseW[size_t(o) * size_t(m_denseIn) + size_t(i)]) * features[size_t(i)];
        logits[size_t(o)] = float(a);
        probs[o] = float(sigmoid(a));
    }
    if (trace)
        trace->logits = logits;
}

} // namespace mirlo
