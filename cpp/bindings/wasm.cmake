# wasm.cmake — the WebAssembly engine (Emscripten): build/site/engine/cnnlab.js + cnnlab.wasm.
# Included by CMakeLists.txt when EMSCRIPTEN is set, after cnnlab_core is defined.
# Also defines, outside `all`, cnnlab_nosimd: the same module without SIMD, for ./build.sh bench.

set(CNNLAB_ENGINE_DIR ${CMAKE_SOURCE_DIR}/build/site/engine CACHE PATH "Where cnnlab.js and cnnlab.wasm are written")

file(READ ${CMAKE_SOURCE_DIR}/package.json CNNLAB_PACKAGE_JSON)
string(JSON CNNLAB_VERSION GET ${CNNLAB_PACKAGE_JSON} version)

# Eigen 3.4 has no WebAssembly SIMD path, but Emscripten translates SSE intrinsics to wasm SIMD
# one for one, so Eigen is told it may use SSE up to 4.1 (EIGEN_VECTORIZE_SSE*), and -msimd128
# lets clang auto-vectorise our own loops. compat/eigen_wasm_simd.h steers Eigen past its x86
# inline asm (see there) and fails the build if Eigen did not pick SSE.
set(CNNLAB_WASM_SIMD_FLAGS -msimd128 -msse -msse2 -msse3 -mssse3 -msse4.1
    "SHELL:-include ${CMAKE_CURRENT_LIST_DIR}/compat/eigen_wasm_simd.h")
# C++ exceptions must be catchable (the bindings catch every engine Error at the boundary).
set(CNNLAB_WASM_COMPILE_FLAGS -fexceptions)

set(CNNLAB_WASM_LINK_FLAGS
  --bind
  -fexceptions
  -sDISABLE_EXCEPTION_CATCHING=0
  -sMODULARIZE=1
  -sEXPORT_ES6=1
  -sEXPORT_NAME=createCnnLab
  -sENVIRONMENT=web,worker,node
  -sALLOW_MEMORY_GROWTH=1
  -sFILESYSTEM=0
  -sDYNAMIC_EXECUTION=0  # no eval/new Function in the glue (Embind included): runs under a CSP without 'unsafe-eval'
  "SHELL:--post-js ${CMAKE_CURRENT_LIST_DIR}/api.js")

target_compile_options(cnnlab_core PUBLIC ${CNNLAB_WASM_COMPILE_FLAGS})
if(CNNLAB_SIMD)
  target_compile_options(cnnlab_core PUBLIC ${CNNLAB_WASM_SIMD_FLAGS})
  # Found before clang's x86-only mmintrin.h (see compat/mmintrin.h).
  target_include_directories(cnnlab_core SYSTEM BEFORE PUBLIC ${CMAKE_CURRENT_LIST_DIR}/compat)
endif()

file(GLOB CNNLAB_BINDING_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.cpp)

# target: the module; core: the engine library it links; dir: where cnnlab.js/.wasm go.
function(cnnlab_add_wasm_module target core dir)
  add_executable(${target} ${ARGN} ${CNNLAB_BINDING_SOURCES})
  target_link_libraries(${target} PRIVATE ${core})
  target_compile_definitions(${target} PRIVATE CNNLAB_VERSION="${CNNLAB_VERSION}")
  target_link_options(${target} PRIVATE ${CNNLAB_WASM_LINK_FLAGS})
  set_target_properties(${target} PROPERTIES OUTPUT_NAME cnnlab SUFFIX .js RUNTIME_OUTPUT_DIRECTORY ${dir}
                                             LINK_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/api.js)
endfunction()

cnnlab_add_wasm_module(cnnlab_wasm cnnlab_core ${CNNLAB_ENGINE_DIR})

# The threaded engine: the same sources with Emscripten pthreads, in build/site/engine-mt/ (cnnlab.js,
# .wasm, .worker.js). The page's worker loads it when crossOriginIsolated (SharedArrayBuffer).
# Workers are preloaded (threads-pre.js sizes the pool) because a pthread created later could only
# start after the caller returned to the event loop, which parallel_for never does.
set(CNNLAB_ENGINE_MT_DIR ${CMAKE_SOURCE_DIR}/build/site/engine-mt CACHE PATH "Where the threaded engine is written")
add_library(cnnlab_core_mt STATIC ${CNNLAB_CORE_SOURCES})
target_include_directories(cnnlab_core_mt SYSTEM PUBLIC /usr/include/eigen3 /usr/include/stb ${CNNLAB_LOCAL_INCLUDE})
target_include_directories(cnnlab_core_mt SYSTEM BEFORE PUBLIC ${CMAKE_CURRENT_LIST_DIR}/compat)
target_include_directories(cnnlab_core_mt PUBLIC ${CMAKE_SOURCE_DIR}/cpp)
target_compile_definitions(cnnlab_core_mt PUBLIC EIGEN_NO_DEBUG EIGEN_DONT_PARALLELIZE)
target_compile_options(cnnlab_core_mt PUBLIC ${CNNLAB_WASM_COMPILE_FLAGS} ${CNNLAB_WASM_SIMD_FLAGS} -pthread)
cnnlab_add_wasm_module(cnnlab_wasm_mt cnnlab_core_mt ${CNNLAB_ENGINE_MT_DIR})
target_link_options(cnnlab_wasm_mt PRIVATE -pthread -sPTHREAD_POOL_SIZE=cnnlabPoolSize
                    "SHELL:--pre-js ${CMAKE_CURRENT_LIST_DIR}/threads-pre.js")
set_property(TARGET cnnlab_wasm_mt APPEND PROPERTY LINK_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/threads-pre.js)

# The same engine without any SIMD, only for the speed-up measurement (never shipped).
add_library(cnnlab_core_nosimd STATIC EXCLUDE_FROM_ALL ${CNNLAB_CORE_SOURCES})
target_include_directories(cnnlab_core_nosimd SYSTEM PUBLIC /usr/include/eigen3 /usr/include/stb ${CNNLAB_LOCAL_INCLUDE})
target_include_directories(cnnlab_core_nosimd PUBLIC ${CMAKE_SOURCE_DIR}/cpp)
target_compile_definitions(cnnlab_core_nosimd PUBLIC EIGEN_NO_DEBUG EIGEN_DONT_PARALLELIZE)
target_compile_options(cnnlab_core_nosimd PUBLIC ${CNNLAB_WASM_COMPILE_FLAGS})
cnnlab_add_wasm_module(cnnlab_nosimd cnnlab_core_nosimd ${CMAKE_BINARY_DIR}/nosimd)
set_target_properties(cnnlab_nosimd PROPERTIES EXCLUDE_FROM_ALL ON)

# The per-layer profile (tests/bench/layer_profile.cpp) as a plain Node program, for ./build.sh bench.
add_executable(cnnlab_profile EXCLUDE_FROM_ALL ${CMAKE_SOURCE_DIR}/tests/bench/layer_profile.cpp)
target_link_libraries(cnnlab_profile PRIVATE cnnlab_core)
# Synchronous instantiation: Node 18+ has a fetch() that refuses file paths.
target_link_options(cnnlab_profile PRIVATE -fexceptions -sENVIRONMENT=node -sALLOW_MEMORY_GROWTH=1 -sWASM_ASYNC_COMPILATION=0)
set_target_properties(cnnlab_profile PROPERTIES SUFFIX .js RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/profile)
# Emscripten writes a CommonJS script; the repository's package.json says "type": "module".
file(WRITE ${CMAKE_BINARY_DIR}/profile/package.json "{\"type\": \"commonjs\"}\n")
