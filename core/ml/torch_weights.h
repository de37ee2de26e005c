#pragma once
// Internal to mirlo_ml (includes torch; not a public header): safetensors
// tensors as torch tensors and PyTorch's inference BatchNorm, shared by the
// saliency networks rebuilt from the pretrained taggers' weights.
#include "core/model/safetensors.h"

#include <torch/torch.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace mirlo::ml {

// y = (x - running_mean) / sqrt(running_var + eps) * weight + bias per channel (dim 1), eps 1e-5.
struct InferenceBatchNorm {
    static constexpr double kEps = 1e-5;
    torch::Tensor weight, bias, mean, var;
    torch::Tensor operator()(const torch::Tensor &x) const
    {
        return torch::batch_norm(x, weight, bias, mean, var, /*training=*/false, 0.1, kEps, false);
    }
};

// A float copy of tensor `name`; throws std::runtime_error when it is missing.
inline torch::Tensor loadTensor(const SafeTensors &st, const std::string &name)
{
    const TensorView *v = st.find(name);
    if (!v)
        throw std::runtime_error("tensor " + name + " is missing");
    std::vector<float> values = st.floats(name);
    return torch::from_blob(values.data(), v->shape, torch::kFloat).clone();
}

// <prefix>.weight / .bias / .running_mean / .running_var.
inline InferenceBatchNorm loadBatchNorm(const SafeTensors &st, const std::string &prefix)
{
    return {loadTensor(st, prefix + ".weight"), loadTensor(st, prefix + ".bias"),
            loadTensor(st, prefix + ".running_mean"), loadTensor(st, prefix + ".running_var")};
}

// Input gradient of a tagger: x (requires_grad) -> logits z (batch x tags) -> sigmoid. Back-
// propagates the batch sum of column `tag` of z (logit) or sigmoid(z); batch items are
// independent at inference, so each item's gradient is its own. *probs (optional): sigmoid(z).
inline std::vector<float> sigmoidTaggerInputGradient(const torch::Tensor &x, const torch::Tensor &z, int tag,
                                                     bool logit, std::vector<float> *probs)
{
    const torch::Tensor p = torch::sigmoid(z);
    (logit ? z : p).select(1, tag).sum().backward();
    if (probs) {
        const torch::Tensor pc = p.detach().contiguous();
        probs->assign(pc.data_ptr<float>(), pc.data_ptr<float>() + pc.numel());
    }
    const torch::Tensor g = x.grad().contiguous();
    return std::vector<float>(g.data_ptr<float>(), g.data_ptr<float>() + g.numel());
}

} // namespace mirlo::ml
