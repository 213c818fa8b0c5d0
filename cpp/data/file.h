// data/file.h — whole-file reads that name the file when they fail.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cnnlab {

// The bytes of `path`; throws Error("cannot read '<path>': <reason>") on failure.
std::vector<uint8_t> read_file(const std::string& path);

}  // namespace cnnlab
