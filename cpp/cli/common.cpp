// cli/common.cpp — data loading with a report on stderr, and the model ↔ data class check.
#include <cstdio>
#include <filesystem>

#include "commands.h"
#include "data/file.h"
#include "data/load.h"
#include "io/model_file.h"

namespace cnnlab::cli {
namespace {

std::string join(const std::vector<std::string>& names) {
  std::string s;
  for (size_t i = 0; i < names.size(); ++i) s += (i ? ", " : "") + names[i];
  return "[" + s + "]";
}

bool numbered(const std::vector<std::string>& names) {
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] != std::to_string(i)) return false;
  return true;
}

}  // namespace

std::vector<uint8_t> read_user_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw Error(path + " is a folder, not a file");
  return read_file(path);
}

LoadedModel load_model_file(const std::string& path) {
  std::vector<uint8_t> bytes = read_user_file(path);
  try {
    return load_model(bytes.data(), bytes.size());
  } catch (const Error& e) {
    throw Error(path + ": " + e.what());
  }
}

Dataset load_data(const std::string& dir, int channels, int height, int width, const std::string& split) {
  std::vector<Refusal> refusals;
  Dataset data = load_dataset(dir, channels, height, width, split, &refusals);
  for (const Refusal& r : refusals) std::fprintf(stderr, "cnnlab: skipped %s: %s\n", r.file.c_str(), r.reason.c_str());
  std::vector<int> counts = data.class_counts();
  std::string report;
  for (size_t i = 0; i < counts.size() && i < data.classes.size(); ++i)
    report += (i ? ", " : "") + data.classes[i] + " " + std::to_string(counts[i]);
  std::fprintf(stderr, "cnnlab: %s: %zu images (%s)\n", dir.c_str(), data.size(), report.c_str());
  return data;
}

void check_classes(const std::vector<std::string>& model_classes, const Dataset& data, const std::string& dir) {
  if (data.classes.size() != model_classes.size())
    throw Error(dir + " has " + std::to_string(data.classes.size()) + " classes " + join(data.classes) +
                " but the model has " + std::to_string(model_classes.size()) + " " + join(model_classes));
  // Labels are positions: the same names in another order would silently swap classes.
  if (data.classes != model_classes && !numbered(data.classes))
    throw Error(dir + " has classes " + join(data.classes) + " but the model's are " + join(model_classes) +
                " (same names in the same order needed; leave \"classes\" out of the spec to take the data's)");
}

}  // namespace cnnlab::cli
