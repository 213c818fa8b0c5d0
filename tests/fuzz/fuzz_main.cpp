// tests/fuzz/fuzz_main.cpp — the libFuzzer entry point; CMake builds it once per target, naming the
// target with -DCNNLAB_FUZZ_TARGET (fuzz_image, fuzz_model_file, …).
#include "fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cnnlab::fuzz::CNNLAB_FUZZ_TARGET(data, size);
  return 0;
}
