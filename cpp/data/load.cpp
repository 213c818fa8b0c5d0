// data/load.cpp — picks the IDX or the ImageFolder reader for a data folder.
#include "load.h"

#include <filesystem>

#include "idx.h"
#include "image_folder.h"

namespace cnnlab {

Dataset load_dataset(const std::string& dir, int channels, int height, int width, const std::string& split,
                     std::vector<Refusal>* refusals) {
  if (is_idx_dir(dir)) return load_idx(dir, channels, height, width, split);
  std::error_code ec;
  const std::filesystem::path sub = std::filesystem::path(dir) / split;
  const std::string folder = !split.empty() && std::filesystem::is_directory(sub, ec) ? sub.string() : dir;
  return load_image_folder(folder, channels, height, width, refusals);
}

}  // namespace cnnlab
