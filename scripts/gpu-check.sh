#!/usr/bin/env bash
# The foundation's GPU check (issue #2, item 8), for one run of under 10 minutes on an H100:
#   builds seal with CUDA (sm_90), runs the native tests, makes a random Llama-3.2-1B-shaped RM (F16 and
#   Q8_0), checks CUDA rewards against CPU rewards on the same inputs, scores the hh-rlhf test file and
#   times seal against transformers' best recipe on the same token ids. Prints a short table last.
# Here first (after any change to the Java or native sources): scripts/prepare-device.sh. Then, with the device tool:
#   run(command="bash scripts/gpu-check.sh", carry=[".device"], timeout_s=600)
# SEAL_GPU_CHECK_DRY=1 rehearses the plumbing on a CPU machine (no CUDA, tiny model, small data).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dry=${SEAL_GPU_CHECK_DRY:-0}
cuda=ON; shape=llama-3.2-1b; vocab=.device/vocab/ggml-vocab-llama-bpe.gguf; gpu=99; pairs=""
if [ "$dry" = 1 ]; then cuda=OFF; shape=tiny; vocab=.device/vocab/ggml-vocab-llama-spm.gguf; gpu=0; pairs="--pairs 300"; fi
out=${OUT:-/tmp/seal-gpu-out}; mkdir -p "$out"
w=/tmp/seal-dev; mkdir -p "$w/llama"
t0=$(date +%s)
stamp() { echo "[$(( $(date +%s) - t0 ))s] $*"; }
table=()

stamp "unpack"
tar -xJf .device/llama-src.tar.xz -C "$w/llama" && tar -xJf .device/jdk.tar.xz -C "$w"
java="$w/jdk-tmp/bin/java --enable-native-access=ALL-UNNAMED -Xmx24g"
{ nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || echo "no GPU (dry run)"; } | tee "$out/gpu.txt"

stamp "build (CUDA, sm_90)"
export CMAKE_BUILD_PARALLEL_LEVEL=16
cmake -S . -B "$w/build" -G Ninja -DSEAL_CUDA=$cuda -DSEAL_CUDA_ARCHITECTURES=90 -DSEAL_LLAMA_SOURCE_DIR="$w/llama" \
      -DSEAL_CACHE_DIR="$w/cache" > "$out/cmake.log" 2>&1 || { tail -30 "$out/cmake.log"; exit 1; }
cmake --build "$w/build" > "$out/build.log" 2>&1 || { tail -30 "$out/build.log"; exit 1; }
ctest --test-dir "$w/build" --output-on-failure | tail -3
cp="$(ls .device/lib/*.jar | tr '\n' ':')"
run_java() { $java -Dseal.native.dir="$w/build/native" -cp "$cp" "$@"; }

stamp "models"
run_java dev.seal.bench.MakeModel "$w/rm-f16.gguf" "$vocab" --shape $shape --type f16
run_java dev.seal.bench.MakeModel "$w/rm-q8_0.gguf" --quantize-from "$w/rm-f16.gguf" --type q8_0

stamp "CUDA vs CPU rewards, batched+shared vs alone"
for m in f16 q8_0; do
  "$w/build/native/seal_check" "$w/rm-$m.gguf" --gpu-layers $gpu --pairs 24 --tol 2e-2 | tee "$out/check-$m.txt"
  table+=("check $m: $(grep -E 'GPU vs CPU' "$out/check-$m.txt" | sed 's/^ *//') | $(grep -E 'batched\+shared vs alone' "$out/check-$m.txt" | cut -d'(' -f1) | $(tail -1 "$out/check-$m.txt")")
done

data=.device/harmless-base-test.jsonl.gz
stamp "seal throughput on $data"
for bt in 4096 8192 16384; do
  run_java dev.seal.bench.ThroughputBench "$w/rm-f16.gguf" "$data" --raw --batch-tokens $bt $pairs \
      $( [ $bt = 8192 ] && echo --dump-tokens "$w/tokens.jsonl --alone 50" || echo --shared-only ) | tee "$out/seal-f16-$bt.txt"
  table+=("$(grep -E '^seal' "$out/seal-f16-$bt.txt" | sed "s/^/f16 /")")
done
run_java dev.seal.bench.ThroughputBench "$w/rm-q8_0.gguf" "$data" --raw --batch-tokens 8192 $pairs --shared-only | tee "$out/seal-q8_0.txt"
table+=("$(grep -E '^seal' "$out/seal-q8_0.txt" | sed 's/^/q8_0 /')")

stamp "transformers on the same token ids"
if python3 -c 'import torch, transformers; assert torch.cuda.is_available()' 2>/dev/null; then
  for b in 16384 32768; do
    PYTHONUNBUFFERED=1 python3 scripts/hf_bench.py "$w/tokens.jsonl" --budget $b | tee -a "$out/hf.txt"
  done
else
  echo "transformers: skipped (no torch with CUDA here)" | tee "$out/hf.txt"
fi
table+=("$(cat "$out/hf.txt")")

stamp "done"
echo "==== seal GPU check: $(cat "$out/gpu.txt"), $(date -u +%F), commit $(git rev-parse --short HEAD 2>/dev/null || echo ?)"
printf '%s\n' "${table[@]}"
