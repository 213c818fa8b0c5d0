/* compat/mmintrin.h — stands in for the MMX header, which Emscripten 3.1.6 lacks (its SSE headers
   in system/include/compat map SSE to wasm SIMD; MMX has no counterpart). Eigen includes this
   header unconditionally on its SSE path but uses no MMX intrinsic, so nothing is declared here;
   without it clang's own x86-only mmintrin.h is found and refuses to compile for wasm32. */
#pragma once
#include <xmmintrin.h>
