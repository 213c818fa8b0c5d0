// optim/optimizer.cpp — optimizer config parsing, SGD (momentum, Nesterov) and Adam.
#include "optimizer.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "../json_parse.h"

namespace cnnlab {

namespace {

// The gradient the update uses: L2 weight decay adds wd·w to weights, never to biases.
inline float decayed_grad(const Param& p, size_t i, float wd) {
  return p.grad.data[i] + (p.decay ? wd * p.value.data[i] : 0.0f);
}

// v ← μ·v + g;  w ← w − lr·v   (Nesterov: w ← w − lr·(g + μ·v)), as torch.optim.SGD.
class Sgd : public Optimizer {
 public:
  using Optimizer::Optimizer;
  void step(const std::vector<Param*>& params) override {
    ++steps_;
    if (velocity_.size() != params.size()) velocity_.assign(params.size(), {});
    const float mu = config_.momentum, lr = config_.lr, wd = config_.weight_decay;
    for (size_t k = 0; k < params.size(); ++k) {
      Param& p = *params[k];
      if (mu == 0.0f) {
        for (size_t i = 0; i < p.value.data.size(); ++i) p.value.data[i] -= lr * decayed_grad(p, i, wd);
        continue;
      }
      std::vector<float>& v = velocity_[k];
      const bool first = v.empty();
      if (first) v.assign(p.value.data.size(), 0.0f);
      for (size_t i = 0; i < v.size(); ++i) {
        const float g = decayed_grad(p, i, wd);
        v[i] = first ? g : mu * v[i] + g;  // PyTorch starts the buffer at the first gradient
        p.value.data[i] -= lr * (config_.nesterov ? g + mu * v[i] : v[i]);
      }
    }
  }

 private:
  std::vector<std::vector<float>> velocity_;
};

// m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  m̂ = m/(1−β1ᵗ);  v̂ = v/(1−β2ᵗ);
// w ← w − lr·m̂/(√v̂ + ε), as torch.optim.Adam (the bias corrections divide).
class Adam : public Optimizer {
 public:
  using Optimizer::Optimizer;
  void step(const std::vector<Param*>& params) override {
    ++steps_;
    if (m_.size() != params.size()) {
      m_.assign(params.size(), {});
      v_.assign(params.size(), {});
    }
    const float b1 = config_.beta1, b2 = config_.beta2, wd = config_.weight_decay;
    const double t = static_cast<double>(steps_);
    const float c1 = static_cast<float>(1.0 - std::pow(static_cast<double>(b1), t));
    const float c2 = static_cast<float>(1.0 - std::pow(static_cast<double>(b2), t));
    for (size_t k = 0; k < params.size(); ++k) {
      Param& p = *params[k];
      std::vector<float>& m = m_[k];
      std::vector<float>& v = v_[k];
      if (m.empty()) {
        m.assign(p.value.data.size(), 0.0f);
        v.assign(p.value.data.size(), 0.0f);
      }
      for (size_t i = 0; i < m.size(); ++i) {
        const float g = decayed_grad(p, i, wd);
        m[i] = b1 * m[i] + (1.0f - b1) * g;
        v[i] = b2 * v[i] + (1.0f - b2) * g * g;
        p.value.data[i] -= config_.lr * (m[i] / c1) / (std::sqrt(v[i] / c2) + config_.eps);
      }
    }
  }

 private:
  std::vector<std::vector<float>> m_, v_;
};

float number(const nlohmann::json& j, const char* key, float lo, float hi, bool hi_open) {
  const auto& v = j[key];
  if (!v.is_number()) throw Error(std::string("optimizer: '") + key + "' must be a number, got " + v.dump());
  const float x = v.get<float>();
  if (!(x >= lo && (hi_open ? x < hi : x <= hi)))
    throw Error(std::string("optimizer: '") + key + "' must be in [" + std::to_string(lo) + ", " + std::to_string(hi) +
                (hi_open ? ")" : "]") + ", got " + v.dump());
  return x;
}

}  // namespace

OptimizerConfig parse_optimizer_config(const std::string& text) {
  const nlohmann::json j = parse_json(text, "optimizer settings");
  if (!j.is_object()) throw Error("optimizer settings must be a JSON object like {\"type\": \"adam\", \"lr\": 0.001}");
  OptimizerConfig c;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    if (k == "type") {
      if (!it->is_string() || (*it != "adam" && *it != "sgd"))
        throw Error("optimizer: 'type' must be \"adam\" or \"sgd\", got " + it->dump());
      c.type = it->get<std::string>();
    } else if (k == "lr") {
      c.lr = number(j, "lr", 0.0f, 1e6f, false);
    } else if (k == "momentum") {
      c.momentum = number(j, "momentum", 0.0f, 1.0f, true);
    } else if (k == "nesterov") {
      if (!it->is_boolean()) throw Error("optimizer: 'nesterov' must be true or false");
      c.nesterov = it->get<bool>();
    } else if (k == "weightDecay") {
      c.weight_decay = number(j, "weightDecay", 0.0f, 1e3f, false);
    } else if (k == "beta1") {
      c.beta1 = number(j, "beta1", 0.0f, 1.0f, true);
    } else if (k == "beta2") {
      c.beta2 = number(j, "beta2", 0.0f, 1.0f, true);
    } else if (k == "eps") {
      c.eps = number(j, "eps", 0.0f, 1.0f, false);
    } else {
      throw Error("optimizer: unknown setting '" + k + "' (known: type, lr, momentum, nesterov, weightDecay, beta1, beta2, eps)");
    }
  }
  if (c.nesterov && c.momentum == 0.0f) throw Error("optimizer: nesterov needs a momentum above 0");
  return c;
}

std::unique_ptr<Optimizer> make_optimizer(const OptimizerConfig& config) {
  if (config.type == "sgd") return std::make_unique<Sgd>(config);
  if (config.type == "adam") return std::make_unique<Adam>(config);
  throw Error("optimizer: unknown type '" + config.type + "' (adam or sgd)");
}

}  // namespace cnnlab
