// data/load.h — one entry point for the CLI: an IDX folder or an ImageFolder.
#pragma once

#include <string>
#include <vector>

#include "dataset.h"

namespace cnnlab {

// An IDX folder (is_idx_dir) is read with load_idx(split: "train" or "test"). Otherwise `dir`
// is an ImageFolder: when `dir`/<split> is a folder (the hymenoptera layout, train/ and val/
// beside each other) that is read, else `dir` itself. Unusable image files are appended to
// `refusals` (may be null).
Dataset load_dataset(const std::string& dir, int channels, int height, int width, const std::string& split = "train",
                     std::vector<Refusal>* refusals = nullptr);

}  // namespace cnnlab
