// data/idx.h — IDX files (MNIST / Fashion-MNIST layout, gzipped or not) into a Dataset.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dataset.h"

namespace cnnlab {

// True when `dir` holds train-images-idx3-ubyte[.gz] or t10k-images-idx3-ubyte[.gz].
bool is_idx_dir(const std::string& dir);

// Reads <prefix>-images-idx3-ubyte[.gz] and <prefix>-labels-idx1-ubyte[.gz] from `dir`, with
// prefix "train" for split "train" and "t10k" for split "test". Images are fitted (see
// fit_image) to (channels, height, width) when that differs from the files' size.
// Class names, first match wins: a `classes.txt` in `dir` (one name per line); the
// Fashion-MNIST names for 10 classes of 28×28 (unless the folder is named like plain MNIST,
// "mnist" without "fashion"); otherwise "0", "1", ….
Dataset load_idx(const std::string& dir, int channels, int height, int width, const std::string& split);

// The same from the (already gunzipped) bytes of the two files; the names are for messages and
// `dir` (may be empty) is where classes.txt and the folder name are looked at.
Dataset idx_to_dataset(std::vector<uint8_t> images, const std::vector<uint8_t>& labels, int channels, int height,
                       int width, const std::string& images_name, const std::string& labels_name,
                       const std::string& dir = "");

// "T-shirt/top", "Trouser", … "Ankle boot".
const std::vector<std::string>& fashion_mnist_classes();

}  // namespace cnnlab
