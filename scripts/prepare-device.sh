#!/usr/bin/env bash
# Prepares .device/ (git-ignored) for scripts/gpu-check.sh and scripts/gpu-convert-check.sh on the GPU machine, which
# has no network and no Java:
#   llama-src.tar.xz   the patched llama.cpp source seal builds on (minus what a CUDA build does not read)
#   jdk.tar.xz         a jlink'ed JDK 25
#   lib/               the jars of seal (the CLI, for `seal bench`/`convert`/`score`) and of the benchmarks
#                      (ThroughputBench, MakeModel), without DuckDB: the GPU runs write CSV and JSON Lines
#   vocab/             llama.cpp's llama-bpe, llama-spm and gpt-neox vocabularies
#   harmless-base-test.jsonl.gz   the hh-rlhf test file every timing reads
#   tools/             a portable CMake 3.31 (Kitware's Linux x86_64 build, from Maven Central, bin/cmake and its
#                      modules only) and ninja, used there only when the machine lacks its own
#   native-cuda.tar.xz with --native DIR: a GPU run's own CUDA build ($OUT/native-cuda.tar.xz.part*), so the next
#                      run skips the build; used only when it was built from these very native sources
#   commit, source-key what it was made from; gpu-check.sh warns when the tree it runs in differs
# It checks that .device and the tree fit the device tool's 64 MiB, and prints the run(...) call to make.
#   scripts/prepare-device.sh [--native DIR]
#   scripts/prepare-device.sh --source-key    (the key alone; gpu-check.sh asks it on the machine)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"

# Java, bindings and native sources and build files, by content: what the jars and the native build are made of
source_key() {
  find java/src/main bindings/src benchmarks/src CMakeLists.txt cmake native scripts/fetch-llama.sh pom.xml \
       java/pom.xml bindings/pom.xml benchmarks/pom.xml -type f -print0 | sort -z | xargs -0 sha256sum \
    | sha256sum | cut -c1-16
}
if [ "${1:-}" = --source-key ]; then source_key; exit 0; fi
native_dir=""
if [ "${1:-}" = --native ]; then native_dir=${2:?--native DIR}; fi

export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -x "$JAVA_HOME/bin/jlink" ] || { echo "prepare-device: JDK 25 not found at $JAVA_HOME (set JAVA_HOME)" >&2; exit 3; }
CMAKE_VERSION=3.31.5
CMAKE_JAR=https://repo1.maven.org/maven2/com/googlecode/cmake-maven-project/cmake-binaries/$CMAKE_VERSION-b1/cmake-binaries-$CMAKE_VERSION-b1-linux-x86_64.jar
CMAKE_JAR_SHA256=76d6c8184cf4d2ad221d6e255d74cf50b3264d566b8662172e5c029d26781b61
cache=${SEAL_CACHE_DIR:-$HOME/.cache/seal}

# The llama.cpp source of this tree's patches: the folder SealLlama.cmake fetches it into, by its own key.
key=$(cmake -P cmake/SealLlamaKey.cmake)
src=$cache/llama.cpp-v0.4.0-$key
[ -f "$src/CMakeLists.txt" ] || { echo "prepare-device: $src missing: build seal once (./seal --version) to fetch it" >&2; exit 3; }

rm -rf .device && mkdir -p .device/lib .device/vocab .device/tools
git -C "$src" rev-parse --short=12 HEAD > "$src/.seal-commit"
tar --exclude=.git --exclude=./models --exclude=./tools --exclude=./examples --exclude=./docs --exclude=./tests \
    --exclude=./ggml/src/ggml-vulkan --exclude=./ggml/src/ggml-sycl --exclude=./ggml/src/ggml-metal \
    --exclude=./ggml/src/ggml-opencl --exclude=./ggml/src/ggml-cann --exclude=./ggml/src/ggml-musa \
    --exclude=./ggml/src/ggml-webgpu --exclude=./ggml/src/ggml-hip -C "$src" -cJf .device/llama-src.tar.xz .
cp "$src/models/ggml-vocab-llama-bpe.gguf" "$src/models/ggml-vocab-llama-spm.gguf" "$src/models/ggml-vocab-gpt-neox.gguf" \
   .device/vocab/
"$JAVA_HOME/bin/jlink" --add-modules java.base,java.sql,java.logging,jdk.unsupported,java.xml,java.management,jdk.zipfs \
    --strip-debug --no-man-pages --no-header-files --output .device/jdk-tmp
tar -C .device -cJf .device/jdk.tar.xz jdk-tmp && rm -rf .device/jdk-tmp
mvn -B -ntp -o -q package -DskipTests -pl java,benchmarks -am
find benchmarks/target/lib -name '*.jar' ! -name 'duckdb_jdbc-*' ! -name 'jmh-core-*' ! -name 'jopt-simple-*' \
  -exec cp {} .device/lib/ \;
cp benchmarks/target/seal-benchmarks-*.jar .device/lib/
hh=""
for f in ../shared/data/hh-rlhf/harmless-base-test.jsonl.gz /work/shared/data/hh-rlhf/harmless-base-test.jsonl.gz; do
  [ -f "$f" ] && { hh=$f; break; }
done
[ -n "$hh" ] || { echo "prepare-device: hh-rlhf harmless-base-test.jsonl.gz not found (../shared/data/hh-rlhf)" >&2; exit 3; }
cp "$hh" .device/

# CMake: Kitware's portable build (glibc 2.17 and up) as Maven Central serves it, pinned by its digest; the zip is
# trimmed to the one binary and the modules a configure reads.
cm=$cache/cmake-$CMAKE_VERSION-linux-x86_64
if [ ! -x "$cm/bin/cmake" ]; then
  rm -rf "$cm.tmp" && mkdir -p "$cm.tmp"
  curl -fsSL --retry 2 -o "$cm.tmp/cmake.jar" "$CMAKE_JAR" \
    || { echo "prepare-device: could not download $CMAKE_JAR" >&2; exit 3; }
  echo "$CMAKE_JAR_SHA256  $cm.tmp/cmake.jar" | sha256sum -c --quiet - || { echo "prepare-device: $CMAKE_JAR digest mismatch" >&2; exit 3; }
  python3 - "$cm.tmp/cmake.jar" "$cm.tmp/x" <<'EOF'
import os, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for n in z.namelist():  # bin/cmake and share/cmake-3.31/ (its Help/, the --help-* texts, left out)
    if n.endswith("/") or not (n == "bin/cmake" or n.startswith("share/cmake-")) or "/Help/" in n:
        continue
    dest = os.path.join(sys.argv[2], n)
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with open(dest, "wb") as f:
        f.write(z.read(n))
EOF
  chmod +x "$cm.tmp/x/bin/cmake"
  rm -rf "$cm" && mv "$cm.tmp/x" "$cm" && rm -rf "$cm.tmp"
fi
"$cm/bin/cmake" --version | head -1
tar -C "$cm" -cJf .device/tools/cmake.tar.xz bin/cmake share
ninja_bin=$(command -v ninja || true)
[ -n "$ninja_bin" ] && cp "$ninja_bin" .device/tools/ninja

if [ -n "$native_dir" ]; then
  for flavour in cuda cpu; do
    parts=("$native_dir"/native-$flavour.tar.xz.part*)
    [ -f "${parts[0]}" ] || continue
    cat "${parts[@]}" > .device/native-$flavour.tar.xz
    got=$(tar -xJOf .device/native-$flavour.tar.xz native/.native-key)
    # shellcheck source=scripts/device-common.sh
    want=$(source scripts/device-common.sh; dev_native_key "$( [ $flavour = cuda ] && echo ON || echo OFF)")
    if [ "$got" = "$want" ]; then echo "native: carrying the $flavour build $got from $native_dir (the run skips its build)"
    else rm .device/native-$flavour.tar.xz; echo "native: $native_dir holds a build of other sources ($got, not $want): not carried"; fi
  done
fi

commit=$(git rev-parse --short=12 HEAD)
[ -z "$(git status --porcelain --untracked-files=no)" ] || commit="$commit+uncommitted changes"
echo "$commit" > .device/commit
source_key > .device/source-key

device=$(du -sb .device | cut -f1)
tree=$(git ls-files -z | xargs -0 du -cb 2>/dev/null | tail -1 | cut -f1)
du -sh .device/* .device/tools/* .device/lib | sort -h | tail -12
awk -v d="$device" -v t="$tree" 'BEGIN { printf "prepare-device: .device %.1f MiB + the tree %.1f MiB = %.1f MiB of the tool'"'"'s 64 MiB\n", d / 1048576, t / 1048576, (d + t) / 1048576 }'
if [ $(( device + tree )) -gt $(( 62 * 1048576 )) ]; then
  echo "prepare-device: over 62 MiB: too close to the limit; carry less" >&2; exit 4
fi
cat <<EOF

The GPU table (issue #9), from the repository root of the session's own checkout, with the device tool:
  run(command="bash scripts/gpu-check.sh", carry=[".device"], timeout_s=600)
It stops itself at 570 s; a run killed earlier still returns \$OUT/table.md and log.txt. Paste \$OUT/summary.md
(printed last) into benchmarks/NOTES.md, section "GPU (H100)".
A rerun on the same warm machine (call within its 30 s idle release) keeps the build, the models and the finished
stages: it measures only what the first run did not finish (about 1-4 minutes); SEAL_GPU_CHECK_REDO=1 measures
everything again (about 4-5 minutes).
Then, on the same warm machine, the convert check (transformers against seal convert; reuses the build):
  run(command="bash scripts/gpu-convert-check.sh", carry=[".device"], timeout_s=600)
EOF
