// cli/args.h — command-line options of the cnnlab subcommands: parsing and typed access.
#pragma once

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace cnnlab::cli {

// A mistake in how the command was called (exit status 2, with a hint to use --help).
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Args {
 public:
  // argv after the subcommand. `valued` are the options taking a value (--x V or --x=V),
  // `flags` those that do not (--help is always a flag). Anything else starting with "--" is
  // refused; other words are positional.
  Args(const std::vector<std::string>& argv, const std::set<std::string>& valued,
       const std::set<std::string>& flags);

  bool has(const std::string& name) const;
  bool flag(const std::string& name) const { return has(name); }
  const std::vector<std::string>& positional() const { return positional_; }

  std::string str(const std::string& name) const;  // required
  std::string str(const std::string& name, const std::string& fallback) const;
  int integer(const std::string& name) const;  // required
  int integer(const std::string& name, int fallback) const;
  float number(const std::string& name) const;  // required
  float number(const std::string& name, float fallback) const;
  // "flip,crop" → {"flip", "crop"}; empty items are dropped.
  std::vector<std::string> list(const std::string& name) const;

 private:
  std::map<std::string, std::string> values_;
  std::vector<std::string> positional_;
};

}  // namespace cnnlab::cli
