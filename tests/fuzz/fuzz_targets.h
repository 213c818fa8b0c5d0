// tests/fuzz/fuzz_targets.h — what each fuzzer does with one input. The libFuzzer binaries call
// these, and the native tests replay every kept finding (tests/fuzz/regressions/) through them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace cnnlab::fuzz {

// Each runs one input through the engine. Acceptance and a refusal (cnnlab::Error) are both fine;
// anything else — a sanitizer report, a crash, a hang, another exception escaping — is a finding.
void image(const uint8_t* data, size_t size);       // decode_image to grey or colour
void model_file(const uint8_t* data, size_t size);  // load_model, then predict on the loaded net
void spec(const uint8_t* data, size_t size);        // Sequential from JSON, one training step
void settings(const uint8_t* data, size_t size);    // optimizer settings, then parse_json alone
void idx(const uint8_t* data, size_t size);         // gzip + IDX images and labels into a data set

struct Target {
  std::string name;
  void (*run)(const uint8_t*, size_t);
};
// Every target, by the name its fuzzer, corpus and regression folder carry.
const std::vector<Target>& targets();

}  // namespace cnnlab::fuzz
