# Provides the imported target seal::llama (static llama + ggml, with the patched sources' include dirs)
# and SEAL_LLAMA_SOURCE (the source tree, for the vendored jinja engine and the test vocabularies).
set(_seal_release "v0.4.0")

# The cache key covers everything that changes the llama.cpp build: release, patches, flavour.
include("${CMAKE_CURRENT_LIST_DIR}/SealLlamaKey.cmake")

if(SEAL_LLAMA_SOURCE_DIR)
  set(SEAL_LLAMA_SOURCE "${SEAL_LLAMA_SOURCE_DIR}")
  if(NOT EXISTS "${SEAL_LLAMA_SOURCE}/src/llama-cparams.h")
    message(FATAL_ERROR "seal: SEAL_LLAMA_SOURCE_DIR=${SEAL_LLAMA_SOURCE} is not a llama.cpp checkout")
  endif()
  file(READ "${SEAL_LLAMA_SOURCE}/src/llama-cparams.h" _cp)
  if(NOT _cp MATCHES "seal_embd_only")
    message(FATAL_ERROR "seal: ${SEAL_LLAMA_SOURCE} lacks seal's patches: run `git -C ${SEAL_LLAMA_SOURCE} apply ${CMAKE_SOURCE_DIR}/native/patches/*.patch` (llama.cpp ${_seal_release})")
  endif()
  string(SHA256 _k "${SEAL_LLAMA_SOURCE}")
  string(SUBSTRING "${_k}" 0 10 _seal_src_key)
else()
  set(SEAL_LLAMA_SOURCE "${SEAL_CACHE_DIR}/llama.cpp-${_seal_release}-${_seal_src_key}")
  if(NOT EXISTS "${SEAL_LLAMA_SOURCE}/CMakeLists.txt")
    message(STATUS "seal: fetching llama.cpp ${_seal_release} into ${SEAL_LLAMA_SOURCE}")
    execute_process(COMMAND bash "${CMAKE_SOURCE_DIR}/scripts/fetch-llama.sh" "${SEAL_LLAMA_SOURCE}"
                    RESULT_VARIABLE _rc)
    if(NOT _rc EQUAL 0)
      message(FATAL_ERROR "seal: could not fetch llama.cpp (see the line above)")
    endif()
  endif()
endif()

set(_flavour "cpu")
set(_llama_args -DGGML_CUDA=OFF)
if(SEAL_CUDA)
  set(_flavour "cuda-${SEAL_CUDA_ARCHITECTURES}")
  # NCCL off: ggml-cuda would otherwise link it where it finds it, for the all-reduce of tensor-parallel splits (split
  # mode row), which seal never uses (layers split over GPUs, or one GPU per model), and libseal links with
  # --no-undefined without NCCL.
  # GGML_CUDA_FA_ALL_QUANTS stays off (ggml's default): seal's KV cache is F16 (F32 only without flash attention).
  set(_llama_args -DGGML_CUDA=ON "-DCMAKE_CUDA_ARCHITECTURES=${SEAL_CUDA_ARCHITECTURES}" -DGGML_CUDA_NCCL=OFF)
endif()
set(SEAL_LLAMA_BUILD "${SEAL_CACHE_DIR}/build-${_seal_src_key}-${_flavour}-${CMAKE_BUILD_TYPE}")

if(NOT EXISTS "${SEAL_LLAMA_BUILD}/.seal-built")
  message(STATUS "seal: building llama.cpp (${_flavour}) into ${SEAL_LLAMA_BUILD}; this takes minutes once, then it is cached")
  find_program(_ninja ninja)
  set(_gen)
  if(_ninja)
    set(_gen -G Ninja)
  endif()
  execute_process(
    COMMAND ${CMAKE_COMMAND} -S "${SEAL_LLAMA_SOURCE}" -B "${SEAL_LLAMA_BUILD}" ${_gen}
            -DCMAKE_BUILD_TYPE=${CMAKE_BUILD_TYPE} -DBUILD_SHARED_LIBS=OFF -DCMAKE_POSITION_INDEPENDENT_CODE=ON
            -DLLAMA_BUILD_COMMON=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_EXAMPLES=OFF
            -DLLAMA_BUILD_SERVER=OFF -DLLAMA_BUILD_APP=OFF -DLLAMA_OPENSSL=OFF -DGGML_OPENMP=OFF
            -DGGML_NATIVE=ON -DGGML_CCACHE=OFF ${_llama_args}
    RESULT_VARIABLE _rc OUTPUT_QUIET)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "seal: configuring llama.cpp failed (flavour ${_flavour})")
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} --build "${SEAL_LLAMA_BUILD}" --target llama RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "seal: building llama.cpp failed (flavour ${_flavour})")
  endif()
  file(WRITE "${SEAL_LLAMA_BUILD}/.seal-built" "${_seal_src_key}\n")
endif()

# Static archives, most dependent first so a single-pass linker resolves them.
set(_libs "")
foreach(_name llama ggml ggml-cuda ggml-cpu ggml-base)
  file(GLOB_RECURSE _found "${SEAL_LLAMA_BUILD}/*/lib${_name}.a")
  if(_found)
    list(GET _found 0 _lib)
    list(APPEND _libs "${_lib}")
  endif()
endforeach()
add_library(seal_llama INTERFACE)
target_include_directories(seal_llama INTERFACE "${SEAL_LLAMA_SOURCE}/include" "${SEAL_LLAMA_SOURCE}/ggml/include")
find_package(Threads REQUIRED)
target_link_libraries(seal_llama INTERFACE -Wl,--start-group ${_libs} -Wl,--end-group Threads::Threads ${CMAKE_DL_LIBS})
if(SEAL_CUDA)
  find_package(CUDAToolkit REQUIRED)
  target_link_libraries(seal_llama INTERFACE CUDA::cudart CUDA::cublas CUDA::cublasLt CUDA::cuda_driver)
  target_compile_definitions(seal_llama INTERFACE SEAL_WITH_CUDA=1)
endif()
add_library(seal::llama ALIAS seal_llama)
