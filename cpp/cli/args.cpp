// cli/args.cpp — command-line option parsing with messages that name the option.
#include "args.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace cnnlab::cli {

Args::Args(const std::vector<std::string>& argv, const std::set<std::string>& valued,
           const std::set<std::string>& flags) {
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a.size() < 3 || a.compare(0, 2, "--") != 0) {
      if (a == "-h") {
        values_["help"] = "";
        continue;
      }
      positional_.push_back(a);
      continue;
    }
    std::string name = a.substr(2), value;
    bool inline_value = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      inline_value = true;
    }
    if (name == "help" || flags.count(name)) {
      if (inline_value) throw UsageError("option --" + name + " takes no value");
      values_[name] = "";
    } else if (valued.count(name)) {
      if (!inline_value) {
        if (i + 1 >= argv.size()) throw UsageError("option --" + name + " needs a value");
        value = argv[++i];
      }
      if (values_.count(name)) throw UsageError("option --" + name + " given twice");
      values_[name] = value;
    } else {
      throw UsageError("unknown option --" + name);
    }
  }
}

bool Args::has(const std::string& name) const { return values_.count(name) > 0; }

std::string Args::str(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) throw UsageError("missing required option --" + name);
  if (it->second.empty()) throw UsageError("option --" + name + " needs a non-empty value");
  return it->second;
}

std::string Args::str(const std::string& name, const std::string& fallback) const {
  return has(name) ? str(name) : fallback;
}

int Args::integer(const std::string& name) const {
  std::string s = str(name);
  char* end = nullptr;
  errno = 0;
  long v = std::strtol(s.c_str(), &end, 10);
  if (*end != '\0' || errno == ERANGE || v < -2147483647L || v > 2147483647L)
    throw UsageError("option --" + name + " expects a whole number, got '" + s + "'");
  return static_cast<int>(v);
}

int Args::integer(const std::string& name, int fallback) const { return has(name) ? integer(name) : fallback; }

float Args::number(const std::string& name) const {
  std::string s = str(name);
  char* end = nullptr;
  float v = std::strtof(s.c_str(), &end);
  if (*end != '\0' || !std::isfinite(v))
    throw UsageError("option --" + name + " expects a number, got '" + s + "'");
  return v;
}

float Args::number(const std::string& name, float fallback) const { return has(name) ? number(name) : fallback; }

std::vector<std::string> Args::list(const std::string& name) const {
  std::vector<std::string> out;
  if (!has(name)) return out;
  std::string s = values_.at(name), item;
  for (size_t start = 0; start <= s.size();) {
    size_t comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    item = s.substr(start, comma - start);
    if (!item.empty()) out.push_back(item);
    start = comma + 1;
  }
  return out;
}

}  // namespace cnnlab::cli
