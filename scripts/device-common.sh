# Sourced by scripts/gpu-check.sh and scripts/gpu-convert-check.sh on the GPU machine (no network, no Java), from
# the repository root, after scripts/prepare-device.sh filled .device/ here. It gives them one work folder that
# outlives a command while the machine stays warm ($DEV, /tmp/seal-dev), the tool checks, the unpacking and the
# incremental build, so that a second script (or a rerun) on a warm machine reuses the first one's build.
#
#   dev_tools CUDA        finds cmake (>= 3.25; else the one .device carries), ninja (else .device's), nvcc (also in
#                         /usr/local/cuda/bin), a C++ compiler and, with CUDA=ON, nvidia-smi; one line each; returns 1
#                         when one the build needs is missing
#   dev_unpack            the JDK and the llama.cpp source, once per content (a changed tarball wipes the old build)
#   dev_build CUDA SECS   libseal and seal_check into $DEV/build (CUDA=ON: $SEAL_CUDA_ARCH only, default 90-real: sm_90
#                         machine code without PTX), or a carried prebuilt .device/native-cuda.tar.xz (native-cpu for
#                         CUDA=OFF) of the same sources; stopped after SECS, resumed by the next call
#   dev_pack CUDA DIR     the build as DIR/native-cuda.tar.xz.part0.. (15 MiB each: the tool returns files of 16 MiB
#                         at most), for scripts/prepare-device.sh --native in a later session
#   seal_java CLASS ARGS  java with .device's jars and the built libseal
# SEAL_DEVICE_CARRIED_CMAKE=1 uses .device's cmake even where one is installed (the dry run tests that path).
DEV=${SEAL_DEV_DIR:-/tmp/seal-dev}
mkdir -p "$DEV"
SEAL_CUDA_ARCH=${SEAL_CUDA_ARCH:-90-real}
JAVA_OPTS=(--enable-native-access=ALL-UNNAMED -Xmx24g)

# xz, or Python's lzma where the machine has no xz binary (tar -J needs one): dev_xz -dc < F, dev_xz -3 < F
dev_xz() {
  if command -v xz >/dev/null; then xz -T4 "$@"
  elif [ "$1" = -dc ]; then python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.stdin.buffer), sys.stdout.buffer)'
  else python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(sys.stdin.buffer, lzma.open(sys.stdout.buffer, "w", preset=3))'
  fi
}
dev_untar() { dev_xz -dc < "$1" | tar -xf - -C "$2"; }  # FILE.tar.xz DIR

dev_have_version() {  # BINARY MIN: the binary's "name version X.Y.Z" is at least MIN
  local v
  v=$("$1" --version 2>/dev/null | head -1 | grep -oE '[0-9]+\.[0-9]+(\.[0-9]+)?' | head -1)
  [ -n "$v" ] && [ "$(printf '%s\n%s\n' "$2" "$v" | sort -V | head -1)" = "$2" ]
}

dev_tools() {
  local cuda=$1 bad=0 c
  mkdir -p "$DEV/bin"
  case ":$PATH:" in *":$DEV/bin:"*) ;; *) PATH="$DEV/bin:$PATH" ;; esac
  [ -d /usr/local/cuda/bin ] && case ":$PATH:" in *:/usr/local/cuda/bin:*) ;; *) PATH="$PATH:/usr/local/cuda/bin" ;; esac
  export PATH
  CMAKE=""
  c=$(command -v cmake || true)
  if [ "${SEAL_DEVICE_CARRIED_CMAKE:-0}" != 1 ] && [ -n "$c" ] && dev_have_version "$c" 3.25; then
    CMAKE=$c; echo "cmake: $c ($("$c" --version | head -1))"
  elif [ -f .device/tools/cmake.tar.xz ]; then
    [ -n "$c" ] && [ "${SEAL_DEVICE_CARRIED_CMAKE:-0}" != 1 ] && echo "cmake: $c is older than 3.25"
    if [ ! -x "$DEV/cmake/bin/cmake" ] || ! cmp -s .device/tools/cmake.tar.xz "$DEV/cmake.tar.xz"; then
      rm -rf "$DEV/cmake" && mkdir -p "$DEV/cmake" && dev_untar .device/tools/cmake.tar.xz "$DEV/cmake" \
        && cp .device/tools/cmake.tar.xz "$DEV/cmake.tar.xz"
    fi
    if dev_have_version "$DEV/cmake/bin/cmake" 3.25; then
      CMAKE=$DEV/cmake/bin/cmake; echo "cmake: the carried one, $CMAKE ($("$CMAKE" --version | head -1))"
    else
      echo "cmake: MISSING (the carried one in .device/tools/cmake.tar.xz does not run here)"; bad=1
    fi
  else
    echo "cmake: MISSING (none >= 3.25 installed, none carried: run scripts/prepare-device.sh)"; bad=1
  fi
  DEV_GEN=(-G Ninja)
  if command -v ninja >/dev/null; then echo "ninja: $(command -v ninja) ($(ninja --version))"
  elif [ -x .device/tools/ninja ] && cp .device/tools/ninja "$DEV/bin/ninja" && ninja --version >/dev/null 2>&1; then
    echo "ninja: the carried one ($(ninja --version))"
  elif command -v make >/dev/null; then DEV_GEN=(); echo "ninja: missing; using make (slower to start, same build)"
  else echo "ninja: MISSING, and no make either"; bad=1
  fi
  if command -v c++ >/dev/null; then echo "c++: $(c++ --version | head -1)"; else echo "c++: MISSING"; bad=1; fi
  if [ "$cuda" = ON ]; then
    if command -v nvcc >/dev/null; then
      CUDACXX=$(command -v nvcc); [ -x /usr/local/cuda/bin/nvcc ] && CUDACXX=/usr/local/cuda/bin/nvcc
      export CUDACXX; echo "nvcc: $CUDACXX ($(nvcc --version | grep -o 'release [0-9.]*'))"
    else
      echo "nvcc: MISSING (not on PATH nor in /usr/local/cuda/bin)"; bad=1
    fi
    [ -n "${CUDACXX:-}" ] && { dev_cuda_libs || bad=1; }
    if command -v nvidia-smi >/dev/null; then echo "nvidia-smi: $(command -v nvidia-smi)"
    else echo "nvidia-smi: MISSING"; bad=1
    fi
  fi
  [ -f .device/jdk.tar.xz ] && [ -f .device/llama-src.tar.xz ] && ls .device/lib/*.jar >/dev/null 2>&1 \
    || { echo ".device: INCOMPLETE (run scripts/prepare-device.sh here first)"; bad=1; }
  return $bad
}

# ggml-cuda links cuBLAS (CUDA::cublas, cublasLt) and the driver (CUDA::cuda_driver), which CMake's FindCUDAToolkit
# looks for in the toolkit. A toolkit assembled from pip wheels (nvcc and the runtime only, as on this project's
# development VM) has neither; then the libraries of PyTorch's nvidia-cublas wheel and the driver's libcuda.so.1
# stand in, through links in $DEV/cudashim (CMAKE_LIBRARY_PATH) and the wheel's headers (CUDAFLAGS).
dev_cuda_libs() {
  local root lib hdr drv shim=$DEV/cudashim
  root=$(dirname "$(dirname "$(readlink -f "$CUDACXX")")")
  lib=$(find "$root"/ "$root"/lib64/ "$root"/lib/ "$root"/targets/*/lib/ -maxdepth 1 -name 'libcublas.so*' 2>/dev/null | head -1)
  drv=$(find "$root"/lib64/stubs/ "$root"/lib/stubs/ "$root"/targets/*/lib/stubs/ -maxdepth 1 -name 'libcuda.so' 2>/dev/null | head -1)
  if [ -n "$lib" ] && [ -n "$drv$(ldconfig -p 2>/dev/null | grep -o '/[^ ]*/libcuda\.so$' | head -1)" ]; then
    echo "cuBLAS and the driver library: the toolkit's ($root)"; return 0
  fi
  mkdir -p "$shim"
  if [ -z "$lib" ]; then
    # where pip puts PyTorch's CUDA wheels (SEAL_CUDA_WHEELS: other folders to search)
    lib=$(find ${SEAL_CUDA_WHEELS:-} $(python3 -c 'import site; print(" ".join(site.getsitepackages()))' 2>/dev/null) /opt \
      -path '*nvidia*' -name 'libcublas.so.[0-9]*' 2>/dev/null | head -1)
    hdr=$(find "$(dirname "$(dirname "$lib")")" -name cublas_v2.h 2>/dev/null | head -1)
    [ -n "$lib" ] && [ -n "$hdr" ] || { echo "cuBLAS: MISSING (not in $root, nor in a Python nvidia wheel)"; return 1; }
    local lt f
    lt=$(ls "$(dirname "$lib")"/libcublasLt.so.[0-9]* | head -1)
    # the link names CMake finds, and the sonames the loader then looks for in the build's RPATH (this folder)
    for f in "$lib" "$lt"; do ln -sf "$f" "$shim/$(basename "$f")"; done
    ln -sf "$lib" "$shim/libcublas.so"; ln -sf "$lt" "$shim/libcublasLt.so"
    export CUDAFLAGS="${CUDAFLAGS:-} -I$(dirname "$hdr")"
    echo "cuBLAS: $lib and $(dirname "$hdr") (the toolkit has none)"
  fi
  if [ -z "$drv" ]; then
    drv=$(ldconfig -p 2>/dev/null | grep -o '/[^ ]*/libcuda\.so\.1$' | head -1)
    [ -n "$drv" ] || drv=$(ls /usr/local/nvidia/lib64/libcuda.so.1 /usr/lib/x86_64-linux-gnu/libcuda.so.1 2>/dev/null | head -1)
    [ -n "$drv" ] || { echo "libcuda: MISSING (no toolkit stub, no driver library)"; return 1; }
    ln -sf "$drv" "$shim/libcuda.so"; ln -sf "$drv" "$shim/libcuda.so.1"
    echo "libcuda: $drv (the toolkit has no stub)"
  fi
  export CMAKE_LIBRARY_PATH="$shim${CMAKE_LIBRARY_PATH:+:$CMAKE_LIBRARY_PATH}"
}

dev_unpack() {
  local key
  [ -x "$DEV/jdk-tmp/bin/java" ] && cmp -s .device/jdk.tar.xz "$DEV/jdk.tar.xz" \
    || { rm -rf "$DEV/jdk-tmp" && dev_untar .device/jdk.tar.xz "$DEV" && cp .device/jdk.tar.xz "$DEV/jdk.tar.xz"; }
  # The llama.cpp build cached under $DEV/cache is keyed by the source folder's path, not its contents: other
  # contents (other patches) must start from a clean build.
  key=$(sha256sum .device/llama-src.tar.xz | cut -c1-16)
  if [ "$(cat "$DEV/llama/.tarball-key" 2>/dev/null)" != "$key" ]; then
    rm -rf "$DEV/llama" "$DEV/cache" "$DEV/build" && mkdir -p "$DEV/llama" \
      && dev_untar .device/llama-src.tar.xz "$DEV/llama" && echo "$key" > "$DEV/llama/.tarball-key"
  fi
}

# The key of a native build: seal's native sources and build files, by content, and the target.
dev_native_key() {
  { find CMakeLists.txt cmake native scripts/fetch-llama.sh -type f -print0 | sort -z | xargs -0 sha256sum
    echo "cuda=$1 arch=$SEAL_CUDA_ARCH"; } | sha256sum | cut -c1-16
}

# seal's native sources mirrored into $DEV/src by content: the machine copies the working tree afresh for each
# command, with new times, and a build reading it directly would recompile every file on a rerun.
dev_mirror() {
  local f
  while IFS= read -r -d '' f; do
    if ! cmp -s "$f" "$DEV/src/$f"; then mkdir -p "$DEV/src/$(dirname "$f")" && cp "$f" "$DEV/src/$f"; fi
  done < <(find CMakeLists.txt cmake native scripts/fetch-llama.sh -type f -print0)
}

dev_build() {
  local cuda=$1 secs=$2 key log=$DEV/build.log
  key=$(dev_native_key "$cuda")
  SEAL_NATIVE=$DEV/build/native
  if [ "$(cat "$SEAL_NATIVE/.native-key" 2>/dev/null)" = "$key" ] && [ -f "$SEAL_NATIVE/libseal.so" ]; then
    echo "build: up to date ($key)"; return 0
  fi
  local pre=.device/native-$(dev_flavour "$cuda").tar.xz
  if [ -f "$pre" ]; then
    if [ "$(dev_xz -dc < "$pre" | tar -xOf - native/.native-key 2>/dev/null)" = "$key" ]; then
      mkdir -p "$DEV/build" && dev_untar "$pre" "$DEV/build" && echo "build: the carried prebuilt $pre ($key)" \
        && return 0
    fi
    echo "build: $pre is a build of other sources; building"
  fi
  dev_mirror
  export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}
  # Only what the scripts run: libseal and seal_check (the ctest programs run in CI, on the CPU). The CUDA flags are
  # SealLlama.cmake's (one architecture, no NCCL); llama.cpp itself builds inside the configure step.
  timeout -k 10 "$secs" bash -c '
    if [ ! -f "$1/build/build.ninja" ] && [ ! -f "$1/build/Makefile" ]; then
      "$2" -S "$1/src" -B "$1/build" "${@:5}" -DSEAL_CUDA="$3" -DSEAL_CUDA_ARCHITECTURES="$4" \
        -DSEAL_LLAMA_SOURCE_DIR="$1/llama" -DSEAL_CACHE_DIR="$1/cache" || exit 1
    fi
    "$2" --build "$1/build" --target seal seal_check' _ "$DEV" "$CMAKE" "$cuda" "$SEAL_CUDA_ARCH" "${DEV_GEN[@]}" \
    > "$log" 2>&1
  local rc=$?
  if [ $rc -ne 0 ]; then
    if [ $rc -ge 124 ]; then
      echo "build: stopped after ${secs}s at $(grep -o '^\[[0-9]*/[0-9]*\]' "$log" | tail -1) (a call on this warm machine resumes it)"
    else
      echo "build: FAILED (rc $rc), last lines of $log:"; tail -40 "$log"
    fi
    return 1
  fi
  echo "$key" > "$SEAL_NATIVE/.native-key"
  echo "build: done ($key)"
}

dev_flavour() { [ "$1" = ON ] && echo cuda || echo cpu; }

dev_pack() {
  tar -C "$DEV/build" -cf - native/libseal.so native/seal_check native/seal-native.properties native/.native-key \
    | dev_xz -3 | split -b 15M -d -a 1 - "$2/native-$(dev_flavour "$1").tar.xz.part"
}

seal_java() {
  "$DEV/jdk-tmp/bin/java" "${JAVA_OPTS[@]}" -Dseal.native.dir="$SEAL_NATIVE" -cp "$(ls .device/lib/*.jar | tr '\n' ':')" "$@"
}
