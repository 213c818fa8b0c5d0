// cli/main.cpp — `cnnlab`: train, eval, predict and export from the command line (JSON lines out).
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "args.h"
#include "commands.h"
#include "tensor.h"

namespace {

const char* const kUsage =
    "usage: cnnlab <command> [options]\n"
    "\n"
    "commands:\n"
    "  train    train a network from a model spec on an image folder or IDX files\n"
    "  eval     accuracy, loss and confusion matrix of a saved model on a data set\n"
    "  predict  class probabilities of a saved model for image files\n"
    "  export   a saved model as ONNX, for ONNX Runtime, PyTorch and other tools\n"
    "\n"
    "`cnnlab <command> --help` describes each command's options.\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const std::string command = argv[1];
  const std::vector<std::string> rest(argv + 2, argv + argc);
  try {
    if (command == "train") return cnnlab::cli::train_command(rest);
    if (command == "eval") return cnnlab::cli::eval_command(rest);
    if (command == "predict") return cnnlab::cli::predict_command(rest);
    if (command == "export") return cnnlab::cli::export_command(rest);
    std::fprintf(stderr, "cnnlab: unknown command '%s'\n\n%s", command.c_str(), kUsage);
    return 2;
  } catch (const cnnlab::cli::UsageError& e) {
    std::fprintf(stderr, "cnnlab %s: %s (see `cnnlab %s --help`)\n", command.c_str(), e.what(), command.c_str());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cnnlab %s: error: %s\n", command.c_str(), e.what());
    return 1;
  }
}
