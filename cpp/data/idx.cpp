// data/idx.cpp — IDX parsing (magic, dimensions, counts) and Fashion-MNIST class names.
#include "idx.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <utility>

#include "file.h"
#include "gzip.h"
#include "image.h"

namespace cnnlab {

namespace fs = std::filesystem;

namespace {

struct IdxHeader {
  std::vector<uint32_t> dims;
  size_t data_offset = 0;
};

// IDX: magic = 0x00 0x00 <type> <number of dimensions>, then one big-endian uint32 per
// dimension, then the data. Type 0x08 is unsigned byte, the only one MNIST-style sets use.
IdxHeader parse_header(const std::vector<uint8_t>& b, int want_dims, const std::string& name) {
  if (b.size() < 4)
    throw Error("idx.too_short", {{"file", name}, {"bytes", std::to_string(b.size())}},
                name + ": not an IDX file (only " + std::to_string(b.size()) + " bytes)");
  if (b[0] != 0 || b[1] != 0)
    throw Error("idx.bad_magic", {{"file", name}},
                name + ": not an IDX file (bad magic number; IDX files start with two zero bytes)");
  if (b[2] != 0x08)
    throw Error("idx.type", {{"file", name}, {"type", std::to_string(b[2])}},
                name + ": IDX data type " + std::to_string(b[2]) + " is not unsigned bytes (0x08)");
  if (b[3] != want_dims)
    throw Error("idx.dims", {{"file", name}, {"expected", std::to_string(want_dims)}, {"got", std::to_string(b[3])}},
                name + ": expected an IDX file with " + std::to_string(want_dims) + " dimension(s), got " +
                    std::to_string(b[3]));
  IdxHeader h;
  h.data_offset = 4 + 4 * static_cast<size_t>(want_dims);
  if (b.size() < h.data_offset) throw Error("idx.header_truncated", {{"file", name}}, name + ": the IDX header is truncated");
  uint64_t total = 1;
  for (int d = 0; d < want_dims; ++d) {
    const uint8_t* p = b.data() + 4 + 4 * d;
    const uint32_t v = static_cast<uint32_t>(p[0]) << 24 | static_cast<uint32_t>(p[1]) << 16 |
                       static_cast<uint32_t>(p[2]) << 8 | p[3];
    if (v == 0)
      throw Error("idx.zero_dim", {{"file", name}, {"dim", std::to_string(d)}},
                  name + ": dimension " + std::to_string(d) + " is zero");
    h.dims.push_back(v);
    total *= v;
    if (total > (uint64_t{1} << 40)) throw Error("idx.too_large", {{"file", name}}, name + ": dimensions are absurdly large");
  }
  if (b.size() - h.data_offset != total)
    throw Error("idx.size",
                {{"file", name}, {"expected", std::to_string(total)}, {"got", std::to_string(b.size() - h.data_offset)}},
                name + ": expected " + std::to_string(total) + " data bytes after the header, got " +
                    std::to_string(b.size() - h.data_offset) + " (truncated or corrupt file?)");
  return h;
}

std::string lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

// The first existing of <dir>/<base> and <dir>/<base>.gz, or "".
std::string find_file(const std::string& dir, const std::string& base) {
  std::error_code ec;
  for (const std::string& name : {base, base + ".gz"}) {
    const fs::path p = fs::path(dir) / name;
    if (fs::is_regular_file(p, ec)) return p.string();
  }
  return "";
}

std::vector<std::string> class_names(const std::string& dir, int num_classes, int rows, int cols) {
  const fs::path list = fs::path(dir) / "classes.txt";
  std::error_code ec;
  if (!dir.empty() && fs::is_regular_file(list, ec)) {
    std::ifstream in(list);
    std::vector<std::string> names;
    for (std::string line; std::getline(in, line);) {
      while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
      if (!line.empty()) names.push_back(line);
    }
    if (static_cast<int>(names.size()) < num_classes)
      throw Error("idx.classes_txt",
                  {{"file", list.string()}, {"named", std::to_string(names.size())}, {"used", std::to_string(num_classes)}},
                  list.string() + ": names " + std::to_string(names.size()) + " classes but the labels use " +
                      std::to_string(num_classes));
    names.resize(static_cast<size_t>(num_classes));
    return names;
  }
  const std::string folder = dir.empty() ? "" : lower(fs::absolute(fs::path(dir), ec).lexically_normal().string());
  const bool plain_mnist = folder.find("mnist") != std::string::npos && folder.find("fashion") == std::string::npos;
  if (num_classes == 10 && rows == 28 && cols == 28 && !plain_mnist) return fashion_mnist_classes();
  std::vector<std::string> names;
  for (int k = 0; k < num_classes; ++k) names.push_back(std::to_string(k));
  return names;
}

}  // namespace

const std::vector<std::string>& fashion_mnist_classes() {
  static const std::vector<std::string> names = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                                 "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
  return names;
}

bool is_idx_dir(const std::string& dir) {
  return !find_file(dir, "train-images-idx3-ubyte").empty() || !find_file(dir, "t10k-images-idx3-ubyte").empty();
}

Dataset idx_to_dataset(std::vector<uint8_t> images, const std::vector<uint8_t>& labels, int channels, int height,
                       int width, const std::string& images_name, const std::string& labels_name,
                       const std::string& dir) {
  const IdxHeader ih = parse_header(images, 3, images_name);
  const IdxHeader lh = parse_header(labels, 1, labels_name);
  const uint32_t n = ih.dims[0], rows = ih.dims[1], cols = ih.dims[2];
  if (lh.dims[0] != n)
    throw Error("idx.count_mismatch",
                {{"images_file", images_name}, {"images", std::to_string(n)}, {"labels_file", labels_name},
                 {"labels", std::to_string(lh.dims[0])}},
                images_name + " has " + std::to_string(n) + " images but " + labels_name + " has " +
                    std::to_string(lh.dims[0]) + " labels");
  if (rows > static_cast<uint32_t>(kMaxImageSide) || cols > static_cast<uint32_t>(kMaxImageSide))
    throw Error("idx.image_too_large", {{"file", images_name}, {"rows", std::to_string(rows)}, {"cols", std::to_string(cols)}},
                images_name + ": images of " + std::to_string(rows) + "×" + std::to_string(cols) + " are too large");

  Dataset ds;
  ds.channels = channels;
  ds.height = height;
  ds.width = width;
  ds.labels.assign(labels.begin() + static_cast<std::ptrdiff_t>(lh.data_offset), labels.end());
  const int max_label = *std::max_element(ds.labels.begin(), ds.labels.end());
  if (max_label < 1)
    throw Error("idx.one_class", {{"file", labels_name}},
                labels_name + ": every label is 0; a classifier needs at least two classes");

  if (channels == 1 && static_cast<uint32_t>(height) == rows && static_cast<uint32_t>(width) == cols) {
    // Same size: the pixels are the data set's storage already (N, 1, H, W), 8-bit.
    images.erase(images.begin(), images.begin() + static_cast<std::ptrdiff_t>(ih.data_offset));
    ds.pixels = std::move(images);
  } else {
    const size_t in_size = static_cast<size_t>(rows) * cols;
    ds.pixels.reserve(static_cast<size_t>(n) * ds.sample_size());
    for (uint32_t i = 0; i < n; ++i) {
      const Tensor t = fit_image(images.data() + ih.data_offset + i * in_size, static_cast<int>(cols),
                                 static_cast<int>(rows), 1, channels, height, width);
      for (float v : t.data) ds.pixels.push_back(static_cast<uint8_t>(v * 255.0f + 0.5f));
    }
  }
  ds.classes = class_names(dir, max_label + 1, static_cast<int>(rows), static_cast<int>(cols));
  return ds;
}

Dataset load_idx(const std::string& dir, int channels, int height, int width, const std::string& split) {
  std::string prefix;
  if (split == "train") prefix = "train";
  else if (split == "test") prefix = "t10k";
  else throw Error("idx.split", {{"split", split}}, "IDX data: split must be \"train\" or \"test\", got \"" + split + "\"");
  const std::string images_path = find_file(dir, prefix + "-images-idx3-ubyte");
  const std::string labels_path = find_file(dir, prefix + "-labels-idx1-ubyte");
  for (const auto& [path, kind] : {std::pair{images_path, "-images-idx3-ubyte"}, {labels_path, "-labels-idx1-ubyte"}})
    if (path.empty())
      throw Error("idx.missing", {{"dir", dir}, {"file", prefix + kind}}, "'" + dir + "' has no " + prefix + kind + "[.gz]");

  auto unzip = [](const std::string& path) {
    try {
      return maybe_gunzip(read_file(path));
    } catch (const Error& e) {
      const std::string what = e.what();
      if (what.rfind("cannot read", 0) == 0) throw;  // read_file names the path itself
      throw Error("idx.gzip", {{"file", path}, {"reason", what}}, path + ": " + what);
    }
  };
  return idx_to_dataset(unzip(images_path), unzip(labels_path), channels, height, width,
                        fs::path(images_path).filename().string(), fs::path(labels_path).filename().string(), dir);
}

}  // namespace cnnlab
