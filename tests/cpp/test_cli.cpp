// test_cli.cpp — runs the built `cnnlab` binary on a small ImageFolder it writes: train, eval, predict, errors.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "test_data_fixtures.h"

namespace cnnlab {
namespace {

using nlohmann::json;
using testing::TempDir;

struct Outcome {
  int status = -1;
  std::string out, err;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string quote(const std::string& s) { return "'" + s + "'"; }

// Runs `cnnlab <args>` with stdout and stderr captured in files under `dir`.
Outcome cnnlab(const TempDir& dir, const std::string& args) {
  const std::string binary = std::string(CNNLAB_BINARY_DIR) + "/cnnlab";
  const std::string out = (dir.path() / "stdout.txt").string(), err = (dir.path() / "stderr.txt").string();
  const std::string cmd = quote(binary) + " " + args + " >" + quote(out) + " 2>" + quote(err) + " </dev/null";
  Outcome r;
  int raw = std::system(cmd.c_str());
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

std::vector<json> json_lines(const std::string& text) {
  std::vector<json> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(json::parse(line));
  return lines;
}

// An 8×8 RGB PNG: reddish ("cats") or bluish ("dogs") with a little per-image variation.
testing::Bytes swatch(bool red, int i) {
  testing::Bytes px(8 * 8 * 3);
  for (size_t p = 0; p < 64; ++p) {
    const uint8_t hi = static_cast<uint8_t>(200 + (i * 7 + static_cast<int>(p)) % 40), lo = static_cast<uint8_t>(30 + i);
    px[p * 3 + 0] = red ? hi : lo;
    px[p * 3 + 1] = lo;
    px[p * 3 + 2] = red ? lo : hi;
  }
  return testing::encode_png(8, 8, 3, px);
}

const char* kSpec = R"({"input":{"channels":3,"height":8,"width":8},"classes":["cats","dogs"],
  "layers":[{"type":"conv2d","filters":2,"kernel":3,"padding":1},{"type":"relu"},
            {"type":"maxpool2d","size":2,"stride":2},{"type":"flatten"},{"type":"dense","units":2}]})";

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i < 8; ++i) {
      dir_.write("data/cats/c" + std::to_string(i) + ".png", swatch(true, i));
      dir_.write("data/dogs/d" + std::to_string(i) + ".png", swatch(false, i));
    }
    data_ = (dir_.path() / "data").string();
    spec_ = dir_.write("spec.json", testing::text_bytes(kSpec));
    model_ = (dir_.path() / "m.cnnlab").string();
  }
  Outcome train(const std::string& extra = "") {
    return cnnlab(dir_, "train --data " + quote(data_) + " --model " + quote(spec_) +
                            " --epochs 2 --batch 4 --lr 0.05 --val-split 0.25 --seed 3 --out " + quote(model_) + " " +
                            extra);
  }
  TempDir dir_;
  std::string data_, spec_, model_;
};

TEST_F(Cli, TrainPrintsOneJsonLinePerEpochAndSavesTheModel) {
  const std::string hist = (dir_.path() / "hist.json").string();
  Outcome r = train("--history " + quote(hist));
  ASSERT_EQ(r.status, 0) << r.err;
  auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 2u) << r.out;
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(lines[i]["epoch"], static_cast<int>(i) + 1);
    for (const char* key : {"train_loss", "train_acc", "val_loss", "val_acc", "seconds"})
      EXPECT_TRUE(lines[i][key].is_number()) << key << " in " << lines[i].dump();
    EXPECT_GE(lines[i]["val_acc"].get<double>(), 0.0);
    EXPECT_LE(lines[i]["val_acc"].get<double>(), 1.0);
  }
  std::ifstream model(model_, std::ios::binary);
  char magic[6] = {};
  model.read(magic, 6);
  EXPECT_EQ(std::string(magic, 6), "CNNLAB");
  json h = json::parse(slurp(hist));
  EXPECT_EQ(h["epochs"].size(), 2u);
  EXPECT_EQ(h["validation"]["count"], 4);  // a quarter of 16 images, stratified
}

TEST_F(Cli, EvalAndPredictPrintParsableJson) {
  ASSERT_EQ(train().status, 0);
  Outcome e = cnnlab(dir_, "eval --model " + quote(model_) + " --data " + quote(data_));
  ASSERT_EQ(e.status, 0) << e.err;
  json ev = json::parse(e.out);
  EXPECT_EQ(ev["classes"], json({"cats", "dogs"}));
  EXPECT_GE(ev["accuracy"].get<double>(), 0.0);
  EXPECT_LE(ev["accuracy"].get<double>(), 1.0);
  EXPECT_TRUE(ev["loss"].is_number());
  int total = 0;
  for (const auto& row : ev["confusion"])
    for (const auto& c : row) total += c.get<int>();
  EXPECT_EQ(total, 16);

  const std::string a = data_ + "/cats/c0.png", b = data_ + "/dogs/d5.png";
  Outcome p = cnnlab(dir_, "predict --model " + quote(model_) + " " + quote(a) + " " + quote(b));
  ASSERT_EQ(p.status, 0) << p.err;
  auto lines = json_lines(p.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["file"], a);
  EXPECT_EQ(lines[1]["file"], b);
  for (const auto& l : lines) {
    ASSERT_EQ(l["probs"].size(), 2u);
    const double p0 = l["probs"][0].get<double>(), p1 = l["probs"][1].get<double>();
    EXPECT_NEAR(p0 + p1, 1.0, 1e-5);
    EXPECT_EQ(l["label"], p0 >= p1 ? "cats" : "dogs");
  }
  // A file that is not an image: reported on stderr, the good one still predicted, exit 1.
  const std::string text = dir_.write("notes.jpg", testing::text_bytes("not an image"));
  Outcome bad = cnnlab(dir_, "predict --model " + quote(model_) + " " + quote(text) + " " + quote(a));
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.err.find("notes.jpg"), std::string::npos) << bad.err;
  EXPECT_EQ(json_lines(bad.out).size(), 1u);
  Outcome folder = cnnlab(dir_, "predict --model " + quote(model_) + " " + quote(data_));
  EXPECT_EQ(folder.status, 1);
  EXPECT_NE(folder.err.find("is a folder"), std::string::npos) << folder.err;
}

TEST_F(Cli, HelpForEveryCommand) {
  for (const char* cmd : {"train", "eval", "predict"}) {
    Outcome r = cnnlab(dir_, std::string(cmd) + " --help");
    EXPECT_EQ(r.status, 0) << cmd;
    EXPECT_NE(r.out.find(std::string("usage: cnnlab ") + cmd), std::string::npos) << r.out;
  }
  Outcome none = cnnlab(dir_, "");
  EXPECT_EQ(none.status, 2);
  EXPECT_NE(none.err.find("usage"), std::string::npos);
}

TEST_F(Cli, ErrorsExitNonZeroWithAMessage) {
  Outcome missing = cnnlab(dir_, "train --model " + quote(spec_) + " --epochs 1 --batch 2 --lr 0.1 --out x.cnnlab");
  EXPECT_NE(missing.status, 0);
  EXPECT_NE(missing.err.find("--data"), std::string::npos) << missing.err;
  EXPECT_TRUE(missing.out.empty());

  const std::string bad_spec =
      dir_.write("bad.json", testing::text_bytes(R"({"input":{"channels":3,"height":8,"width":8},
        "classes":["cats","dogs"],"layers":[{"type":"flatten"},{"type":"bogus"},{"type":"dense","units":2}]})"));
  spec_ = bad_spec;
  Outcome bad = train();
  EXPECT_NE(bad.status, 0);
  EXPECT_NE(bad.err.find("bogus"), std::string::npos) << bad.err;

  // The spec names three classes, the data has two folders.
  spec_ = dir_.write("three.json", testing::text_bytes(R"({"input":{"channels":3,"height":8,"width":8},
        "classes":["cats","dogs","owls"],"layers":[{"type":"flatten"},{"type":"dense","units":3}]})"));
  Outcome three = train();
  EXPECT_NE(three.status, 0);
  EXPECT_NE(three.err.find("3"), std::string::npos) << three.err;

  // A spec where a model file belongs, and a model trained for other classes.
  Outcome spec_as_model = cnnlab(dir_, "eval --model " + quote(bad_spec) + " --data " + quote(data_));
  EXPECT_NE(spec_as_model.status, 0);
  EXPECT_NE(spec_as_model.err.find("not a CNN Lab model file"), std::string::npos) << spec_as_model.err;

  Outcome unknown = cnnlab(dir_, "train --data " + quote(data_) + " --frobnicate 3");
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(unknown.err.find("--frobnicate"), std::string::npos);
  Outcome number = cnnlab(dir_, "train --data d --model m --epochs two --batch 2 --lr 1 --out o");
  EXPECT_EQ(number.status, 2);
  EXPECT_NE(number.err.find("--epochs"), std::string::npos) << number.err;
}

// The optimizer flags go through setOptimizer's validation: out-of-range values are refused
// before any training, naming the setting.
TEST_F(Cli, OptimizerFlagsAreValidatedLikeSetOptimizer) {
  const std::string base = "train --data " + quote(data_) + " --model " + quote(spec_) +
                           " --epochs 1 --batch 4 --out " + quote(model_) + " ";
  for (const auto& [flags, setting] : {std::pair<std::string, std::string>{"--lr 0.1 --optimizer sgd --momentum -1", "'momentum'"},
                                       {"--lr 0.1 --weight-decay -1", "'weightDecay'"},
                                       {"--lr 0.1 --optimizer sgd --momentum 1.5", "'momentum'"},
                                       {"--lr -3", "'lr'"}}) {
    Outcome r = cnnlab(dir_, base + flags);
    EXPECT_EQ(r.status, 1) << flags << ": " << r.err;
    EXPECT_NE(r.err.find(setting), std::string::npos) << flags << ": " << r.err;
    EXPECT_TRUE(r.out.empty()) << flags;
  }
}

TEST_F(Cli, ModelAndDataClassMismatchIsRefused) {
  ASSERT_EQ(train().status, 0);
  // The same images under other class names: the model's labels would not mean these classes.
  TempDir other;
  for (int i = 0; i < 3; ++i) {
    other.write("ants/a" + std::to_string(i) + ".png", swatch(true, i));
    other.write("bees/b" + std::to_string(i) + ".png", swatch(false, i));
  }
  Outcome e = cnnlab(dir_, "eval --model " + quote(model_) + " --data " + quote(other.path().string()));
  EXPECT_NE(e.status, 0);
  EXPECT_NE(e.err.find("ants"), std::string::npos) << e.err;
  // A corrupted model file is refused before anything is predicted.
  std::string bytes = slurp(model_);
  bytes[bytes.size() / 2] ^= 1;
  const std::string broken = dir_.write("broken.cnnlab", testing::Bytes(bytes.begin(), bytes.end()));
  Outcome p = cnnlab(dir_, "predict --model " + quote(broken) + " " + quote(data_ + "/cats/c0.png"));
  EXPECT_NE(p.status, 0);
  EXPECT_NE(p.err.find("checksum"), std::string::npos) << p.err;
  EXPECT_TRUE(p.out.empty());
}

}  // namespace
}  // namespace cnnlab
