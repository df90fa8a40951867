# The key of seal's llama.cpp source and build in the cache: made of contents only (never paths), so every clone and
# worktree shares one build; it covers what changes the source: seal's patches and the fetch script (which pins the
# release). Included by SealLlama.cmake; as a script it prints the key, for tools outside the build:
#   cmake -P cmake/SealLlamaKey.cmake        (from the repository root)
file(GLOB _seal_patches "${CMAKE_SOURCE_DIR}/native/patches/*.patch")
list(SORT _seal_patches)
set(_seal_patch_text "")
foreach(_p IN LISTS _seal_patches)
  file(READ "${_p}" _t)
  string(APPEND _seal_patch_text "${_t}")
endforeach()
string(SHA256 _seal_patch_hash "${_seal_patch_text}")
file(SHA256 "${CMAKE_SOURCE_DIR}/scripts/fetch-llama.sh" _seal_fetch_hash)
string(SHA256 _seal_src_key "${_seal_patch_hash}${_seal_fetch_hash}")
string(SUBSTRING "${_seal_src_key}" 0 10 _seal_src_key)
if(CMAKE_SCRIPT_MODE_FILE STREQUAL CMAKE_CURRENT_LIST_FILE)
  execute_process(COMMAND ${CMAKE_COMMAND} -E echo "${_seal_src_key}")
endif()
