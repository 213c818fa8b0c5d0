// data/dataset.cpp — the in-memory labelled image set: adding, batching, class balance, split.
#include "dataset.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "../error_catalog.h"

namespace cnnlab {

Dataset make_dataset(int channels, int height, int width, std::vector<std::string> classes) {
  if (channels != 1 && channels != 3) throw Error("Dataset: channels must be 1 or 3, got " + std::to_string(channels));
  if (height < 1 || width < 1) throw Error("Dataset: height and width must be positive");
  if (classes.size() < 2) throw Error("Dataset: classes must list at least two names");
  Dataset d;
  d.channels = channels;
  d.height = height;
  d.width = width;
  d.classes = std::move(classes);
  return d;
}

void Dataset::add(const Tensor& chw, int label) {
  const Shape want{channels, height, width};
  if (chw.shape != want)
    throw Error("dataset: image of shape " + shape_str(chw.shape) + " does not match the data set's " +
                shape_str(want));
  if (label < 0 || label >= static_cast<int>(classes.size()))
    throw Error("dataset: label " + std::to_string(label) + " is outside the " +
                std::to_string(classes.size()) + " classes");
  for (size_t i = 0; i < chw.data.size(); ++i)
    if (!std::isfinite(chw.data[i])) refuse("dataset.not_finite", {{"value", chw.data[i]}, {"index", i}});
  // push_back alone: reserve(size() + n) here reallocated and copied the whole set for every
  // image (60,000 Fashion-MNIST images took minutes).
  for (float v : chw.data) {
    // Round to the nearest 8-bit level; out-of-range values are clamped to [0, 255].
    const float s = std::min(std::max(v, 0.0f), 1.0f) * 255.0f + 0.5f;
    pixels.push_back(static_cast<uint8_t>(s));
  }
  for (size_t i = origins.size(); i < labels.size(); ++i) origins.push_back(static_cast<int>(i));
  origins.push_back(static_cast<int>(labels.size()));
  labels.push_back(label);
}

void Dataset::batch(const std::vector<int>& indices, size_t begin, size_t n, Tensor* x,
                    std::vector<int>* y) const {
  if (begin > indices.size() || n > indices.size() - begin)
    throw Error("dataset: batch [" + std::to_string(begin) + ", " + std::to_string(begin + n) +
                ") runs past the " + std::to_string(indices.size()) + " indices");
  const size_t sample = sample_size();
  // x: (n, C, H, W) float in [0,1]; y: (n)
  x->reshape_for_write({static_cast<int>(n), channels, height, width});
  y->resize(n);
  constexpr float kScale = 1.0f / 255.0f;
  for (size_t i = 0; i < n; ++i) {
    const int idx = indices[begin + i];
    if (idx < 0 || static_cast<size_t>(idx) >= size())
      throw Error("dataset: sample index " + std::to_string(idx) + " is outside the " +
                  std::to_string(size()) + " samples");
    const uint8_t* src = pixels.data() + static_cast<size_t>(idx) * sample;
    float* dst = x->ptr() + i * sample;
    for (size_t k = 0; k < sample; ++k) dst[k] = static_cast<float>(src[k]) * kScale;
    (*y)[i] = labels[static_cast<size_t>(idx)];
  }
}

std::vector<int> Dataset::class_counts() const {
  std::vector<int> counts(classes.size(), 0);
  for (int label : labels)
    if (label >= 0 && static_cast<size_t>(label) < counts.size()) ++counts[static_cast<size_t>(label)];
  return counts;
}

std::string class_balance_report(const Dataset& data) {
  const std::vector<int> counts = data.class_counts();
  const double total = std::max<double>(1.0, static_cast<double>(data.size()));
  std::string out;
  char pct[32];
  for (size_t k = 0; k < counts.size(); ++k) {
    std::snprintf(pct, sizeof pct, " (%.1f%%)", 100.0 * counts[k] / total);
    out += (k ? ", " : "") + data.classes[k] + " " + std::to_string(counts[k]) + pct;
  }
  return out;
}

namespace {

// Copies the samples at `indices` (in the given order) into `out`, which keeps the class names.
void take(const Dataset& all, const std::vector<int>& indices, Dataset* out) {
  out->channels = all.channels;
  out->height = all.height;
  out->width = all.width;
  out->classes = all.classes;
  const size_t sample = all.sample_size();
  out->pixels.resize(indices.size() * sample);
  out->labels.resize(indices.size());
  out->origins.resize(indices.size());
  for (size_t i = 0; i < indices.size(); ++i) {
    const size_t src = static_cast<size_t>(indices[i]);
    std::copy_n(all.pixels.begin() + static_cast<std::ptrdiff_t>(src * sample), sample,
                out->pixels.begin() + static_cast<std::ptrdiff_t>(i * sample));
    out->labels[i] = all.labels[src];
    out->origins[i] = all.origin(src);
  }
}

}  // namespace

void stratified_split(const Dataset& all, float val_fraction, Rng& rng, Dataset* train, Dataset* val) {
  if (!(val_fraction >= 0.0f && val_fraction < 1.0f)) refuse("train.val_split", {{"value", val_fraction}});
  if (all.pixels.size() != all.size() * all.sample_size())
    throw Error("dataset: " + std::to_string(all.pixels.size()) + " pixels do not hold " +
                std::to_string(all.size()) + " images of " + std::to_string(all.sample_size()));
  std::vector<std::vector<int>> by_class(all.classes.size());
  for (size_t i = 0; i < all.size(); ++i) {
    const int label = all.labels[i];
    if (label < 0 || static_cast<size_t>(label) >= by_class.size())
      throw Error("dataset: label " + std::to_string(label) + " of sample " + std::to_string(i) +
                  " is outside the " + std::to_string(all.classes.size()) + " classes");
    by_class[static_cast<size_t>(label)].push_back(static_cast<int>(i));
  }
  // Each class gives round(f·count) samples to validation, at least one when it has two or more
  // (so every class is measured) and never all of them (so every class is learned).
  std::vector<char> to_val(all.size(), 0);
  for (auto& members : by_class) {
    const int count = static_cast<int>(members.size());
    if (val_fraction == 0.0f || count < 2) continue;
    int k = static_cast<int>(std::lround(static_cast<double>(val_fraction) * count));
    k = std::min(std::max(k, 1), count - 1);
    rng.shuffle(members);
    for (int j = 0; j < k; ++j) to_val[static_cast<size_t>(members[static_cast<size_t>(j)])] = 1;
  }
  // Both parts keep the original order, so a split depends only on the seed.
  std::vector<int> train_idx, val_idx;
  for (size_t i = 0; i < all.size(); ++i) (to_val[i] ? val_idx : train_idx).push_back(static_cast<int>(i));
  take(all, train_idx, train);
  take(all, val_idx, val);
}

void limit_per_class(Dataset* data, int limit, Rng& rng) {
  if (limit < 0) refuse("train.per_class_limit", {{"value", limit}});
  if (limit == 0) return;
  std::vector<std::vector<int>> by_class(data->classes.size());
  for (size_t i = 0; i < data->size(); ++i) by_class.at(static_cast<size_t>(data->labels[i])).push_back(static_cast<int>(i));
  std::vector<char> keep(data->size(), 0);
  for (auto& members : by_class) {
    rng.shuffle(members);
    for (size_t j = 0; j < members.size() && j < static_cast<size_t>(limit); ++j) keep[static_cast<size_t>(members[j])] = 1;
  }
  std::vector<int> kept;
  for (size_t i = 0; i < data->size(); ++i)
    if (keep[i]) kept.push_back(static_cast<int>(i));
  Dataset out;
  take(*data, kept, &out);
  *data = std::move(out);
}

}  // namespace cnnlab
