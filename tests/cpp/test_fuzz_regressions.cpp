// test_fuzz_regressions.cpp — replays every input the fuzzers ever found trouble with
// (tests/fuzz/regressions/<target>/) through the same code the fuzzer ran; under ASan + UBSan
// (the asan build of ./build.sh test) a returning bug fails here even without clang.
#include <gtest/gtest.h>

#include <filesystem>

#include "../fuzz/fuzz_targets.h"
#include "test_data_fixtures.h"

namespace cnnlab {
namespace {

namespace fs = std::filesystem;

const fs::path kRegressions = fs::path(CNNLAB_SOURCE_DIR) / "tests" / "fuzz" / "regressions";

TEST(FuzzRegressions, EveryKeptInputRunsCleanly) {
  int replayed = 0;
  for (const fuzz::Target& target : fuzz::targets()) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(kRegressions / target.name, ec)) {
      SCOPED_TRACE(entry.path().string());
      const testing::Bytes input = testing::read_bytes(entry.path().string());
      EXPECT_NO_THROW(target.run(input.data(), input.size()));
      ++replayed;
    }
  }
  EXPECT_GT(replayed, 0) << "no inputs under " << kRegressions;
}

TEST(FuzzRegressions, EveryFolderNamesATarget) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(kRegressions, ec)) {
    bool known = false;
    for (const fuzz::Target& target : fuzz::targets()) known = known || entry.path().filename() == target.name;
    EXPECT_TRUE(known) << entry.path() << " is not the name of a fuzz target";
  }
}

}  // namespace
}  // namespace cnnlab
