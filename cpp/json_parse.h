// json_parse.h — the one way the engine reads JSON text: bounded in size and nesting, refused in
// the user's terms (codes json.*) instead of the JSON library's messages.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace cnnlab {

// A spec, optimizer settings or a model-file header is a few kilobytes and nests 5 deep.
// nlohmann's dump(), comparisons and our own walks recurse once per level, and WebAssembly's
// stack is small, so depth is capped well below what would exhaust it.
constexpr size_t kMaxJsonBytes = size_t{4} << 20;
constexpr int kMaxJsonDepth = 64;

// Parses `text`; `what` names it in refusals ("model spec", "optimizer settings", …).
// Throws Error with code
//   json.too_large {what, bytes, max}   more than max_bytes of text (checked before anything else)
//   json.too_deep {what, max}           arrays/objects nested deeper than kMaxJsonDepth
//   json.empty {what}                   nothing but white space
//   json.invalid {what, line, column, reason}   a syntax error (reason: the parser's, in English)
//   json.number_too_large {what, number}        a number beyond a double (1e999)
// Depth is found by an iterative scan before parsing, so no input can exhaust the stack.
nlohmann::json parse_json(std::string_view text, const std::string& what, size_t max_bytes = kMaxJsonBytes);

}  // namespace cnnlab
