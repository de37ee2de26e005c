#include "core/tagging/musicnn_network.h"

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

// Reads tensors with shape checks; the first failure is kept in *error.
struct Loader {
    const SafeTensors &st;
    QString *error;
    bool ok = true;

    std::vector<float> get(const std::string &name, const std::vector<int64_t> &shape)
    {
        std::vector<float> v;
        if (ok && !st.expectFloats(name, shape, v, error))
            ok = false;
        return v;
    }
    const TensorView *view(const std::string &name)
    {
        const TensorView *v = st.find(name);
        if (!v && ok) {
            if (error)
                *error = QStringLiteral("weights.safetensors: tensor %1 is missing").arg(QString::fromStdString(name));
            ok = false;
        }
        return v;
    }
    // Inference BatchNorm as y = x * scale + shift (double precision).
    void batchNorm(const std::string &prefix, int64_t channels, std::vector<double> &scale, std::vector<double> &shift)
    {
        const std::vector<float> g = get(prefix + ".weight", {channels}), b = get(prefix + ".bias", {channels}),
                                 m = get(prefix + ".running_mean", {channels}),
                                 v = get(prefix + ".running_var", {channels});
        if (!ok)
            return;
        scale.resize(size_t(channels));
        shift.resize(size_t(channels));
        for (size_t c = 0; c < size_t(channels); ++c) {
            scale[c] = double(g[c]) / std::sqrt(double(v[c]) + kBnEps);
            shift[c] = double(b[c]) - double(m[c]) * scale[c];
        }
    }
};

QJsonObject findLayer(const TaggerManifest &m, const QString &name)
{
    for (const QJsonValue &l : m.layers)
        if (l.toObject().value(QStringLiteral("name")).toString() == name)
            return l.toObject();
    return {};
}

// conv.padding of a layer along time (last entry for Conv2d [freq, time]); -1 when absent.
int timePadding(const QJsonObject &layer)
{
    const QJsonValue p = layer.value(QStringLiteral("conv")).toObject().value(QStringLiteral("padding"));
    if (p.isArray()) {
        const QJsonArray a = p.toArray();
        if (a.size() != 2 || a.at(0).toInt(-1) != 0)
            return -1; // frequency padding is not part of this architecture
        return a.at(1).toInt(-1);
    }
    return p.isDouble() ? p.toInt(-1) : -1;
}

inline float relu(float x)
{
    return x > 0.f ? x : 0.f;
}

} // namespace

bool MusicnnNetwork::matches(const TaggerManifest &manifest)
{
    for (const char *n :
         {"spec_bn", "layers.0", "layers.1", "layers.2", "layer1", "layer2", "layer3", "dense1", "bn", "dense2"})
        if (!manifest.layerNames.contains(QLatin1String(n)))
            return false;
    return true;
}

std::unique_ptr<MusicnnNetwork> MusicnnNetwork::create(const TaggerManifest &manifest, const SafeTensors &weights,
                                                       const QString &fileName, QString *error)
{
    auto net = std::unique_ptr<MusicnnNetwork>(new MusicnnNetwork);
    net->m_frames = manifest.melFrames;
    net->m_bands = manifest.nMels;
    net->m_out = int(manifest.tags.size());
    Loader ld{weights, error};
    auto fail = [&](const QString &why) -> std::unique_ptr<MusicnnNetwork> {
        if (error)
            *error = QStringLiteral("%1: %2").arg(fileName, why);
        return nullptr;
    };

    std::vector<double> s, h;
    ld.batchNorm("spec_bn", 1, s, h);
    if (!ld.ok)
        return nullptr;
    net->m_specScale = float(s[0]);
    net->m_specShift = float(h[0]);

    // Front end: "layers.N" are vertical (4-D weight) or temporal (3-D weight) branches.
    for (int i = 0; manifest.layerNames.contains(QStringLiteral("layers.%1").arg(i)); ++i) {
        const std::string prefix = "layers." + std::to_string(i);
        const TensorView *v = ld.view(prefix + ".conv.weight");
        if (!v)
            return nullptr;
        const int pad = timePadding(findLayer(manifest, QString::fromStdString(prefix)));
        const int64_t outC = v->shape.empty() ? 0 : v->shape[0];
        if (v->shape.size() == 4 && v->shape[1] == 1) {
            Vertical b;
            b.channels = int(outC);
            b.kh = int(v->shape[2]);
            b.kw = int(v->shape[3]);
            b.pad = pad;
            if (b.kh > net->m_bands || 2 * b.pad != b.kw - 1)
                return fail(QStringLiteral("%1: kernel %2x%3 with time padding %4 does not fit %5 mel bands / keep "
                                           "the frame count")
                                .arg(QString::fromStdString(prefix))
                                .arg(b.kh)
                                .arg(b.kw)
                                .arg(pad)
                                .arg(net->m_bands));
            const std::vector<float> w = ld.get(prefix + ".conv.weight", v->shape);
            const std::vector<float> bias = ld.get(prefix + ".conv.bias", {outC});
            ld.batchNorm(prefix + ".bn", outC, s, h);
            if (!ld.ok)
                return nullptr;
            const int k = b.kh * b.kw;
            std::vector<float> packed(size_t(k) * size_t(outC)), fb(static_cast<size_t>(outC));
            for (int o = 0; o < outC; ++o) {
                for (int ii = 0; ii < b.kh; ++ii)
                    for (int j = 0; j < b.kw; ++j)
                        packed[size_t(j * b.kh + ii) * size_t(outC) + size_t(o)] =
                            float(double(w[(size_t(o) * size_t(b.kh) + size_t(ii)) * size_t(b.kw) + size_t(j)]) *
                                  s[size_t(o)]);
                fb[size_t(o)] = float(double(bias[size_t(o)]) * s[size_t(o)] + h[size_t(o)]);
            }
            b.w.pack(packed.data(), k, int(outC), int(outC), fb.data());
            net->m_vertical.push_back(std::move(b));
        } else if (v->shape.size() == 3 && v->shape[1] == 1) {
            Temporal b;
            b.channels = int(outC);
            b.k = int(v->shape[2]);
            b.pad = pad;
            if (2 * b.pad != b.k - 1)
                return fail(QStringLiteral("%1: kernel %2 with padding %3 does not keep the frame count")
                                .arg(QString::fromStdString(prefix))
                                .arg(b.k)
                                .arg(pad));
            const std::vector<float> w = ld.get(prefix + ".conv.weight", v->shape);
            const std::vector<float> bias = ld.get(prefix + ".conv.bias", {outC});
            ld.batchNorm(prefix + ".bn", outC, s, h);
            if (!ld.ok)
                return nullptr;
            b.w.resize(w.size());
            b.b.resize(size_t(outC));
            for (int o = 0; o < outC; ++o) {
                for (int j = 0; j < b.k; ++j)
                    b.w[size_t(o * b.k + j)] = float(double(w[size_t(o * b.k + j)]) * s[size_t(o)]);
                b.b[size_t(o)] = float(double(bias[size_t(o)]) * s[size_t(o)] + h[size_t(o)]);
            }
            net->m_temporal.push_back(std::move(b));
        } else {
            return fail(QStringLiteral("tensor %1.conv.weight: expected [C, 1, kH, kW] or [C, 1, k]")
                            .arg(QString::fromStdString(prefix)));
        }
        net->m_frontChannels += int(outC);
    }
    if (net->m_vertical.empty() && net->m_temporal.empty())
        return fail(QStringLiteral("no front-end branches layers.N"));

    // Back end: layer1..3, Conv1d + BN (+ ReLU, residual from layer2 on).
    int in = net->m_frontChannels;
    for (int i = 1; i <= 3; ++i) {
        const std::string prefix = "layer" + std::to_string(i);
        const TensorView *v = ld.view(prefix + ".conv.weight");
        if (!v)
            return nullptr;
        if (v->shape.size() != 3 || v->shape[1] != in)
            return fail(QStringLiteral("tensor %1.conv.weight: expected [C, %2, k]")
                            .arg(QString::fromStdString(prefix))
                            .arg(in));
        Block b;
        b.in = in;
        b.out = int(v->shape[0]);
        b.k = int(v->shape[2]);
        b.pad = timePadding(findLayer(manifest, QString::fromStdString(prefix)));
        // The next block reads this one's output rows in place (row stride = paddedCols = out).
        if (2 * b.pad != b.k - 1 || (i > 1 && b.out != in) || b.out % 16 != 0)
            return fail(QStringLiteral("%1: padding/channels do not keep the frame count or the residual shape")
                            .arg(QString::fromStdString(prefix)));
        const std::vector<float> w = ld.get(prefix + ".conv.weight", v->shape);
        const std::vector<float> bias = ld.get(prefix + ".conv.bias", {b.out});
        ld.batchNorm(prefix + ".bn", b.out, s, h);
        if (!ld.ok)
            return nullptr;
        const int k = b.k * b.in;
        std::vector<float> packed(size_t(k) * size_t(b.out)), fb(static_cast<size_t>(b.out));
        for (int o = 0; o < b.out; ++o) {
            for (int c = 0; c < b.in; ++c)
                for (int j = 0; j < b.k; ++j)
                    packed[size_t(j * b.in + c) * size_t(b.out) + size_t(o)] = float(
                        double(w[(size_t(o) * size_t(b.in) + size_t(c)) * size_t(b.k) + size_t(j)]) * s[size_t(o)]);
            fb[size_t(o)] = float(double(bias[size_t(o)]) * s[size_t(o)] + h[size_t(o)]);
        }
        b.w.pack(packed.data(), k, b.out, b.out, fb.data());
        net->m_blocks.push_back(std::move(b));
        in = net->m_blocks.back().out;
    }

    // Dense head: dense1 (+ bn folded), dense2.
    const int pooled = 2 * (net->m_frontChannels + 3 * in);
    const TensorView *d1 = ld.view("dense1.weight");
    if (!d1)
        return nullptr;
    if (d1->shape.size() != 2 || d1->shape[1] != pooled)
        return fail(QStringLiteral("tensor dense1.weight: expected [N, %1]").arg(pooled));
    const int hidden = int(d1->shape[0]);
    const std::vector<float> w1 = ld.get("dense1.weight", d1->shape), b1 = ld.get("dense1.bias", {hidden});
    ld.batchNorm("bn", hidden, s, h);
    const std::vector<float> w2 = ld.get("dense2.weight", {net->m_out, hidden}),
                             b2 = ld.get("dense2.bias", {net->m_out});
    if (!ld.ok)
        return nullptr;
    std::vector<float> t1(size_t(pooled) * size_t(hidden)), fb1(static_cast<size_t>(hidden));
    for (int o = 0; o < hidden; ++o) {
        for (int c = 0; c < pooled; ++c)
            t1[size_t(c) * size_t(hidden) + size_t(o)] =
                float(double(w1[size_t(o) * size_t(pooled) + size_t(c)]) * s[size_t(o)]);
        fb1[size_t(o)] = float(double(b1[size_t(o)]) * s[size_t(o)] + h[size_t(o)]);
    }
    net->m_dense1.pack(t1.data(), pooled, hidden, hidden, fb1.data());
    std::vector<float> t2(size_t(hidden) * size_t(net->m_out));
    for (int o = 0; o < net->m_out; ++o)
        for (int c = 0; c < hidden; ++c)
            t2[size_t(c) * size_t(net->m_out) + size_t(o)] = w2[size_t(o) * size_t(hidden) + size_t(c)];
    net->m_dense2.pack(t2.data(), hidden, net->m_out, net->m_out, b2.data());
    return net;
}

void MusicnnNetwork::forward(const float *mel, float *probs, MusicnnTrace *trace) const
{
    const int T = m_frames, F = m_bands;
    // spec_bn, time-padded by the widest vertical kernel's padding (zeros = the convs' padding).
    int padV = 0;
    for (const Vertical &b : m_vertical)
        padV = std::max(padV, b.pad);
    std::vector<float> x(size_t(T + 2 * padV) * size_t(F), 0.f);
    std::vector<float> bandMean(static_cast<size_t>(T));
    for (int t = 0; t < T; ++t) {
        float *row = x.data() + size_t(t + padV) * size_t(F);
        double sum = 0;
        for (int f = 0; f < F; ++f) {
            row[f] = mel[size_t(t) * size_t(F) + size_t(f)] * m_specScale + m_specShift;
            sum += row[f];
        }
        bandMean[size_t(t)] = float(sum / F);
    }

    // Front end into the interior of a time-padded buffer, so the first back-end conv reads it in place.
    const int C = m_frontChannels;
    const int padB = m_blocks.front().pad;
    std::vector<float> front(size_t(T + 2 * padB) * size_t(C), 0.f);
    auto frontRow = [&](int t) { return front.data() + size_t(t + padB) * size_t(C); };
    int col = 0;
    constexpr int kBlockFrames = 8;
    std::vector<float> patches, result;
    for (const Vertical &b : m_vertical) {
        const int fo = F - b.kh + 1;
        const int k = b.kh * b.kw;
        patches.resize(size_t(kBlockFrames) * size_t(fo) * size_t(k));
        result.resize(size_t(kBlockFrames) * size_t(fo) * size_t(b.w.paddedCols));
        for (int t0 = 0; t0 < T; t0 += kBlockFrames) {
            const int n = std::min(kBlockFrames, T - t0);
            for (int t = 0; t < n; ++t)
                for (int f = 0; f < fo; ++f) {
                    float *p = patches.data() + (size_t(t) * size_t(fo) + size_t(f)) * size_t(k);
                    for (int j = 0; j < b.kw; ++j)
                        std::memcpy(p + size_t(j * b.kh),
                                    x.data() + size_t(t0 + t + j + padV - b.pad) * size_t(F) + size_t(f),
                                    size_t(b.kh) * sizeof(float));
                }
            nn::gemmBias(patches.data(), n * fo, k, b.w, result.data(), b.w.paddedCols);
            // ReLU then max over frequency == max over frequency then ReLU.
            for (int t = 0; t < n; ++t) {
                float *dst = frontRow(t0 + t) + col;
                const float *r0 = result.data() + size_t(t) * size_t(fo) * size_t(b.w.paddedCols);
                for (int o = 0; o < b.channels; ++o)
                    dst[o] = r0[o];
                for (int f = 1; f < fo; ++f) {
                    const float *r = r0 + size_t(f) * size_t(b.w.paddedCols);
                    for (int o = 0; o < b.channels; ++o)
                        dst[o] = std::max(dst[o], r[o]);
                }
                for (int o = 0; o < b.channels; ++o)
                    dst[o] = relu(dst[o]);
            }
        }
        col += b.channels;
    }
    for (const Temporal &b : m_temporal) {
        for (int t = 0; t < T; ++t) {
            float *dst = frontRow(t) + col;
            const int j0 = std::max(0, b.pad - t), j1 = std::min(b.k, T + b.pad - t);
            for (int o = 0; o < b.channels; ++o) {
                const float *w = b.w.data() + size_t(o) * size_t(b.k);
                float acc = b.b[size_t(o)];
                for (int j = j0; j < j1; ++j)
                    acc += w[j] * bandMean[size_t(t + j - b.pad)];
                dst[o] = relu(acc);
            }
        }
        col += b.channels;
    }

    // Back end: res1 = block1(front), res_i = block_i(res_{i-1}) + res_{i-1}.
    std::vector<std::vector<float>> res(m_blocks.size());
    const float *prev = front.data();
    int prevCols = C;
    for (size_t i = 0; i < m_blocks.size(); ++i) {
        const Block &b = m_blocks[i];
        const int padNext = i + 1 < m_blocks.size() ? m_blocks[i + 1].pad : 0;
        res[i].assign(size_t(T + 2 * padNext) * size_t(b.w.paddedCols), 0.f);
        float *out = res[i].data() + size_t(padNext) * size_t(b.w.paddedCols);
        // Row t of the padded input starting at t is the patch [t-pad, t+pad] x channels, contiguous.
        nn::gemmBias(prev, T, prevCols, b.w, out, b.w.paddedCols);
        const int prevPad = i == 0 ? padB : b.pad;
        for (int t = 0; t < T; ++t) {
            float *r = out + size_t(t) * size_t(b.w.paddedCols);
            for (int o = 0; o < b.out; ++o)
                r[o] = relu(r[o]);
            if (i > 0) {
                const float *skip = prev + size_t(t + prevPad) * size_t(prevCols);
                for (int o = 0; o < b.out; ++o)
                    r[o] += skip[o];
            }
        }
        prev = res[i].data();
        prevCols = b.w.paddedCols;
    }

    // Max and mean over time of [front, res1, res2, res3].
    const int total = C + 3 * m_blocks.back().out;
    std::vector<float> pooled(size_t(2 * total));
    auto poolColumns = [&](const float *base, int ld, int pad, int cols, int offset) {
        for (int c = 0; c < cols; ++c) {
            float mx = base[size_t(pad) * size_t(ld) + size_t(c)];
            double sum = 0;
            for (int t = 0; t < T; ++t) {
                const float v = base[size_t(t + pad) * size_t(ld) + size_t(c)];
                mx = std::max(mx, v);
                sum += v;
            }
            pooled[size_t(offset + c)] = mx;
            pooled[size_t(total + offset + c)] = float(sum / T);
        }
    };
    poolColumns(front.data(), C, padB, C, 0);
    int offset = C;
    for (size_t i = 0; i < m_blocks.size(); ++i) {
        const int pad = i + 1 < m_blocks.size() ? m_blocks[i + 1].pad : 0;
        poolColumns(res[i].data(), m_blocks[i].w.paddedCols, pad, m_blocks[i].out, offset);
        offset += m_blocks[i].out;
    }

    std::vector<float> hidden(size_t(m_dense1.paddedCols)), logits(size_t(m_dense2.paddedCols));
    nn::gemmBias(pooled.data(), 1, int(pooled.size()), m_dense1, hidden.data(), m_dense1.paddedCols);
    for (int o = 0; o < m_dense1.outputs; ++o)
        hidden[size_t(o)] = relu(hidden[size_t(o)]);
    nn::gemmBias(hidden.data(), 1, m_dense1.outputs, m_dense2, logits.data(), m_dense2.paddedCols);
    for (int o = 0; o < m_out; ++o)
        probs[o] = float(1.0 / (1.0 + std::exp(-double(logits[size_t(o)]))));

    if (trace) {
        auto copy = [&](Matrix &m, const float *base, int ld, int pad, int cols) {
            m = Matrix(T, cols);
            for (int t = 0; t < T; ++t)
                std::memcpy(m.row(t), base + size_t(t + pad) * size_t(ld), size_t(cols) * sizeof(float));
        };
        copy(trace->frontend, front.data(), C, padB, C);
        Matrix *outs[3] = {&trace->res1, &trace->res2, &trace->res3};
        for (size_t i = 0; i < m_blocks.size() && i < 3; ++i) {
            const int pad = i + 1 < m_blocks.size() ? m_blocks[i + 1].pad : 0;
            copy(*outs[i], res[i].data(), m_blocks[i].w.paddedCols, pad, m_blocks[i].out);
        }
        trace->pooled = pooled;
        trace->dense1BnRelu.assign(hidden.begin(), hidden.begin() + m_dense1.outputs);
        trace->logits.assign(logits.begin(), logits.begin() + m_out);
    }
}

} // namespace mirlo
