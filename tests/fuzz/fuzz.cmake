# tests/fuzz/fuzz.cmake — the libFuzzer harnesses, one binary per target, the engine built with
# AddressSanitizer + UBSan and coverage for the fuzzer; and fuzz_seeds, which writes the seed
# corpora from real fixtures. Included by CMakeLists.txt when CNNLAB_FUZZ is on (./build.sh fuzz).
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "CNNLAB_FUZZ needs clang's libFuzzer: configure with CC=clang CXX=clang++")
endif()

set(CNNLAB_FUZZ_SANITIZERS -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
target_compile_options(cnnlab_core PUBLIC ${CNNLAB_FUZZ_SANITIZERS} -fsanitize=fuzzer-no-link -g)
target_link_options(cnnlab_core PUBLIC -fsanitize=address,undefined)

add_library(cnnlab_fuzz_targets STATIC ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_targets.cpp)
target_link_libraries(cnnlab_fuzz_targets PUBLIC cnnlab_core)

foreach(target image model_file spec settings idx)
  add_executable(fuzz_${target} ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_main.cpp)
  target_compile_definitions(fuzz_${target} PRIVATE CNNLAB_FUZZ_TARGET=${target})
  target_link_libraries(fuzz_${target} PRIVATE cnnlab_fuzz_targets)
  target_link_options(fuzz_${target} PRIVATE -fsanitize=fuzzer)
endforeach()

add_executable(fuzz_seeds ${CMAKE_SOURCE_DIR}/tests/fuzz/make_seeds.cpp ${CMAKE_SOURCE_DIR}/tests/cpp/test_data_fixtures.cpp
                          ${CMAKE_SOURCE_DIR}/tests/cpp/hostile_fixtures.cpp)
target_include_directories(fuzz_seeds PRIVATE ${CMAKE_SOURCE_DIR}/tests/cpp)
target_link_libraries(fuzz_seeds PRIVATE cnnlab_core)
# stb_image_write's JPEG writer left-shifts negative ints (see CMakeLists.txt).
set_source_files_properties(${CMAKE_SOURCE_DIR}/tests/cpp/test_data_fixtures.cpp PROPERTIES COMPILE_OPTIONS
                            -fno-sanitize=shift-base)
