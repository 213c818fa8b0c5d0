// compat/eigen_wasm_simd.h — force-included (-include) by the SIMD WebAssembly build so that Eigen
// 3.4 takes its SSE path, which Emscripten maps one for one onto wasm SIMD128.
//
// Eigen's SSE code holds x86 inline asm behind GCC version checks: pmin/pmax use `minps` asm when
// GCC < 6.3 (EIGEN_COMP_GNUC < 63), the GEBP kernel adds "+x,m" register hints when GCC >= 6.0.
// clang claims GCC 4.2, so the first fires; no GCC version avoids both, and wasm has neither
// instruction nor "x" registers. So Eigen/Core is parsed here once with __GNUC__ hidden
// (EIGEN_COMP_GNUC = 0, EIGEN_GNUC_AT_LEAST(...) = 0: the portable intrinsic code), after the
// standard headers (which need __GNUC__ for musl's va_list) and Eigen's Macros.h (so its inline
// and attribute macros stay those for clang). Later #include <Eigen/Core> lines are no-ops.
#pragma once
#ifdef __cplusplus
#include <algorithm>
#include <array>
#include <cassert>
#include <cerrno>
#include <climits>
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iostream>
#include <limits>
#include <new>
#include <sstream>
#include <string>
#include <type_traits>

#include <emmintrin.h>
#include <mmintrin.h>
#include <pmmintrin.h>
#include <smmintrin.h>
#include <tmmintrin.h>
#include <xmmintrin.h>

#include <Eigen/src/Core/util/Macros.h>

#pragma push_macro("__GNUC__")
#pragma push_macro("__GNUC_MINOR__")
#undef __GNUC__
#undef __GNUC_MINOR__
#include <Eigen/Core>
#pragma pop_macro("__GNUC_MINOR__")
#pragma pop_macro("__GNUC__")

#ifndef EIGEN_VECTORIZE_SSE4_1
#error "Eigen did not select its SSE4.1 path: the WebAssembly build would run without SIMD"
#endif
#endif
