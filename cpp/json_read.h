// json_read.h — JSON text from the user (a spec, optimizer or trainer settings) → json, with
// refusals in the user's terms instead of the JSON library's messages.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace cnnlab {

// `thing` says what the text is ("spec", "optimizer", "trainer"); parsing is json_parse.h's
// parse_json, bounded in size and nesting, refusing with codes json.* that name the thing.
nlohmann::json read_json(const std::string& text, const std::string& thing);

// A JSON value as the user wrote it, for messages ("got \"two\"").
std::string json_text(const nlohmann::json& value);

}  // namespace cnnlab
