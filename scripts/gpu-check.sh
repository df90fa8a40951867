#!/usr/bin/env bash
# The GPU table of issue #9: seal against transformers on a random Llama-3.2-1B-shaped RM over the hh-rlhf test file,
# in one command of at most 10 minutes on a lent H100/H200, build included.
#
# Here first (after any change to the Java or native sources): scripts/prepare-device.sh, which prints the exact call:
#   run(command="bash scripts/gpu-check.sh", carry=[".device"], timeout_s=600)
# Then paste the summary it prints last ($OUT/summary.md) into benchmarks/NOTES.md, section "GPU (H100)".
#
# Stages, in order of importance; each has a time cap, cut to what is left of SEAL_GPU_CHECK_DEADLINE (570 s from
# the start), and after each one $OUT/table.md holds every row so far, so a run killed at its limit still returns
# what it measured. Planned times on the H200 (16 cores) are guesses until the first run replaces them:
#   tools    cmake (else .device's), ninja, nvcc (/usr/local/cuda/bin too), nvidia-smi, torch/transformers    ~5 s
#   build    libseal + seal_check with CUDA for sm_90 only (SEAL_CUDA_ARCH=90-real: no PTX); the F16 model is
#            written meanwhile (Java only). The CUDA part is llama.cpp's ggml-cuda: 143 .cu translation units
#            (68 kernels + 12 fattn-tile + 21 fattn-mma + 22 mmq + 16 mmf + 4 fattn-vec instances, with
#            GGML_CUDA_FA_ALL_QUANTS off); plus 215 C/C++ files of ggml and llama and ~20 of seal. Sampled
#            here (CPU seconds of one core, nvcc 13.0 for sm_90): mmq instance 45, fattn-mma 50, fattn-tile 42,
#            mmf 22, fattn-vec 14, mmvq.cu 68, fattn.cu 31, ggml-cuda.cu 12, unary.cu 8: about 3,800 CPU
#            seconds for ggml-cuda and ~600 for the rest, so ~4.5 minutes on 16 such cores. No option of ggml
#            cuts more without cutting kernels seal runs; NCCL is off (SealLlama.cmake).          guess: 240-360 s
#   check    CUDA against CPU rewards and batched against alone, F16 (seal_check, 24 pairs)             ~15 s
#   f16      seal F16 budget sweep 2048, 4096, 8192, 16384 (flash attention: the engine's default, auto = on),
#            prefix sharing on; dumps the token ids every other engine then scores                      ~45 s
#   hf       transformers bf16, SDPA, sorted, dynamic padding, budgets 16k and 32k, same token ids; and the
#            cuBLAS bf16 8192^3 rate, a measured ceiling                                                ~50 s
#   q8_0, q4_k_m   quantize, check, sweep at the best F16 budget and at 8192                      ~45 s each
#   latency  `seal bench`: single pair, batches of 8 and 64 (p50/p90/p99), peak device memory, backend, and
#            the whole scoring path (formatting and tokenizing included) over all pairs at the best budget  ~30 s
#   extras   F16 at the best budget with prefix sharing off, then with flash attention off             ~40 s
#   summary  the table, the FLOP arithmetic, the rule; printed last and in $OUT/summary.md
# Every row: pairs/s, tokens/s, and useful FLOP/s as a fraction of the card's dense bf16 datasheet peak (by
# nvidia-smi's name) and of the measured cuBLAS rate; scripts/gpu_table.py says what "useful" counts.
#
# Rerun on the same warm machine (/tmp/seal-dev lives while it does): the build, the models and the finished stages
# are kept; a rerun measures only the stages not done yet (SEAL_GPU_CHECK_REDO=1: all of them again). A build of
# other sources or other jars starts the measurements afresh. The built library also comes back as
# $OUT/native-cuda.tar.xz.part*; scripts/prepare-device.sh --native DIR carries it in a later session, whose run then
# skips the build.
# $OUT gets at most 8 files (the tool's limit): table.md, summary.md, log.txt, results.tsv, native parts.
# SEAL_GPU_CHECK_DRY=1 rehearses everything here on the CPU: a tiny model, 300 pairs, no CUDA, the carried cmake, a
# fake peak and, where torch is missing, a FAKE transformers row (labelled so) that exercises the ratio arithmetic.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
T0=$(date +%s)
dry=${SEAL_GPU_CHECK_DRY:-0}
out=${OUT:-/tmp/seal-gpu-out}
mkdir -p "$out"
source scripts/device-common.sh
cuda=ON; shape=llama-3.2-1b; gpu=99; pairs=(); check_pairs=24; bench_limit=(--limit 100000)
deadline=${SEAL_GPU_CHECK_DEADLINE:-570}
budgets=(2048 4096 8192 16384)
if [ "$dry" = 1 ]; then
  cuda=OFF; shape=tiny; gpu=0; pairs=(--pairs 300); check_pairs=8; bench_limit=(--limit 64 --repeats 5)
  deadline=${SEAL_GPU_CHECK_DEADLINE:-1800}   # two shared cores build llama.cpp for the CPU in 4-8 minutes
  export SEAL_DEVICE_CARRIED_CMAKE=${SEAL_DEVICE_CARRIED_CMAKE:-1}
fi
vocab=.device/vocab/ggml-vocab-llama-bpe.gguf
data=.device/harmless-base-test.jsonl.gz
models=$DEV/models
mkdir -p "$models" "$DEV/state"
: > "$DEV/stages.txt"
table() { python3 scripts/gpu_table.py "$DEV" "$@"; }
elapsed() { echo $(( $(date +%s) - T0 )); }

# stage NAME CAP [MIN]: announces a stage and sets SECS, its time limit: CAP, or what is left of the deadline less
# 20 s for the summary. Returns 1 (skip) when that is under MIN (default 20) or when an earlier run did the stage.
stage() {
  local left=$(( deadline - $(elapsed) - 20 ))
  STAGE=$1; STAGE_T=$(date +%s); SECS=$(( $2 < left ? $2 : left ))
  if [ -f "$DEV/state/$1.done" ] && [ "${SEAL_GPU_CHECK_REDO:-0}" != 1 ]; then
    echo "== $1: done by an earlier run on this machine, rows kept (SEAL_GPU_CHECK_REDO=1 redoes it)"
    echo "$1: earlier run" >> "$DEV/stages.txt"; return 1
  fi
  if [ "$SECS" -lt "${3:-20}" ]; then
    echo "== $1: SKIPPED, ${left}s left of the ${deadline}s deadline"; echo "$1: skipped (no time)" >> "$DEV/stages.txt"
    return 1
  fi
  echo "== [$(elapsed)s] $1 (at most ${SECS}s)"
}
# stage_end OK: records the stage's time, marks it done when OK is 0, and rewrites $OUT/table.md and results.tsv
stage_end() {
  local took=$(( $(date +%s) - STAGE_T ))
  if [ "$1" = 0 ]; then touch "$DEV/state/$STAGE.done"; echo "$STAGE: $took" >> "$DEV/stages.txt"
  else echo "$STAGE: $took, FAILED" >> "$DEV/stages.txt"; fi
  table render "$out"
  [ -f "$DEV/results.tsv" ] && cp "$DEV/results.tsv" "$out/"
}
# timed_java SECS LOG CLASS ARGS: a Java step under a time limit, its output shown and kept in LOG
timed_java() {
  local secs=$1 log=$2; shift 2
  timeout -k 5 "$secs" "$DEV/jdk-tmp/bin/java" "${JAVA_OPTS[@]}" -Dseal.native.dir="$SEAL_NATIVE" \
    -cp "$(ls .device/lib/*.jar | tr '\n' ':')" "$@" 2>&1 | tee "$log"
}
# sweep STAGE TYPE BUDGETS [ThroughputBench options]: one model load, each budget in turn, rows into the table
sweep() {
  local st=$1 type=$2 bt=$3; shift 3
  timed_java "$SECS" "$DEV/$st.log" dev.seal.bench.ThroughputBench "$models/rm-$type.gguf" "$data" --raw \
    --batch-tokens "$bt" "${pairs[@]}" "$@"
  local rc=$?
  table add "$st" seal "$type" "$DEV/$st.log"
  grep -q '^result ' "$DEV/$st.log" && return $rc || return 1
}
make_quant() {  # TYPE: quantized from the F16 model by llama.cpp's quantizer, once
  [ -f "$models/rm-$1.gguf" ] && return 0
  timed_java "$SECS" "$DEV/make-$1.log" dev.seal.bench.MakeModel "$models/rm-$1.gguf.tmp" \
    --quantize-from "$models/rm-f16.gguf" --type "$1" && mv "$models/rm-$1.gguf.tmp" "$models/rm-$1.gguf"
}
check_line() {  # TYPE: seal_check's verdicts in one line, for the summary
  echo "${1^^}: $(grep -E 'vs|seal_check:' "$DEV/check-$1.log" | sed 's/^ *//' | paste -sd';')" > "$DEV/checks-$1.txt"
}
best_f16() {  # the best F16 budget measured so far (8192 when none)
  python3 - "$DEV" <<'EOF'
import sys
sys.path.insert(0, "scripts")
import gpu_table as g
rows = [r for r in g.read_rows(sys.argv[1]) if r.get("stage") == "f16" and r.get("share") == "on"]
print(max(rows, key=lambda r: int(r["pairs"]) / float(r["seconds"]))["budget"] if rows else 8192)
EOF
}

main() {
echo "== seal GPU check: $( [ "$dry" = 1 ] && echo 'DRY RUN on the CPU' || echo 'CUDA' ), deadline ${deadline}s, $(date -u +%FT%TZ)"
STAGE=tools; STAGE_T=$(date +%s)
dev_tools $cuda || { echo "seal GPU check: a tool the build needs is missing (above)"; exit 3; }
dev_unpack || { echo "seal GPU check: unpacking .device failed"; exit 3; }
[ -f "$data" ] || { echo "seal GPU check: $data missing (scripts/prepare-device.sh copies it)"; exit 3; }
( python3 -c 'import torch, transformers; print(f"{torch.__version__}/{transformers.__version__}", "cuda" if torch.cuda.is_available() else "no-cuda")' \
  > "$DEV/python.txt" 2>/dev/null || echo "missing" > "$DEV/python.txt" ) &
py_pid=$!
if [ "$cuda" = ON ]; then
  IFS=, read -r card driver memory < <(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | head -1)
  cuda_version=$(nvcc --version | grep -o 'release [0-9.]*' | cut -d' ' -f2)
else
  card="none (dry run)"; driver=-; memory=-; cuda_version=-
fi
commit=$(cat .device/commit 2>/dev/null || echo "?")
if [ -f .device/source-key ] && [ "$(cat .device/source-key)" != "$(bash scripts/prepare-device.sh --source-key)" ]; then
  echo "WARNING: .device was prepared from other Java or native sources than this tree's: rerun scripts/prepare-device.sh"
  commit="$commit (WARNING: .device prepared from other sources)"
fi
{ echo "card=$card"; echo "driver=${driver# }"; echo "memory=${memory# }"; echo "cuda=$cuda_version"
  echo "date=$(date -u '+%F %H:%M UTC')"; echo "commit=$commit"
  echo "shape=$shape"; echo "data=hh-rlhf harmless-base test${pairs[*]:+, first ${pairs[1]} pairs}"
  if [ "$dry" = 1 ]; then echo "mode=DRY RUN on the CPU: tiny model, fake peak, no CUDA."; echo "fake_peak_tflops=0.05"; fi
} > "$DEV/env.txt"
cat "$DEV/env.txt"
echo "tools: $(( $(date +%s) - STAGE_T ))" >> "$DEV/stages.txt"

# The F16 model needs only Java: it is written while the build runs.
make_pid=""
if [ ! -f "$models/rm-f16.gguf" ]; then
  ( nice -n 5 "$DEV/jdk-tmp/bin/java" "${JAVA_OPTS[@]}" -cp "$(ls .device/lib/*.jar | tr '\n' ':')" \
      dev.seal.bench.MakeModel "$models/rm-f16.gguf.tmp" "$vocab" --shape $shape --type f16 \
      && mv "$models/rm-f16.gguf.tmp" "$models/rm-f16.gguf" ) > "$DEV/make-f16.log" 2>&1 &
  make_pid=$!
fi
STAGE=build; STAGE_T=$(date +%s); SECS=$(( deadline - $(elapsed) - 60 ))
echo "== [$(elapsed)s] build, CUDA $cuda$( [ $cuda = ON ] && echo ", architecture $SEAL_CUDA_ARCH") (at most ${SECS}s; log $DEV/build.log)"
if ! dev_build $cuda "$SECS"; then
  echo "build: $(( $(date +%s) - STAGE_T )), FAILED" >> "$DEV/stages.txt"
  table render "$out" --final; return 1
fi
echo "build: $(( $(date +%s) - STAGE_T ))" >> "$DEV/stages.txt"
tail -5 "$DEV/build.log"
# The run key: other native sources or other jars make the rows of earlier runs stale.
key="$(cat "$SEAL_NATIVE/.native-key") $(cat .device/lib/*.jar | sha256sum | cut -c1-16) $shape"
if [ "$(cat "$DEV/state/key" 2>/dev/null)" != "$key" ]; then
  rm -f "$DEV"/state/*.done "$DEV/results.tsv" "$DEV"/checks-*.txt "$DEV/bench.txt"; echo "$key" > "$DEV/state/key"
fi
# the build, for a later session (unless .device carries one already)
if [ ! -f ".device/native-$(dev_flavour $cuda).tar.xz" ]; then dev_pack $cuda "$out" & pack_pid=$!; fi
wait $py_pid; echo "python=$(cat "$DEV/python.txt")" | tee -a "$DEV/env.txt"
[ -n "$make_pid" ] && wait "$make_pid"
[ -f "$models/rm-f16.gguf" ] || { cat "$DEV/make-f16.log"; echo "seal GPU check: the F16 model was not written"; }

if stage check 90; then
  LD_LIBRARY_PATH=$SEAL_NATIVE timeout -k 5 "$SECS" "$SEAL_NATIVE/seal_check" "$models/rm-f16.gguf" --gpu-layers $gpu --pairs $check_pairs \
    --tol 2e-2 > "$DEV/check-f16.log" 2>&1
  rc=$?; cat "$DEV/check-f16.log"
  check_line f16
  stage_end $rc
fi
if [ -n "${pack_pid:-}" ]; then
  wait "$pack_pid"
  parts=("$out"/native-*.tar.xz.part*)
  if [ ${#parts[@]} -gt 3 ]; then rm -f "${parts[@]}"; echo "native build: over 45 MiB packed, not returned"
  else echo "native build returned as: $(cd "$out" && du -k native-*.part* | awk '{printf "%s (%s KiB) ", $2, $1}')"; fi
fi

if stage f16 150; then
  sweep f16 f16 "$(IFS=,; echo "${budgets[*]}")" --shared-only --dump-tokens "$DEV/tokens.jsonl"
  stage_end $?
fi

if stage hf 120; then
  if grep -q ' cuda$' "$DEV/python.txt"; then
    PYTHONUNBUFFERED=1 timeout -k 5 "$SECS" python3 scripts/hf_bench.py "$DEV/tokens.jsonl" --budget 16384,32768 \
      --matmul-peak 2>&1 | tee "$DEV/hf.log"
    rc=${PIPESTATUS[0]}
    table add hf transformers bf16 "$DEV/hf.log"
    stage_end $rc
  elif [ "$dry" = 1 ]; then
    # No torch here: the batching plan still runs, and a FAKE row at half seal's best F16 speed tests the ratios.
    python3 scripts/hf_bench.py "$DEV/tokens.jsonl" --budget 16384,32768 --plan-only | tee "$DEV/hf.log"
    python3 - "$DEV" >> "$DEV/hf.log" <<'EOF'
import sys
sys.path.insert(0, "scripts")
import gpu_table as g
r = max((r for r in g.read_rows(sys.argv[1]) if r.get("stage") == "f16"), key=lambda r: int(r["pairs"]) / float(r["seconds"]))
plan = [g.parse_kv(line) for line in open(sys.argv[1] + "/hf.log") if line.startswith("plan budget=16384 ")][0]
print(f"result engine=transformers budget=16384 pairs={r['pairs']} tokens={r['tokens']} padded={plan['padded']} "
      f"seconds={2 * float(r['seconds']):.6f} decodes={plan['batches']}")
EOF
    table add hf-DRY-FAKE transformers bf16 "$DEV/hf.log"
    stage_end 0
  else
    echo "transformers: SKIPPED, python3 has no torch with CUDA here ($(cat "$DEV/python.txt"))"; stage_end 1
  fi
fi

best=$(best_f16)
for q in q8_0 q4_k_m; do
  if stage $q 120 40; then
    qb=$best; [ "$best" = 8192 ] || qb="$best,8192"
    if make_quant $q; then
      LD_LIBRARY_PATH=$SEAL_NATIVE timeout -k 5 60 "$SEAL_NATIVE/seal_check" "$models/rm-$q.gguf" --gpu-layers $gpu --pairs 8 --tol 5e-2 \
        > "$DEV/check-$q.log" 2>&1
      check_line $q
      SECS=$(( SECS - $(date +%s) + STAGE_T ))
      if [ "$SECS" -ge 10 ]; then sweep $q $q "$qb" --shared-only; stage_end $?
      else echo "$q: no time left for its sweep"; stage_end 1; fi
    else
      echo "$q: quantizing FAILED"; stage_end 1
    fi
  fi
done

if stage latency 90 30; then
  timeout -k 5 "$SECS" "$DEV/jdk-tmp/bin/java" "${JAVA_OPTS[@]}" -Dseal.native.dir="$SEAL_NATIVE" \
    -cp "$(ls .device/lib/*.jar | tr '\n' ':')" dev.seal.cli.Main bench --model "$models/rm-f16.gguf" --data "$data" \
    --raw "${bench_limit[@]}" --budgets "$best" --gpu-layers $gpu > "$DEV/bench.txt" 2>&1
  rc=$?; cat "$DEV/bench.txt"; stage_end $rc
fi

if stage share-off 60; then sweep share-off f16 "$best"; stage_end $?; fi
if stage flash-off 60; then sweep flash-off f16 "$best" --shared-only --flash-attn off; stage_end $?; fi

echo "== [$(elapsed)s] summary (paste into benchmarks/NOTES.md)"
echo "in all: $(elapsed)" >> "$DEV/stages.txt"
[ -f "$DEV/results.tsv" ] && cp "$DEV/results.tsv" "$out/"
table render "$out" --final
}

# Everything printed also goes to $OUT/log.txt; the summary is printed last, so the tool's output tail holds it.
main 2>&1 | tee -a "$out/log.txt"
exit "${PIPESTATUS[0]}"
