#include "core/model/tutorial_cnn_inference.h"

#include "core/model/safetensors.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <cmath>

namespace mirlo {

namespace {

constexpr double kKerasBnEpsilon = 1e-3;

float activate(float v, CnnActivation a)
{
    switch (a) {
    case CnnActivation::ReLU:
        return std::max(0.0f, v);
    case CnnActivation::Elu:
        return v > 0.0f ? v : std::expm1(v);
    case CnnActivation::Sigmoid:
        return float(1.0 / (1.0 + std::exp(-double(v))));
    default:
        return v; // Linear; Softmax is handled over the whole vector
    }
}

// Activation maps are channel-major: x[(c * h + y) * w + x].
struct Tensor3 {
    int c = 1, h = 0, w = 0;
    std::vector<float> v;
};

} // namespace

std::unique_ptr<TutorialCnnInference> TutorialCnnInference::load(const QString &dir, QString *error)
{
    auto model = std::unique_ptr<TutorialCnnInference>(new TutorialCnnInference);
    if (!loadTutorialCnnSpec(dir, &model->m_spec, error))
        return nullptr;
    SafeTensors st;
    const QString weights = QDir(dir).filePath(QStringLiteral("weights.safetensors"));
    if (!st.load(weights, error))
        return nullptr;
    const std::vector<CnnTensorSpec> specs = cnnTensorSpecs(model->m_spec);
    for (const CnnTensorSpec &t : specs)
        if (!st.expectFloats(t.name, t.shape, model->m_tensors[t.name], error))
            return nullptr;
    if (st.names().size() != specs.size()) {
        if (error)
            *error = QStringLiteral("%1: %2 tensors, architecture '%3' has %4")
                         .arg(weights)
                         .arg(st.names().size())
                         .arg(model->m_spec.name)
                         .arg(specs.size());
        return nullptr;
    }
    const QString scalerPath = QDir(dir).filePath(QStringLiteral("scaler.safetensors"));
    if (QFileInfo::exists(scalerPath)) {
        SafeTensors sc;
        const std::vector<int64_t> shape{model->m_spec.inputBands, model->m_spec.inputFrames};
        if (!sc.load(scalerPath, error) || !sc.expectFloats("mean", shape, model->m_mean, error) ||
            !sc.expectFloats("scale", shape, model->m_scale, error))
            return nullptr;
        for (float s : model->m_scale)
            if (!(s > 0.0f) || !std::isfinite(s)) {
                if (error)
                    *error = QStringLiteral("%1: scale values must be positive").arg(scalerPath);
                return nullptr;
            }
    }
    return model;
}

std::vector<float> TutorialCnnInference::predict(const std::vector<float> &patch) const
{
    const int bands = m_spec.inputBands, frames = m_spec.inputFrames;
    if (int64_t(patch.size()) != int64_t(bands) * frames)
        return {};
    Tensor3 x{1, bands, frames, patch};
    if (hasScaler())
        for (size_t i = 0; i < x.v.size(); ++i)
            x.v[i] = (x.v[i] - m_mean[i]) / m_scale[i];
    bool flat = false;
    std::vector<float> out;
    for (size_t li = 0; li < m_spec.layers.size(); ++li) {
        const CnnLayerSpec &l = m_spec.layers[li];
        const std::string p = l.name + ".";
        auto T = [&](const char *n) -> const std::vector<float> & { return m_tensors.at(p + n); };
        switch (l.kind) {
        case CnnLayerKind::FreqBatchNorm:
        case CnnLayerKind::BatchNorm: {
            const auto &g = T("weight"), &b = T("bias"), &m = T("running_mean"), &var = T("running_var");
            const bool perBand = l.kind == CnnLayerKind::FreqBatchNorm;
            const int per = flat ? 1 : x.h * x.w;
            for (size_t i = 0; i < x.v.size(); ++i) {
                const size_t k = flat ? i : perBand ? (i / size_t(x.w)) % size_t(x.h) : i / size_t(per);
                x.v[i] = float((x.v[i] - m[k]) / std::sqrt(double(var[k]) + kKerasBnEpsilon) * g[k] + b[k]);
            }
            break;
        }
        case CnnLayerKind::Conv2D: {
            const auto &k = T("weight"), &b = T("bias");
            const int ph = l.samePadding ? l.kernelH / 2 : 0, pw = l.samePadding ? l.kernelW / 2 : 0;
            const int oh = x.h + 2 * ph - l.kernelH + 1, ow = x.w + 2 * pw - l.kernelW + 1;
            Tensor3 y{l.units, oh, ow, std::vector<float>(size_t(l.units) * oh * ow)};
            std::vector<double> acc(size_t(oh) * ow);
            for (int o = 0; o < l.units; ++o) {
                std::fill(acc.begin(), acc.end(), double(b[o]));
                for (int i = 0; i < x.c; ++i)
                    for (int dr = 0; dr < l.kernelH; ++dr)
                        for (int dc = 0; dc < l.kernelW; ++dc) {
                            const double wk = k[((size_t(o) * x.c + i) * l.kernelH + dr) * l.kernelW + dc];
                            for (int r = 0; r < oh; ++r) {
                                const int rr = r + dr - ph;
                                if (rr < 0 || rr >= x.h)
                                    continue;
                                const float *src = x.v.data() + (size_t(i) * x.h + rr) * x.w;
                                double *dst = acc.data() + size_t(r) * ow;
                                const int c0 = std::max(0, pw - dc), c1 = std::min(ow, x.w + pw - dc);
                                for (int c = c0; c < c1; ++c)
                                    dst[c] += wk * src[c + dc - pw];
                            }
                        }
                for (size_t j = 0; j < acc.size(); ++j)
                    y.v[size_t(o) * oh * ow + j] = activate(float(acc[j]), l.activation);
            }
            x = std::move(y);
            break;
        }
        case CnnLayerKind::Activation:
            for (float &v : x.v)
                v = activate(v, l.activation);
            break;
        case CnnLayerKind::MaxPool: {
            const int oh = x.h / l.poolH, ow = x.w / l.poolW;
            Tensor3 y{x.c, oh, ow, std::vector<float>(size_t(x.c) * oh * ow)};
            for (int c = 0; c < x.c; ++c)
                for (int r = 0; r < oh; ++r)
                    for (int cc = 0; cc < ow; ++cc) {
                        float m = -INFINITY;
                        for (int a = 0; a < l.poolH; ++a)
                            for (int bb = 0; bb < l.poolW; ++bb)
                                m = std::max(m, x.v[(size_t(c) * x.h + r * l.poolH + a) * x.w + cc * l.poolW + bb]);
                        y.v[(size_t(c) * oh + r) * ow + cc] = m;
                    }
            x = std::move(y);
            break;
        }
        case CnnLayerKind::Flatten: {
            std::vector<float> f; // Keras channels-last order (h, w, c)
            f.reserve(x.v.size());
            for (int r = 0; r < x.h; ++r)
                for (int cc = 0; cc < x.w; ++cc)
                    for (int c = 0; c < x.c; ++c)
                        f.push_back(x.v[(size_t(c) * x.h + r) * x.w + cc]);
            x = Tensor3{1, int(f.size()), 1, std::move(f)};
            flat = true;
            break;
        }
        case CnnLayerKind::Dropout:
            break;
        case CnnLayerKind::Dense: {
            const auto &k = T("weight"), &b = T("bias");
            const size_t in = x.v.size();
            std::vector<float> y(size_t(l.units));
            for (int u = 0; u < l.units; ++u) {
                double acc = b[u];
                const float *row = k.data() + size_t(u) * in;
                for (size_t i = 0; i < in; ++i)
                    acc += double(row[i]) * x.v[i];
                y[u] = l.activation == CnnActivation::Softmax ? float(acc) : activate(float(acc), l.activation);
            }
            if (l.activation == CnnActivation::Softmax) {
                const float mx = *std::max_element(y.begin(), y.end());
                double sum = 0.0;
                for (float &v : y)
                    sum += (v = std::exp(v - mx));
                for (float &v : y)
                    v = float(v / sum);
            }
            x = Tensor3{1, l.units, 1, std::move(y)};
            break;
        }
        }
    }
    out = std::move(x.v);
    return out;
}

} // namespace mirlo
