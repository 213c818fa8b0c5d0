// cli/commands.h — the cnnlab subcommands and what they share (data loading, class checks).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "io/model_file.h"

namespace cnnlab::cli {

// Each returns the process exit status; errors are thrown (Error → 1, UsageError → 2).
int train_command(const std::vector<std::string>& argv);
int eval_command(const std::vector<std::string>& argv);
int predict_command(const std::vector<std::string>& argv);
int export_command(const std::vector<std::string>& argv);

// The bytes of a file the user named; a folder is refused by name (not read as a file).
std::vector<uint8_t> read_user_file(const std::string& path);
// A model file the user named; a refusal names the path.
LoadedModel load_model_file(const std::string& path);

// An ImageFolder or IDX folder at the given input size; skipped files are listed on stderr.
Dataset load_data(const std::string& dir, int channels, int height, int width, const std::string& split);

// Throws Error unless the data's classes are the model's (same count; same names, except that
// a set whose class names are just "0".."K-1", as IDX files give, takes the model's names).
void check_classes(const std::vector<std::string>& model_classes, const Dataset& data, const std::string& dir);

}  // namespace cnnlab::cli
