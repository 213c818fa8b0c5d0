// json_read.cpp — parsing user JSON with coded refusals (see json_read.h).
#include "json_read.h"

#include "error_catalog.h"

namespace cnnlab {

nlohmann::json read_json(const std::string& text, const std::string& thing) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    refuse(thing + ".not_json", {{"position", static_cast<int64_t>(e.byte)}});
  } catch (const nlohmann::json::out_of_range& e) {
    // The only range error of parsing is a number beyond a double: "number overflow parsing '1e999'".
    const std::string what = e.what();
    const size_t open = what.find('\''), close = what.rfind('\'');
    refuse(thing + ".number_too_large",
           {{"value", open != std::string::npos && close > open ? what.substr(open + 1, close - open - 1) : "?"}});
  }
}

std::string json_text(const nlohmann::json& value) {
  constexpr size_t kMax = 60;  // a message quotes the start of a long value
  std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (text.size() > kMax) {
    size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
    text = text.substr(0, cut) + "…";
  }
  return text;
}

}  // namespace cnnlab
