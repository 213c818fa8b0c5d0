// error_catalog.h — every coded refusal of the engine's model, training and optimizer code, with
// its English sentence, and refuse() which throws one.
#pragma once

#include <initializer_list>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "error.h"

namespace cnnlab {

// One parameter's text: strings as they are, integers in decimal, floats in their shortest
// readable form (0.001, 1000000, 1e-08, NaN).
struct ErrorArg {
  ErrorArg(std::string s) : text(std::move(s)) {}
  ErrorArg(const char* s) : text(s) {}
  template <typename T, std::enable_if_t<std::is_integral_v<T>, int> = 0>
  ErrorArg(T v) : text(std::to_string(v)) {}
  ErrorArg(double v);
  std::string text;
};

using ErrorArgs = std::initializer_list<std::pair<const char*, ErrorArg>>;

// The Error for `code`: its catalog sentence with each {name} filled from `args`. The names in
// `args` must be exactly the sentence's placeholders, in any order (a mismatch is a bug in the engine and
// gives the code "engine.bad_error" so that tests catch it).
Error coded_error(const std::string& code, ErrorArgs args);
[[noreturn]] void refuse(const std::string& code, ErrorArgs args = {});

// The shortest decimal text of a float ("0.001", "1000000", "1e-08").
std::string number_text(double v);

struct ErrorCodeInfo {
  std::string code;
  std::string english;              // the sentence with {name} placeholders
  std::vector<std::string> params;  // the placeholders, in order of first appearance
};

// Every code refuse() knows (lab.errorCodes() in JavaScript; web/i18n/errors.js translates them).
std::vector<ErrorCodeInfo> error_codes();

}  // namespace cnnlab
