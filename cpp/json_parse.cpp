// json_parse.cpp — bounded JSON parsing with readable, coded refusals (see json_parse.h).
#include "json_parse.h"

#include <cstdio>

#include "error.h"

namespace cnnlab {

namespace {

// The deepest nesting of arrays and objects in `text`, stopping as soon as it passes `limit`.
// Brackets inside strings do not count; a string ends at an unescaped quote. On text that is not
// JSON the answer may be off, which is harmless: the parser refuses that text anyway.
int nesting_depth(std::string_view text, int limit) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (const char ch : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (ch == '\\') escaped = true;
      else if (ch == '"') in_string = false;
    } else if (ch == '"') {
      in_string = true;
    } else if (ch == '[' || ch == '{') {
      if (++depth > deepest && (deepest = depth) > limit) return deepest;
    } else if ((ch == ']' || ch == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

bool blank(std::string_view text) {
  for (const char ch : text)
    if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r') return false;
  return true;
}

// nlohmann's parse_error reads "[json.exception.parse_error.101] parse error at line 2, column 6:
// syntax error while parsing value - invalid literal; last read: '…'". We keep the line, the
// column and the reason after " - ", and drop the echo of the input, which may be long or not UTF-8.
[[noreturn]] void refuse_syntax(const nlohmann::json::parse_error& e, const std::string& what) {
  const std::string msg = e.what();
  long line = 0, column = 0;
  const size_t at = msg.find("at line ");
  if (at == std::string::npos || std::sscanf(msg.c_str() + at, "at line %ld, column %ld", &line, &column) != 2) {
    line = 1;
    column = static_cast<long>(e.byte);
  }
  std::string reason = msg;
  const size_t dash = reason.find(" - ");
  const size_t colon = reason.find(": ", at == std::string::npos ? 0 : at);
  if (dash != std::string::npos) reason = reason.substr(dash + 3);
  else if (colon != std::string::npos) reason = reason.substr(colon + 2);
  const size_t echo = reason.find("; last read:");
  if (echo != std::string::npos) reason.resize(echo);
  const std::string l = std::to_string(line), c = std::to_string(column);
  throw Error("json.invalid", {{"what", what}, {"line", l}, {"column", c}, {"reason", reason}},
              what + " is not valid JSON at line " + l + ", column " + c + ": " + reason);
}

}  // namespace

nlohmann::json parse_json(std::string_view text, const std::string& what, size_t max_bytes) {
  if (text.size() > max_bytes)
    throw Error("json.too_large", {{"what", what}, {"bytes", std::to_string(text.size())}, {"max", std::to_string(max_bytes)}},
                what + " is too large: " + std::to_string(text.size()) + " bytes, the limit is " +
                    std::to_string(max_bytes));
  if (nesting_depth(text, kMaxJsonDepth) > kMaxJsonDepth)
    throw Error("json.too_deep", {{"what", what}, {"max", std::to_string(kMaxJsonDepth)}},
                what + " nests lists or objects more than " + std::to_string(kMaxJsonDepth) + " levels deep");
  if (blank(text)) throw Error("json.empty", {{"what", what}}, what + " is empty (expected JSON text)");
  try {
    return nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    refuse_syntax(e, what);
  } catch (const nlohmann::json::out_of_range& e) {
    // Parsing's only range error is a number beyond a double: "number overflow parsing '1e999'".
    const std::string msg = e.what();
    const size_t open = msg.find('\''), close = msg.rfind('\'');
    std::string number = open != std::string::npos && close > open ? msg.substr(open + 1, close - open - 1) : "";
    if (number.size() > 40) number = number.substr(0, 40) + "…";
    throw Error("json.number_too_large", {{"what", what}, {"number", number}},
                what + ": the number " + number + " is too large");
  }
}

}  // namespace cnnlab
