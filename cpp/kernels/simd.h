// kernels/simd.h — four float lanes: WebAssembly SIMD128, SSE natively, or plain scalars.
//
// The hand kernels are written once against F4 so that the native build (tests, ASan) runs the
// same algorithm as the browser: WebAssembly SIMD under Emscripten (which also defines __SSE__
// for Eigen's sake, so it is tested first), SSE on x86, a scalar struct anywhere else.
#pragma once

#include <cstdint>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__SSE2__)
#include <immintrin.h>
#endif

namespace cnnlab::kernels {

#if defined(__wasm_simd128__)

#define CNNLAB_KERNEL_ISA "wasm-simd128"
struct F4 {
  v128_t v;
};
inline F4 load4(const float* p) { return {wasm_v128_load(p)}; }
inline F4 splat_load(const float* p) { return {wasm_v128_load32_splat(p)}; }
inline F4 splat(float x) { return {wasm_f32x4_splat(x)}; }
inline F4 add(F4 a, F4 b) { return {wasm_f32x4_add(a.v, b.v)}; }
inline F4 sub(F4 a, F4 b) { return {wasm_f32x4_sub(a.v, b.v)}; }
inline F4 mul(F4 a, F4 b) { return {wasm_f32x4_mul(a.v, b.v)}; }
// pmax(0, x) = 0 < x ? x : 0: one maxps on x86, where f32x4.max needs a NaN-fixing sequence.
inline F4 relu(F4 x) { return {wasm_f32x4_pmax(wasm_f32x4_splat(0.0f), x.v)}; }
inline void store4(float* p, F4 a) { wasm_v128_store(p, a.v); }
inline F4 max4(F4 a, F4 b) { return {wasm_f32x4_pmax(a.v, b.v)}; }  // a < b ? b : a, as std::max
// Lanes 0, 2 of a then 0, 2 of b; and lanes 1, 3 of each (pairs of neighbours split apart).
inline F4 even_lanes(F4 a, F4 b) { return {wasm_i32x4_shuffle(a.v, b.v, 0, 2, 4, 6)}; }
inline F4 odd_lanes(F4 a, F4 b) { return {wasm_i32x4_shuffle(a.v, b.v, 1, 3, 5, 7)}; }
// Lanes a0 b0 a1 b1, and a2 b2 a3 b3: the inverse of even/odd.
inline F4 zip_low(F4 a, F4 b) { return {wasm_i32x4_shuffle(a.v, b.v, 0, 4, 1, 5)}; }
inline F4 zip_high(F4 a, F4 b) { return {wasm_i32x4_shuffle(a.v, b.v, 2, 6, 3, 7)}; }
// Lanes a0 a1 b0 b1, and a2 a3 b2 b3 (with zip_low/zip_high: a 4×4 transpose).
inline F4 low_halves(F4 a, F4 b) { return {wasm_i32x4_shuffle(a.v, b.v, 0, 1, 4, 5)}; }
inline F4 high_halves(F4 a, F4 b) { return {wasm_i32x4_shuffle(a.v, b.v, 2, 3, 6, 7)}; }

struct I4 {  // four int32 lanes; comparisons give all-ones (true) or zero lanes
  v128_t v;
};
inline I4 greater(F4 a, F4 b) { return {wasm_f32x4_gt(a.v, b.v)}; }
inline F4 select(I4 m, F4 yes, F4 no) { return {wasm_v128_bitselect(yes.v, no.v, m.v)}; }
inline I4 select(I4 m, I4 yes, I4 no) { return {wasm_v128_bitselect(yes.v, no.v, m.v)}; }
inline I4 splat_i(int32_t x) { return {wasm_i32x4_splat(x)}; }
inline I4 lanes_from(int32_t x) { return {wasm_i32x4_make(x, x + 1, x + 2, x + 3)}; }
inline I4 add(I4 a, I4 b) { return {wasm_i32x4_add(a.v, b.v)}; }
inline I4 bit_and(I4 a, I4 b) { return {wasm_v128_and(a.v, b.v)}; }
inline void store4(int32_t* p, I4 a) { wasm_v128_store(p, a.v); }

#elif defined(__SSE2__)

#define CNNLAB_KERNEL_ISA "sse"
struct F4 {
  __m128 v;
};
inline F4 load4(const float* p) { return {_mm_loadu_ps(p)}; }
inline F4 splat_load(const float* p) { return {_mm_set1_ps(*p)}; }
inline F4 splat(float x) { return {_mm_set1_ps(x)}; }
inline F4 add(F4 a, F4 b) { return {_mm_add_ps(a.v, b.v)}; }
inline F4 sub(F4 a, F4 b) { return {_mm_sub_ps(a.v, b.v)}; }
inline F4 mul(F4 a, F4 b) { return {_mm_mul_ps(a.v, b.v)}; }
inline F4 relu(F4 x) { return {_mm_max_ps(x.v, _mm_setzero_ps())}; }  // x > 0 ? x : 0
inline void store4(float* p, F4 a) { _mm_storeu_ps(p, a.v); }
inline F4 max4(F4 a, F4 b) { return {_mm_max_ps(b.v, a.v)}; }  // b > a ? b : a
inline F4 even_lanes(F4 a, F4 b) { return {_mm_shuffle_ps(a.v, b.v, _MM_SHUFFLE(2, 0, 2, 0))}; }
inline F4 odd_lanes(F4 a, F4 b) { return {_mm_shuffle_ps(a.v, b.v, _MM_SHUFFLE(3, 1, 3, 1))}; }
inline F4 zip_low(F4 a, F4 b) { return {_mm_unpacklo_ps(a.v, b.v)}; }
inline F4 zip_high(F4 a, F4 b) { return {_mm_unpackhi_ps(a.v, b.v)}; }
inline F4 low_halves(F4 a, F4 b) { return {_mm_movelh_ps(a.v, b.v)}; }
inline F4 high_halves(F4 a, F4 b) { return {_mm_movehl_ps(b.v, a.v)}; }

struct I4 {
  __m128i v;
};
inline I4 greater(F4 a, F4 b) { return {_mm_castps_si128(_mm_cmpgt_ps(a.v, b.v))}; }
inline F4 select(I4 m, F4 yes, F4 no) {
  const __m128 mf = _mm_castsi128_ps(m.v);
  return {_mm_or_ps(_mm_and_ps(mf, yes.v), _mm_andnot_ps(mf, no.v))};
}
inline I4 select(I4 m, I4 yes, I4 no) { return {_mm_or_si128(_mm_and_si128(m.v, yes.v), _mm_andnot_si128(m.v, no.v))}; }
inline I4 splat_i(int32_t x) { return {_mm_set1_epi32(x)}; }
inline I4 lanes_from(int32_t x) { return {_mm_setr_epi32(x, x + 1, x + 2, x + 3)}; }
inline I4 add(I4 a, I4 b) { return {_mm_add_epi32(a.v, b.v)}; }
inline I4 bit_and(I4 a, I4 b) { return {_mm_and_si128(a.v, b.v)}; }
inline void store4(int32_t* p, I4 a) { _mm_storeu_si128(reinterpret_cast<__m128i*>(p), a.v); }

#else

#define CNNLAB_KERNEL_ISA "scalar"
struct F4 {
  float v[4];
};
inline F4 load4(const float* p) { return {{p[0], p[1], p[2], p[3]}}; }
inline F4 splat(float x) { return {{x, x, x, x}}; }
inline F4 splat_load(const float* p) { return splat(*p); }
inline F4 add(F4 a, F4 b) { return {{a.v[0] + b.v[0], a.v[1] + b.v[1], a.v[2] + b.v[2], a.v[3] + b.v[3]}}; }
inline F4 mul(F4 a, F4 b) { return {{a.v[0] * b.v[0], a.v[1] * b.v[1], a.v[2] * b.v[2], a.v[3] * b.v[3]}}; }
inline F4 sub(F4 a, F4 b) { return {{a.v[0] - b.v[0], a.v[1] - b.v[1], a.v[2] - b.v[2], a.v[3] - b.v[3]}}; }
inline F4 relu(F4 x) {
  for (float& e : x.v) e = e > 0.0f ? e : 0.0f;
  return x;
}
inline void store4(float* p, F4 a) {
  for (int i = 0; i < 4; ++i) p[i] = a.v[i];
}
inline F4 max4(F4 a, F4 b) {
  for (int i = 0; i < 4; ++i) a.v[i] = a.v[i] < b.v[i] ? b.v[i] : a.v[i];
  return a;
}
inline F4 even_lanes(F4 a, F4 b) { return {{a.v[0], a.v[2], b.v[0], b.v[2]}}; }
inline F4 odd_lanes(F4 a, F4 b) { return {{a.v[1], a.v[3], b.v[1], b.v[3]}}; }
inline F4 zip_low(F4 a, F4 b) { return {{a.v[0], b.v[0], a.v[1], b.v[1]}}; }
inline F4 zip_high(F4 a, F4 b) { return {{a.v[2], b.v[2], a.v[3], b.v[3]}}; }
inline F4 low_halves(F4 a, F4 b) { return {{a.v[0], a.v[1], b.v[0], b.v[1]}}; }
inline F4 high_halves(F4 a, F4 b) { return {{a.v[2], a.v[3], b.v[2], b.v[3]}}; }

struct I4 {
  int32_t v[4];
};
inline I4 greater(F4 a, F4 b) {
  I4 m;
  for (int i = 0; i < 4; ++i) m.v[i] = a.v[i] > b.v[i] ? -1 : 0;
  return m;
}
inline F4 select(I4 m, F4 yes, F4 no) {
  for (int i = 0; i < 4; ++i) no.v[i] = m.v[i] ? yes.v[i] : no.v[i];
  return no;
}
inline I4 select(I4 m, I4 yes, I4 no) {
  for (int i = 0; i < 4; ++i) no.v[i] = m.v[i] ? yes.v[i] : no.v[i];
  return no;
}
inline I4 splat_i(int32_t x) { return {{x, x, x, x}}; }
inline I4 lanes_from(int32_t x) { return {{x, x + 1, x + 2, x + 3}}; }
inline I4 add(I4 a, I4 b) { return {{a.v[0] + b.v[0], a.v[1] + b.v[1], a.v[2] + b.v[2], a.v[3] + b.v[3]}}; }
inline I4 bit_and(I4 a, I4 b) { return {{a.v[0] & b.v[0], a.v[1] & b.v[1], a.v[2] & b.v[2], a.v[3] & b.v[3]}}; }
inline void store4(int32_t* p, I4 a) {
  for (int i = 0; i < 4; ++i) p[i] = a.v[i];
}

#endif

}  // namespace cnnlab::kernels
