// data/file.cpp — whole-file reads that name the file when they fail.
#include "file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "../tensor.h"

namespace cnnlab {

std::vector<uint8_t> read_file(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) {
    const std::string reason = std::strerror(errno);
    throw Error("file.cannot_read", {{"path", path}, {"reason", reason}}, "cannot read '" + path + "': " + reason);
  }
  std::vector<uint8_t> bytes;
  // The size from fseek/ftell only reserves memory: pipes and some virtual file systems do not
  // report one, so the read itself runs until end of file.
  if (std::fseek(f.get(), 0, SEEK_END) == 0) {
    const long size = std::ftell(f.get());
    if (size > 0) bytes.reserve(static_cast<size_t>(size));
    std::rewind(f.get());
  }
  uint8_t chunk[1 << 16];
  size_t got;
  while ((got = std::fread(chunk, 1, sizeof chunk, f.get())) > 0) bytes.insert(bytes.end(), chunk, chunk + got);
  if (std::ferror(f.get()))
    throw Error("file.cannot_read", {{"path", path}, {"reason", "read error"}}, "cannot read '" + path + "': read error");
  return bytes;
}

}  // namespace cnnlab
