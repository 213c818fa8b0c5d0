// test_json_parse.cpp — bounded JSON parsing: limits, readable refusals with codes, and every place
// the engine reads JSON (spec, optimizer, model-file header, the CLI's spec file) going through it.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "error.h"
#include "hostile_fixtures.h"
#include "io/model_file.h"
#include "json_parse.h"
#include "model.h"
#include "optim/optimizer.h"
#include "test_data_fixtures.h"

namespace cnnlab {
namespace {

using testing::error_from;
using testing::param;

std::string nested(int depth, const std::string& inner = "1") {
  return std::string(static_cast<size_t>(depth), '[') + inner + std::string(static_cast<size_t>(depth), ']');
}

// A valid spec whose extra field "x" holds `value`.
std::string spec_with(const std::string& value) {
  return R"({"input":{"channels":1,"height":2,"width":2},"classes":["a","b"],"x":)" + value +
         R"(,"layers":[{"type":"flatten"},{"type":"dense","units":2}]})";
}

TEST(ParseJson, ParsesOrdinaryJson) {
  const auto j = parse_json(R"({"a": [1, 2.5, "x"], "b": {"c": null}})", "test");
  EXPECT_EQ(j["a"][1], 2.5);
  EXPECT_TRUE(j["b"]["c"].is_null());
}

TEST(ParseJson, DepthLimitIsExactAndIgnoresBracketsInStrings) {
  EXPECT_NO_THROW(parse_json(nested(kMaxJsonDepth), "test"));
  const Error e = error_from([] { parse_json(nested(kMaxJsonDepth + 1), "test"); });
  EXPECT_EQ(e.code, "json.too_deep");
  EXPECT_EQ(param(e, "what"), "test");
  EXPECT_EQ(param(e, "max"), std::to_string(kMaxJsonDepth));
  // Brackets inside strings, and escaped quotes that do not end the string, are not nesting.
  const std::string in_string = "[\"" + std::string(500, '[') + "\\\"" + std::string(500, '{') + "\"]";
  EXPECT_EQ(parse_json(in_string, "test")[0].get<std::string>().size(), 1001u);
  // Objects count as levels too, mixed with arrays.
  std::string objects;
  for (int i = 0; i <= kMaxJsonDepth; ++i) objects += "{\"k\":[";
  EXPECT_EQ(error_from([&] { parse_json(objects, "test"); }).code, "json.too_deep");
}

TEST(ParseJson, HundredThousandLevelsAreRefusedNotACrash) {
  const Error e = error_from([] { parse_json(nested(100000), "model spec"); });
  EXPECT_EQ(e.code, "json.too_deep");
  EXPECT_STREQ(e.what(), "model spec nests lists or objects more than 64 levels deep");
}

TEST(ParseJson, SizeLimitComesFirst) {
  const Error e = error_from([] { parse_json(std::string(101, ' '), "settings", 100); });
  EXPECT_EQ(e.code, "json.too_large");
  EXPECT_EQ(param(e, "bytes"), "101");
  EXPECT_EQ(param(e, "max"), "100");
  EXPECT_NO_THROW(parse_json("[" + std::string(98, ' ') + "]", "settings", 100));
}

TEST(ParseJson, SyntaxErrorsNameThePlaceInTheUsersTerms) {
  const Error e = error_from([] { parse_json("{\"a\": 1,\n  \"b\": tru}", "model spec"); });
  EXPECT_EQ(e.code, "json.invalid");
  EXPECT_EQ(param(e, "line"), "2");
  EXPECT_EQ(param(e, "column"), "11");  // where the parser saw the literal end
  EXPECT_EQ(std::string(e.what()), "model spec is not valid JSON at line 2, column 11: invalid literal");
  const Error cut = error_from([] { parse_json("[1, 2", "optimizer settings"); });
  EXPECT_EQ(std::string(cut.what()),
            "optimizer settings is not valid JSON at line 1, column 6: unexpected end of input; expected ']'");
  for (const std::string bad : {"{not json", "\"\xff\"", "[1,]", "{\"a\" 1}", "nul", "[1] 2"}) {
    const Error b = error_from([&] { parse_json(bad, "x"); });
    EXPECT_EQ(b.code, "json.invalid") << bad;
    EXPECT_EQ(std::string(b.what()).find("json.exception"), std::string::npos) << b.what();
    EXPECT_EQ(std::string(b.what()).find("last read"), std::string::npos) << b.what();
  }
}

TEST(ParseJson, EmptyAndHugeNumbers) {
  EXPECT_EQ(error_from([] { parse_json(" \n", "trainer config"); }).code, "json.empty");
  const Error n = error_from([] { parse_json(R"({"lr": 1e999})", "optimizer settings"); });
  EXPECT_EQ(n.code, "json.number_too_large");
  EXPECT_EQ(param(n, "number"), "1e999");
  EXPECT_STREQ(n.what(), "optimizer settings: the number 1e999 is too large");
}

// ---- every parse site --------------------------------------------------------------------------

TEST(ParseJsonSites, SpecNestedDeepIsRefused) {
  EXPECT_NO_THROW(Sequential(spec_with(nested(10)), 1));
  const Error e = error_from([] { Sequential(spec_with(nested(100000)), 1); });
  EXPECT_EQ(e.code, "json.too_deep");
  EXPECT_EQ(param(e, "what"), "model spec");
  EXPECT_EQ(error_from([] { Sequential("{\"input\": ", 1); }).code, "json.invalid");
}

TEST(ParseJsonSites, OptimizerNestedDeepIsRefused) {
  const Error e = error_from([] { parse_optimizer_config(R"({"lr":)" + nested(8000) + "}"); });
  EXPECT_EQ(e.code, "json.too_deep");
  EXPECT_EQ(param(e, "what"), "optimizer settings");
  EXPECT_EQ(error_from([] { parse_optimizer_config(R"({"lr": 1e999})"); }).code, "json.number_too_large");
}

TEST(ParseJsonSites, ModelFileHeaderNestedDeepIsRefused) {
  const auto deep = testing::forge_model_file(R"({"format":"cnnlab-model","spec":)" + nested(100000) + "}", {});
  const Error e = error_from([&] { load_model(deep.data(), deep.size()); });
  EXPECT_EQ(e.code, "json.too_deep");
  EXPECT_EQ(param(e, "what"), "model file header");
  const auto bad = testing::forge_model_file("{\"format\": tru}", {});
  EXPECT_EQ(error_from([&] { load_model(bad.data(), bad.size()); }).code, "json.invalid");
}

TEST(ParseJsonSites, CliSpecFileNestedDeepIsAClearError) {
  testing::TempDir dir;
  const std::string spec = dir.write("deep.json", testing::text_bytes(spec_with(nested(100000))));
  const std::string err = (dir.path() / "err.txt").string();
  const std::string cmd = std::string(CNNLAB_BINARY_DIR) + "/cnnlab train --data '" + dir.path().string() +
                          "' --model '" + spec + "' --epochs 1 --batch 1 --lr 0.1 --out '" +
                          (dir.path() / "m.cnnlab").string() + "' >/dev/null 2>'" + err + "' </dev/null";
  const int raw = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(raw)) << "cnnlab died from a signal";
  EXPECT_EQ(WEXITSTATUS(raw), 1);
  std::ifstream in(err);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("deep.json nests lists or objects more than 64 levels deep"), std::string::npos)
      << text.str();
}

}  // namespace
}  // namespace cnnlab
