// error.h — the engine's one error type: an English sentence for the CLI plus a stable code and
// named parameters, so the page can say the same thing in the learner's language.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace cnnlab {

// Every refusal the engine makes (bad spec, bad image, bad file, misuse) is an Error whose
// what() is a sentence a learner can read. `code` names the kind of refusal ("spec.unknown_type",
// "image.truncated", …; "engine" when no more specific code applies) and `params` the values the
// sentence mentions, as text ({"layer", "2"}, {"type", "conv2d"}); web/i18n/errors.js holds the
// translations, keyed by code. Codes and parameter names are a contract: change them only with
// their translations.
struct Error : std::runtime_error {
  using Params = std::vector<std::pair<std::string, std::string>>;

  explicit Error(const std::string& message) : std::runtime_error(message) {}
  Error(std::string error_code, Params error_params, const std::string& message)
      : std::runtime_error(message), code(std::move(error_code)), params(std::move(error_params)) {}

  std::string code = "engine";
  Params params;
};

}  // namespace cnnlab
