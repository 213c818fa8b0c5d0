// tests/fuzz/make_seeds.cpp — writes each fuzzer's seed corpus from real fixtures: small real
// photos and a crop of one in every format variant the decoder reads, model files of real nets,
// specs, optimizer settings, and the first Fashion-MNIST test images as IDX files.
// Usage: fuzz_seeds OUT_DIR  → OUT_DIR/<target>/<n> for every target of fuzz_targets.h.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "data/file.h"
#include "data/gzip.h"
#include "data/image.h"
#include "hostile_fixtures.h"
#include "io/model_file.h"
#include "model.h"
#include "test_data_fixtures.h"

namespace fs = std::filesystem;
using cnnlab::testing::Bytes;
namespace t = cnnlab::testing;

namespace {

const char* kSkimage = "/usr/lib/python3/dist-packages/skimage/data/";
const char* kOpencv = "/usr/share/doc/opencv-doc/examples/data/";

class Corpus {
 public:
  Corpus(const fs::path& dir) : dir_(dir) { fs::create_directories(dir); }
  void add(const Bytes& b) {
    std::ofstream out(dir_ / ("seed-" + std::to_string(count_++)), std::ios::binary);
    out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
  }
  void add(const std::string& s) { add(Bytes(s.begin(), s.end())); }
  int count() const { return count_; }

 private:
  fs::path dir_;
  int count_ = 0;
};

// h rows of w RGB pixels from the middle of a real photo (a gradient when none is installed).
Bytes photo(int w, int h) {
  Bytes px(static_cast<size_t>(w) * h * 3);
  const std::string path = std::string(kSkimage) + "chelsea.png";
  if (!fs::exists(path)) {
    for (size_t i = 0; i < px.size(); ++i) px[i] = static_cast<uint8_t>(i * 7 % 251);
    return px;
  }
  const Bytes file = cnnlab::read_file(path);
  const cnnlab::Tensor img = cnnlab::decode_image(file.data(), file.size(), 3, h, w);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < 3; ++c)
        px[(static_cast<size_t>(y) * w + x) * 3 + c] =
            static_cast<uint8_t>(img.data[(static_cast<size_t>(c) * h + y) * w + x] * 255.0f + 0.5f);
  return px;
}

void image_seeds(Corpus& c) {
  for (const char* name : {"foo3x5x4indexed.png", "block.png", "checker_bilevel.png", "chessboard_GRAY.png",
                           "palette_gray.png", "palette_color.png", "green_palette.png", "phantom.png",
                           "no_time_for_that_tiny.gif", "truncated.jpg"})
    if (fs::exists(std::string(kSkimage) + name)) c.add(cnnlab::read_file(std::string(kSkimage) + name));
  for (const char* name : {"LinuxLogo.jpg", "HappyFish.jpg"})
    if (fs::exists(std::string(kOpencv) + name)) c.add(cnnlab::read_file(std::string(kOpencv) + name));
  const int w = 13, h = 9;
  const Bytes rgb = photo(w, h);
  Bytes grey(static_cast<size_t>(w) * h), rgba;
  for (size_t i = 0; i < grey.size(); ++i) {
    grey[i] = t::bmp_grey(&rgb[i * 3]);
    rgba.insert(rgba.end(), {rgb[i * 3], rgb[i * 3 + 1], rgb[i * 3 + 2], static_cast<uint8_t>(i * 29)});
  }
  c.add(t::encode_png(w, h, 3, rgb));
  c.add(t::encode_png(w, h, 1, grey));
  c.add(t::encode_png(w, h, 4, rgba));
  Bytes wide;  // 16-bit grey: each sample twice
  for (uint8_t v : grey) wide.insert(wide.end(), {v, v});
  c.add(t::build_png(w, h, 16, 0, wide));
  c.add(t::build_png(3, 1, 8, 3, Bytes{0, 1, 2}, Bytes{255, 0, 0, 0, 0, 255, 0, 0, 0}, Bytes{255, 255, 0}));
  c.add(t::encode_jpg(w, h, 3, rgb, 50));
  c.add(t::encode_jpg(w, h, 1, grey, 90));
  c.add(t::with_exif_orientation(t::encode_jpg(w, h, 3, rgb, 75), 6, true));
  for (int bits : {24, 32, 8, 1})
    for (bool top_down : {false, true}) c.add(t::write_bmp(w, h, bits, top_down, rgb));
  c.add(t::encode_bmp(w, h, 3, rgb));
  c.add(t::encode_gif(4, 2, Bytes{0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 0, 255}, Bytes{0, 1, 2, 3, 3, 2, 1, 0}));
}

// Specs of the shapes the page and the lessons build, small enough to run under the fuzzer.
const std::vector<std::string>& specs() {
  static const std::vector<std::string> all = {
      R"({"input":{"channels":3,"height":8,"width":8},"classes":["ants","bees"],"layers":[
          {"type":"conv2d","filters":4,"kernel":3,"stride":1,"padding":1},{"type":"relu"},
          {"type":"maxpool2d","size":2,"stride":2},{"type":"flatten"},{"type":"dense","units":6},{"type":"relu"},
          {"type":"dropout","rate":0.5},{"type":"dense","units":2}]})",
      R"({"input":{"channels":1,"height":6,"width":6},"classes":["a","b","c"],"layers":[
          {"type":"conv2d","filters":2,"kernel":[3,2],"stride":[2,1],"padding":[1,0]},{"type":"tanh"},
          {"type":"maxpool2d","size":3,"stride":1,"padding":1},{"type":"flatten"},{"type":"dense","units":3},
          {"type":"softmax"}]})",
      R"({"input":{"channels":1,"height":4,"width":4},"classes":["x","y"],"layers":[
          {"type":"flatten"},{"type":"dense","units":5},{"type":"sigmoid"},{"type":"dense","units":2}]})",
      R"({"input":{"channels":3,"height":5,"width":5},"classes":["p","q"],"layers":[
          {"type":"conv2d","filters":2,"kernel":5},{"type":"flatten"}]})",
  };
  return all;
}

void model_file_seeds(Corpus& c) {
  for (size_t i = 0; i < specs().size(); ++i) {
    cnnlab::ModelFileInfo info;
    info.created_at = "2000-01-01T00:00:00Z";
    const Bytes file = cnnlab::save_model(cnnlab::Sequential(specs()[i], static_cast<uint32_t>(i)), info);
    Bytes sealed_by_harness = {0};  // even first byte: the harness fixes the lengths and the CRC
    sealed_by_harness.insert(sealed_by_harness.end(), file.begin(), file.end() - 4);
    c.add(sealed_by_harness);
    Bytes raw = {1};  // odd: passed on as it is
    raw.insert(raw.end(), file.begin(), file.end());
    c.add(raw);
  }
}

void spec_seeds(Corpus& c) {
  for (const std::string& s : specs()) c.add(s);
}

void settings_seeds(Corpus& c) {
  for (const char* s : {R"({"type":"adam","lr":0.001,"weightDecay":0})", R"({"type":"sgd","lr":0.01,"momentum":0.9,"nesterov":true})",
                        R"({"type":"adam","lr":3e-4,"beta1":0.8,"beta2":0.99,"eps":1e-7,"weightDecay":1e-4})",
                        R"({"type":"sgd","lr":1,"momentum":0})", R"([1, 2.5, "x", null, true, {"k": [{}]}])"})
    c.add(std::string(s));
}

// [grey or colour][labels length][labels file][images file], as fuzz::idx reads it.
Bytes idx_input(bool grey, const Bytes& labels, const Bytes& images) {
  Bytes b = {static_cast<uint8_t>(grey ? 1 : 0), static_cast<uint8_t>(labels.size())};
  b.insert(b.end(), labels.begin(), labels.end());
  b.insert(b.end(), images.begin(), images.end());
  return b;
}

void idx_seeds(Corpus& c) {
  const std::string dir = "/usr/share/datasets/fashion-mnist/";
  Bytes images, labels;
  const uint32_t n = 3;
  if (fs::exists(dir + "t10k-images-idx3-ubyte.gz")) {
    const Bytes all = cnnlab::maybe_gunzip(cnnlab::read_file(dir + "t10k-images-idx3-ubyte.gz"));
    const Bytes all_labels = cnnlab::maybe_gunzip(cnnlab::read_file(dir + "t10k-labels-idx1-ubyte.gz"));
    images.assign(all.begin() + 16, all.begin() + 16 + n * 28 * 28);
    labels.assign(all_labels.begin() + 8, all_labels.begin() + 8 + n);
  } else {
    images.assign(n * 28 * 28, 100);
    labels = {0, 1, 2};
  }
  const Bytes image_file = t::idx_bytes({n, 28, 28}, images), label_file = t::idx_bytes({n}, labels);
  c.add(idx_input(true, label_file, image_file));
  c.add(idx_input(false, t::gzip_bytes(label_file), t::gzip_bytes(image_file)));
  c.add(idx_input(true, t::idx_bytes({2}, {0, 1}), t::idx_bytes({2, 3, 2}, {0, 50, 100, 150, 200, 250, 1, 2, 3, 4, 5, 6})));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fuzz_seeds OUT_DIR\n");
    return 2;
  }
  const fs::path out = argv[1];
  struct {
    const char* name;
    void (*make)(Corpus&);
  } const kinds[] = {{"image", image_seeds}, {"model_file", model_file_seeds}, {"spec", spec_seeds},
                     {"settings", settings_seeds}, {"idx", idx_seeds}};
  for (const auto& k : kinds) {
    fs::remove_all(out / k.name);
    Corpus c(out / k.name);
    k.make(c);
    std::printf("%s: %d seeds\n", k.name, c.count());
  }
  return 0;
}
