// refusal.h — runs code expected to refuse and checks the refusal's code, params and English text.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <string>

#include "error_catalog.h"

namespace cnnlab::testing {

// The Error `f` throws; a failure when it throws nothing. Every coded refusal must be in the
// catalog with exactly the params its sentence names.
inline Error refusal_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    // Codes of the JSON reader, images, data sets and model files are raised where they are thrown
    // (tests/node/error-codes-data.test.mjs checks their texts); the others come from the catalog.
    const std::string prefix = e.code.substr(0, e.code.find('.'));
    const bool data_code = prefix == "json" || prefix == "image" || prefix == "file" || prefix == "folder" ||
                           prefix == "idx" || prefix == "model_file";
    if (e.code != "engine" && !data_code) {
      const auto codes = error_codes();
      const auto it = std::find_if(codes.begin(), codes.end(), [&](const ErrorCodeInfo& c) { return c.code == e.code; });
      EXPECT_NE(it, codes.end()) << "code not in the catalog: " << e.code << " (" << e.what() << ")";
      if (it != codes.end()) {
        std::vector<std::string> names;
        for (const auto& p : e.params) names.push_back(p.first);
        std::vector<std::string> want = it->params;
        std::sort(names.begin(), names.end());
        std::sort(want.begin(), want.end());
        EXPECT_EQ(names, want) << e.code;
      }
    }
    return e;
  }
  ADD_FAILURE() << "nothing was refused";
  return Error("");
}

inline std::string param(const Error& e, const std::string& name) {
  for (const auto& p : e.params)
    if (p.first == name) return p.second;
  return "<no param " + name + ">";
}

}  // namespace cnnlab::testing
