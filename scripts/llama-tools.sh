#!/usr/bin/env bash
# Builds plain llama.cpp's own tools (llama-embedding, llama-parallel, llama-batched-bench) for the benchmarks that
# compare seal with llama.cpp "as commonly driven": the pinned commit seal builds on (scripts/fetch-llama.sh's
# LLAMA_COMMIT) without seal's patches, with upstream's default build options (OpenMP on, native CPU). Prints the
# directory holding the binaries.
#   scripts/llama-tools.sh [TARGET...]     (default: all three)
# The stock tree is cloned from the git repository of any llama.cpp source seal has cached (~/.cache/seal/llama.cpp-*):
# seal's patches live only in that checkout's working tree, so a clone of the pinned commit is the unpatched source,
# the same whichever cached source it came from. Builds into ~/.cache/seal/build-tools-stock (many minutes, once).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(llama-embedding llama-parallel llama-batched-bench)
cache=$HOME/.cache/seal
commit=$(sed -n 's/^LLAMA_COMMIT=\([0-9a-f]*\).*/\1/p' "$here/scripts/fetch-llama.sh")
[ -n "$commit" ] || { echo "llama-tools: no LLAMA_COMMIT in scripts/fetch-llama.sh" >&2; exit 3; }
stock=$cache/stock-llama.cpp-${commit:0:10}   # not llama.cpp-*: that glob means seal's patched sources
tools=$cache/build-tools-stock-${commit:0:10}
if [ ! -d "$stock" ]; then
  cached=$(ls -d "$cache"/llama.cpp-v* 2>/dev/null | head -1)
  [ -n "$cached" ] || { echo "llama-tools: no llama.cpp source in $cache: build seal once (./seal --version)" >&2; exit 3; }
  rm -rf "$stock.tmp"
  git clone --quiet --no-checkout "$cached" "$stock.tmp"
  git -C "$stock.tmp" -c advice.detachedHead=false checkout --quiet "$commit"
  [ "$(git -C "$stock.tmp" rev-parse HEAD)" = "$commit" ] && [ -z "$(git -C "$stock.tmp" status --porcelain)" ] \
    || { echo "llama-tools: could not check out the unpatched $commit from $cached" >&2; exit 3; }
  mv "$stock.tmp" "$stock"
fi
missing=()
for t in "${targets[@]}"; do [ -x "$tools/bin/$t" ] || missing+=("$t"); done
if [ ${#missing[@]} -gt 0 ]; then
  # a build directory configured from another source path cannot be reused: start it again
  home=$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$tools/CMakeCache.txt" 2>/dev/null || true)
  [ -z "$home" ] || [ "$home" = "$stock" ] || rm -rf "$tools"
  echo "llama-tools: building ${missing[*]} (llama.cpp $commit, unpatched, upstream defaults) into $tools" \
       "(first time: many minutes on 2 cores)" >&2
  cmake -S "$stock" -B "$tools" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF \
    -DLLAMA_BUILD_COMMON=ON -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_EXAMPLES=ON \
    -DLLAMA_BUILD_SERVER=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_CURL=OFF >"$tools.cmake.log" 2>&1 \
    || { tail -20 "$tools.cmake.log" >&2; exit 3; }
  cmake --build "$tools" --target "${missing[@]}" >"$tools.build.log" 2>&1 || { tail -30 "$tools.build.log" >&2; exit 3; }
fi
echo "$tools/bin"
