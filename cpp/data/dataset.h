// data/dataset.h — an in-memory labelled image set and the ways to get one (ImageFolder, IDX).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "../rng.h"
#include "../tensor.h"

namespace cnnlab {

// Images stored as 8-bit pixels (N, C, H, W) to keep Fashion-MNIST-sized sets small; batches
// are scaled to float [0,1] when they are drawn.
struct Dataset {
  int channels = 0, height = 0, width = 0;
  std::vector<std::string> classes;
  std::vector<uint8_t> pixels;  // N·C·H·W
  std::vector<int> labels;      // N, each in [0, classes.size())
  // Where each sample came from: its index in the set it was first added to, kept through
  // stratified_split and limit_per_class (so a validation sample can be traced back to its photo).
  // Empty means "in order" (a set filled directly, as the IDX reader does).
  std::vector<int> origins;

  int origin(size_t i) const { return i < origins.size() ? origins[i] : static_cast<int>(i); }

  size_t size() const { return labels.size(); }
  size_t sample_size() const { return static_cast<size_t>(channels) * height * width; }
  // Appends one image given as float [0,1] (C, H, W) — rounded to 8 bits. NaN or infinite
  // values are refused (nothing is added).
  void add(const Tensor& chw, int label);
  // x: (n, C, H, W) float in [0,1] for the samples at indices[begin, begin+n).
  void batch(const std::vector<int>& indices, size_t begin, size_t n, Tensor* x, std::vector<int>* y) const;
  // Per-class counts, for the class-balance report.
  std::vector<int> class_counts() const;
};

// An empty set for images of channels (1 or 3) × height × width and at least two classes.
Dataset make_dataset(int channels, int height, int width, std::vector<std::string> classes);

// A file that could not be used, and why (shown to the learner, never fatal on its own).
struct Refusal {
  std::string file;
  std::string reason;
};

// The class-balance report: "ants 124 (50.8%), bees 120 (49.2%)".
std::string class_balance_report(const Dataset& data);

// Stratified split: each class contributes round(fraction·count) samples to `val` (at least one
// when the class has two or more), chosen by `rng`. Keeps class names.
void stratified_split(const Dataset& all, float val_fraction, Rng& rng, Dataset* train, Dataset* val);

// Keeps at most `limit` images of each class (0 keeps all), chosen by `rng`, in their order: how a
// learner shrinks the training photos (after the validation split, which stays as it was).
void limit_per_class(Dataset* data, int limit, Rng& rng);

}  // namespace cnnlab
