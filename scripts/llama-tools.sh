#!/usr/bin/env bash
# Builds llama.cpp's own tools (llama-embedding, llama-parallel, llama-batched-bench) from the source seal builds on
# (~/.cache/seal/llama.cpp-*), in a build directory of their own beside seal's (which builds the libraries only), for
# the benchmarks that compare seal with plain llama.cpp. Prints the directory holding the binaries.
#   scripts/llama-tools.sh [TARGET...]     (default: all three)
set -euo pipefail
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(llama-embedding llama-parallel llama-batched-bench)
src=$(ls -d "$HOME"/.cache/seal/llama.cpp-* 2>/dev/null | head -1)
[ -n "$src" ] || { echo "llama-tools: no llama.cpp source in ~/.cache/seal: build seal once (./seal --version)" >&2; exit 3; }
tools=$HOME/.cache/seal/build-tools-${src##*-}
missing=()
for t in "${targets[@]}"; do [ -x "$tools/bin/$t" ] || missing+=("$t"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "llama-tools: building ${missing[*]} into $tools (first time: many minutes on 2 cores)" >&2
  cmake -S "$src" -B "$tools" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF -DGGML_NATIVE=ON \
    -DGGML_OPENMP=OFF -DLLAMA_BUILD_COMMON=ON -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_EXAMPLES=ON \
    -DLLAMA_BUILD_SERVER=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_OPENSSL=OFF >"$tools.cmake.log" 2>&1 \
    || { tail -20 "$tools.cmake.log" >&2; exit 3; }
  cmake --build "$tools" --target "${missing[@]}" >"$tools.build.log" 2>&1 || { tail -30 "$tools.build.log" >&2; exit 3; }
fi
echo "$tools/bin"
