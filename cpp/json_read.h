// json_read.h — JSON text from the user (a spec, optimizer or trainer settings) → json, with
// refusals in the user's terms instead of the JSON library's messages.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace cnnlab {

// `thing` is the catalog prefix of the refusals ("spec", "optimizer", "trainer"): a syntax error
// becomes `<thing>.not_json` {position} (1-based character), a number too large for a double
// (1e999) `<thing>.number_too_large` {value}.
nlohmann::json read_json(const std::string& text, const std::string& thing);

// A JSON value as the user wrote it, for messages ("got \"two\"").
std::string json_text(const nlohmann::json& value);

}  // namespace cnnlab
