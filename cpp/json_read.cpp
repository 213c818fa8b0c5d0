// json_read.cpp — parsing user JSON with coded refusals (see json_read.h).
#include "json_read.h"

#include "error_catalog.h"
#include "json_parse.h"

namespace cnnlab {

nlohmann::json read_json(const std::string& text, const std::string& thing) {
  static const std::pair<const char*, const char*> kNames[] = {
      {"spec", "model spec"}, {"optimizer", "optimizer settings"}, {"trainer", "trainer config"}};
  std::string what = thing;
  for (const auto& [key, name] : kNames)
    if (thing == key) what = name;
  return parse_json(text, what);
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
