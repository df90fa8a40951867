#!/usr/bin/env bash
# Prepares .device/ (git-ignored) for scripts/gpu-check.sh on the GPU machine, which has no network
# and no Java: the patched llama.cpp source (minus what a CUDA build does not read), a jlink'ed JDK 25,
# the Java jars (without DuckDB: the GPU run writes CSV), the hh-rlhf test file and three vocabularies.
# Run here after a normal build (./seal demo or scripts/test.sh); then carry ".device" and "java/target".
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
props=build/native/seal-native.properties  # the launcher's build, else scripts/test.sh's
[ -f "$props" ] || props=build-test/native/seal-native.properties
src=$(sed -n 's/^llama.source=//p' "$props" 2>/dev/null)
[ -d "$src" ] || { echo "build the native library first (cmake --build build)" >&2; exit 3; }
rm -rf .device && mkdir -p .device/lib .device/vocab
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
mvn -q -B -o package -DskipTests
find benchmarks/target/lib -name '*.jar' ! -name 'duckdb_jdbc-*' -exec cp {} .device/lib/ \;
cp benchmarks/target/seal-benchmarks-*.jar .device/lib/
cp ../shared/data/hh-rlhf/harmless-base-test.jsonl.gz .device/ 2>/dev/null || echo "note: hh-rlhf file absent; the GPU run will use synthetic pairs"
grep -qxF '/.device/' .git/info/exclude 2>/dev/null || echo '/.device/' >> .git/info/exclude
du -sh .device
